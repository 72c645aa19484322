package main

import (
	"errors"
	"fmt"
	"io"
	"syscall"
	"time"
)

// blockConn is a blocking unix stream socket used directly with system
// calls, bypassing Go's netpoller: a response body is read with one
// recv(MSG_WAITALL) however many pieces the server writes it in, which keeps
// the load generator's CPU per call small (the Python harness does the
// same). Timeouts are per system call (SO_RCVTIMEO/SO_SNDTIMEO).
type blockConn struct{ fd int }

// errSockTimeout is returned when a socket timeout expires.
var errSockTimeout = errors.New("socket timeout")

// dialUnixBlocking connects to a unix socket path.
func dialUnixBlocking(path string, timeout time.Duration) (*blockConn, error) {
	fd, err := syscall.Socket(syscall.AF_UNIX, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	tv := syscall.NsecToTimeval(timeout.Nanoseconds())
	for _, opt := range []int{syscall.SO_RCVTIMEO, syscall.SO_SNDTIMEO} {
		if err := syscall.SetsockoptTimeval(fd, syscall.SOL_SOCKET, opt, &tv); err != nil {
			syscall.Close(fd)
			return nil, err
		}
	}
	if err := syscall.Connect(fd, &syscall.SockaddrUnix{Name: path}); err != nil {
		syscall.Close(fd)
		return nil, fmt.Errorf("dial unix %s: %v", path, err)
	}
	return &blockConn{fd: fd}, nil
}

// sysErr maps errno values of a timed-out blocking socket.
func sysErr(err error) error {
	if errors.Is(err, syscall.EAGAIN) {
		return errSockTimeout
	}
	return err
}

// Read reads what is available (at least one byte).
func (c *blockConn) Read(p []byte) (int, error) {
	for {
		n, err := syscall.Read(c.fd, p)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return 0, sysErr(err)
		}
		if n == 0 && len(p) > 0 {
			return 0, io.EOF
		}
		return n, nil
	}
}

// readFull fills p, using MSG_WAITALL so that the kernel gathers the bytes.
func (c *blockConn) readFull(p []byte) error {
	for off := 0; off < len(p); {
		n, _, err := syscall.Recvfrom(c.fd, p[off:], syscall.MSG_WAITALL)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return sysErr(err)
		}
		if n == 0 {
			return io.ErrUnexpectedEOF
		}
		off += n
	}
	return nil
}

// Write writes all of p.
func (c *blockConn) Write(p []byte) (int, error) {
	off := 0
	for off < len(p) {
		n, err := syscall.Write(c.fd, p[off:])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return off, sysErr(err)
		}
		off += n
	}
	return off, nil
}

// Close closes the socket.
func (c *blockConn) Close() error { return syscall.Close(c.fd) }
