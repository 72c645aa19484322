package childlog

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"golang.org/x/sys/unix"
)

// File is a child's log file (or the file target of the main log): an
// append-mode file rotated after a write that brings it to maxbytes. It is
// safe for concurrent use.
type File struct {
	path     string
	maxBytes int64
	backups  int
	topic    *topic

	mu        sync.Mutex
	f         *os.File
	pos       int64 // file position after the last write; -1 when unknown
	rotatable bool  // regular file, not a descriptor path, maxBytes > 0
	removable bool  // regular file, not a descriptor path: Clear may delete it
	closed    bool
}

// openFlags are 4.2.5's 'ab' mode. O_NONBLOCK keeps a fifo without a reader
// from hanging the caller (Go's poller then makes writes wait properly).
const openFlags = os.O_WRONLY | os.O_APPEND | os.O_CREATE | syscall.O_NONBLOCK

// Open opens (creating it if missing) the log file at path in append mode.
// maxBytes 0 disables rotation; backups is the number of .N files kept.
// Rotation is also disabled when path is not a regular file.
func Open(path string, maxBytes int64, backups int) (*File, error) {
	f := &File{path: path, maxBytes: maxBytes, backups: backups}
	if err := f.open(openFlags); err != nil {
		return nil, err
	}
	f.topic = acquireTopic(path)
	return f, nil
}

// open replaces f.f with a fresh descriptor on f.path. On failure the old
// descriptor stays in use. Callers hold f.mu (or own f exclusively).
func (f *File) open(flags int) error {
	nf, err := os.OpenFile(f.path, flags, 0o666)
	if err != nil {
		var derr error
		if nf, derr = dupStdFd(f.path, err); derr != nil {
			return err
		}
	}
	regular := false
	if st, err := nf.Stat(); err == nil {
		regular = st.Mode().IsRegular()
	}
	special := isSpecialPath(f.path)
	if f.f != nil {
		f.f.Close()
	}
	f.f = nf
	f.pos = -1
	f.rotatable = regular && !special && f.maxBytes > 0
	f.removable = regular && !special
	return nil
}

// dupStdFd handles a failed open of /dev/stdout, /dev/stderr, /dev/fd/N or
// /proc/self/fd/N whose descriptor is a socket (journald's stdout under
// systemd): Linux refuses to open those with ENXIO, so the descriptor is
// duplicated instead. 4.2.5 fails to start there.
func dupStdFd(path string, openErr error) (*os.File, error) {
	if !errors.Is(openErr, syscall.ENXIO) {
		return nil, openErr
	}
	p := filepath.Clean(path)
	fd := -1
	switch p {
	case "/dev/stdout":
		fd = 1
	case "/dev/stderr":
		fd = 2
	}
	for _, prefix := range []string{"/dev/fd/", "/proc/self/fd/"} {
		if n, ok := strings.CutPrefix(p, prefix); ok {
			if v, err := strconv.Atoi(n); err == nil {
				fd = v
			}
		}
	}
	if fd < 0 {
		return nil, openErr
	}
	dup, err := unix.FcntlInt(uintptr(fd), unix.F_DUPFD_CLOEXEC, 3)
	if err != nil {
		return nil, err
	}
	return os.NewFile(uintptr(dup), path), nil
}

// isDescriptorName reports whether p names one of the daemon's own open
// descriptors or something else under /proc: /dev/stdin, /dev/stdout,
// /dev/stderr, /dev/fd/N, /proc/...
func isDescriptorName(p string) bool {
	p = filepath.Clean(p)
	switch p {
	case "/dev/stdin", "/dev/stdout", "/dev/stderr", "/dev/fd", "/proc":
		return true
	}
	return strings.HasPrefix(p, "/dev/fd/") || strings.HasPrefix(p, "/proc/")
}

// isSpecialPath reports whether path, or a symlink it goes through, names a
// descriptor (isDescriptorName). Such a path is never renamed or removed,
// even when it leads to a regular file (/dev/stdout redirected to a file):
// 4.2.5 would rename or delete the /dev/stdout link itself.
func isSpecialPath(path string) bool {
	p := path
	for hop := 0; hop < 40; hop++ {
		if isDescriptorName(p) {
			return true
		}
		target, err := os.Readlink(p)
		if err != nil {
			return false // not a symlink
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(p), target)
		}
		p = target
	}
	return false
}

// Path returns the file name the File was opened with.
func (f *File) Path() string { return f.path }

// Rotatable reports whether the File rotates: maxbytes > 0 and the target
// is a regular file.
func (f *File) Rotatable() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.rotatable
}

// Write appends the whole of p, then rotates the file if it has reached
// maxbytes. Followers are woken after the bytes are in the file. A rotation
// error is returned after the data is written (n == len(p)); the data is
// never lost because of it.
func (f *File) Write(p []byte) (int, error) {
	f.mu.Lock()
	if f.closed {
		f.mu.Unlock()
		return 0, os.ErrClosed
	}
	n, err := f.f.Write(p)
	if err == nil && f.rotatable {
		err = f.maybeRotate()
	}
	f.mu.Unlock()
	if n > 0 || err == nil {
		f.topic.notify()
	}
	return n, err
}

// maybeRotate rotates when the file position (the file size, in append
// mode) is at least maxBytes. Callers hold f.mu.
func (f *File) maybeRotate() error {
	pos, err := f.f.Seek(0, io.SeekCurrent)
	if err != nil {
		// Not seekable after all: stop trying, as a pipe would.
		f.rotatable = false
		return nil
	}
	if pos < f.maxBytes {
		f.pos = pos
		return nil
	}
	return f.rotate()
}

// Room returns how many more bytes can be written before the file is due
// to rotate: math.MaxInt64 when it does not rotate, 0 when the position is
// not known yet (before the first write after an open). Writers that pick
// their chunk size (a busy output channel) stay within Room plus 4.2.5's
// 128 KiB, as 4.2.5's single reads do.
func (f *File) Room() int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch {
	case !f.rotatable:
		return math.MaxInt64
	case f.pos < 0:
		return 0
	}
	return max(f.maxBytes-f.pos, 0)
}

// rotate shifts the backups and starts an empty file, like 4.2.5's
// doRollover. Callers hold f.mu.
func (f *File) rotate() error {
	var errs []error
	if f.backups > 0 {
		for i := f.backups - 1; i > 0; i-- {
			src := fmt.Sprintf("%s.%d", f.path, i)
			if _, err := os.Stat(src); err == nil {
				errs = append(errs, renameIgnoringMissing(src, fmt.Sprintf("%s.%d", f.path, i+1)))
			}
		}
		errs = append(errs, renameIgnoringMissing(f.path, f.path+".1"))
	}
	// 4.2.5 reopens with 'wb'. With backups the path was just renamed away,
	// so a plain create gives the same empty file without truncating bytes
	// another writer may already have put there; O_APPEND is kept so such a
	// writer is never overwritten. With no backups the file is truncated.
	flags := openFlags
	if f.backups <= 0 {
		flags |= os.O_TRUNC
	}
	errs = append(errs, f.open(flags))
	return errors.Join(errs...)
}

// renameIgnoringMissing renames src to dst, replacing dst; a missing src
// (deleted by someone else) is not an error, as in 4.2.5.
func renameIgnoringMissing(src, dst string) error {
	err := os.Rename(src, dst)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return err
}

// Reopen closes and reopens the file at its path (SIGUSR2, logreopen), so
// that a file moved away by an external log rotator is replaced. If the
// open fails the old descriptor stays in use and the error is returned.
func (f *File) Reopen() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return os.ErrClosed
	}
	err := f.open(openFlags)
	f.topic.notify()
	return err
}

// Clear removes the file (not its backups, like 4.2.5's handler.remove) and
// reopens it empty (clearProcessLogs). Special paths such as /dev/stdout
// are reopened but never removed.
func (f *File) Clear() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return os.ErrClosed
	}
	defer f.topic.notify()
	if f.removable {
		if err := os.Remove(f.path); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return f.open(openFlags)
}

// Close closes the file. Later writes fail with os.ErrClosed. Close is
// idempotent.
func (f *File) Close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return nil
	}
	f.closed = true
	err := f.f.Close()
	releaseTopic(f.topic)
	return err
}

// Subscribe is Watch(f.Path()): see the package documentation.
func (f *File) Subscribe() (ch <-chan struct{}, cancel func()) {
	return Watch(f.path)
}

// Remove deletes the file's name from disk without closing it: writes keep
// going to the removed file until Reopen (4.2.5's clearLog removes the main
// log, logs, then reopens). Special paths such as /dev/stdout are left
// alone. The os error is returned as is (a missing file included).
func (f *File) Remove() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.removable {
		return nil
	}
	return os.Remove(f.path)
}
