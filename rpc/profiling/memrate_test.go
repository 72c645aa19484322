package profiling

import (
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPauseMemProfile checks pausing and resuming the allocation sampling
// rate, and that Listen resumes it.
func TestPauseMemProfile(t *testing.T) {
	orig := runtime.MemProfileRate
	t.Cleanup(func() {
		ResumeMemProfile()
		runtime.MemProfileRate = orig
	})
	require.NotZero(t, orig)

	PauseMemProfile()
	assert.Zero(t, runtime.MemProfileRate)
	PauseMemProfile() // twice: the saved rate is kept
	assert.Zero(t, runtime.MemProfileRate)
	ResumeMemProfile()
	assert.Equal(t, orig, runtime.MemProfileRate)
	ResumeMemProfile() // not paused: nothing to do
	assert.Equal(t, orig, runtime.MemProfileRate)

	PauseMemProfile()
	s, err := Listen("127.0.0.1:0")
	require.NoError(t, err)
	assert.Equal(t, orig, runtime.MemProfileRate, "serving profiles resumes sampling")
	require.NoError(t, s.Close())

	// A rate of 0 set by someone else (GODEBUG=memprofilerate=0) stays.
	runtime.MemProfileRate = 0
	PauseMemProfile()
	ResumeMemProfile()
	assert.Zero(t, runtime.MemProfileRate)
}
