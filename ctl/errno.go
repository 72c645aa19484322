package ctl

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"syscall"
	"unicode"
	"unicode/utf8"
)

// errnoClasses are the OSError subclasses Python raises for an errno.
var errnoClasses = map[syscall.Errno]string{
	syscall.ECONNREFUSED: "ConnectionRefusedError",
	syscall.ENOENT:       "FileNotFoundError",
	syscall.EACCES:       "PermissionError",
	syscall.EPERM:        "PermissionError",
	syscall.ECONNRESET:   "ConnectionResetError",
	syscall.ECONNABORTED: "ConnectionAbortedError",
	syscall.EPIPE:        "BrokenPipeError",
	syscall.ESHUTDOWN:    "BrokenPipeError",
	syscall.ETIMEDOUT:    "TimeoutError",
	syscall.EEXIST:       "FileExistsError",
	syscall.EISDIR:       "IsADirectoryError",
	syscall.ENOTDIR:      "NotADirectoryError",
	syscall.EINTR:        "InterruptedError",
	syscall.EAGAIN:       "BlockingIOError",
	syscall.EALREADY:     "BlockingIOError",
	syscall.EINPROGRESS:  "BlockingIOError",
}

// osErrorClass is the OSError subclass Python raises for errno.
func osErrorClass(errno syscall.Errno) string {
	if class, ok := errnoClasses[errno]; ok {
		return class
	}
	return "OSError"
}

// osErrorClasses are OSError and the subclasses of it that the client can
// raise (socket.error is OSError).
var osErrorClasses = func() map[string]bool {
	set := map[string]bool{"OSError": true, "socket.gaierror": true, "http.client.RemoteDisconnected": true}
	for _, class := range errnoClasses {
		set[class] = true
	}
	return set
}()

// isOSError reports whether the exception is an OSError (socket.error).
func (e *PyError) isOSError() bool {
	return e.Errno != 0 || osErrorClasses[e.Class]
}

// strerror is glibc's text for errno (Go's table is glibc's, lower-cased).
func strerror(errno syscall.Errno) string {
	s := errno.Error()
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// osError turns a Go network error into the Python OSError 4.2.5 would
// have raised at site; ok is false if err is not an OS-level error.
func osError(err error, site pySite) (*PyError, bool) {
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		if dnsErr.IsTemporary || dnsErr.IsTimeout {
			return &PyError{Class: "socket.gaierror", Msg: "[Errno -3] Temporary failure in name resolution", Site: siteGetaddrinfo, Errno: -3}, true
		}
		return &PyError{Class: "socket.gaierror", Msg: "[Errno -2] Name or service not known", Site: siteGetaddrinfo, Errno: -2}, true
	}
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return &PyError{
			Class: osErrorClass(errno),
			Msg:   fmt.Sprintf("[Errno %d] %s", int(errno), strerror(errno)),
			Site:  site,
			Errno: int(errno),
		}, true
	}
	if errors.Is(err, os.ErrDeadlineExceeded) || errors.Is(err, context.DeadlineExceeded) {
		return &PyError{Class: "TimeoutError", Msg: "timed out", Site: site}, true
	}
	return nil, false
}

// remoteDisconnected is http.client's complaint when the server closes the
// connection instead of answering.
func remoteDisconnected() *PyError {
	return &PyError{Class: "http.client.RemoteDisconnected", Msg: "Remote end closed connection without response", Site: siteRemoteClosed}
}

// isEOF reports whether err means the peer closed the connection.
func isEOF(err error) bool {
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
}
