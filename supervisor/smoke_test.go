package supervisor

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestSmokeRunning(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	h := startSupervisor(t, testConfig(dir, program("a", "sleep 100")))
	pi := h.waitState("a", Running, 5*time.Second)
	assert.NotZero(t, pi.PID)
	assert.Equal(t, []string{
		"INFO spawned: 'a' with pid N",
		"INFO success: a entered RUNNING state, process has stayed up for > than 1 seconds (startsecs)",
	}, h.logLines(`spawned|success`))
}
