package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkLoadPrograms loads a configuration of 1000 programs, each
// with a few options (the 5000-program scale scenario has the same shape).
func BenchmarkLoadPrograms(b *testing.B) {
	dir := b.TempDir()
	var conf strings.Builder
	conf.WriteString("[supervisord]\nlogfile=%(here)s/s.log\npidfile=%(here)s/s.pid\n")
	for i := range 1000 {
		fmt.Fprintf(&conf, "[program:p%04d]\ncommand=/bin/sleep 86400\nstartsecs=1\nstdout_logfile=%%(here)s/%%(program_name)s.log\n", i)
	}
	path := filepath.Join(dir, "s.conf")
	if err := os.WriteFile(path, []byte(conf.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	env := Environment{Environ: os.Environ(), Hostname: "h", Cwd: dir}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(path, Overrides{}, env); err != nil {
			b.Fatal(err)
		}
	}
}
