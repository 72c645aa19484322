// Package childlog implements a child process's stdout or stderr log file
// as supervisord 4.2.5 keeps it, plus the helpers the RPC layer needs to
// read such files.
//
// A File is opened in append mode and written a whole pipe chunk at a time.
// After each write, when the file has reached maxbytes, it is rotated the
// way 4.2.5's RotatingFileHandler does: path.N-1 is renamed to path.N down
// to path.1, path is renamed to path.1, and a new empty path is opened
// (backups=0 just truncates). The check happens after the write, so a file
// can exceed maxbytes by one chunk. Targets that are not regular files
// (pipes, ttys, sockets, /dev/null, fifos) and paths that name one of the
// daemon's descriptors (/dev/stdout, /dev/stderr, /dev/fd/N, /proc/...,
// also through symlinks) are never rotated and never removed by Clear;
// 4.2.5 fails on them or renames the /dev/stdout link itself.
// /dev/stdout (or /dev/stderr, /dev/fd/N, /proc/self/fd/N) that is a socket,
// as under systemd, cannot be opened on Linux: the descriptor is duplicated
// instead (4.2.5 fails to start). A fifo without a reader is an open error
// (ENXIO) instead of blocking the daemon as 4.2.5 does.
//
// File is safe for concurrent use: Write is normally called by the one
// goroutine draining the child's pipe, Reopen/Clear/Close by the
// supervisor core or RPC handlers, and Read/Tail work on paths from any
// goroutine. Rotation, Reopen and Clear happen under the same lock as
// Write, so no byte is lost or duplicated across them.
//
// # Following a log without polling
//
// Watch(path) returns a channel that receives a value (non-blocking,
// coalescing: capacity 1) after every Write, rotation, Reopen or Clear of
// any File open on that path, and a cancel function that must be called
// when done. File.Subscribe is Watch(f.Path()). A follower such as the
// HTTP /logtail handler does:
//
//	ch, cancel := childlog.Watch(path)
//	defer cancel()
//	for {
//		data, size, _, err := childlog.Tail(path, offset, 1<<20) // or read from offset
//		... send data, offset = size ...
//		select {
//		case <-ch:
//		case <-ctx.Done():
//			return
//		}
//	}
//
// Subscribing before the first read guarantees no wake-up is missed. The
// signal is sent after the bytes are in the file. A file that shrank (it
// was rotated or cleared) shows up as a size below the follower's offset.
// The main log (package logger) signals the same registry for its path.
package childlog
