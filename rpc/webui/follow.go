package webui

import (
	"io"
	"os"
	"syscall"

	"github.com/gosupervisord/gosupervisord/supervisor/childlog"
)

// maxAppend is the most a single live-tail update sends; a log that grew
// more than this since the last update is shown from its last limit bytes.
const maxAppend = 1 << 20

// logFollower turns changes of a log file into updates of the live tail
// view: "reset" (replace the text: first reading, the file was cleared,
// rotated or replaced, or jumped ahead too far) or "append".
type logFollower struct {
	name, path string
	limit      int64

	started bool
	missing bool   // the last update said "No file for ..."
	special bool   // not a regular file: shown once, not followed
	ino     uint64 // identity of the file being followed
	dev     uint64
	offset  int64 // bytes of it already sent
}

// next returns the update since the last call, or kind "" when there is
// none.
func (f *logFollower) next() (kind, text string) {
	if f.special {
		return "", ""
	}
	st, err := os.Stat(f.path)
	if err != nil {
		if f.started && f.missing {
			return "", ""
		}
		f.started, f.missing = true, true
		return "reset", noFile(f.name)
	}
	if !st.Mode().IsRegular() {
		f.started, f.special = true, true
		return "reset", readTail(f.name, f.path, f.limit)
	}
	file, err := os.OpenFile(f.path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return f.failed()
	}
	defer file.Close()
	fst, err := file.Stat()
	if err != nil {
		return f.failed()
	}
	var ino, dev uint64
	if sys, ok := fst.Sys().(*syscall.Stat_t); ok {
		ino, dev = sys.Ino, uint64(sys.Dev)
	}
	size := fst.Size()
	if !f.started || f.missing || ino != f.ino || dev != f.dev || size < f.offset || size-f.offset > maxAppend {
		f.started, f.missing, f.ino, f.dev = true, false, ino, dev
		start := max(size-f.limit, 0)
		data, err := readRange(file, start, size)
		if err != nil {
			return f.failed()
		}
		n := completeLen(data)
		f.offset = start + int64(n)
		return "reset", logText(data[:n])
	}
	if size == f.offset {
		return "", ""
	}
	data, err := readRange(file, f.offset, size)
	if err != nil {
		return f.failed()
	}
	n := completeLen(data)
	if n == 0 {
		return "", ""
	}
	f.offset += int64(n)
	return "append", validText(data[:n])
}

// failed reports an unreadable file as 4.2.5's tail view does and starts
// over on the next change.
func (f *logFollower) failed() (kind, text string) {
	f.started, f.missing = false, false
	return "reset", readTail(f.name, f.path, f.limit)
}

// readRange reads bytes [from, to) of file (fewer if it is shorter now).
func readRange(file *os.File, from, to int64) ([]byte, error) {
	buf := make([]byte, to-from)
	n, err := file.ReadAt(buf, from)
	if err != nil && err != io.EOF {
		return nil, err
	}
	return buf[:n], nil
}

// watchLog subscribes to changes of path (see childlog.Watch).
func watchLog(path string) (<-chan struct{}, func()) { return childlog.Watch(path) }
