package supervisor

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/gosupervisord/gosupervisord/supervisor/config"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRotationFastWriter runs a child that writes 1.3 MB as fast as it can
// into a log rotated every 64 KB: the backups and the live file, read
// oldest first, must hold exactly what it wrote, nothing lost or doubled.
func TestRotationFastWriter(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out := filepath.Join(dir, "fast.log")
	const backups = 40
	h := startSupervisor(t, testConfig(dir, program("fast", "seq 1 200000", startsecs(0),
		autorestart(config.AutoRestartNever), func(pc *config.ProcessConfig) {
			pc.StdoutLogfile = config.LogFile{Kind: config.LogPath, Path: out}
			pc.StdoutLogfileMaxbytes = 64 << 10
			pc.StdoutLogfileBackups = backups
		})))
	h.waitState("fast", Exited, 30*time.Second)
	var want bytes.Buffer
	for i := 1; i <= 200000; i++ {
		fmt.Fprintf(&want, "%d\n", i)
	}
	var got bytes.Buffer
	for i := backups; i >= 1; i-- {
		b, err := os.ReadFile(out + "." + strconv.Itoa(i))
		if os.IsNotExist(err) {
			continue
		}
		require.NoError(t, err)
		got.Write(b)
	}
	b, err := os.ReadFile(out)
	require.NoError(t, err)
	got.Write(b)
	require.Equal(t, want.Len(), got.Len())
	assert.True(t, bytes.Equal(want.Bytes(), got.Bytes()), "byte-exact")
	_, err = os.Stat(out + ".1")
	assert.NoError(t, err, "it did rotate")
}
