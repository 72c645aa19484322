package server

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/user"
	"strconv"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/gosupervisord/gosupervisord/supervisor/config"
)

// ListenError is a listener that could not be opened. Its message is the
// text 4.2.5 prints after "Error: " before exiting with status 2.
type ListenError struct {
	Msg string
	Err error // the underlying error, if any
}

// Error returns 4.2.5's message.
func (e *ListenError) Error() string { return e.Msg }

// Unwrap returns the underlying error.
func (e *ListenError) Unwrap() error { return e.Err }

// errAddrInUse is 4.2.5's message when a port or socket is taken.
const errAddrInUse = "Another program is already listening on a port that one of our HTTP servers " +
	"is configured to use.  Shut this program down first before starting supervisord."

// socketError turns a socket error into 4.2.5's message for it.
func socketError(err error) error {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		if errno == syscall.EADDRINUSE {
			return &ListenError{errAddrInUse, err}
		}
		name := unix.ErrnoName(errno)
		if name == "" {
			return &ListenError{fmt.Sprintf("Cannot open an HTTP server: socket.error reported %d", int(errno)), err}
		}
		return &ListenError{fmt.Sprintf("Cannot open an HTTP server: socket.error reported errno.%s (%d)", name, int(errno)), err}
	}
	// Name resolution failures are socket.gaierror in Python, whose
	// negative EAI_* codes have no errno name.
	code := -3 // EAI_AGAIN
	var dns *net.DNSError
	if errors.As(err, &dns) && dns.IsNotFound {
		code = -2 // EAI_NONAME
	}
	return &ListenError{fmt.Sprintf("Cannot open an HTTP server: socket.error reported %d", code), err}
}

// listenInet opens an [inet_http_server]: IPv4 only, as 4.2.5's AF_INET
// socket; an empty host means all interfaces.
func listenInet(cfg config.ServerConfig) (net.Listener, error) {
	l, err := net.Listen("tcp4", net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.Port)))
	if err != nil {
		return nil, socketError(err)
	}
	return l, nil
}

// staleRetryDelay is how long 4.2.5 sleeps after unlinking a stale socket.
const staleRetryDelay = 300 * time.Millisecond

// maxStaleRetries bounds the unlink-and-retry loop (4.2.5 loops forever).
const maxStaleRetries = 20

// listenUnix opens a [unix_http_server] the race-safe way 4.2.5 does: bind
// <file>.<pid>, chmod it, hard-link it to <file>. When the link fails
// because <file> exists, a live server there is an error; a dead one is
// reported on stderr ("Unlinking stale socket <file>"), removed, and the
// whole thing retried. Then <file> is chowned if configured.
func listenUnix(cfg config.ServerConfig, stderr io.Writer) (*net.UnixListener, error) {
	file := cfg.File
	temp := fmt.Sprintf("%s.%d", file, os.Getpid())
	os.Remove(temp)
	for attempt := 0; ; attempt++ {
		l, err := net.ListenUnix("unix", &net.UnixAddr{Name: temp, Net: "unix"})
		if err != nil {
			return nil, socketError(err)
		}
		l.SetUnlinkOnClose(false)
		fail := func(err error) (*net.UnixListener, error) {
			l.Close()
			os.Remove(temp)
			return nil, err
		}
		if err := os.Chmod(temp, os.FileMode(cfg.Chmod)); err != nil {
			return fail(socketError(err))
		}
		if err := os.Link(temp, file); err != nil {
			if !errors.Is(err, os.ErrExist) || attempt >= maxStaleRetries {
				return fail(socketError(err))
			}
			if socketInUse(file) {
				return fail(&ListenError{errAddrInUse, err})
			}
			fmt.Fprintf(stderr, "Unlinking stale socket %s\n", file)
			os.Remove(file)
			l.Close()
			os.Remove(temp)
			time.Sleep(staleRetryDelay)
			continue
		}
		os.Remove(temp)
		if cfg.ChownUID != -1 || cfg.ChownGID != -1 {
			if err := os.Chown(file, cfg.ChownUID, cfg.ChownGID); err != nil {
				l.Close()
				os.Remove(file)
				if errors.Is(err, syscall.EPERM) {
					return nil, &ListenError{fmt.Sprintf("Not permitted to chown %s to uid/gid (%d, %d); "+
						`adjust "sockchown" value in config file or on command line to values that the current user (%s) can successfully chown`,
						file, cfg.ChownUID, cfg.ChownGID, currentUser()), err}
				}
				return nil, socketError(err)
			}
		}
		return l, nil
	}
}

// socketInUse reports whether a server answers on the unix socket at path,
// as 4.2.5's checkused does: connect, send a request, read one byte. A
// server that accepts but says nothing within the timeout counts as alive.
func socketInUse(path string) bool {
	c, err := net.DialTimeout("unix", path, 5*time.Second)
	if err != nil {
		return false
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := c.Write([]byte("GET / HTTP/1.0\r\n\r\n")); err != nil {
		return false
	}
	var b [1]byte
	_, err = c.Read(b[:])
	var ne net.Error
	return err == nil || err == io.EOF || (errors.As(err, &ne) && ne.Timeout())
}

func currentUser() string {
	if u, err := user.LookupId(strconv.Itoa(os.Geteuid())); err == nil {
		return u.Username
	}
	return strconv.Itoa(os.Geteuid())
}
