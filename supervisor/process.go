package supervisor

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"syscall"
	"time"

	"github.com/gosupervisord/gosupervisord/supervisor/config"
	"github.com/gosupervisord/gosupervisord/supervisor/events"
	"github.com/gosupervisord/gosupervisord/supervisor/spawn"
)

// process is one supervised program instance: 4.2.5's Subprocess. It is
// owned by the loop goroutine.
type process struct {
	s     *Supervisor
	cfg   *config.ProcessConfig
	group *group

	state          ProcessState
	pid            int
	laststart      time.Time // zero: never started
	laststop       time.Time // zero: never stopped
	laststopreport time.Time
	delay          time.Time // the deadline of the current state, zero if none
	backoff        int
	killing        bool
	exitStatus     int
	hasExitStatus  bool
	spawnErr       string

	// stdoutLog and stderrLog are the log paths, with AUTO resolved when
	// the group was added; "" for NONE (and stderr when redirected).
	stdoutLog, stderrLog string

	run *instance // the current (or last, until finished) child

	// changes counts state changes, so that pending group operations
	// re-evaluate only the processes that changed (waiter.go).
	changes uint64

	timer    *time.Timer
	timerSeq uint64
}

func newProcess(s *Supervisor, g *group, pc *config.ProcessConfig) *process {
	return &process{s: s, cfg: pc, group: g, state: Stopped}
}

// name is the process name as 4.2.5 prints it in log lines.
func (p *process) name() string { return p.cfg.Name }

// namespec is the group:process name.
func (p *process) namespec() string { return config.MakeNamespec(p.group.cfg.Name, p.cfg.Name) }

// changeState is 4.2.5's change_state: it records the state, bumps the
// back-off counter on BACKOFF and publishes the PROCESS_STATE event.
func (p *process) changeState(to ProcessState, expected bool) bool {
	from := p.state
	if to == from {
		return false
	}
	p.state = to
	if to == Backoff {
		p.backoff++
		p.delay = time.Now().Add(time.Duration(p.backoff) * time.Second)
	}
	p.s.bus.Publish(events.ProcessStateChange{
		To:          stateEventType(to),
		ProcessName: p.cfg.Name,
		GroupName:   p.group.cfg.Name,
		FromState:   from.String(),
		Tries:       p.backoff,
		Expected:    expected,
		PID:         p.pid,
	})
	p.s.watchers.notify()
	p.changes++
	p.s.dirty = true
	return true
}

func stateEventType(st ProcessState) events.Type {
	switch st {
	case Stopped:
		return events.ProcessStateStopped
	case Starting:
		return events.ProcessStateStarting
	case Running:
		return events.ProcessStateRunning
	case Backoff:
		return events.ProcessStateBackoff
	case Stopping:
		return events.ProcessStateStopping
	case Exited:
		return events.ProcessStateExited
	case Fatal:
		return events.ProcessStateFatal
	}
	return events.ProcessStateUnknown
}

// recordSpawnErr is 4.2.5's record_spawnerr.
func (p *process) recordSpawnErr(msg string) {
	p.spawnErr = msg
	p.s.log.Infof("spawnerr: %s", msg)
}

// resolveCommand runs 4.2.5's get_execv_args for this process.
func (p *process) resolveCommand() (string, []string, error) {
	path, has := p.cfg.Environment.Get("PATH")
	return spawn.Resolve(p.cfg.Command, spawn.SearchPath(path, has))
}

// spawn is 4.2.5's Subprocess.spawn: start the child unless one runs.
func (p *process) spawn() {
	if p.pid != 0 {
		p.s.log.Warnf("process '%s' already running", p.name())
		return
	}
	p.killing = false
	p.spawnErr = ""
	p.hasExitStatus = false
	p.laststart = time.Now()
	p.changeState(Starting, true)

	filename, argv, err := p.resolveCommand()
	if err != nil {
		p.recordSpawnErr(err.Error())
		p.changeState(Backoff, true)
		return
	}
	inst, err := p.startInstance(filename, argv)
	if err != nil {
		p.recordSpawnErr(err.Error())
		p.changeState(Backoff, true)
		return
	}
	p.run = inst
	p.pid = inst.pid
	p.s.log.Infof("spawned: '%s' with pid %d", p.name(), p.pid)
	p.spawnErr = ""
	p.delay = p.laststart.Add(p.startsecs())
	p.s.pidHistory[p.pid] = p
}

func (p *process) startsecs() time.Duration {
	return time.Duration(p.cfg.Startsecs) * time.Second
}

// environment builds the child's environment as 4.2.5 does: ours, then
// SUPERVISOR_ENABLED, SUPERVISOR_SERVER_URL (if any),
// SUPERVISOR_PROCESS_NAME and SUPERVISOR_GROUP_NAME, then the merged
// environment= of [supervisord] and the program. Later entries win, in
// place, as with a Python dict.
func (p *process) environment() []string {
	var env config.Env
	for _, kv := range os.Environ() {
		k, v, _ := cutEnv(kv)
		env.Set(k, v)
	}
	env.Set("SUPERVISOR_ENABLED", "1")
	serverURL := p.s.cfg.ServerURL
	if p.cfg.Serverurl != nil {
		serverURL = *p.cfg.Serverurl
	}
	if serverURL != "" {
		env.Set("SUPERVISOR_SERVER_URL", serverURL)
	}
	env.Set("SUPERVISOR_PROCESS_NAME", p.cfg.Name)
	env.Set("SUPERVISOR_GROUP_NAME", p.group.cfg.Name)
	for _, kv := range p.cfg.Environment {
		env.Set(kv.Key, kv.Value)
	}
	out := make([]string, len(env))
	for i, kv := range env {
		out[i] = kv.Key + "=" + kv.Value
	}
	return out
}

func cutEnv(kv string) (string, string, bool) {
	for i := 0; i < len(kv); i++ {
		if kv[i] == '=' {
			return kv[:i], kv[i+1:], true
		}
	}
	return kv, "", false
}

// stop is 4.2.5's administrative stop.
func (p *process) stop() string {
	p.laststopreport = time.Time{}
	return p.kill(p.cfg.Stopsignal)
}

// stopReport logs "waiting for x to stop", at most every 2 seconds.
func (p *process) stopReport() {
	if p.state != Stopping {
		return
	}
	now := time.Now()
	if p.laststopreport.IsZero() || now.Sub(p.laststopreport) > 2*time.Second {
		p.s.log.Infof("waiting for %s to stop", p.name())
		p.laststopreport = now
	}
}

// giveUp is 4.2.5's give_up: BACKOFF to FATAL.
func (p *process) giveUp() {
	p.delay = time.Time{}
	p.backoff = 0
	p.changeState(Fatal, true)
}

// kill is 4.2.5's Subprocess.kill: send sig intending the process to exit.
// It returns "" when the signal was sent (or the process was in BACKOFF),
// else an error message.
func (p *process) kill(sig int) string {
	if p.state == Backoff {
		p.s.log.Debugf("Attempted to kill %s, which is in BACKOFF state.", p.name())
		p.changeState(Stopped, true)
		p.schedule()
		return ""
	}
	if p.pid == 0 {
		msg := fmt.Sprintf("attempted to kill %s with sig %s but it wasn't running", p.name(), signame(sig))
		p.s.log.Debugf("%s", msg)
		return msg
	}
	asGroup := p.cfg.Stopasgroup
	if p.state == Stopping {
		asGroup = p.cfg.Killasgroup
	}
	groupWord := ""
	if asGroup {
		groupWord = "process group "
	}
	p.s.log.Debugf("killing %s (pid %d) %swith signal %s", p.name(), p.pid, groupWord, signame(sig))
	p.killing = true
	p.delay = time.Now().Add(time.Duration(p.cfg.Stopwaitsecs) * time.Second)
	p.changeState(Stopping, true)
	p.schedule()

	target := p.pid
	if asGroup {
		target = -p.pid
	}
	err := p.sendSignal(target, sig)
	if errors.Is(err, syscall.ESRCH) {
		p.s.log.Debugf("unable to signal %s (pid %d), it probably just exited on its own: %s", p.name(), p.pid, pyOSError(err))
		return ""
	}
	if err != nil {
		msg := fmt.Sprintf("unknown problem killing %s (%d):%s", p.name(), p.pid, pyTraceback(err))
		p.s.log.Critf("%s", msg)
		p.changeState(Unknown, true)
		p.killing = false
		p.delay = time.Time{}
		p.schedule()
		return msg
	}
	return ""
}

// signal is 4.2.5's Subprocess.signal: send sig without intending a stop.
func (p *process) signal(sig int) string {
	if p.pid == 0 {
		msg := fmt.Sprintf("attempted to send %s sig %s but it wasn't running", p.name(), signame(sig))
		p.s.log.Debugf("%s", msg)
		return msg
	}
	p.s.log.Debugf("sending %s (pid %d) sig %s", p.name(), p.pid, signame(sig))
	err := p.sendSignal(p.pid, sig)
	if errors.Is(err, syscall.ESRCH) {
		p.s.log.Debugf("unable to signal %s (pid %d), it probably just now exited on its own: %s", p.name(), p.pid, pyOSError(err))
		return ""
	}
	if err != nil {
		msg := fmt.Sprintf("unknown problem sending sig %s (%d):%s", p.name(), p.pid, pyTraceback(err))
		p.s.log.Critf("%s", msg)
		p.changeState(Unknown, true)
		p.schedule()
		return msg
	}
	return ""
}

// sendSignal signals target (a pid, or -pgid) unless the child has already
// been reaped and only waits for its output to drain: then its pid may be
// reused, and the result is ESRCH as 4.2.5 would see it.
func (p *process) sendSignal(target, sig int) error {
	if p.run != nil && p.run.exit != nil {
		return syscall.ESRCH
	}
	return syscall.Kill(target, syscall.Signal(sig))
}

// pyOSError renders an OSError as Python's str() does: "[Errno 3] No such
// process".
func pyOSError(err error) string {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return fmt.Sprintf("[Errno %d] %s", int(errno), pyStrerror(errno))
	}
	return err.Error()
}

// pyTraceback stands in for the Python traceback 4.2.5 appends to its
// "unknown problem" messages.
func pyTraceback(err error) string {
	return "Traceback (most recent call last):\nOSError: " + pyOSError(err) + "\n"
}

// pyStrerror is strerror(3) with the capitalisation glibc uses.
func pyStrerror(e syscall.Errno) string {
	s := e.Error()
	if s != "" {
		s = string(s[0]-32*boolToByte(s[0] >= 'a' && s[0] <= 'z')) + s[1:]
	}
	return s
}

func boolToByte(b bool) byte {
	if b {
		return 1
	}
	return 0
}

// finish is 4.2.5's Subprocess.finish: the child was reaped (and its
// output drained); record how it ended and move the state machine on.
func (p *process) finish(ws syscall.WaitStatus, at time.Time) {
	es, msg := decodeWaitStatus(ws)
	p.laststop = at
	tooQuickly := at.Sub(p.laststart) < p.startsecs()
	expected := slices.Contains(p.cfg.Exitcodes, es)

	switch {
	case p.killing:
		p.killing = false
		p.delay = time.Time{}
		p.exitStatus, p.hasExitStatus = es, true
		line := fmt.Sprintf("stopped: %s (%s)", p.name(), msg)
		p.changeState(Stopped, true)
		if expected {
			p.s.log.Infof("%s", line)
		} else {
			p.s.log.Warnf("%s", line)
		}
	case tooQuickly:
		p.hasExitStatus = false
		p.spawnErr = "Exited too quickly (process log may have details)"
		p.changeState(Backoff, true)
		p.s.log.Warnf("exited: %s (%s; not expected)", p.name(), msg)
	default:
		p.delay = time.Time{}
		p.backoff = 0
		p.exitStatus, p.hasExitStatus = es, true
		if p.state == Starting {
			p.changeState(Running, true)
		}
		if expected {
			p.changeState(Exited, true)
			p.s.log.Infof("exited: %s (%s; expected)", p.name(), msg)
		} else {
			p.spawnErr = fmt.Sprintf("Bad exit code %d", es)
			p.changeState(Exited, false)
			p.s.log.Warnf("exited: %s (%s; not expected)", p.name(), msg)
		}
	}
	p.pid = 0
}

// transition is 4.2.5's Subprocess.transition, run whenever something
// happened to the process or one of its deadlines passed: start, restart
// and retry while supervisord is running; STARTING to RUNNING after
// startsecs; BACKOFF to FATAL after too many retries; SIGKILL after
// stopwaitsecs. It then arms the timer for the next deadline.
func (p *process) transition() {
	now := time.Now()
	state := p.state
	if p.s.mood > StateRestarting {
		switch {
		case state == Exited:
			switch p.cfg.Autorestart {
			case config.AutoRestartAlways:
				p.spawn()
			case config.AutoRestartUnexpected:
				if !p.hasExitStatus || !slices.Contains(p.cfg.Exitcodes, p.exitStatus) {
					p.spawn()
				}
			}
		case state == Stopped && p.laststart.IsZero():
			if p.cfg.Autostart {
				p.spawn()
			}
		case state == Backoff:
			if p.backoff <= p.cfg.Startretries && now.After(p.delay) {
				p.spawn()
			}
		}
	}
	if state == Starting && p.state == Starting && now.Sub(p.laststart) > p.startsecs() {
		p.delay = time.Time{}
		p.backoff = 0
		p.changeState(Running, true)
		p.s.log.Infof("success: %s entered RUNNING state, process has stayed up for > than %d seconds (startsecs)", p.name(), p.cfg.Startsecs)
	}
	if state == Backoff && p.state == Backoff {
		if p.backoff > p.cfg.Startretries {
			p.giveUp()
			p.s.log.Infof("gave up: %s entered FATAL state, too many start retries too quickly", p.name())
		}
	} else if state == Stopping && p.state == Stopping && !now.Before(p.delay) {
		p.s.log.Warnf("killing '%s' (%d) with SIGKILL", p.name(), p.pid)
		p.kill(int(syscall.SIGKILL))
	}
	p.schedule()
}

// schedule arms the process timer for the next deadline of its state, or
// stops it when the state has none.
func (p *process) schedule() {
	var at time.Time
	switch p.state {
	case Starting:
		if p.pid != 0 {
			at = p.laststart.Add(p.startsecs())
		}
	case Backoff:
		// A retry is due at delay; while shutting down there is none.
		if p.backoff <= p.cfg.Startretries && p.s.mood > StateRestarting {
			at = p.delay
		}
	case Stopping:
		// Give the reaper a moment after a signal before escalating, as
		// 4.2.5's next loop pass would.
		at = p.delay
		if floor := time.Now().Add(100 * time.Millisecond); at.Before(floor) {
			at = floor
		}
	}
	p.timerSeq++
	if p.timer != nil {
		p.timer.Stop()
		p.timer = nil
	}
	if at.IsZero() {
		return
	}
	seq := p.timerSeq
	// Deadlines are strict ("more than startsecs", "after delay"): fire a
	// little after them. A due deadline triggers a pass over every
	// process, as 4.2.5's loop would, so that processes due at about the
	// same time change state in group and process order.
	d := time.Until(at) + time.Millisecond
	p.timer = p.s.afterFunc(d, func() {
		if p.timerSeq == seq && p.group.active {
			p.timer = nil
			p.s.pass()
		}
	})
}

// infoFields returns the getProcessInfo struct without its Description,
// which is derived from the other fields: the loop only copies them, and
// callers describe them off the loop.
func (p *process) infoFields(now time.Time) ProcessInfo {
	pi := ProcessInfo{
		Name:          p.cfg.Name,
		Group:         p.group.cfg.Name,
		Start:         cappedInt(epochSeconds(p.laststart)),
		Stop:          cappedInt(epochSeconds(p.laststop)),
		Now:           cappedInt(now.Unix()),
		State:         p.state,
		SpawnErr:      p.spawnErr,
		StdoutLogfile: p.stdoutLog,
		StderrLogfile: p.stderrLog,
		PID:           p.pid,
	}
	if p.hasExitStatus {
		pi.ExitStatus = p.exitStatus
	}
	return pi
}

// logfilePath returns the log path of channel "stdout" or "stderr", ""
// for NONE or any other channel.
func (p *process) logfilePath(channel string) string {
	switch channel {
	case "stdout":
		return p.stdoutLog
	case "stderr":
		return p.stderrLog
	}
	return ""
}
