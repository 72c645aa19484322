package ctl

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gosupervisord/gosupervisord/compat/harness"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCommandLine compares argument handling and connection failures that
// need no daemon.
func TestCommandLine(t *testing.T) {
	t.Parallel()
	loadHelp(t)
	nosock := "unix:///nonexistent/supervisor.sock"
	lines := [][]string{
		{"-x"}, {"--foo"}, {"--h"}, {"--user"}, {"--interactive=1"}, {"-c"}, {"-s"}, {"-u"}, {"-r"},
		{"-c", "/nonexistent/supervisord.conf", "status"},
		{"-c", "/dev/null", "-c", "/dev/null"}, {"-i", "-i"}, {"-s", "x://y", "--serverurl", "x://y"},
		{"-s", "foo", "status"}, {"-s", "http://", "status"}, {"-s", "unix://", "status"},
		{"-s", "http://[::1", "status"}, {"-s", "http://[x]", "status"}, {"-s", "http://[1.2.3.4]", "status"},
		{"-s", "http://[v1.x]:80", "status"}, {"-s", "http://[::1]x", "status"}, {"-s", "  http://x", "status"},
		{"-s", "http://127.0.0.1:99999", "status"}, {"-s", "http://127.0.0.1:abc", "status"},
		{"-s", "https://x", "status"}, {"-s", "HTTP://127.0.0.1:1", "status"}, {"-s", "ftp://x", "status"},
		{"-s", "http://127.0.0.1:1", "status"}, {"-s", "http://127.0.0.1:1", "avail"},
		{"-s", "http://127.0.0.1:1", "shutdown"}, {"-s", "http://127.0.0.1:1", "pid"},
		{"-s", "http://nonexistent.invalid:9001", "status"},
		{"-s", nosock, "status"}, {"-s", nosock, "pid"}, {"-s", nosock, "reread"}, {"-s", nosock, "shutdown"},
		{"-s", nosock, "version"}, {"-s", nosock, "tail", "-f", "x"}, {"-s", nosock, "add", "x"},
		{"-s", "unix:///etc/passwd", "status"}, {"-s", "unix:///tmp", "status"}, {"-s", "unix://relative/sock", "status"},
		{"--serverurl=" + nosock, "status"}, {"-s" + nosock, "status"}, {"--ser", nosock, "status"},
		{"-s", nosock, "--", "status"}, {"-s", nosock, "-", "status"}, {"-s", nosock, "-i", "status"},
		{"-s", nosock, "status", "-x"}, {"-s", nosock, ""}, {"-s", nosock, "help", "-h"},
		{"-s", nosock, "-u", "", "-p", "", "status"}, {"-is", nosock, "version"},
		{"-c", "", "-s", nosock, "status"},
	}
	for _, l := range lines {
		t.Run(strings.Join(l, " "), func(t *testing.T) {
			t.Parallel()
			compare(t, nil, invocation{args: l, noConf: true, dir: os.TempDir()}, rules{}, nil)
		})
	}
}

// TestUsageText checks -h/-? print a usage text laid out like 4.2.5's (the
// wording is ours) with the program name substituted.
func TestUsageText(t *testing.T) {
	t.Parallel()
	for _, a := range [][]string{{"-h"}, {"-?"}, {"--help"}, {"-c", "/nonexistent", "-h"}, {"-h", "-x"}} {
		var res [2]harness.Result
		for i, impl := range both {
			res[i] = harness.RunCtl(t, harness.CtlRun{Impl: impl, Args: a})
		}
		assert.Equal(t, res[0].ExitCode, res[1].ExitCode, "%v", a)
		stock, ours := res[0].Output, res[1].Output
		if res[0].ExitCode != 0 {
			// getopt errors win over -h
			assertSame(t, res, rules{})
			continue
		}
		stockPath, _ := harness.CtlPath(harness.Python)
		oursPath, _ := harness.CtlPath(harness.Go)
		assert.Contains(t, stock, "Usage: "+stockPath+" [options] [action [arguments]]\n")
		assert.Contains(t, ours, "Usage: "+oursPath+" [options] [action [arguments]]\n")
		assert.Equal(t, strings.Count(stock, "\n"), strings.Count(ours, "\n"), "same number of lines")
		assert.True(t, strings.HasSuffix(ours, ".\n\n"))
		optRx := regexp.MustCompile(`(?m)^-(\w)/--\w+`)
		var so, oo []string
		for _, m := range optRx.FindAllStringSubmatch(stock, -1) {
			so = append(so, m[1])
		}
		for _, m := range optRx.FindAllStringSubmatch(ours, -1) {
			oo = append(oo, m[1])
		}
		assert.Equal(t, so, oo, "the same options in the same order")
	}
}

// TestHelpTopics checks each `help CMD` of ours is laid out like 4.2.5's:
// the same number of lines and the same usage column (before the first
// tab). The words after it are ours.
func TestHelpTopics(t *testing.T) {
	t.Parallel()
	texts := loadHelp(t)
	for _, cmd := range helpCommands {
		stock := strings.Split(texts[harness.Python][cmd], "\n")
		ours := strings.Split(texts[harness.Go][cmd], "\n")
		require.Equal(t, len(stock), len(ours), "help %s: line count\nstock:\n%s\nours:\n%s", cmd, texts[harness.Python][cmd], texts[harness.Go][cmd])
		for i := range stock {
			su, _, sHas := strings.Cut(stock[i], "\t")
			ou, _, oHas := strings.Cut(ours[i], "\t")
			assert.Equal(t, sHas, oHas, "help %s line %d: tab layout", cmd, i)
			if sHas && su != "" {
				assert.Equal(t, su, ou, "help %s line %d: usage column", cmd, i)
			}
		}
		if cmd != "help" {
			assert.NotEqual(t, texts[harness.Python][cmd], texts[harness.Go][cmd], "help %s: our own words", cmd)
		}
	}
}

// writeFile writes content to dir/name (creating dirs) and returns the path.
func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
	require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	return p
}

// TestConfigFile compares how the [supervisorctl] section is read, and the
// errors of bad files.
func TestConfigFile(t *testing.T) {
	t.Parallel()
	loadHelp(t)
	dir := t.TempDir()
	confs := map[string]string{
		"relative.conf":    "[supervisorctl]\nserverurl=unix://relative/sock\n",
		"here.conf":        "[supervisorctl]\nserverurl=unix://%(here)s/sock\n",
		"env.conf":         "[supervisorctl]\nserverurl=unix:///x/%(ENV_GSD_TEST)s.sock\n",
		"http.conf":        "[supervisorctl]\nserverurl=http://127.0.0.1:1\n",
		"default.conf":     "[supervisorctl]\n",
		"nosection.conf":   "[supervisord]\n",
		"badexpand.conf":   "[supervisorctl]\nserverurl=%(nope)s\n",
		"badformat.conf":   "[supervisorctl]\nprompt=%(x\n",
		"badname.conf":     "[supervisorctl]\nprompt=%(ENV_GSD_MISSING)s\n",
		"plugin.conf":      "[supervisorctl]\n[ctlplugin:x]\nsupervisor.ctl_factory=nope:make\n",
		"plugin2.conf":     "[supervisorctl]\n[ctlplugin:x]\nfoo=bar\n",
		"undecodable.conf": "[supervisorctl]\nprompt=\xff\n",
		"inline.conf":      "[supervisorctl]\nserverurl=unix:///x/y.sock ; a comment\n",
		"defaults.conf":    "[DEFAULT]\nserverurl=unix:///from/defaults\n[supervisorctl]\n",
		"case.conf":        "[supervisorctl]\nSERVERURL=unix:///upper/case\n",
	}
	for name, content := range confs {
		writeFile(t, dir, name, content)
	}
	env := []string{"GSD_TEST=fromenv"}
	for name := range confs {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			compare(t, nil, invocation{args: []string{"-c", name, "status"}, noConf: true, dir: dir, env: env}, rules{}, nil)
		})
	}
	// settings through the interactive prompt
	writeFile(t, dir, "prompt.conf", "[supervisorctl]\nserverurl=unix:///nonexistent\nprompt=%(ENV_GSD_TEST)s here\n")
	t.Run("prompt", func(t *testing.T) {
		compare(t, nil, invocation{args: []string{"-c", "prompt.conf"}, noConf: true, dir: dir, env: env, stdin: "version\n"}, rules{}, nil)
	})
	writeFile(t, dir, "emptyprompt.conf", "[supervisorctl]\nserverurl=unix:///nonexistent\nprompt=\n")
	t.Run("empty prompt", func(t *testing.T) {
		compare(t, nil, invocation{args: []string{"-c", "emptyprompt.conf"}, noConf: true, dir: dir, stdin: "version\n"}, rules{}, nil)
	})
	// -s wins over serverurl
	t.Run("-s wins", func(t *testing.T) {
		compare(t, nil, invocation{args: []string{"-c", "http.conf", "-s", "unix:///from/cli", "status"}, noConf: true, dir: dir}, rules{}, nil)
	})
}

// TestConfigFileParseErrors: 4.2.5 dies with a Python traceback on files
// configparser cannot parse. We print the same frames and exception line
// but not Python's source-line excerpts (we do not copy its code), so
// those excerpt lines are removed from the stock output before comparing.
func TestConfigFileParseErrors(t *testing.T) {
	t.Parallel()
	loadHelp(t)
	dir := t.TempDir()
	writeFile(t, dir, "noheader.conf", "foo=bar\n[supervisorctl]\n")
	writeFile(t, dir, "parse.conf", "[supervisorctl]\nfoo\nbar\n")
	excerpt := regexp.MustCompile(`(?m)^    .*\n(?:\s+\^+\n)?`)
	for _, name := range []string{"noheader.conf", "parse.conf"} {
		res := [2]harness.Result{}
		for i, impl := range both {
			res[i] = ctlRun(t, impl, nil, invocation{args: []string{"-c", name, "status"}, noConf: true, dir: dir})
		}
		res[0].Output = excerpt.ReplaceAllString(res[0].Output, "")
		assertSame(t, res, rules{})
	}
}

// TestConfigSearch compares which config file is used without -c: the
// ones next to the program (<prefix>/etc/supervisord.conf,
// <prefix>/supervisord.conf, from argv[0]), then ./supervisord.conf,
// ./etc/supervisord.conf, /etc/supervisord.conf and
// /etc/supervisor/supervisord.conf.
func TestConfigSearch(t *testing.T) {
	t.Parallel()
	loadHelp(t)
	oursBin, err := harness.CtlPath(harness.Go)
	require.NoError(t, err)
	stockScript, err := os.ReadFile(harness.PythonCtlPath)
	require.NoError(t, err)
	ours, err := os.ReadFile(oursBin)
	require.NoError(t, err)
	conf := func(tag string) string { return "[supervisorctl]\nserverurl=unix:///nonexistent/" + tag + "\n" }
	layouts := []map[string]string{
		{"prefix/etc/supervisord.conf": conf("prefix-etc"), "prefix/supervisord.conf": conf("prefix"), "cwd/supervisord.conf": conf("cwd")},
		{"prefix/supervisord.conf": conf("prefix"), "cwd/supervisord.conf": conf("cwd")},
		{"cwd/supervisord.conf": conf("cwd"), "cwd/etc/supervisord.conf": conf("cwd-etc")},
		{"cwd/etc/supervisord.conf": conf("cwd-etc")},
		{}, // falls through to /etc/supervisor/supervisord.conf on Debian
		{"cwd/supervisord.conf": "[supervisord]\n"},
	}
	for i, layout := range layouts {
		dir := t.TempDir()
		require.NoError(t, os.MkdirAll(filepath.Join(dir, "cwd"), 0o755))
		for name, content := range layout {
			writeFile(t, dir, name, content)
		}
		prog := filepath.Join(dir, "prefix", "bin", "supervisorctl")
		var res [2]harness.Result
		for j, impl := range both {
			bin := ours
			if impl == harness.Python {
				bin = stockScript
			}
			require.NoError(t, os.MkdirAll(filepath.Dir(prog), 0o755))
			os.Remove(prog)
			require.NoError(t, os.WriteFile(prog, bin, 0o755))
			res[j] = harness.RunCtl(t, harness.CtlRun{Impl: impl, Bin: prog, Args: []string{"status"}, Dir: filepath.Join(dir, "cwd")})
		}
		assert.Equal(t, res[0], res[1], "layout %d", i)
	}
}
