package harness

import (
	"errors"
	"sync"
	"testing"
)

// StartPair starts 4.2.5's daemon and ours with the same conf, in
// parallel, and returns them reference first; both are stopped at the
// end of the test. Our half is skipped (or fails, see RequireDaemon) while
// our daemon cannot start.
func StartPair(t *testing.T, conf string, opts ...Option) [2]*Daemon {
	t.Helper()
	RequireDaemon(t, Python)
	RequireDaemon(t, Go)
	var ds [2]*Daemon
	var errs [2]error
	var wg sync.WaitGroup
	for i, impl := range []Impl{Python, Go} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d, err := StartErr(impl, conf, opts...)
			if d != nil {
				t.Cleanup(d.Stop)
			}
			ds[i], errs[i] = d, err
		}()
	}
	wg.Wait()
	if err := errors.Join(errs[:]...); err != nil {
		t.Fatalf("%v", err)
	}
	return ds
}

// EachOf runs f for each daemon in a parallel subtest, inside a subtest
// named label, and returns when all are done (so f may fail its test).
func EachOf(t *testing.T, label string, ds []*Daemon, f func(t *testing.T, d *Daemon)) {
	t.Helper()
	t.Run(label, func(t *testing.T) {
		for _, d := range ds {
			t.Run(d.Impl.String(), func(t *testing.T) {
				t.Parallel()
				f(t, d)
			})
		}
	})
}
