package ctl

import (
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/gosupervisord/gosupervisord/compat/harness"
	"github.com/stretchr/testify/require"
)

func TestMain(m *testing.M) {
	code := m.Run()
	stopSharedFixtures()
	os.Exit(code)
}

// daemonCase runs f once per daemon implementation with a fresh daemon
// started from conf (see harness.Conf) and settled, after loading the
// help texts.
func daemonCase(t *testing.T, conf string, f func(t *testing.T, d *harness.Daemon)) {
	t.Helper()
	loadHelp(t)
	harness.ForEachDaemon(t, func(t *testing.T, impl harness.Impl) {
		d := harness.Start(t, impl, harness.Conf(conf))
		d.WaitSettled(t)
		f(t, d)
	})
}

// sharedFixtureCase is daemonCase on the fixture, for tests that only
// read the daemon's state: they share one daemon per implementation,
// started (and settled, see waitFixture) on first use and stopped by
// TestMain. f must leave every process and log as it found them.
func sharedFixtureCase(t *testing.T, f func(t *testing.T, d *harness.Daemon)) {
	t.Helper()
	loadHelp(t)
	harness.ForEachDaemon(t, func(t *testing.T, impl harness.Impl) {
		d, err := sharedFixture(impl)
		require.NoError(t, err)
		f(t, d)
	})
}

// sharedFixtures are the daemons of sharedFixtureCase.
var sharedFixtures struct {
	mu      sync.Mutex
	daemons map[harness.Impl]*sharedDaemon
}

type sharedDaemon struct {
	once sync.Once
	d    *harness.Daemon
	err  error
}

// sharedFixture returns impl's shared fixture daemon, starting it on the
// first call.
func sharedFixture(impl harness.Impl) (*harness.Daemon, error) {
	sharedFixtures.mu.Lock()
	if sharedFixtures.daemons == nil {
		sharedFixtures.daemons = map[harness.Impl]*sharedDaemon{}
	}
	s := sharedFixtures.daemons[impl]
	if s == nil {
		s = &sharedDaemon{}
		sharedFixtures.daemons[impl] = s
	}
	sharedFixtures.mu.Unlock()
	s.once.Do(func() {
		s.d, s.err = harness.StartErr(impl, harness.Conf(fixture))
		if s.err == nil {
			s.err = harness.Poll(15*time.Second, func() error {
				if err := s.d.Settled(); err != nil {
					return err
				}
				return fixtureSettled(s.d)
			})
		}
	})
	return s.d, s.err
}

// stopSharedFixtures stops the daemons sharedFixture started.
func stopSharedFixtures() {
	sharedFixtures.mu.Lock()
	defer sharedFixtures.mu.Unlock()
	for _, s := range sharedFixtures.daemons {
		if s.d != nil {
			s.d.Stop()
		}
	}
}

// errorf is fmt.Errorf (for Eventually conditions).
func errorf(format string, a ...any) error { return fmt.Errorf(format, a...) }
