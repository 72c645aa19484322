package supervisor

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/gosupervisord/gosupervisord/supervisor/config"
	"github.com/gosupervisord/gosupervisord/supervisor/events"
	"github.com/gosupervisord/gosupervisord/supervisor/faults"
	"github.com/gosupervisord/gosupervisord/supervisor/logger"
	"github.com/gosupervisord/gosupervisord/supervisor/spawn"
)

// This file implements the supervisor.* operations on the loop, with
// 4.2.5's rpcinterface check order and fault texts.

// lookupGroupProcess is 4.2.5's _getGroupAndProcess: BAD_NAME (with the
// name as given) for an unknown group or process; a nil process for "g:*".
func (s *Supervisor) lookupGroupProcess(name string) (*group, *process, error) {
	gname, pname, all := config.SplitNamespec(name)
	g := s.groupByNam[gname]
	if g == nil {
		return nil, nil, NewFault(faults.BadName, name)
	}
	if all {
		return g, nil, nil
	}
	p := g.byName[pname]
	if p == nil {
		return nil, nil, NewFault(faults.BadName, name)
	}
	return g, p, nil
}

// lookupProcess is lookupGroupProcess for calls that need a process.
func (s *Supervisor) lookupProcess(name string) (*process, error) {
	_, p, err := s.lookupGroupProcess(name)
	if err != nil {
		return nil, err
	}
	if p == nil {
		return nil, NewFault(faults.BadName, name)
	}
	return p, nil
}

// logfileOf is the log path of a process's channel, after the lookup.
func (s *Supervisor) logfileOf(name, channel string) (string, error) {
	p, err := s.lookupProcess(name)
	if err != nil {
		return "", err
	}
	return p.logfilePath(channel), nil
}

// processesByPriority is 4.2.5's _getAllProcesses(): groups by priority,
// then each group's processes by priority.
func (s *Supervisor) processesByPriority() []*process {
	var all []*process
	for _, g := range s.sortedGroups() {
		all = append(all, g.byPriority()...)
	}
	return all
}

// processesLexical is _getAllProcesses(lexical=True). The slice is cached
// until the groups change (s.lexical): callers must not modify it.
func (s *Supervisor) processesLexical() []*process {
	if s.lexical == nil {
		s.lexical = s.sortLexical()
	}
	return s.lexical
}

func (s *Supervisor) sortLexical() []*process {
	gs := slices.Clone(s.groups)
	slices.SortFunc(gs, func(a, b *group) int { return strings.Compare(a.cfg.Name, b.cfg.Name) })
	var all []*process
	for _, g := range gs {
		ps := slices.Clone(g.processes)
		slices.SortFunc(ps, func(a, b *process) int { return strings.Compare(a.cfg.Name, b.cfg.Name) })
		all = append(all, ps...)
	}
	if all == nil {
		all = []*process{}
	}
	return all
}

func isRunning(p *process) bool     { return p.state.IsRunning() }
func isNotRunning(p *process) bool  { return !p.state.IsRunning() }
func isSignallable(p *process) bool { return p.state.IsSignallable() }

// operation is start or stop as the group and "all" calls apply it: the
// processes it is for (make_allfunc's predicate) and what it does to one.
type operation struct {
	pred func(*process) bool
	one  perProcess
}

func (s *Supervisor) startOp(wait bool) operation {
	return operation{isNotRunning, func(p *process, n string) (opCallback, *Fault) { return s.startOne(p, n, wait) }}
}

func (s *Supervisor) stopOp(wait bool) operation {
	return operation{isRunning, func(p *process, n string) (opCallback, *Fault) { return s.stopOne(p, n, wait) }}
}

// byName is startProcess/stopProcess: the shutdown check, the name lookup,
// then op on the process, or on the whole group for a "g:*" name.
func (s *Supervisor) byName(w *waiter, name string, op operation) error {
	if err := s.checkMood(); err != nil {
		return err
	}
	g, p, err := s.lookupGroupProcess(name)
	if err != nil {
		return err
	}
	if p == nil {
		return s.inGroup(w, g.cfg.Name, op)
	}
	cb, f := op.one(p, name)
	if f != nil {
		return f
	}
	w.single(cb)
	return nil
}

// inGroup is startProcessGroup/stopProcessGroup.
func (s *Supervisor) inGroup(w *waiter, name string, op operation) error {
	if err := s.checkMood(); err != nil {
		return err
	}
	g := s.groupByNam[name]
	if g == nil {
		return NewFault(faults.BadName, name)
	}
	w.runAll(g.byPriority(), op.pred, op.one)
	return nil
}

// inAll is startAllProcesses/stopAllProcesses.
func (s *Supervisor) inAll(w *waiter, op operation) error {
	if err := s.checkMood(); err != nil {
		return err
	}
	w.runAll(s.processesByPriority(), op.pred, op.one)
	return nil
}

// startOne is startProcess for one process, after the name lookup.
func (s *Supervisor) startOne(p *process, name string, wait bool) (opCallback, *Fault) {
	if _, _, err := p.resolveCommand(); err != nil {
		var ce *spawn.CommandError
		if errors.As(err, &ce) && ce.Kind == spawn.NotFound {
			return nil, NewFault(faults.NoFile, ce.Msg)
		}
		return nil, NewFault(faults.NotExecutable, err.Error())
	}
	if p.state.IsRunning() {
		return nil, NewFault(faults.AlreadyStarted, name)
	}
	if p.state == Unknown {
		return nil, NewFault(faults.Failed, name+" is in an unknown process state")
	}
	p.spawn()
	if p.spawnErr != "" {
		p.transition()
		return nil, NewFault(faults.SpawnError, name)
	}
	p.transition()
	if !wait || p.state == Running {
		return nil, nil
	}
	return func() (bool, *Fault) {
		if p.spawnErr != "" {
			return true, NewFault(faults.SpawnError, name)
		}
		switch p.state {
		case Running:
			return true, nil
		case Starting:
			return false, nil
		}
		return true, NewFault(faults.AbnormalTermination, name)
	}, nil
}

// stopOne is stopProcess for one process, after the name lookup.
func (s *Supervisor) stopOne(p *process, name string, wait bool) (opCallback, *Fault) {
	if !p.state.IsRunning() {
		return nil, NewFault(faults.NotRunning, name)
	}
	if msg := p.stop(); msg != "" {
		return nil, NewFault(faults.Failed, msg)
	}
	if !wait || p.state.IsStopped() {
		return nil, nil
	}
	var report *time.Timer
	var reportAt time.Time
	return func() (bool, *Fault) {
		p.stopReport()
		if p.state.IsStopped() {
			if report != nil {
				report.Stop()
			}
			return true, nil
		}
		// Wake up for the next throttled report while still waiting.
		if next := p.laststopreport.Add(2*time.Second + time.Millisecond); !next.Equal(reportAt) {
			reportAt = next
			if report != nil {
				report.Stop()
			}
			report = s.afterFunc(time.Until(next), s.markDirty)
		}
		return false, nil
	}, nil
}

// signalOne is signalProcess for one process, after the name lookup.
func (s *Supervisor) signalOne(p *process, name, sig string) (opCallback, *Fault) {
	num, err := config.ParseSignal(sig)
	if err != nil {
		return nil, NewFault(faults.BadSignal, sig)
	}
	if !p.state.IsSignallable() {
		return nil, NewFault(faults.NotRunning, name)
	}
	if msg := p.signal(num); msg != "" {
		return nil, NewFault(faults.Failed, msg)
	}
	return nil, nil
}

func (s *Supervisor) signalProcessByName(w *waiter, name, sig string) error {
	if err := s.checkMood(); err != nil {
		return err
	}
	g, p, err := s.lookupGroupProcess(name)
	if err != nil {
		return err
	}
	if p == nil {
		return s.signalGroup(w, g.cfg.Name, sig)
	}
	if _, f := s.signalOne(p, name, sig); f != nil {
		return f
	}
	return nil
}

func (s *Supervisor) signalGroup(w *waiter, name, sig string) error {
	g := s.groupByNam[name]
	if err := s.checkMood(); err != nil {
		return err
	}
	if g == nil {
		return NewFault(faults.BadName, name)
	}
	w.runAll(g.byPriority(), isSignallable, func(p *process, n string) (opCallback, *Fault) {
		return s.signalOne(p, n, sig)
	})
	return s.checkMood()
}

func (s *Supervisor) signalAll(w *waiter, sig string) error {
	w.runAll(s.processesByPriority(), isSignallable, func(p *process, n string) (opCallback, *Fault) {
		return s.signalOne(p, n, sig)
	})
	return s.checkMood()
}

// clearMainLog is clearLog.
func (s *Supervisor) clearMainLog() error {
	if err := s.checkMood(); err != nil {
		return err
	}
	switch err := s.log.Clear(); {
	case err == nil:
		return nil
	case errors.Is(err, logger.ErrNoFile):
		return BareFault(faults.NoFile)
	default:
		return BareFault(faults.Failed)
	}
}

// clearProcessLogs is clearProcessLogs after the shutdown check.
func (s *Supervisor) clearProcessLogs(name string) error {
	p, err := s.lookupProcess(name)
	if err != nil {
		return err
	}
	if p.run != nil {
		if err := p.run.clearLogs(); err != nil {
			return NewFault(faults.Failed, name)
		}
	}
	return nil
}

// clearAllProcessLogs is clearAllProcessLogs after the shutdown check.
func (s *Supervisor) clearAllProcessLogs() []Result {
	results := []Result{}
	for _, p := range s.processesByPriority() {
		if err := s.clearProcessLogs(p.namespec()); err != nil {
			f, _ := err.(*Fault)
			if f == nil {
				f = NewFault(faults.Failed, p.namespec())
			}
			results = append(results, faultResult(p.group.cfg.Name, p.cfg.Name, f))
			continue
		}
		results = append(results, successResult(p.group.cfg.Name, p.cfg.Name))
	}
	return results
}

// sendProcessStdin is sendProcessStdin after the shutdown check.
func (s *Supervisor) sendProcessStdin(name string, data []byte) error {
	p, err := s.lookupProcess(name)
	if err != nil {
		return err
	}
	if p.pid == 0 || p.killing || p.run == nil {
		return NewFault(faults.NotRunning, name)
	}
	if p.run.stdin == nil {
		return NewFault(faults.NoFile, name)
	}
	if err := p.run.stdin.Write(data); err != nil {
		if errors.Is(err, syscall.EPIPE) {
			return NewFault(faults.NoFile, name)
		}
		return fmt.Errorf("writing to the stdin of %s: %w", name, err)
	}
	return nil
}

// publishRemoteComm is sendRemoteCommEvent.
func (s *Supervisor) publishRemoteComm(typ, data string) {
	s.bus.Publish(events.RemoteCommunicationMessage{CommType: typ, Data: data})
}

// addProcessGroupByName is addProcessGroup after the shutdown check: the
// group must be in the last parsed configuration.
func (s *Supervisor) addProcessGroupByName(name string) error {
	for _, gc := range s.cfg.Groups {
		if gc.Name != name {
			continue
		}
		added, err := s.addProcessGroup(gc)
		if err != nil {
			return err
		}
		if !added {
			return NewFault(faults.AlreadyAdded, name)
		}
		s.groupByNam[name].transition()
		return nil
	}
	return NewFault(faults.BadName, name)
}

// removeProcessGroup is removeProcessGroup after the shutdown check.
func (s *Supervisor) removeProcessGroup(name string) error {
	g := s.groupByNam[name]
	if g == nil {
		return NewFault(faults.BadName, name)
	}
	if !s.removeGroup(g) {
		return NewFault(faults.StillRunning, name)
	}
	return nil
}
