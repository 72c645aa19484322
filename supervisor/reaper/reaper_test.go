package reaper

import (
	"os"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func forkExec(argv ...string) func() (int, error) {
	return func() (int, error) {
		return syscall.ForkExec(argv[0], argv, &syscall.ProcAttr{Files: []uintptr{0, 1, 2}})
	}
}

// TestSpawnDeliversExit checks that an exit reaches the owner of its pid,
// even for a child that dies before Spawn returns.
func TestSpawnDeliversExit(t *testing.T) {
	for _, code := range []string{"0", "3"} {
		got := make(chan Exit, 1)
		pid, err := Spawn(func(e Exit) { got <- e }, forkExec("/bin/sh", "-c", "exit "+code))
		require.NoError(t, err)
		select {
		case e := <-got:
			assert.Equal(t, pid, e.PID)
			assert.True(t, e.Status.Exited())
			assert.Equal(t, code, strconv.Itoa(e.Status.ExitStatus()))
		case <-time.After(5 * time.Second):
			t.Fatal("no exit delivered")
		}
	}
}

// TestOrphans checks that exits of pids nobody registered go to the
// earliest orphan handler.
func TestOrphans(t *testing.T) {
	first := make(chan Exit, 4)
	second := make(chan Exit, 4)
	cancel1 := HandleOrphans(func(e Exit) { first <- e })
	cancel2 := HandleOrphans(func(e Exit) { second <- e })
	defer cancel2()
	// A child started behind the reaper's back is an "orphan" to it.
	pid, err := syscall.ForkExec("/bin/sh", []string{"sh", "-c", "exit 5"}, &syscall.ProcAttr{Files: []uintptr{0, 1, 2}})
	require.NoError(t, err)
	select {
	case e := <-first:
		assert.Equal(t, pid, e.PID)
		assert.Equal(t, 5, e.Status.ExitStatus())
	case <-time.After(5 * time.Second):
		t.Fatal("orphan not delivered")
	}
	cancel1()
	pid, err = syscall.ForkExec("/bin/sh", []string{"sh", "-c", "exit 6"}, &syscall.ProcAttr{Files: []uintptr{0, 1, 2}})
	require.NoError(t, err)
	select {
	case e := <-second:
		assert.Equal(t, pid, e.PID)
	case <-time.After(5 * time.Second):
		t.Fatal("orphan not delivered to the remaining handler")
	}
	assert.Empty(t, first)
	_ = os.Getpid()
}
