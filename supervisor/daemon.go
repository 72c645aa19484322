package supervisor

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"syscall"

	"github.com/gosupervisord/gosupervisord/internal/py"
	"github.com/gosupervisord/gosupervisord/supervisor/reaper"
	"golang.org/x/sys/unix"
)

// Daemon mode. Go cannot fork, so instead of 4.2.5's fork-and-continue the
// foreground process re-executes itself (/proc/self/exe, same arguments)
// in a new session, and the child runs the whole start-up sequence with the
// terminal still as its stdout/stderr, so that start-up errors (a port in
// use, a bad user) reach the user as with 4.2.5. Once its HTTP servers are
// open, the child "daemonizes" (4.2.5's _daemonize: chdir to directory,
// stdio to /dev/null, umask) and tells the parent, which exits 0. If the
// child dies first, the parent exits with the child's status.

// daemonNotifyEnv names the descriptor through which the daemon child tells
// its parent it is serving.
const daemonNotifyEnv = "GOSUPERVISORD_DAEMON_NOTIFY_FD"

// daemonReady is what the child writes when it is serving.
const daemonReady = "ready\n"

// takeDaemonNotifyFD returns the notification pipe if we are the daemon
// child, removing the marker from our environment so children do not see
// it.
func takeDaemonNotifyFD() *os.File {
	v, ok := os.LookupEnv(daemonNotifyEnv)
	if !ok {
		return nil
	}
	os.Unsetenv(daemonNotifyEnv)
	fd, err := strconv.Atoi(v)
	if err != nil || fd < 3 {
		return nil
	}
	unix.CloseOnExec(fd)
	return os.NewFile(uintptr(fd), "daemon-notify")
}

// daemonizeParent starts the daemon child and waits until it is serving
// (exit status 0) or has died (its exit status).
func daemonizeParent() error {
	r, w, err := os.Pipe()
	if err != nil {
		return err
	}
	devnull, err := os.Open(os.DevNull)
	if err != nil {
		return err
	}
	env := append(os.Environ(), daemonNotifyEnv+"=3")
	pid, err := syscall.ForkExec("/proc/self/exe", os.Args, &syscall.ProcAttr{
		Env:   env,
		Files: []uintptr{devnull.Fd(), os.Stdout.Fd(), os.Stderr.Fd(), w.Fd()},
		Sys:   &syscall.SysProcAttr{Setsid: true},
	})
	devnull.Close()
	w.Close()
	if err != nil {
		r.Close()
		return fmt.Errorf("cannot start the daemon process: %w", err)
	}
	msg, _ := io.ReadAll(r)
	r.Close()
	if string(msg) == daemonReady {
		return ExitStatus(0)
	}
	var ws syscall.WaitStatus
	for {
		_, err := syscall.Wait4(pid, &ws, 0, nil)
		if err != syscall.EINTR {
			break
		}
	}
	switch {
	case ws.Exited():
		return ExitStatus(ws.ExitStatus())
	case ws.Signaled():
		return ExitStatus(128 + int(ws.Signal()))
	}
	return ExitStatus(1)
}

// daemonize is the child's half of 4.2.5's _daemonize, done once the HTTP
// servers are open: chdir to directory, stdio to /dev/null, umask, and
// tell the waiting parent to exit.
func (s *Supervisor) daemonize(notify *os.File) {
	sd := &s.cfg.Supervisord
	s.log.Infof("daemonizing the supervisord process")
	if sd.Directory != "" {
		if err := os.Chdir(sd.Directory); err != nil {
			s.log.Critf("can't chdir into %s: %s", py.Repr(sd.Directory), pyOSErrorPath(err, sd.Directory))
		} else {
			s.log.Infof("set current directory: %s", py.Repr(sd.Directory))
		}
	}
	if fd, err := unix.Open(os.DevNull, unix.O_RDWR, 0); err == nil {
		for _, target := range []int{0, 1, 2} {
			_ = unix.Dup2(fd, target)
		}
		if fd > 2 {
			unix.Close(fd)
		}
	}
	syscall.Umask(sd.Umask)
	_, _ = notify.WriteString(daemonReady)
	notify.Close()
}

// pyOSErrorPath renders an OSError with a filename as Python's str():
// "[Errno 2] No such file or directory: '/x'".
func pyOSErrorPath(err error, path string) string {
	return pyOSError(err) + ": " + py.Repr(path)
}

// reaperHandleOrphans makes s log the children nobody spawned (orphans
// re-parented to us when we are PID 1) as 4.2.5 does.
func reaperHandleOrphans(s *Supervisor) func() {
	return reaper.HandleOrphans(func(e reaper.Exit) { s.post(func() { s.handleExit(e) }) })
}
