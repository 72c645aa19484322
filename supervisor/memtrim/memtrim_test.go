package memtrim

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIdle(t *testing.T) {
	var calls atomic.Int32
	idle := AfterIdle(50*time.Millisecond, func() { calls.Add(1) })
	// Active every 10 ms for 200 ms: no call meanwhile.
	for range 20 {
		idle.Active()
		time.Sleep(10 * time.Millisecond)
	}
	assert.Zero(t, calls.Load(), "called while active")
	require.Eventually(t, func() bool { return calls.Load() == 1 }, 5*time.Second, 5*time.Millisecond)
	time.Sleep(150 * time.Millisecond)
	assert.Equal(t, int32(1), calls.Load(), "called again without activity")
	idle.Active()
	require.Eventually(t, func() bool { return calls.Load() == 2 }, 5*time.Second, 5*time.Millisecond)
	idle.Active()
	idle.Stop()
	time.Sleep(150 * time.Millisecond)
	assert.Equal(t, int32(2), calls.Load(), "called after Stop")
	idle.Active() // no effect
	time.Sleep(100 * time.Millisecond)
	assert.Equal(t, int32(2), calls.Load())
}
