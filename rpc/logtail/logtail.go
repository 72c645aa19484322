// Package logtail serves supervisord's streaming log endpoints,
// /logtail/<namespec>[/<channel>] and /mainlogtail, which supervisorctl's
// "tail -f", "maintail -f" and "fg" follow.
//
// A stream starts with the last 1024 bytes of the file (or all of it) and
// then sends each new piece of the file as it is written, one flushed
// HTTP/1.1 chunk per piece, until the client disconnects: as 4.2.5 does,
// including "==> File truncated <==\n" when the file shrinks and a switch to
// the new file when the path gets a new inode (rotation, clear).
//
// Unlike 4.2.5, which re-reads the file every 0.1 s, a stream sleeps until
// the log writer signals a change (childlog.Watch: every write, rotation,
// reopen or clear of a child or main log goes through childlog and wakes
// its followers), so tail -f latency is the time to copy the bytes, and an
// open stream on a quiet log costs nothing.
package logtail

import (
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"syscall"
	"time"

	"github.com/gosupervisord/gosupervisord/rpc/httpserver"
	"github.com/gosupervisord/gosupervisord/supervisor/childlog"
)

// Resolver finds log files; *supervisor.Supervisor implements it. Any
// error, or an empty path, means 404.
type Resolver interface {
	// LookupLogfile returns the "stdout" or "stderr" log file path of the
	// process namespec ("name" or "group:name").
	LookupLogfile(ctx context.Context, namespec, channel string) (string, error)
	// LookupMainLogfile returns the main log file path.
	LookupMainLogfile(ctx context.Context) (string, error)
}

// WatchFunc subscribes to changes of the file at path: the channel receives
// a value after each change (coalesced); cancel unsubscribes.
type WatchFunc func(path string) (ch <-chan struct{}, cancel func())

// headBytes is how much of the existing file a stream starts with.
const headBytes = 1024

// readChunk bounds one read of new data (one HTTP chunk).
const readChunk = 64 << 10

// truncatedNotice is what 4.2.5 sends when the file shrinks.
const truncatedNotice = "==> File truncated <==\n"

var errNoResolver = errors.New("logtail: no resolver")

// Handler serves /logtail/... (and /mainlogtail with Main set).
type Handler struct {
	// Resolver finds the files; nil answers every stream with 404.
	Resolver Resolver
	// Main makes this the /mainlogtail handler.
	Main bool
	// Watch defaults to childlog.Watch.
	Watch WatchFunc
}

// Handle serves one stream request, following 4.2.5's logtail and
// mainlogtail handlers: GET only (400 otherwise); 404 for an unknown
// process, a "group:*" name, a channel other than stdout or stderr, a log
// that is not configured (NONE, or stderr redirected) or a file that does
// not exist (yet); 500 for "/logtail" with no name part, as in 4.2.5.
func (h *Handler) Handle(w *httpserver.ResponseWriter, r *httpserver.Request) {
	if r.Method != "GET" {
		w.Error(400)
		return
	}
	var path string
	var err error
	switch {
	case h.Resolver == nil:
		err = errNoResolver
		if !h.Main {
			if _, _, ok := parseLogtailPath(r.Path); !ok {
				w.Error(500)
				return
			}
		}
	case h.Main:
		path, err = h.Resolver.LookupMainLogfile(r.Context())
	default:
		name, channel, ok := parseLogtailPath(r.Path)
		if !ok {
			w.Error(500)
			return
		}
		if channel != "stdout" && channel != "stderr" {
			w.Error(404)
			return
		}
		path, err = h.Resolver.LookupLogfile(r.Context(), name, channel)
	}
	if err != nil || path == "" {
		w.Error(404)
		return
	}
	watch := h.Watch
	if watch == nil {
		watch = childlog.Watch
	}
	// Subscribe before the first look at the file, so that no change
	// between that look and the first wait is missed.
	changed, cancel := watch(path)
	defer cancel()
	f, err := openFollowed(path)
	if err != nil {
		w.Error(404)
		return
	}
	defer func() { f.file.Close() }()

	w.Set("Last-Modified", httpserver.HTTPDate(f.mtime))
	w.Set("Content-Type", "text/plain;charset=utf-8")
	if !h.Main {
		w.Set("X-Accel-Buffering", "no")
	}
	if err := w.Flush(); err != nil {
		return
	}
	fl := &follower{path: path, f: f, w: w, buf: make([]byte, readChunk)}
	if f.size >= headBytes {
		fl.offset = f.size - headBytes
	}
	fl.run(r.Context(), changed)
}

// parseLogtailPath splits "/logtail/<name>[/<channel>]" as 4.2.5 does: the
// path is %-decoded a second time, leading slashes are dropped, the first
// component is skipped (so "/logtailx/name" works too), and the channel is
// everything after the name's slash. ok is false when there is no slash
// after the first component.
func parseLogtailPath(p string) (name, channel string, ok bool) {
	if strings.Contains(p, "%") {
		p = httpserver.Unquote(p)
	}
	p = strings.TrimLeft(p, "/")
	_, rest, ok := strings.Cut(p, "/")
	if !ok {
		return "", "", false
	}
	name, channel, hasChannel := strings.Cut(rest, "/")
	if !hasChannel {
		channel = "stdout"
	}
	return name, channel, true
}

// followedFile is an open log file and what we know of it.
type followedFile struct {
	file  *os.File
	ino   uint64
	size  int64
	mtime time.Time
}

func openFollowed(path string) (*followedFile, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	st, err := file.Stat()
	if err != nil {
		file.Close()
		return nil, err
	}
	ff := &followedFile{file: file, size: st.Size(), mtime: st.ModTime()}
	if sys, ok := st.Sys().(*syscall.Stat_t); ok {
		ff.ino = sys.Ino
	}
	return ff, nil
}

// follower streams one file.
type follower struct {
	path   string
	f      *followedFile
	offset int64 // next byte of f to send
	w      *httpserver.ResponseWriter
	buf    []byte
}

// run sends what the file holds beyond offset, then waits for changes and
// sends them, until ctx ends or the client cannot be written to.
func (fl *follower) run(ctx context.Context, changed <-chan struct{}) {
	for {
		if err := fl.catchUp(); err != nil {
			return
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return
		}
	}
}

// catchUp sends everything new: a switch to a new file at the path, a
// truncation notice, and new bytes.
func (fl *follower) catchUp() error {
	if ino, ok := inodeOf(fl.path); ok && ino != fl.f.ino {
		// The path is a new file (rotation, clear). Send what the old one
		// got since we last looked (4.2.5 drops it), then the new one from
		// its start.
		if err := fl.sendNew(); err != nil {
			return err
		}
		nf, err := openFollowed(fl.path)
		if err == nil {
			fl.f.file.Close()
			fl.f, fl.offset = nf, 0
		}
	}
	return fl.sendNew()
}

// sendNew sends the bytes of the current file beyond offset, or the
// truncation notice if the file shrank below it.
func (fl *follower) sendNew() error {
	st, err := fl.f.file.Stat()
	if err != nil {
		return nil // keep following; the handle is still good
	}
	size := st.Size()
	if size < fl.offset {
		fl.offset = 0
		if _, err := fl.w.Write([]byte(truncatedNotice)); err != nil {
			return err
		}
		if err := fl.w.Flush(); err != nil {
			return err
		}
	}
	for fl.offset < size {
		n, err := fl.f.file.ReadAt(fl.buf[:min(int64(len(fl.buf)), size-fl.offset)], fl.offset)
		if n > 0 {
			fl.offset += int64(n)
			if _, werr := fl.w.Write(fl.buf[:n]); werr != nil {
				return werr
			}
		}
		if err != nil {
			if errors.Is(err, io.EOF) {
				break // shrank while we read; the next look will tell
			}
			return err
		}
	}
	return fl.w.Flush()
}

func inodeOf(path string) (uint64, bool) {
	st, err := os.Stat(path)
	if err != nil {
		return 0, false
	}
	sys, ok := st.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, false
	}
	return sys.Ino, true
}
