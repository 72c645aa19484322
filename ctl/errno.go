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

// osErrorClass is the OSError subclass Python raises for errno.
func osErrorClass(errno syscall.Errno) string {
	switch errno {
	case syscall.ECONNREFUSED:
		return "ConnectionRefusedError"
	case syscall.ENOENT:
		return "FileNotFoundError"
	case syscall.EACCES, syscall.EPERM:
		return "PermissionError"
	case syscall.ECONNRESET:
		return "ConnectionResetError"
	case syscall.ECONNABORTED:
		return "ConnectionAbortedError"
	case syscall.EPIPE, syscall.ESHUTDOWN:
		return "BrokenPipeError"
	case syscall.ETIMEDOUT:
		return "TimeoutError"
	case syscall.EEXIST:
		return "FileExistsError"
	case syscall.EISDIR:
		return "IsADirectoryError"
	case syscall.ENOTDIR:
		return "NotADirectoryError"
	case syscall.EINTR:
		return "InterruptedError"
	case syscall.EAGAIN, syscall.EALREADY, syscall.EINPROGRESS:
		return "BlockingIOError"
	}
	return "OSError"
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
