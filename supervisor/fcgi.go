package supervisor

import (
	"os"

	"github.com/gosupervisord/gosupervisord/supervisor/config"
	"github.com/gosupervisord/gosupervisord/supervisor/fcgisocket"
)

// fcgiSocket is the listening socket of an [fcgi-program:x] group (4.2.5's
// SocketManager): created when the first process of the group spawns,
// passed to every process as its fd 0, and closed when the last one has
// been reaped. It is loop state.
type fcgiSocket struct {
	s    *Supervisor
	cfg  *config.SocketConfig
	file *os.File
	refs int
}

// fcgiSocketError is a socket that cannot be created, with 4.2.5's text.
type fcgiSocketError struct {
	url string
	err error
}

func (e *fcgiSocketError) Error() string {
	return "Could not create FastCGI socket " + e.url + ": " + e.err.Error()
}

func (e *fcgiSocketError) Unwrap() error { return e.err }

// newFCGISocket makes the socket manager of group g. Like 4.2.5 it creates
// the socket once right away, to fail early on a bad configuration, and
// closes it again since no process holds it yet.
func newFCGISocket(s *Supervisor, g *group) (*fcgiSocket, error) {
	fs := &fcgiSocket{s: s, cfg: g.cfg.Socket}
	if _, err := fs.acquire(); err != nil {
		return nil, err
	}
	fs.release()
	return fs, nil
}

// acquire returns the socket for a process about to spawn, creating it if
// no process holds it.
func (fs *fcgiSocket) acquire() (*os.File, error) {
	if fs.refs == 0 {
		fs.s.log.Infof("Creating socket %s", fs.cfg.URL)
		f, err := fcgisocket.Create(fs.cfg)
		if err != nil {
			return nil, &fcgiSocketError{url: fs.cfg.URL, err: err}
		}
		fs.file = f
	}
	fs.refs++
	return fs.file, nil
}

// release gives the socket back (a process was reaped, or its spawn
// failed); the last one closes it. A unix socket's file stays, as in 4.2.5.
func (fs *fcgiSocket) release() {
	if fs.refs <= 0 {
		return
	}
	fs.refs--
	if fs.refs == 0 {
		fs.s.log.Infof("Closing socket %s", fs.cfg.URL)
		fs.file.Close()
		fs.file = nil
	}
}

// acquireSocket takes the group's socket for this child, to be its fd 0;
// closeAll gives it back.
func (inst *instance) acquireSocket() (*os.File, error) {
	fs := inst.p.group.socket
	f, err := fs.acquire()
	if err != nil {
		return nil, err
	}
	inst.socket = fs
	return f, nil
}
