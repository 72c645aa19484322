package supervisor

import (
	"errors"
	"fmt"
	"os"
	"syscall"
	"time"

	"github.com/gosupervisord/gosupervisord/supervisor/childlog"
	"github.com/gosupervisord/gosupervisord/supervisor/events"
	"github.com/gosupervisord/gosupervisord/supervisor/output"
	"github.com/gosupervisord/gosupervisord/supervisor/reaper"
	"github.com/gosupervisord/gosupervisord/supervisor/spawn"
	"golang.org/x/sys/unix"
)

// drainGrace is how long the output of a child that has exited is still
// read when something else (a grandchild) keeps its pipes open. Normally
// the pipes reach end-of-file right after the exit and the exit is handled
// at once, after the last output is logged.
const drainGrace = 200 * time.Millisecond

// instance is one spawned child of a process: its pid, pipes, open log
// files and the goroutines draining its output. 4.2.5 keeps the same things
// in a Subprocess's pipes and dispatchers between spawn and finish.
type instance struct {
	p        *process
	pid      int
	stdin    *stdinPipe
	outputs  []*os.File       // parent read ends of stdout/stderr
	logs     []*childlog.File // stdout/stderr log files (nil entries for NONE)
	draining int              // drain goroutines still running
	exit     *reaper.Exit     // set once the child has been reaped
	finished bool
	backstop *time.Timer
	socket   *fcgiSocket // the fcgi socket this child holds (fcgi.go)
}

// spawnError is a failure before or at fork, with 4.2.5's message.
type spawnError string

func (e spawnError) Error() string { return string(e) }

// errnoOf extracts the errno of err, 0 if none.
func errnoOf(err error) syscall.Errno {
	var e syscall.Errno
	if errors.As(err, &e) {
		return e
	}
	return 0
}

// makePipe returns a pipe whose parent end is non-blocking (read or
// written through Go's poller) and whose child end is blocking; both are
// close-on-exec (ForkExec dups the child end onto 0-2).
func makePipe(parentReads bool) (parent, child *os.File, err error) {
	var fds [2]int
	if err := unix.Pipe2(fds[:], unix.O_CLOEXEC); err != nil {
		return nil, nil, err
	}
	pfd, cfd := fds[0], fds[1]
	if !parentReads {
		pfd, cfd = fds[1], fds[0]
	}
	if err := unix.SetNonblock(pfd, true); err != nil {
		unix.Close(pfd)
		unix.Close(cfd)
		return nil, nil, err
	}
	return os.NewFile(uintptr(pfd), "pipe"), os.NewFile(uintptr(cfd), "pipe"), nil
}

// startInstance creates the pipes and log files and forks the child
// (4.2.5's make_dispatchers and fork). Its error is the spawnerr message.
func (p *process) startInstance(filename string, argv []string) (inst *instance, err error) {
	inst = &instance{p: p}
	var childEnds []*os.File
	defer func() {
		for _, f := range childEnds {
			f.Close()
		}
		if err != nil {
			inst.closeAll()
		}
	}()

	// Pipes: stdin (for an fcgi group its socket instead), stdout, and
	// stderr unless redirected.
	var stdinW, stdinR *os.File
	var perr error
	if p.group.socket != nil {
		if stdinR, perr = inst.acquireSocket(); perr != nil {
			return nil, spawnError(perr.Error())
		}
	} else if stdinW, stdinR, perr = makePipe(false); perr == nil {
		inst.stdin = newStdinPipe(stdinW)
		childEnds = append(childEnds, stdinR)
	}
	var stdoutR, stdoutW, stderrR, stderrW *os.File
	if perr == nil {
		stdoutR, stdoutW, perr = makePipe(true)
	}
	if perr == nil {
		inst.outputs = append(inst.outputs, stdoutR)
		childEnds = append(childEnds, stdoutW)
		stderrW = stdoutW
		if !p.cfg.RedirectStderr {
			stderrR, stderrW, perr = makePipe(true)
			if perr == nil {
				inst.outputs = append(inst.outputs, stderrR)
				childEnds = append(childEnds, stderrW)
			}
		}
	}
	// Log files, opened at each spawn as 4.2.5's dispatchers do.
	var stdoutLog, stderrLog *childlog.File
	if perr == nil && p.stdoutLog != "" {
		stdoutLog, perr = childlog.Open(p.stdoutLog, p.cfg.StdoutLogfileMaxbytes, p.cfg.StdoutLogfileBackups)
		if perr == nil {
			inst.logs = append(inst.logs, stdoutLog)
		}
	}
	if perr == nil && p.stderrLog != "" && !p.cfg.RedirectStderr {
		stderrLog, perr = childlog.Open(p.stderrLog, p.cfg.StderrLogfileMaxbytes, p.cfg.StderrLogfileBackups)
		if perr == nil {
			inst.logs = append(inst.logs, stderrLog)
		}
	}
	if perr != nil {
		if errnoOf(perr) == syscall.EMFILE {
			return nil, spawnError(fmt.Sprintf("too many open files to spawn '%s'", p.name()))
		}
		return nil, spawnError(fmt.Sprintf("unknown error making dispatchers for '%s': %s", p.name(), errnoText(perr)))
	}

	attr := &spawn.Attr{
		Path:   filename,
		Argv:   argv,
		Env:    p.environment(),
		Dir:    p.cfg.Directory,
		Umask:  p.cfg.Umask,
		UID:    p.cfg.UID,
		Stdin:  stdinR,
		Stdout: stdoutW,
		Stderr: stderrW,
	}
	s := p.s
	pid, ferr := reaper.Spawn(func(e reaper.Exit) { s.post(func() { s.handleExit(e) }) },
		func() (int, error) { return spawn.Start(attr) })
	if ferr != nil {
		if errnoOf(ferr) == syscall.EAGAIN {
			return nil, spawnError(fmt.Sprintf("Too many processes in process table to spawn '%s'", p.name()))
		}
		return nil, spawnError(fmt.Sprintf("unknown error during fork for '%s': %s", p.name(), errnoText(ferr)))
	}
	inst.pid = pid

	inst.drain(stdoutR, "stdout", stdoutLog)
	if stderrR != nil {
		inst.drain(stderrR, "stderr", stderrLog)
	}
	return inst, nil
}

// errnoText renders err's errno the way 4.2.5 does (errno.errorcode).
func errnoText(err error) string {
	if e := errnoOf(err); e != 0 {
		return spawn.ErrnoName(e)
	}
	return err.Error()
}

// drain starts the goroutine that copies one output pipe to its log.
func (inst *instance) drain(r *os.File, channel string, log *childlog.File) {
	if channel == "stdout" && inst.p.group.pool != nil {
		inst.drainListener(r, log) // the listener protocol
		return
	}
	p, s := inst.p, inst.p.s
	pc := p.cfg
	oc := output.Config{
		ProcName:  pc.Name,
		Channel:   channel,
		StripAnsi: s.cfg.Supervisord.StripAnsi,
		MainLog:   s.log,
	}
	if log != nil {
		oc.Log = log
	}
	eventsEnabled := pc.StdoutEventsEnabled
	oc.CaptureMaxBytes, oc.Syslog = pc.StdoutCaptureMaxbytes, pc.StdoutSyslog
	if channel == "stderr" {
		eventsEnabled = pc.StderrEventsEnabled
		oc.CaptureMaxBytes, oc.Syslog = pc.StderrCaptureMaxbytes, pc.StderrSyslog
	}
	procName, groupName, pid := pc.Name, p.group.cfg.Name, inst.pid
	if eventsEnabled {
		oc.OnLog = func(data []byte) {
			s.post(func() {
				s.bus.Publish(events.ProcessLogOutput{Channel: channel, ProcessName: procName, GroupName: groupName, PID: pid, Data: data})
			})
		}
	}
	if oc.CaptureMaxBytes > 0 {
		oc.OnCapture = func(data []byte) {
			s.post(func() {
				s.bus.Publish(events.ProcessCommunicationOutput{Channel: channel, ProcessName: procName, GroupName: groupName, PID: pid, Data: data})
			})
		}
	}
	inst.draining++
	go func() {
		_ = output.Drain(r, oc)
		s.post(inst.drainDone)
	}()
}

// drainDone runs on the loop when a drain goroutine has returned.
func (inst *instance) drainDone() {
	inst.draining--
	if inst.draining == 0 && inst.exit != nil {
		inst.complete()
	}
}

// handleExit runs on the loop for every child the reaper collected.
func (s *Supervisor) handleExit(e reaper.Exit) {
	p, ok := s.pidHistory[e.PID]
	if !ok || p.run == nil || p.run.pid != e.PID {
		_, msg := decodeWaitStatus(e.Status)
		s.log.Infof("reaped unknown pid %d (%s)", e.PID, msg)
		s.log.Debugf("received SIGCHLD indicating a child quit")
		return
	}
	delete(s.pidHistory, e.PID)
	inst := p.run
	inst.exit = &e
	if inst.draining == 0 {
		inst.complete()
		return
	}
	// Read what the child left in its pipes, then finish. A grandchild
	// holding the pipes open must not delay this for long.
	deadline := time.Now().Add(drainGrace)
	for _, f := range inst.outputs {
		_ = f.SetReadDeadline(deadline)
	}
	inst.backstop = s.afterFunc(drainGrace+100*time.Millisecond, inst.complete)
}

// complete finishes the process for this instance's exit (once).
func (inst *instance) complete() {
	if inst.finished || inst.exit == nil {
		return
	}
	inst.finished = true
	if inst.backstop != nil {
		inst.backstop.Stop()
	}
	p := inst.p
	p.finish(inst.exit.Status, inst.exit.Time)
	if p.group.pool != nil {
		p.group.pool.finished(p)
	}
	inst.closeAll()
	if p.run == inst {
		p.run = nil
	}
	p.s.log.Debugf("received SIGCHLD indicating a child quit")
	if p.group.active {
		p.transition()
	}
}

// closeAll closes the parent pipe ends and the log files (4.2.5's
// close_parent_pipes and dropping the dispatchers).
func (inst *instance) closeAll() {
	if inst.stdin != nil {
		inst.stdin.Close()
	}
	for _, f := range inst.outputs {
		f.Close()
	}
	for _, l := range inst.logs {
		l.Close()
	}
	if inst.socket != nil {
		inst.socket.release()
		inst.socket = nil
	}
}

// reopenLogs reopens the live log files (SIGUSR2).
func (inst *instance) reopenLogs() {
	for _, l := range inst.logs {
		_ = l.Reopen()
	}
}

// clearLogs removes and reopens the live log files (clearProcessLogs).
func (inst *instance) clearLogs() error {
	var errs []error
	for _, l := range inst.logs {
		errs = append(errs, l.Clear())
	}
	return errors.Join(errs...)
}
