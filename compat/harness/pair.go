package harness

import (
	"errors"
	"sync"
	"testing"
)

// Pair is 4.2.5's daemon and ours, started with the same conf: Pair[0] is
// the reference, Pair[1] ours.
type Pair [2]*Daemon

// StartPair starts 4.2.5's daemon and ours with the same conf, in
// parallel; both are stopped at the end of the test. Our half is skipped
// (or fails, see RequireDaemon) while our daemon cannot start.
func StartPair(t *testing.T, conf string, opts ...Option) Pair {
	t.Helper()
	RequireDaemon(t, Python)
	RequireDaemon(t, Go)
	var p Pair
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
			p[i], errs[i] = d, err
		}()
	}
	wg.Wait()
	if err := errors.Join(errs[:]...); err != nil {
		t.Fatalf("%v", err)
	}
	return p
}

// Each runs f for both daemons in parallel subtests, inside a subtest
// named label, and returns when both are done (so f may fail its test).
func (p Pair) Each(t *testing.T, label string, f func(t *testing.T, d *Daemon)) {
	t.Helper()
	EachOf(t, label, p[:], f)
}

// Settle waits until neither daemon has a process in a transitional state
// (see Settled).
func (p Pair) Settle(t *testing.T) {
	t.Helper()
	p.Each(t, "settle", func(t *testing.T, d *Daemon) { d.WaitSettled(t) })
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
