package childlog

import (
	"errors"
	"fmt"
	"io"
	"os"
	"syscall"
)

// Errors returned by Read, to be mapped to XML-RPC faults.
var (
	// ErrBadArguments is 4.2.5's BAD_ARGUMENTS: a negative offset with a
	// non-zero length, or a negative length.
	ErrBadArguments = errors.New("BAD_ARGUMENTS")
	// ErrFailed is 4.2.5's FAILED: the file could not be opened, sought or
	// read. The os error is wrapped.
	ErrFailed = errors.New("FAILED")
	// ErrNoFile marks a missing file; errors carrying it also match
	// ErrFailed. 4.2.5's RPC methods check existence first and answer
	// NO_FILE for it.
	ErrNoFile = errors.New("NO_FILE")
)

// readError wraps an os error as ErrFailed (and ErrNoFile when missing).
type readError struct{ err error }

func (e *readError) Error() string { return fmt.Sprintf("FAILED: %v", e.err) }

func (e *readError) Is(target error) bool {
	return target == ErrFailed || (target == ErrNoFile && errors.Is(e.err, os.ErrNotExist))
}

func (e *readError) Unwrap() error { return e.err }

// openForRead opens path read-only without blocking on a fifo; like
// Python's open(), it fails on a directory.
func openForRead(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, &readError{err}
	}
	if st, err := f.Stat(); err == nil && st.IsDir() {
		f.Close() // Python's open() refuses directories
		return nil, &readError{&os.PathError{Op: "open", Path: path, Err: syscall.EISDIR}}
	}
	return f, nil
}

// Read returns bytes of the file at path like 4.2.5's readFile (used by
// readLog and readProcess*Log):
//   - offset < 0: length must be 0; the last -offset bytes (or the whole
//     file if smaller);
//   - offset >= 0: length must not be negative; length 0 reads from offset
//     to the end, otherwise up to length bytes from offset. An offset past
//     the end gives no bytes.
//
// The file is opened before the arguments are checked, as in 4.2.5, so a
// missing file is ErrFailed/ErrNoFile whatever the arguments. Errors match
// ErrBadArguments or ErrFailed with errors.Is.
func Read(path string, offset, length int64) ([]byte, error) {
	f, err := openForRead(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if offset < 0 {
		if length != 0 {
			return nil, ErrBadArguments
		}
		size, err := f.Seek(0, io.SeekEnd)
		if err != nil {
			return nil, &readError{err}
		}
		want := -offset
		if offset == -1<<63 { // -offset overflows
			want = 1<<63 - 1
		}
		pos := size - want
		if pos < 0 {
			pos = 0
		}
		return readAt(f, pos, want)
	}
	if length < 0 {
		return nil, ErrBadArguments
	}
	if length == 0 {
		if _, err := f.Seek(offset, io.SeekStart); err != nil {
			return nil, &readError{err}
		}
		data, err := io.ReadAll(f)
		if err != nil {
			return nil, &readError{err}
		}
		return data, nil
	}
	return readAt(f, offset, length)
}

// readAt reads up to length bytes from offset (fewer at end of file).
func readAt(f *os.File, offset, length int64) ([]byte, error) {
	if _, err := f.Seek(offset, io.SeekStart); err != nil {
		return nil, &readError{err}
	}
	hint := length
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() && st.Size()-offset < hint {
		hint = st.Size() - offset
	}
	hint = max(0, min(hint, 1<<20)) // a file that grows meanwhile grows buf
	buf := make([]byte, 0, hint)
	for int64(len(buf)) < length {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		end := int64(cap(buf))
		if end > length {
			end = length
		}
		n, err := f.Read(buf[len(buf):end])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, &readError{err}
		}
	}
	return buf, nil
}

// Tail implements 4.2.5's tailFile (tailProcess*Log): with size the file
// size, if size > offset+length the result overflows and is the last length
// bytes; otherwise it is the bytes from offset to the end (none if offset
// is at or past the end). Negative results are clamped to 0. size is
// returned as the next offset. On error (missing or unreadable file) 4.2.5
// answers (empty string, offset, false) with the caller's offset.
func Tail(path string, offset, length int64) (data []byte, size int64, overflow bool, err error) {
	f, err := openForRead(path)
	if err != nil {
		return nil, 0, false, err
	}
	defer f.Close()
	size, err = f.Seek(0, io.SeekEnd)
	if err != nil {
		return nil, 0, false, &readError{err}
	}
	if size > offset+length {
		overflow = true
		offset = size - 1
	}
	if offset+length > size {
		if offset > size-1 {
			length = 0
		}
		offset = size - length
	}
	if offset < 0 {
		offset = 0
	}
	if length <= 0 {
		return []byte{}, size, overflow, nil
	}
	data, err = readAt(f, offset, length)
	if err != nil {
		return nil, 0, false, err
	}
	return data, size, overflow, nil
}
