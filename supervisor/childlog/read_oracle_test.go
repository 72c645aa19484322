package childlog

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// referencePython is the interpreter that has supervisor 4.2.5 installed.
const referencePython = "/usr/bin/python3"

func requireReference(t *testing.T) {
	t.Helper()
	if err := exec.Command(referencePython, "-c", "import supervisor.options").Run(); err != nil {
		t.Skipf("supervisor 4.2.5 not importable by %s (run make deps): %v", referencePython, err)
	}
}

type readOracleOut struct {
	Read  [][2]string `json:"read"`
	Tail  [][3]any    `json:"tail"`
	Clean []bool      `json:"clean"`
}

func runReadOracle(t *testing.T, reads [][3]any, names []string, identifier string) readOracleOut {
	t.Helper()
	in, err := json.Marshal(map[string]any{"reads": reads, "names": names, "identifier": identifier})
	require.NoError(t, err)
	cmd := exec.Command(referencePython, "testdata/read_oracle.py")
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, stderr.String())
	var res readOracleOut
	require.NoError(t, json.Unmarshal(out, &res))
	return res
}

// TestReadAndTailMatchReference compares Read and Tail with 4.2.5's
// readFile and tailFile over a grid of offsets and lengths.
func TestReadAndTailMatchReference(t *testing.T) {
	requireReference(t)
	dir := t.TempDir()
	var content bytes.Buffer
	for i := 0; content.Len() < 2230; i++ {
		fmt.Fprintf(&content, "out line %d\n", i)
	}
	files := map[string][]byte{
		"empty.log": nil,
		"small.log": []byte("0123456789"),
		"big.log":   content.Bytes()[:2230],
	}
	for name, b := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), b, 0o644))
	}
	paths := []string{
		filepath.Join(dir, "empty.log"), filepath.Join(dir, "small.log"),
		filepath.Join(dir, "big.log"), filepath.Join(dir, "missing.log"), dir,
	}
	values := []int64{-1000000000, -2231, -2230, -1600, -11, -10, -9, -1, 0, 1, 9, 10, 11, 20, 1600, 2229, 2230, 2231, 1000000000}
	var reads [][3]any
	for _, p := range paths {
		for _, off := range values {
			for _, length := range values {
				reads = append(reads, [3]any{p, off, length})
			}
		}
	}
	want := runReadOracle(t, reads, nil, "supervisor")
	require.Len(t, want.Read, len(reads))
	for i, r := range reads {
		p, off, length := r[0].(string), r[1].(int64), r[2].(int64)
		desc := fmt.Sprintf("%s offset=%d length=%d", filepath.Base(p), off, length)

		data, err := Read(p, off, length)
		switch want.Read[i][0] {
		case "ok":
			if assert.NoError(t, err, desc) {
				assert.Equal(t, want.Read[i][1], string(data), desc)
			}
		case "BAD_ARGUMENTS":
			assert.ErrorIs(t, err, ErrBadArguments, desc)
		case "FAILED":
			assert.ErrorIs(t, err, ErrFailed, desc)
			assert.Equal(t, errors.Is(err, os.ErrNotExist), errors.Is(err, ErrNoFile), desc)
		default:
			t.Fatalf("unexpected oracle answer %v", want.Read[i])
		}

		tdata, size, overflow, err := Tail(p, off, length)
		w := want.Tail[i]
		if err != nil {
			// 4.2.5 answers ['', offset, False] when the file cannot be read
			assert.Equal(t, [3]any{"", float64(off), false}, w, desc)
			continue
		}
		assert.Equal(t, w[0], string(tdata), desc)
		assert.Equal(t, w[1], float64(size), desc)
		assert.Equal(t, w[2], overflow, desc)
	}
}

// TestTailDocumentedExamples are the observations quoted in the reference.
func TestTailDocumentedExamples(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.log")
	var b bytes.Buffer
	for i := 0; b.Len() < 2230; i++ {
		fmt.Fprintf(&b, "out line %d\n", i)
	}
	require.NoError(t, os.WriteFile(path, b.Bytes()[:2230], 0o644))
	cases := []struct {
		offset, length int64
		data           string
		overflow       bool
	}{
		{0, 20, "ne 178\nout line 179\n", true},
		{1000000000, 20, "", false},
		{0, 0, "", true},
		{0, 1000000000, string(b.Bytes()[:2230]), false},
	}
	for _, tc := range cases {
		data, size, overflow, err := Tail(path, tc.offset, tc.length)
		require.NoError(t, err)
		assert.Equal(t, tc.data, string(data))
		assert.Equal(t, int64(2230), size)
		assert.Equal(t, tc.overflow, overflow)
	}
}

func TestReadNonSeekableFails(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	require.NoError(t, mkfifo(fifo))
	_, err := Read(fifo, -1600, 0) // must not hang
	assert.ErrorIs(t, err, ErrFailed)
	_, _, _, err = Tail(fifo, 0, 100)
	assert.ErrorIs(t, err, ErrFailed)
}
