package supervisor

import (
	"context"
	"os"
)

// This file is the internal API the XML-RPC layer (and the HTTP log
// endpoints) build on. Every method is safe to call from any goroutine: it
// sends a request to the supervisor's event loop and waits for the answer,
// or for ctx to end (an HTTP client that went away). A method that waits
// for a state (start/stop with wait) stops waiting when ctx ends; what it
// already did (spawn, signal) stays done, as in 4.2.5.
//
// Errors are *Fault values carrying 4.2.5's fault code and fault string,
// raised in 4.2.5's check order; ctx.Err() when ctx ended; ErrNotServing
// when the supervisor is not running (before Run or after it returned).
//
// SHUTDOWN_STATE gating: like every supervisor.* method of 4.2.5, each
// method below first fails with faults.ShutdownState while supervisord is
// shutting down or restarting, except where its comment says otherwise.

// APIVersion is the value of supervisor.getAPIVersion / getVersion.
const APIVersion = "3.0"

// Version is the value of supervisor.getSupervisorVersion.
const Version = "4.2.5"

// CheckState fails with SHUTDOWN_STATE while supervisord is shutting down
// or restarting (4.2.5's _update). Use it for the methods that need no
// other data: getAPIVersion, getVersion, getSupervisorVersion.
func (s *Supervisor) CheckState(ctx context.Context) error {
	return s.gated(ctx, func() error { return nil })
}

// gated runs fn on the loop after the SHUTDOWN_STATE check.
func (s *Supervisor) gated(ctx context.Context, fn func() error) error {
	return s.call(ctx, func() error {
		if err := s.checkMood(); err != nil {
			return err
		}
		return fn()
	})
}

// State returns supervisord's state (getState). It is gated too, so it
// only ever returns StateRunning; clients see SHUTDOWN_STATE otherwise.
func (s *Supervisor) State(ctx context.Context) (State, error) {
	var st State
	err := s.gated(ctx, func() error {
		st = s.mood
		return nil
	})
	return st, err
}

// PID returns supervisord's process id (getPID).
func (s *Supervisor) PID(ctx context.Context) (int, error) {
	err := s.CheckState(ctx)
	return os.Getpid(), err
}

// Identification returns the identifier (getIdentification).
func (s *Supervisor) Identification(ctx context.Context) (string, error) {
	var id string
	err := s.gated(ctx, func() error {
		id = s.cfg.Supervisord.Identifier
		return nil
	})
	return id, err
}

// MainLogfile returns the main log's path for readLog: "" when there is no
// log file (logfile=syslog). readLog's NO_FILE and the reading itself
// (childlog.Read) are the caller's.
func (s *Supervisor) MainLogfile(ctx context.Context) (string, error) {
	var path string
	err := s.gated(ctx, func() error {
		path = s.mainLogPath()
		return nil
	})
	return path, err
}

// LookupMainLogfile is MainLogfile without SHUTDOWN_STATE gating, for the
// HTTP /mainlogtail handler.
func (s *Supervisor) LookupMainLogfile(ctx context.Context) (string, error) {
	var path string
	err := s.call(ctx, func() error { path = s.mainLogPath(); return nil })
	return path, err
}

// ClearLog deletes and reopens the main log (clearLog): NO_FILE when there
// is no log file or it does not exist, FAILED when it cannot be removed.
func (s *Supervisor) ClearLog(ctx context.Context) error {
	return s.call(ctx, s.clearMainLog)
}

// Shutdown asks supervisord to stop every process and exit (shutdown). It
// returns at once; the shutdown proceeds in the background.
func (s *Supervisor) Shutdown(ctx context.Context) error {
	return s.gated(ctx, func() error {
		s.setMood(StateShutdown)
		return nil
	})
}

// Restart asks supervisord to stop every process and restart in-process
// with a re-read configuration (restart). It returns at once.
func (s *Supervisor) Restart(ctx context.Context) error {
	return s.gated(ctx, func() error {
		s.setMood(StateRestarting)
		return nil
	})
}

// ReloadConfig re-reads the configuration file and replaces the stored
// group configurations without starting or stopping anything
// (reloadConfig). It returns the names of the added, changed and removed
// groups; a parse error is CANT_REREAD with the loader's message.
func (s *Supervisor) ReloadConfig(ctx context.Context) (added, changed, removed []string, err error) {
	err = s.gated(ctx, func() error {
		var rerr error
		added, changed, removed, rerr = s.reloadConfig()
		return rerr
	})
	return added, changed, removed, err
}

// AddProcessGroup activates the stored group named name
// (addProcessGroup): BAD_NAME when the configuration has no such group,
// ALREADY_ADDED when it is active. Its autostart processes start at once.
func (s *Supervisor) AddProcessGroup(ctx context.Context, name string) error {
	return s.gated(ctx, func() error {
		return s.addProcessGroupByName(name)
	})
}

// RemoveProcessGroup deactivates the group named name
// (removeProcessGroup): BAD_NAME when it is not active, STILL_RUNNING
// unless every process is in a stopped state.
func (s *Supervisor) RemoveProcessGroup(ctx context.Context, name string) error {
	return s.gated(ctx, func() error {
		return s.removeProcessGroup(name)
	})
}

// StartProcess starts one process (startProcess). A "g:*" or "g:" name
// acts as StartProcessGroup(g) and returns its results with group=true;
// otherwise results is nil and success is a nil error. Check order: BAD_NAME,
// the command check (NO_FILE / NOT_EXECUTABLE), ALREADY_STARTED, FAILED for
// UNKNOWN; then SPAWN_ERROR if the spawn failed. With wait it answers when
// the process is RUNNING (nil), after its first failed attempt (SPAWN_ERROR)
// or when it left STARTING/RUNNING otherwise (ABNORMAL_TERMINATION).
func (s *Supervisor) StartProcess(ctx context.Context, name string, wait bool) (results []Result, group bool, err error) {
	return s.waitOne(ctx, func(w *waiter) error { return s.byName(w, name, s.startOp(wait)) })
}

// StartProcessGroup starts every process of group name that is not in a
// running state, in priority order (startProcessGroup): BAD_NAME for an
// unknown group. Results come in completion order.
func (s *Supervisor) StartProcessGroup(ctx context.Context, name string, wait bool) ([]Result, error) {
	return s.waitAll(ctx, func(w *waiter) error { return s.inGroup(w, name, s.startOp(wait)) })
}

// StartAllProcesses starts every process not in a running state, groups
// and processes in priority order (startAllProcesses).
func (s *Supervisor) StartAllProcesses(ctx context.Context, wait bool) ([]Result, error) {
	return s.waitAll(ctx, func(w *waiter) error { return s.inAll(w, s.startOp(wait)) })
}

// StopProcess stops one process (stopProcess). A "g:*" or "g:" name acts
// as StopProcessGroup(g) with group=true. BAD_NAME; NOT_RUNNING unless the
// state is RUNNING, STARTING or BACKOFF (BACKOFF goes straight to STOPPED);
// FAILED when the signal cannot be sent. With wait it answers once the
// process is in a stopped state.
func (s *Supervisor) StopProcess(ctx context.Context, name string, wait bool) (results []Result, group bool, err error) {
	return s.waitOne(ctx, func(w *waiter) error { return s.byName(w, name, s.stopOp(wait)) })
}

// StopProcessGroup stops the running processes of group name
// (stopProcessGroup), in priority order; results in completion order.
func (s *Supervisor) StopProcessGroup(ctx context.Context, name string, wait bool) ([]Result, error) {
	return s.waitAll(ctx, func(w *waiter) error { return s.inGroup(w, name, s.stopOp(wait)) })
}

// StopAllProcesses stops every running process in ascending priority order
// in one pass (stopAllProcesses).
func (s *Supervisor) StopAllProcesses(ctx context.Context, wait bool) ([]Result, error) {
	return s.waitAll(ctx, func(w *waiter) error { return s.inAll(w, s.stopOp(wait)) })
}

// SignalProcess sends a signal, given as a name ("HUP", "SIGHUP") or a
// number ("1"), to one process's pid (signalProcess). A "g:*" name acts as
// SignalProcessGroup with group=true. Check order: BAD_NAME, BAD_SIGNAL
// (detail: sig as given), NOT_RUNNING unless RUNNING/STARTING/STOPPING,
// FAILED.
func (s *Supervisor) SignalProcess(ctx context.Context, name, sig string) (results []Result, group bool, err error) {
	return s.waitOne(ctx, func(w *waiter) error { return s.signalProcessByName(w, name, sig) })
}

// SignalProcessGroup signals the signallable processes of a group
// (signalProcessGroup). BAD_NAME comes before SHUTDOWN_STATE here, and a bad
// signal is reported per process inside the results.
func (s *Supervisor) SignalProcessGroup(ctx context.Context, name, sig string) ([]Result, error) {
	return s.waitAll(ctx, func(w *waiter) error { return s.signalGroup(w, name, sig) })
}

// SignalAllProcesses signals every signallable process
// (signalAllProcesses). As in 4.2.5 the signals are sent first and the
// SHUTDOWN_STATE check comes after.
func (s *Supervisor) SignalAllProcesses(ctx context.Context, sig string) ([]Result, error) {
	return s.waitAll(ctx, func(w *waiter) error { return s.signalAll(w, sig) })
}

// ProcessInfo returns the info struct of one process (getProcessInfo):
// BAD_NAME for an unknown name or a name without a process part ("g:*").
func (s *Supervisor) ProcessInfo(ctx context.Context, name string) (ProcessInfo, error) {
	var pi ProcessInfo
	err := s.gated(ctx, func() error {
		p, err := s.lookupProcess(name)
		if err != nil {
			return err
		}
		pi = p.infoFields(s.now())
		return nil
	})
	if err == nil {
		pi.Description = pi.Describe()
	}
	return pi, err
}

// AllProcessInfo returns the info of every process, groups and processes
// in lexical name order (getAllProcessInfo).
func (s *Supervisor) AllProcessInfo(ctx context.Context) ([]ProcessInfo, error) {
	var all []ProcessInfo
	err := s.gated(ctx, func() error {
		now := s.now()
		procs := s.processesLexical()
		all = make([]ProcessInfo, len(procs))
		for i, p := range procs {
			all[i] = p.infoFields(now)
		}
		return nil
	})
	// The descriptions are formatted here, off the loop.
	for i := range all {
		all[i].Description = all[i].Describe()
	}
	return all, err
}

// AllConfigInfo returns the configuration of every process of the last
// parsed configuration, active or not, sorted by process name
// (getAllConfigInfo).
func (s *Supervisor) AllConfigInfo(ctx context.Context) ([]ConfigInfo, error) {
	var all []ConfigInfo
	err := s.gated(ctx, func() error {
		all = s.allConfigInfo()
		return nil
	})
	return all, err
}

// ProcessLogfile returns the path of a process's "stdout" or "stderr" log
// for read/tailProcess*Log: BAD_NAME for an unknown name or one without a
// process part; "" when the log is NONE (or stderr is redirected). Whether
// the file exists (NO_FILE) is the caller's check.
func (s *Supervisor) ProcessLogfile(ctx context.Context, name, channel string) (string, error) {
	var path string
	err := s.gated(ctx, func() (err error) { path, err = s.logfileOf(name, channel); return err })
	return path, err
}

// LookupLogfile is ProcessLogfile without SHUTDOWN_STATE gating, for the
// HTTP /logtail handler (which answers 404 for any error or "").
func (s *Supervisor) LookupLogfile(ctx context.Context, name, channel string) (string, error) {
	var path string
	err := s.call(ctx, func() (err error) { path, err = s.logfileOf(name, channel); return err })
	return path, err
}

// ClearProcessLogs removes and reopens the log files of a process's live
// output channels (clearProcessLogs): BAD_NAME (a "g:*" name included);
// FAILED: name on an I/O error. For a process that is not running it does
// nothing and succeeds, as in 4.2.5.
func (s *Supervisor) ClearProcessLogs(ctx context.Context, name string) error {
	return s.gated(ctx, func() error {
		return s.clearProcessLogs(name)
	})
}

// ClearAllProcessLogs clears the logs of every process in priority order
// (clearAllProcessLogs).
func (s *Supervisor) ClearAllProcessLogs(ctx context.Context) ([]Result, error) {
	var results []Result
	err := s.gated(ctx, func() error {
		results = s.clearAllProcessLogs()
		return nil
	})
	return results, err
}

// SendProcessStdin writes data to a process's stdin (sendProcessStdin):
// BAD_NAME; NOT_RUNNING when it has no pid or is being stopped; NO_FILE:
// name when its stdin is closed (EPIPE). Data the pipe cannot take at once
// is buffered and written in the background, as 4.2.5 does.
func (s *Supervisor) SendProcessStdin(ctx context.Context, name string, data []byte) error {
	return s.gated(ctx, func() error {
		return s.sendProcessStdin(name, data)
	})
}

// SendRemoteCommEvent publishes a REMOTE_COMMUNICATION event
// (sendRemoteCommEvent). It is not gated.
func (s *Supervisor) SendRemoteCommEvent(ctx context.Context, typ, data string) error {
	return s.call(ctx, func() error {
		s.publishRemoteComm(typ, data)
		return nil
	})
}
