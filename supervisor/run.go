package supervisor

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/gosupervisord/gosupervisord/supervisor/childlog"
	"github.com/gosupervisord/gosupervisord/supervisor/config"
	"github.com/gosupervisord/gosupervisord/supervisor/events"
	"github.com/gosupervisord/gosupervisord/supervisor/logger"
	"github.com/gosupervisord/gosupervisord/supervisor/memtrim"
	"github.com/gosupervisord/gosupervisord/supervisor/spawn"
)

// UsageError is a start-up failure that 4.2.5 reports through usage():
// the caller prints "Error: <Msg>" and "For help, use <prog> -h" to stderr
// and exits with status 2.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

// ExitStatus is returned by the foreground parent of a daemonizing
// supervisord: exit with this status and print nothing (the daemon, or its
// failure, has already spoken).
type ExitStatus int

func (e ExitStatus) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// rootMessage is the CRIT line 4.2.5 logs when it runs as root without
// user=.
const rootMessage = "Supervisor is running as root.  Privileges were not dropped because no user is specified in the config file.  If you intend to run as root, you can set user=root in the config file to avoid this message."

// Run runs supervisord until it shuts down: the start-up sequence of
// 4.2.5 (privileges, rlimits, main log, AUTO log cleanup, groups, HTTP
// servers, daemonizing, pidfile), the event loop, the ordered shutdown, and
// in-process restarts (same PID) on SIGHUP or Restart. It returns nil
// after a normal shutdown, or a *UsageError, an ExitStatus or another
// error as documented on those types.
func (s *Supervisor) Run() error {
	defer close(s.quit)
	daemonChild := takeDaemonNotifyFD()
	if !s.cfg.Supervisord.Nodaemon && daemonChild == nil {
		return daemonizeParent()
	}
	spawn.CloseInheritedOnExec()
	// 4.2.5's children inherit Python's ignored SIGPIPE and SIGXFSZ;
	// ignoring them here gives ours the same dispositions (and makes writes
	// to a closed stdout fail with EPIPE instead of killing us).
	signal.Ignore(syscall.SIGPIPE, syscall.SIGXFSZ)
	cancelOrphans := reaperHandleOrphans(s)
	defer cancelOrphans()
	defer signal.Stop(s.sigs)

	first := true
	for {
		if err := s.runOnce(first, daemonChild); err != nil {
			return err
		}
		daemonChild = nil
		if s.mood != StateRestarting {
			return nil
		}
		first = false
		if s.opts.Load == nil {
			return errors.New("restart requested but no configuration loader")
		}
		cfg, err := s.opts.Load()
		if err != nil {
			return &UsageError{Msg: err.Error()}
		}
		s.cfg = cfg
	}
}

// runOnce is one life of 4.2.5's Supervisor object: main() and run().
func (s *Supervisor) runOnce(first bool, daemonNotify *os.File) (err error) {
	s.mood = StateRunning
	s.exitNow = false
	s.stopping = false
	s.stopGroups = nil
	s.lastShutdownReport = timeZero
	s.groups = nil
	s.lexical = nil
	s.groupByNam = map[string]*group{}
	s.pidHistory = map[int]*process{}
	s.autoLogs = map[*config.ProcessConfig]autoLogs{}
	s.bus.Clear()

	sd := &s.cfg.Supervisord
	criticals := append([]string(nil), s.cfg.Criticals...)
	infos := append([]string(nil), s.cfg.Infos...)
	if sd.User == "" {
		if os.Getuid() == 0 {
			criticals = append(criticals, rootMessage)
		}
	} else {
		if msg := dropPrivileges(sd.UID); msg != "" {
			return &UsageError{Msg: msg}
		}
		infos = append(infos, fmt.Sprintf("Set uid to user %d succeeded", sd.UID))
	}
	if first {
		more, msg := setRlimits(sd.Minfds, sd.Minprocs)
		if msg != "" {
			return &UsageError{Msg: msg}
		}
		infos = append(infos, more...)
	}

	lo := logger.Options{Path: sd.Logfile, MaxBytes: sd.LogfileMaxbytes, Backups: sd.LogfileBackups, Level: sd.Loglevel}
	if sd.Nodaemon && !sd.Silent {
		lo.Stdout = s.opts.Stdout
	}
	log, lerr := logger.New(lo)
	if lerr != nil {
		return fmt.Errorf("cannot open the main log: %w", lerr)
	}
	s.log = log
	defer func() {
		s.log.Close()
	}()
	for _, m := range criticals {
		s.log.Critf("%s", m)
	}
	for _, m := range s.cfg.Warnings {
		s.log.Warnf("%s", m)
	}
	for _, m := range infos {
		s.log.Infof("%s", m)
	}
	if !sd.Nocleanup {
		var ce *childlog.CleanError
		if err := childlog.CleanAuto(sd.Childlogdir, sd.Identifier); errors.As(err, &ce) {
			for _, w := range ce.Warnings {
				s.log.Warnf("%s", w)
			}
		}
	}

	defer s.teardown()
	for _, gc := range s.cfg.Groups {
		if _, err := s.addProcessGroup(gc); err != nil {
			return fmt.Errorf("cannot add process group %s: %w", gc.Name, err)
		}
	}
	if s.opts.OpenServers != nil {
		srv, err := s.opts.OpenServers(s, s.cfg, s.log)
		if err != nil {
			return &UsageError{Msg: err.Error()}
		}
		s.servers = srv
	}
	signal.Notify(s.sigs, syscall.SIGTERM, syscall.SIGINT, syscall.SIGQUIT, syscall.SIGHUP, syscall.SIGUSR2)
	if daemonNotify != nil && first {
		s.daemonize(daemonNotify)
	}
	s.writePidfile()
	s.runForever()
	return nil
}

// teardown is 4.2.5's cleanup and close_httpservers at the end of a run:
// pending API waits are abandoned, the HTTP servers closed (their unix
// sockets removed), the pidfile removed.
func (s *Supervisor) teardown() {
	s.bus.Clear()
	s.updateTicks()
	for w := range s.waiters {
		w.err = ErrNotServing
		close(w.done)
	}
	clear(s.waiters)
	for _, g := range s.groups {
		g.deactivate()
	}
	if s.shutdownTimer != nil {
		s.shutdownTimer.Stop()
		s.shutdownTimer = nil
	}
	if s.servers != nil {
		_ = s.servers.Close()
		s.servers = nil
	}
	if s.pidfile != "" {
		_ = os.Remove(s.pidfile)
		s.pidfile = ""
	}
}

// writePidfile is 4.2.5's write_pidfile.
func (s *Supervisor) writePidfile() {
	path := s.cfg.Supervisord.Pidfile
	pid := os.Getpid()
	if err := os.WriteFile(path, fmt.Appendf(nil, "%d\n", pid), 0o644); err != nil {
		s.log.Critf("could not write pidfile %s", path)
		return
	}
	s.pidfile = path
	s.log.Infof("supervisord started with pid %d", pid)
}

// runForever is 4.2.5's runforever: announce RUNNING, start the autostart
// processes, then handle events until the shutdown is complete.
func (s *Supervisor) runForever() {
	// Memory used by start-up and by bursts of work is given back once
	// the loop has been idle for a second (package memtrim).
	s.idleTrim = memtrim.AfterIdle(idleTrimDelay, memtrim.Trim)
	defer s.idleTrim.Stop()
	s.bus.Publish(events.SupervisorStateChangeMessage{To: events.SupervisorStateChangeRunning})
	s.pass()
	s.afterEvent()
	for !s.exitNow {
		select {
		case fn := <-s.posts:
			fn()
		case sig := <-s.sigs:
			s.handleSignal(sig.(syscall.Signal))
		}
		s.afterEvent()
	}
}

// idleTrimDelay is how long the loop must be idle before memory is given
// back.
const idleTrimDelay = time.Second

// afterEvent runs after every event the loop handled.
func (s *Supervisor) afterEvent() {
	if s.mood < StateRunning {
		s.shutdownStep()
	}
	s.dispatchEvents()
	s.checkWaiters()
	s.idleTrim.Active()
}

// handleSignal is 4.2.5's handle_signal.
func (s *Supervisor) handleSignal(sig syscall.Signal) {
	name := signame(int(sig))
	switch sig {
	case syscall.SIGTERM, syscall.SIGINT, syscall.SIGQUIT:
		s.log.Warnf("received %s indicating exit request", name)
		s.setMood(StateShutdown)
	case syscall.SIGHUP:
		if s.mood == StateShutdown {
			s.log.Warnf("ignored %s indicating restart request (shutdown in progress)", name)
		} else {
			s.log.Warnf("received %s indicating restart request", name)
			s.setMood(StateRestarting)
		}
	case syscall.SIGUSR2:
		s.log.Infof("received %s indicating log reopen request", name)
		s.log.Infof("supervisord logreopen")
		_ = s.log.Reopen()
		for _, g := range s.groups {
			g.reopenLogs()
		}
	default:
		s.log.Blatherf("received %s indicating nothing", name)
	}
}
