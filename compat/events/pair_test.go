package events

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gosupervisord/gosupervisord/compat/harness"
	"github.com/stretchr/testify/require"
)

// startBoth starts 4.2.5's daemon and ours with the same conf, reference
// first; {fixtures} is testdata/events.
func startBoth(t *testing.T, conf string, opts ...harness.Option) [2]*harness.Daemon {
	t.Helper()
	root, err := harness.ModuleRoot()
	require.NoError(t, err)
	opts = append(opts, harness.WithVars(harness.Vars{"fixtures": filepath.Join(root, "testdata", "events")}))
	return harness.StartPair(t, conf, opts...)
}

// each runs f on both daemons in parallel subtests and waits for both.
func each(t *testing.T, ds [2]*harness.Daemon, f func(t *testing.T, d *harness.Daemon)) {
	t.Helper()
	harness.EachOf(t, "each", ds[:], f)
}

// fileLines waits until the file rel in d's dir has at least n lines and
// returns them.
func fileLines(t *testing.T, d *harness.Daemon, rel string, n int, timeout time.Duration) []string {
	t.Helper()
	var lines []string
	err := harness.Poll(timeout, func() error {
		b, err := os.ReadFile(filepath.Join(d.Dir, rel))
		if err != nil {
			return err
		}
		lines = strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
		if len(lines) < n {
			return errors.New("only " + strings.Join(lines, " | "))
		}
		return nil
	})
	require.NoError(t, err, "%s: %s has fewer than %d lines\nmain log:\n%s", d.Impl, rel, n, mainLog(d))
	return lines
}

// mainLog returns d's main log ("" if there is none yet).
func mainLog(d *harness.Daemon) string {
	b, _ := os.ReadFile(filepath.Join(d.Dir, "supervisord.log"))
	return string(b)
}
