package supervisor

import (
	"maps"
	"slices"
	"strings"

	"github.com/gosupervisord/gosupervisord/supervisor/config"
	"github.com/gosupervisord/gosupervisord/supervisor/faults"
)

// reloadConfig is reloadConfig after the shutdown check: re-read the
// configuration, keep its group definitions as the stored ones (used by
// addProcessGroup and getAllConfigInfo) and report how they differ from
// the active groups (4.2.5's diff_to_active).
func (s *Supervisor) reloadConfig() (added, changed, removed []string, err error) {
	if s.opts.Load == nil {
		return nil, nil, nil, NewFault(faults.CantReread, "no configuration file to re-read")
	}
	cfg, lerr := s.opts.Load()
	if lerr != nil {
		return nil, nil, nil, NewFault(faults.CantReread, lerr.Error())
	}
	stored := *s.cfg
	stored.Groups = cfg.Groups
	s.cfg = &stored

	added, changed, removed = []string{}, []string{}, []string{}
	newNames := map[string]bool{}
	for _, gc := range cfg.Groups {
		newNames[gc.Name] = true
		cur := s.groupByNam[gc.Name]
		switch {
		case cur == nil:
			added = append(added, gc.Name)
		case !s.groupConfigEqual(cur, gc):
			changed = append(changed, gc.Name)
		}
	}
	for _, g := range s.groups {
		if !newNames[g.cfg.Name] {
			removed = append(removed, g.cfg.Name)
		}
	}
	return added, changed, removed, nil
}

// groupConfigEqual is 4.2.5's group config __eq__ between an active group
// and a freshly parsed configuration.
func (s *Supervisor) groupConfigEqual(cur *group, gc *config.GroupConfig) bool {
	a := cur.cfg
	if a.Kind != gc.Kind || a.Name != gc.Name || a.Priority != gc.Priority ||
		len(a.Processes) != len(gc.Processes) {
		return false
	}
	switch a.Kind {
	case config.KindEventListenerPool:
		// 4.2.5 builds pool_events from a set: the order written does
		// not matter.
		if a.BufferSize != gc.BufferSize || !sameSet(a.Events, gc.Events) || a.ResultHandler != gc.ResultHandler {
			return false
		}
	case config.KindFastCGI:
		if (a.Socket == nil) != (gc.Socket == nil) || (a.Socket != nil && !socketEqual(a.Socket, gc.Socket)) {
			return false
		}
	}
	for i, pc := range gc.Processes {
		if !s.processConfigEqual(a.Processes[i], pc) {
			return false
		}
	}
	return true
}

// socketEqual is 4.2.5's SocketConfig.__eq__, which compares the URLs
// only: a new socket_owner, socket_mode or socket_backlog alone does not
// make the group changed.
func socketEqual(a, b *config.SocketConfig) bool {
	return a.URL == b.URL
}

// sameSet reports whether a and b hold the same strings.
func sameSet(a, b []string) bool {
	sa, sb := slices.Clone(a), slices.Clone(b)
	slices.Sort(sa)
	slices.Sort(sb)
	return slices.Equal(slices.Compact(sa), slices.Compact(sb))
}

func ptrEqual[T comparable](a, b *T) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// processConfigEqual is 4.2.5's ProcessConfig.__eq__: every option but the
// ones that are AUTO on either side. An active AUTO log has become a path.
func (s *Supervisor) processConfigEqual(a, b *config.ProcessConfig) bool {
	if a.Name != b.Name || !ptrEqual(a.UID, b.UID) || a.Command != b.Command ||
		!ptrEqual(a.Directory, b.Directory) || !ptrEqual(a.Umask, b.Umask) ||
		a.Priority != b.Priority || a.Autostart != b.Autostart || a.Autorestart != b.Autorestart ||
		a.Startsecs != b.Startsecs || a.Startretries != b.Startretries ||
		a.StdoutCaptureMaxbytes != b.StdoutCaptureMaxbytes || a.StdoutEventsEnabled != b.StdoutEventsEnabled ||
		a.StdoutSyslog != b.StdoutSyslog || a.StdoutLogfileBackups != b.StdoutLogfileBackups ||
		a.StdoutLogfileMaxbytes != b.StdoutLogfileMaxbytes ||
		a.StderrCaptureMaxbytes != b.StderrCaptureMaxbytes || a.StderrEventsEnabled != b.StderrEventsEnabled ||
		a.StderrSyslog != b.StderrSyslog || a.StderrLogfileBackups != b.StderrLogfileBackups ||
		a.StderrLogfileMaxbytes != b.StderrLogfileMaxbytes ||
		a.Stopsignal != b.Stopsignal || a.Stopwaitsecs != b.Stopwaitsecs ||
		a.Stopasgroup != b.Stopasgroup || a.Killasgroup != b.Killasgroup ||
		!slices.Equal(a.Exitcodes, b.Exitcodes) || a.RedirectStderr != b.RedirectStderr ||
		!ptrEqual(a.Serverurl, b.Serverurl) || !envEqual(a.Environment, b.Environment) {
		return false
	}
	al := s.autoLogs[a]
	return logEqual(a.StdoutLogfile, al.stdout, b.StdoutLogfile) &&
		logEqual(a.StderrLogfile, al.stderr, b.StderrLogfile)
}

// logEqual compares a log option of an active process (whose AUTO log has
// the materialised name auto) with a freshly parsed one.
func logEqual(a config.LogFile, auto string, b config.LogFile) bool {
	if b.Kind == config.LogAuto {
		return true
	}
	if a.Kind == config.LogAuto {
		if auto == "" {
			return true
		}
		return b.Kind == config.LogPath && b.Path == auto
	}
	return a.Kind == b.Kind && a.Path == b.Path
}

// envEqual compares environments as Python dicts (order-insensitive).
func envEqual(a, b config.Env) bool {
	am, bm := map[string]string{}, map[string]string{}
	for _, kv := range a {
		am[kv.Key] = kv.Value
	}
	for _, kv := range b {
		bm[kv.Key] = kv.Value
	}
	return maps.Equal(am, bm)
}

// allConfigInfo is getAllConfigInfo after the shutdown check.
func (s *Supervisor) allConfigInfo() []ConfigInfo {
	var all []ConfigInfo
	for _, gc := range s.cfg.Groups {
		_, inuse := s.groupByNam[gc.Name]
		for _, pc := range gc.Processes {
			al := s.autoLogs[pc]
			ci := ConfigInfo{
				Autostart:             pc.Autostart,
				Directory:             strOrNone(pc.Directory),
				UID:                   pc.UID,
				Command:               pc.Command,
				Exitcodes:             pc.Exitcodes,
				Group:                 gc.Name,
				GroupPrio:             gc.Priority,
				InUse:                 inuse,
				Killasgroup:           pc.Killasgroup,
				Name:                  pc.Name,
				ProcessPrio:           pc.Priority,
				RedirectStderr:        pc.RedirectStderr,
				Startretries:          pc.Startretries,
				Startsecs:             pc.Startsecs,
				StdoutCaptureMaxbytes: pc.StdoutCaptureMaxbytes,
				StdoutEventsEnabled:   pc.StdoutEventsEnabled,
				StdoutLogfile:         logInfo(pc.StdoutLogfile, al.stdout),
				StdoutLogfileBackups:  pc.StdoutLogfileBackups,
				StdoutLogfileMaxbytes: pc.StdoutLogfileMaxbytes,
				StdoutSyslog:          pc.StdoutSyslog,
				Stopsignal:            pc.Stopsignal,
				Stopwaitsecs:          pc.Stopwaitsecs,
				StderrCaptureMaxbytes: pc.StderrCaptureMaxbytes,
				StderrEventsEnabled:   pc.StderrEventsEnabled,
				StderrLogfile:         logInfo(pc.StderrLogfile, al.stderr),
				StderrLogfileBackups:  pc.StderrLogfileBackups,
				StderrLogfileMaxbytes: pc.StderrLogfileMaxbytes,
				StderrSyslog:          pc.StderrSyslog,
				Serverurl:             strOrNone(pc.Serverurl),
			}
			all = append(all, ci)
		}
	}
	slices.SortStableFunc(all, func(a, b ConfigInfo) int { return strings.Compare(a.Name, b.Name) })
	return all
}

func strOrNone(p *string) string {
	if p == nil {
		return "none"
	}
	return *p
}

// logInfo renders a log option for getAllConfigInfo: the path, "auto"
// while an AUTO log has no file yet, or "none".
func logInfo(l config.LogFile, auto string) string {
	switch l.Kind {
	case config.LogPath:
		return l.Path
	case config.LogAuto:
		if auto != "" {
			return auto
		}
		return "auto"
	}
	return "none"
}
