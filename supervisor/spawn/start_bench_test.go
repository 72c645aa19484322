package spawn

import (
	"os"
	"syscall"
	"testing"
)

// benchStart measures Start plus the wait for /bin/true.
func benchStart(b *testing.B, umask *int) {
	null, err := os.OpenFile(os.DevNull, os.O_RDWR, 0)
	if err != nil {
		b.Fatal(err)
	}
	defer null.Close()
	a := &Attr{Path: "/bin/true", Argv: []string{"true"}, Env: []string{"PATH=/bin"}, Umask: umask,
		Stdin: null, Stdout: null, Stderr: null}
	for b.Loop() {
		pid, err := Start(a)
		if err != nil {
			b.Fatal(err)
		}
		var ws syscall.WaitStatus
		if _, err := syscall.Wait4(pid, &ws, 0, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStartDirect is the common path: one ForkExec.
func BenchmarkStartDirect(b *testing.B) { benchStart(b, nil) }

// BenchmarkStartShim is the path with umask= set: our binary runs first.
func BenchmarkStartShim(b *testing.B) {
	u := 0o022
	benchStart(b, &u)
}
