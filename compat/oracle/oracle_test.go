package oracle

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gosupervisord/gosupervisord/compat/harness"
	"github.com/gosupervisord/gosupervisord/supervisor/config"
)

// tmpDir is the TMPDIR both loaders see (made by TestMain).
var tmpDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "oracle-tmp-")
	if err != nil {
		panic(err)
	}
	tmpDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// corpusDir is testdata/conf.
func corpusDir(t *testing.T) string {
	root, err := harness.ModuleRoot()
	require.NoError(t, err)
	return filepath.Join(root, "testdata", "conf")
}

// annotations reads the "; oracle-args:", "; oracle-env:" and
// "; oracle-unset:" lines of a conf: extra supervisord options
// ("--name=value" or "--flag"), extra environment entries, and variables
// to leave out of the environment (an "-NAME" entry in envs).
func annotations(t *testing.T, path string) (args, envs []string) {
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if v, ok := strings.CutPrefix(line, "; oracle-args:"); ok {
			args = append(args, strings.Fields(v)...)
		}
		if v, ok := strings.CutPrefix(line, "; oracle-env:"); ok {
			envs = append(envs, strings.Fields(v)...)
		}
		if v, ok := strings.CutPrefix(line, "; oracle-unset:"); ok {
			for _, name := range strings.Fields(v) {
				envs = append(envs, "-"+name)
			}
		}
	}
	return args, envs
}

// oracleEnv is the environment both loaders see.
func oracleEnv(dir string, extra []string) config.Environment {
	environ := []string{
		"PATH=/usr/bin:/bin",
		"HOME=" + dir,
		"LC_ALL=C.UTF-8",
		"TMPDIR=" + tmpDir,
		"ORACLE_VAR=oracle value",
	}
	for _, e := range extra {
		if name, ok := strings.CutPrefix(e, "-"); ok {
			environ = slices.DeleteFunc(environ, func(kv string) bool { return strings.HasPrefix(kv, name+"=") })
		} else {
			environ = append(environ, e)
		}
	}
	return config.Environment{Environ: environ, Hostname: "oraclehost", Cwd: dir, UID: os.Getuid()}
}

// overrides maps "--name=value" / "--flag" arguments to config.Overrides.
func overrides(t *testing.T, args []string, env config.Environment) config.Overrides {
	var ov config.Overrides
	for _, a := range args {
		name, value, _ := strings.Cut(strings.TrimPrefix(a, "--"), "=")
		_, err := ov.Set(name, value, env)
		require.NoError(t, err, a)
	}
	return ov
}

// oracleCase is one corpus conf with what 4.2.5 made of it.
type oracleCase struct {
	file string   // absolute path
	args []string // extra supervisord options
	env  config.Environment
	want map[string]any // dump_config.py's output
	err  error          // running dump_config.py failed
}

var (
	casesOnce sync.Once
	cases     []*oracleCase
)

// oracleCases runs dump_config.py on the whole corpus once, in one batch.
func oracleCases(t *testing.T) []*oracleCase {
	casesOnce.Do(func() {
		for _, file := range corpus(t) {
			args, envs := annotations(t, file)
			cases = append(cases, &oracleCase{file: file, args: args, env: oracleEnv(filepath.Dir(file), envs)})
		}
		reqs := make([]Request, len(cases))
		for i, c := range cases {
			reqs[i] = Request{Env: c.env, Args: append([]string{"-c", filepath.Base(c.file)}, c.args...)}
		}
		res, err := RunPythonBatch(reqs)
		for i, c := range cases {
			if err != nil {
				c.err = err
			} else {
				c.want = res[i]
			}
		}
	})
	return cases
}

// corpus is testdata/conf/*.conf plus the dev container and demo confs.
func corpus(t *testing.T) []string {
	files, err := filepath.Glob(filepath.Join(corpusDir(t), "*.conf"))
	require.NoError(t, err)
	sort.Strings(files)
	top := filepath.Dir(corpusDir(t))
	// demo.conf logs under the directory `make run` creates.
	require.NoError(t, os.MkdirAll("/tmp/gosupervisord-demo", 0o755))
	return append(files, filepath.Join(top, "devcontainer.conf"), filepath.Join(top, "demo.conf"))
}

// TestOracleCorpus loads every testdata/conf/*.conf with 4.2.5's
// ServerOptions and with config.Load and requires the same realised
// configuration, or the same error text.
func TestOracleCorpus(t *testing.T) {
	if why := Available(); why != "" {
		t.Skip("oracle unavailable: " + why)
	}
	cs := oracleCases(t)
	require.GreaterOrEqual(t, len(cs), 80, "the corpus must cover at least 80 confs")
	for _, c := range cs {
		name := filepath.Base(c.file)
		t.Run(name, func(t *testing.T) {
			require.NoError(t, c.err)
			want := c.want
			cfg, lerr := config.Load(name, overrides(t, c.args, c.env), c.env)
			if wantErr, ok := want["error"]; ok {
				require.Error(t, lerr, "4.2.5 refuses this conf")
				assert.Equal(t, wantErr, lerr.Error())
				return
			}
			require.NoError(t, lerr)
			assert.Equal(t, want, Dump(cfg))
		})
	}
}

// TestOracleStartupErrors runs /usr/bin/supervisord and our binary with
// "-n -c FILE" on every conf 4.2.5 refuses and requires the same stderr
// (argv[0] aside) and exit status.
func TestOracleStartupErrors(t *testing.T) {
	if why := Available(); why != "" {
		t.Skip("oracle unavailable: " + why)
	}
	if _, err := os.Stat("/usr/bin/supervisord"); err != nil {
		t.Skip("/usr/bin/supervisord is missing")
	}
	ourBinary, err := harness.DaemonPath(harness.Go)
	require.NoError(t, err)
	refused := 0
	sem := make(chan struct{}, 8)
	t.Run("group", func(t *testing.T) {
		for _, c := range oracleCases(t) {
			require.NoError(t, c.err)
			if _, ok := c.want["error"]; !ok {
				continue // a valid conf would really start the daemon
			}
			refused++
			name := filepath.Base(c.file)
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				sem <- struct{}{}
				defer func() { <-sem }()
				cmdArgs := append([]string{"-n", "-c", name}, c.args...)
				refOut, refCode := runDaemon(t, "/usr/bin/supervisord", cmdArgs, c.env)
				ourOut, ourCode := runDaemon(t, ourBinary, cmdArgs, c.env)
				assert.Equal(t, refCode, ourCode, "exit status")
				assert.Equal(t, strings.ReplaceAll(refOut, "/usr/bin/supervisord", "ARGV0"),
					strings.ReplaceAll(ourOut, ourBinary, "ARGV0"))
			})
		}
	})
	t.Logf("%d refused confs compared", refused)
}

// runDaemon runs bin with args and returns its stderr and exit status. A
// daemon still running after the deadline is killed by PID (with its
// process group) and fails the test.
func runDaemon(t *testing.T, bin string, args []string, env config.Environment) (string, int) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.Command(bin, args...)
	cmd.Env = env.Environ
	cmd.Dir = env.Cwd
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return stderr.String(), ee.ExitCode()
		}
		require.NoError(t, err)
		return stderr.String(), 0
	case <-ctx.Done():
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-done
		t.Fatalf("%s %v did not exit", bin, args)
		return "", -1
	}
}
