// Package fcgisocket creates the listening socket of an [fcgi-program:x]
// group the way 4.2.5's socket configs do (create_and_bind, then listen):
//
//   - tcp://host:port: an AF_INET stream socket with SO_REUSEADDR, bound to
//     host (a name is resolved to its first IPv4 address) and port;
//   - unix:///path: an existing file at path is removed first, then the
//     socket is bound, chowned to socket_owner and chmodded to socket_mode;
//     if that fails the socket is closed and the file removed again.
//
// The socket then listens with socket_backlog, or SOMAXCONN by default. It
// is blocking and close-on-exec: the supervisor dups it onto each child's
// fd 0, where FastCGI programs accept() on it.
//
// Errors are *Error values whose text is what 4.2.5 puts after "Could not
// create FastCGI socket <url>: " (Python's str() of the exception).
package fcgisocket

import (
	"errors"
	"fmt"
	"net"
	"os"
	"strings"

	"github.com/gosupervisord/gosupervisord/internal/py"
	"github.com/gosupervisord/gosupervisord/supervisor/config"
	"golang.org/x/sys/unix"
)

// Error is a socket creation failure, rendered as 4.2.5 renders it.
type Error struct {
	Prefix string // 4.2.5's ValueError wording, e.g. "Could not change permissions of socket file: "
	Errno  unix.Errno
	Path   string // the file name Python's OSError carries, if any
	Msg    string // a complete message instead of Errno (name resolution)
}

func (e *Error) Error() string {
	var sb strings.Builder
	sb.WriteString(e.Prefix)
	if e.Msg != "" {
		sb.WriteString(e.Msg)
		return sb.String()
	}
	fmt.Fprintf(&sb, "[Errno %d] %s", int(e.Errno), strerror(e.Errno))
	if e.Path != "" {
		fmt.Fprintf(&sb, ": %s", py.Repr(e.Path))
	}
	return sb.String()
}

// Unwrap returns the errno.
func (e *Error) Unwrap() error { return e.Errno }

// Create creates, binds and listens on the socket of c.
func Create(c *config.SocketConfig) (*os.File, error) {
	var fd int
	var err error
	if c.Family == config.FamilyUnix {
		fd, err = bindUnix(c)
	} else {
		fd, err = bindInet(c)
	}
	if err != nil {
		return nil, err
	}
	backlog := c.Backlog
	if backlog == 0 {
		backlog = unix.SOMAXCONN
	}
	if err := unix.Listen(fd, backlog); err != nil {
		unix.Close(fd)
		return nil, &Error{Errno: errnoOf(err)}
	}
	return os.NewFile(uintptr(fd), c.URL), nil
}

func bindInet(c *config.SocketConfig) (int, error) {
	ip, err := resolve(c.Host)
	if err != nil {
		return -1, err
	}
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return -1, &Error{Errno: errnoOf(err)}
	}
	if err := unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_REUSEADDR, 1); err != nil {
		unix.Close(fd)
		return -1, &Error{Errno: errnoOf(err)}
	}
	sa := &unix.SockaddrInet4{Port: c.Port}
	copy(sa.Addr[:], ip)
	if err := unix.Bind(fd, sa); err != nil {
		unix.Close(fd)
		return -1, &Error{Errno: errnoOf(err)}
	}
	return fd, nil
}

// resolve finds host's IPv4 address as Python's bind((host, port)) does
// for an AF_INET socket ("" is INADDR_ANY).
func resolve(host string) (net.IP, error) {
	if host == "" {
		return net.IPv4zero.To4(), nil
	}
	if ip := net.ParseIP(host); ip != nil {
		if ip4 := ip.To4(); ip4 != nil {
			return ip4, nil
		}
		return nil, &Error{Msg: "[Errno -9] Address family for hostname not supported"}
	}
	ips, err := net.LookupIP(host)
	if err == nil {
		for _, ip := range ips {
			if ip4 := ip.To4(); ip4 != nil {
				return ip4, nil
			}
		}
	}
	var dnsErr *net.DNSError
	if err != nil && errors.As(err, &dnsErr) && dnsErr.IsTemporary {
		return nil, &Error{Msg: "[Errno -3] Temporary failure in name resolution"}
	}
	return nil, &Error{Msg: "[Errno -2] Name or service not known"}
}

func bindUnix(c *config.SocketConfig) (int, error) {
	if _, err := os.Lstat(c.Path); err == nil {
		if err := unix.Unlink(c.Path); err != nil {
			return -1, &Error{Errno: errnoOf(err), Path: c.Path}
		}
	}
	fd, err := unix.Socket(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return -1, &Error{Errno: errnoOf(err)}
	}
	fail := func(e *Error) (int, error) {
		unix.Close(fd)
		if _, err := os.Lstat(c.Path); err == nil {
			_ = unix.Unlink(c.Path)
		}
		return -1, e
	}
	if err := unix.Bind(fd, &unix.SockaddrUnix{Name: c.Path}); err != nil {
		return fail(&Error{Errno: errnoOf(err)})
	}
	if c.Owner != nil {
		if err := unix.Chown(c.Path, c.Owner.UID, c.Owner.GID); err != nil {
			return fail(&Error{Prefix: "Could not change ownership of socket file: ", Errno: errnoOf(err), Path: c.Path})
		}
	}
	if c.Mode != nil {
		if err := unix.Chmod(c.Path, uint32(*c.Mode)); err != nil {
			return fail(&Error{Prefix: "Could not change permissions of socket file: ", Errno: errnoOf(err), Path: c.Path})
		}
	}
	return fd, nil
}

func errnoOf(err error) unix.Errno {
	var e unix.Errno
	if errors.As(err, &e) {
		return e
	}
	return unix.EIO
}

// strerror is strerror(3) as Python shows it (glibc's capitalised text).
func strerror(e unix.Errno) string {
	s := e.Error()
	if s != "" && s[0] >= 'a' && s[0] <= 'z' {
		s = string(s[0]-'a'+'A') + s[1:]
	}
	return s
}
