package supervisor

import (
	"slices"

	"github.com/gosupervisord/gosupervisord/supervisor/childlog"
	"github.com/gosupervisord/gosupervisord/supervisor/config"
	"github.com/gosupervisord/gosupervisord/supervisor/events"
)

// group is an active process group (4.2.5's ProcessGroup). Its processes
// keep the configuration's order: (priority, name) for a homogeneous group,
// programs= order for a [group:x].
type group struct {
	s         *Supervisor
	cfg       *config.GroupConfig
	processes []*process
	byName    map[string]*process
	active    bool
	pool      *listenerPool // [eventlistener:x] only (listener_pool.go)
	socket    *fcgiSocket   // [fcgi-program:x] only (fcgi.go)
}

// autoLogs remembers the AUTO log names created for a process
// configuration, as 4.2.5 stores them back into the config object: a group
// removed and added again with the same configuration reuses them, and
// getAllConfigInfo shows 'auto' until they exist.
type autoLogs struct{ stdout, stderr string }

// addProcessGroup activates a group configuration (4.2.5's
// add_process_group): it creates the AUTO log files, builds the processes
// (STOPPED) and publishes PROCESS_GROUP_ADDED. It returns false when a
// group of that name is already active.
func (s *Supervisor) addProcessGroup(gc *config.GroupConfig) (bool, error) {
	if _, ok := s.groupByNam[gc.Name]; ok {
		return false, nil
	}
	g := &group{s: s, cfg: gc, byName: map[string]*process{}, active: true}
	for _, pc := range gc.Processes {
		p := newProcess(s, g, pc)
		if err := s.resolveLogs(p); err != nil {
			return false, err
		}
		g.processes = append(g.processes, p)
		g.byName[pc.Name] = p
	}
	if err := s.attachKind(g); err != nil {
		return false, err
	}
	s.groups = append(s.groups, g)
	s.lexical = nil
	s.groupByNam[gc.Name] = g
	s.bus.Publish(events.ProcessGroupChange{To: events.ProcessGroupAdded, Group: gc.Name})
	s.watchers.notify()
	return true, nil
}

// resolveLogs sets a process's log paths, creating AUTO files in
// childlogdir (4.2.5's create_autochildlogs).
func (s *Supervisor) resolveLogs(p *process) error {
	pc := p.cfg
	al := s.autoLogs[pc]
	var err error
	switch pc.StdoutLogfile.Kind {
	case config.LogPath:
		p.stdoutLog = pc.StdoutLogfile.Path
	case config.LogAuto:
		if al.stdout == "" {
			al.stdout, err = childlog.AutoName(s.cfg.Supervisord.Childlogdir, pc.Name, "stdout", s.cfg.Supervisord.Identifier)
			if err != nil {
				return err
			}
		}
		p.stdoutLog = al.stdout
	}
	switch pc.StderrLogfile.Kind {
	case config.LogPath:
		p.stderrLog = pc.StderrLogfile.Path
	case config.LogAuto:
		if al.stderr == "" {
			al.stderr, err = childlog.AutoName(s.cfg.Supervisord.Childlogdir, pc.Name, "stderr", s.cfg.Supervisord.Identifier)
			if err != nil {
				return err
			}
		}
		p.stderrLog = al.stderr
	}
	s.autoLogs[pc] = al
	return nil
}

// removeProcessGroup deactivates a group whose processes are all stopped
// (4.2.5's remove_process_group); false if one is not.
func (s *Supervisor) removeGroup(g *group) bool {
	if len(g.unstopped()) > 0 {
		return false
	}
	g.deactivate()
	g.detachKind()
	i := slices.Index(s.groups, g)
	s.groups = slices.Delete(s.groups, i, i+1)
	s.lexical = nil
	delete(s.groupByNam, g.cfg.Name)
	s.bus.Publish(events.ProcessGroupChange{To: events.ProcessGroupRemoved, Group: g.cfg.Name})
	s.watchers.notify()
	return true
}

// deactivate stops the group's timers from acting.
func (g *group) deactivate() {
	g.active = false
	for _, p := range g.processes {
		if p.timer != nil {
			p.timer.Stop()
			p.timer = nil
		}
		p.timerSeq++
	}
}

// sortedGroups returns the active groups by priority, ties in insertion
// order (Python's stable sort of the groups).
func (s *Supervisor) sortedGroups() []*group {
	gs := slices.Clone(s.groups)
	slices.SortStableFunc(gs, func(a, b *group) int { return a.cfg.Priority - b.cfg.Priority })
	return gs
}

// byPriority returns the group's processes by priority, ties in
// configuration order.
func (g *group) byPriority() []*process {
	ps := slices.Clone(g.processes)
	slices.SortStableFunc(ps, func(a, b *process) int { return a.cfg.Priority - b.cfg.Priority })
	return ps
}

// pass is one transition pass over every process, groups by priority and
// processes in configuration order (4.2.5's loop body).
func (s *Supervisor) pass() {
	for _, g := range s.sortedGroups() {
		g.transition()
	}
}

// transition runs every process's transition, in configuration order.
func (g *group) transition() {
	for _, p := range g.processes {
		p.transition()
	}
}

// stopAll is 4.2.5's stop_all for shutdown: in descending priority,
// RUNNING and STARTING processes are stopped and BACKOFF ones given up.
func (g *group) stopAll() {
	ps := g.byPriority()
	slices.Reverse(ps)
	for _, p := range ps {
		switch p.state {
		case Running, Starting:
			p.stop()
		case Backoff:
			p.giveUp()
			p.schedule()
		}
	}
}

// unstopped returns the processes not in a stopped state.
func (g *group) unstopped() []*process {
	var out []*process
	for _, p := range g.processes {
		if !p.state.IsStopped() {
			out = append(out, p)
		}
	}
	return out
}

// reopenLogs reopens the live log files of every process (SIGUSR2).
func (g *group) reopenLogs() {
	for _, p := range g.processes {
		if p.run != nil {
			p.run.reopenLogs()
		}
	}
}
