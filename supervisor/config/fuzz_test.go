package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gosupervisord/gosupervisord/internal/py"
)

// FuzzParse feeds arbitrary text to the INI parser, then every value it
// yields to the expansion, the validators and (for texts that cannot make
// 4.2.5 itself run away: no [include], no numprocs) to Load. Nothing may
// panic. The seed corpus is testdata's conf files.
func FuzzParse(f *testing.F) {
	for _, pattern := range []string{"../../testdata/conf/*.conf", "../../testdata/*.conf", "../../testdata/conf/*/*", "../../testdata/conf/*/*/*"} {
		files, _ := filepath.Glob(pattern)
		for _, file := range files {
			if data, err := os.ReadFile(file); err == nil {
				f.Add(string(data))
			}
		}
	}
	f.Add("[s]\nk=%(a)s %s %(b)05d %%\n  cont\n\n  more ;c\n[DEFAULT]\nd=%(here)s\n")
	f.Add("[program:x]\nenvironment=A=\"1\",B='2' C=3#x\n")
	dir := f.TempDir()
	env := Environment{Environ: []string{"HOME=" + dir, "TMPDIR=" + dir}, Hostname: "h", Cwd: dir}
	names := NewNames()
	names.SetString("here", dir)
	names.SetInt("process_num", 3)
	names.SetString("program_name", "p")

	f.Fuzz(func(t *testing.T, data string) {
		p, err := Parse(data, "fuzz.conf")
		if err != nil {
			if utf8.ValidString(data) {
				if _, ok := err.(*DecodeError); ok {
					t.Fatalf("valid UTF-8 reported as undecodable: %v", err)
				}
			}
			_ = err.Error()
			return
		}
		p.ExpandHere(dir)
		sections := append(p.Sections(), DefaultSection)
		for _, s := range sections {
			for _, k := range p.Options(s) {
				v, ok := p.Get(s, k)
				if !ok {
					t.Fatalf("option %q of [%s] has no value", k, s)
				}
				exerciseValue(v, names, env)
			}
		}
		if strings.Contains(strings.ToLower(data), "include") || strings.Contains(strings.ToLower(data), "numprocs") {
			return
		}
		file := filepath.Join(dir, "fuzz.conf")
		if err := os.WriteFile(file, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		if cfg, err := Load(file, Overrides{}, env); err == nil {
			_ = cfg.ServerURL
		} else {
			_ = err.Error()
		}
	})
}

// exerciseValue runs v through everything a configuration value goes
// through; only panics matter.
func exerciseValue(v string, names *Names, env Environment) {
	_, _ = Expand(v, names, "s.k")
	_, _ = dictOfKeyValuePairs(v)
	_, _ = pyInt(v, 10)
	_, _ = octalType(v)
	_, _ = byteSize(v)
	_, _ = boolean(v)
	_, _ = autoRestart(v)
	_, _ = loggingLevel(v)
	_, _ = ParseSignal(v)
	_, _ = listOfExitcodes(v)
	_, _, _ = inetAddress(v)
	_, _ = processOrGroupName(v)
	_, _ = resolveSpec(v, DefaultResultHandler)
	_, _, _ = env.logfileName(v)
	_ = CheckURL(v)
	_ = py.Repr(v)
	_ = py.Upper(v)
	_ = fnmatch(v, v)
}
