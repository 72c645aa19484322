package supervisor

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGroupStopReports checks the reports of a group stop that waits: a
// process that ignores SIGTERM is reported as "waiting for x to stop" at
// once and again two seconds later, with no state change in between (the
// report timer re-evaluates it), then SIGKILLed after stopwaitsecs, while
// its quick sibling stops at once; the results come in completion order.
func TestGroupStopReports(t *testing.T) {
	dir := t.TempDir()
	stubborn := processConfig("stubborn", `sh -c 'trap "" TERM; echo ready; exec sleep 100'`, startsecs(0), stopwaitsecs(3))
	quick := processConfig("quick", "sleep 100", startsecs(0))
	h := startSupervisor(t, testConfig(dir, hetGroup("g", 1, stubborn, quick)))
	h.waitState("g:stubborn", Running, 5*time.Second)
	h.waitState("g:quick", Running, 5*time.Second)
	h.waitOutput("g:stubborn", "ready")
	results, err := h.s.StopProcessGroup(h.ctx(), "g", true)
	require.NoError(t, err)
	var names []string
	for _, r := range results {
		names = append(names, r.Name)
	}
	assert.Equal(t, []string{"quick", "stubborn"}, names, "completion order")
	assert.Equal(t, []string{
		"INFO waiting for stubborn to stop",
		"INFO waiting for quick to stop",
		"WARN stopped: quick (terminated by SIGTERM)",
		"INFO waiting for stubborn to stop",
		"WARN killing 'stubborn' (N) with SIGKILL",
		"WARN stopped: stubborn (terminated by SIGKILL)",
	}, h.logLines(`stopped:|killing|waiting for`))
}
