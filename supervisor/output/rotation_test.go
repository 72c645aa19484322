package output

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/gosupervisord/gosupervisord/supervisor/childlog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDrainRotationByteExact: a real child (seq) writes fast into a pipe,
// Drain logs it with a small maxbytes while another goroutine keeps
// reopening the log (SIGUSR2) and following it; the backups and the live
// file, concatenated oldest first, are exactly what the child wrote.
func TestDrainRotationByteExact(t *testing.T) {
	seq, err := exec.LookPath("seq")
	require.NoError(t, err)
	const count, backups = 300000, 400
	path := filepath.Join(t.TempDir(), "fast.log")
	log, err := childlog.Open(path, 16<<10, backups)
	require.NoError(t, err)

	r, w, err := os.Pipe()
	require.NoError(t, err)
	cmd := exec.Command(seq, "1", fmt.Sprint(count))
	cmd.Stdout = w
	require.NoError(t, cmd.Start())
	w.Close()

	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { // SIGUSR2 storms
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
				assert.NoError(t, log.Reopen())
			}
		}
	}()
	go func() { // a follower reading as /logtail would
		defer wg.Done()
		ch, cancel := log.Subscribe()
		defer cancel()
		for {
			select {
			case <-stop:
				return
			case <-ch:
				_, _, _, _ = childlog.Tail(path, 0, 1024)
			}
		}
	}()
	require.NoError(t, Drain(r, Config{ProcName: "seq", Channel: "stdout", Log: log}))
	close(stop)
	wg.Wait()
	require.NoError(t, cmd.Wait())
	require.NoError(t, log.Close())
	r.Close()

	var want strings.Builder
	for i := 1; i <= count; i++ {
		fmt.Fprintf(&want, "%d\n", i)
	}
	var got bytes.Buffer
	rotated := 0
	for i := backups; i >= 1; i-- {
		b, err := os.ReadFile(fmt.Sprintf("%s.%d", path, i))
		if os.IsNotExist(err) {
			continue
		}
		require.NoError(t, err)
		require.GreaterOrEqual(t, len(b), 16<<10, "a backup holds at least maxbytes")
		rotated++
		got.Write(b)
	}
	live, err := os.ReadFile(path)
	require.NoError(t, err)
	got.Write(live)
	assert.Greater(t, rotated, 10, "the log rotated many times")
	require.Equal(t, want.Len(), got.Len())
	assert.True(t, want.String() == got.String(), "concatenated logs differ from the child's output")
}
