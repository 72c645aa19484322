package harness

import (
	"os"
	"sync"
	"testing"
)

var availability sync.Map // Impl -> *availResult

type availResult struct {
	once sync.Once
	err  error
}

// probeConf is the smallest conf a working daemon must serve.
const probeConf = ConfHeader

// Available reports whether impl's daemon can be built and started and
// answers supervisor.getState with RUNNING; nil means usable. The probe runs
// once per test binary and implementation.
func Available(impl Impl) error {
	v, _ := availability.LoadOrStore(impl, &availResult{})
	r := v.(*availResult)
	r.once.Do(func() {
		d, err := StartErr(impl, probeConf)
		if d != nil {
			defer d.Stop()
		}
		r.err = err
	})
	return r.err
}

// RequireDaemon skips t (or fails it, when GOSUPERVISORD_REQUIRE_GO=1) if
// impl's daemon is not usable. The Python daemon is never skipped: if it
// does not work the test fails.
func RequireDaemon(t testing.TB, impl Impl) {
	t.Helper()
	err := Available(impl)
	if err == nil {
		return
	}
	if impl == Go && os.Getenv("GOSUPERVISORD_REQUIRE_GO") != "1" {
		t.Skipf("our supervisord is not usable yet, skipping the Go-daemon half: %v", err)
	}
	t.Fatalf("%s supervisord is not usable: %v", impl, err)
}

// ForEachDaemon runs f as a subtest per enabled daemon implementation
// ("python", then "go"; see EnabledDaemons), skipping the Go half with a
// clear message while our daemon cannot start.
func ForEachDaemon(t *testing.T, f func(t *testing.T, impl Impl)) {
	t.Helper()
	for _, impl := range EnabledDaemons() {
		t.Run(string(impl), func(t *testing.T) {
			RequireDaemon(t, impl)
			f(t, impl)
		})
	}
}
