package config

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/gosupervisord/gosupervisord/internal/py"
)

// eventTypes are the event type names of 4.2.5's events.EventTypes that an
// [eventlistener:x] events= line may name.
var eventTypes = map[string]bool{
	"EVENT": true, "PROCESS_STATE": true, "PROCESS_STATE_STOPPED": true,
	"PROCESS_STATE_EXITED": true, "PROCESS_STATE_STARTING": true,
	"PROCESS_STATE_STOPPING": true, "PROCESS_STATE_BACKOFF": true,
	"PROCESS_STATE_FATAL": true, "PROCESS_STATE_RUNNING": true,
	"PROCESS_STATE_UNKNOWN": true, "PROCESS_COMMUNICATION": true,
	"PROCESS_COMMUNICATION_STDOUT": true, "PROCESS_COMMUNICATION_STDERR": true,
	"PROCESS_LOG": true, "PROCESS_LOG_STDOUT": true, "PROCESS_LOG_STDERR": true,
	"REMOTE_COMMUNICATION": true, "SUPERVISOR_STATE_CHANGE": true,
	"SUPERVISOR_STATE_CHANGE_RUNNING": true, "SUPERVISOR_STATE_CHANGE_STOPPING": true,
	"TICK": true, "TICK_5": true, "TICK_60": true, "TICK_3600": true,
	"PROCESS_GROUP": true, "PROCESS_GROUP_ADDED": true, "PROCESS_GROUP_REMOVED": true,
}

// IsEventType reports whether name is one of 4.2.5's event type names.
func IsEventType(name string) bool { return eventTypes[name] }

// groupGet reads a group-level option: expanded with ENV_x and here (plus
// extra), the default (if any) expanded too. ok is false when the option
// is absent and def is nil.
func (l *loader) groupGet(section, option string, def *string, extra *Names) (string, bool, error) {
	names := l.environ.Clone()
	names.Update(extra)
	names.SetString("here", l.here)
	v, ok := l.parser.Get(section, option)
	if !ok {
		if def == nil {
			return "", false, nil
		}
		v = *def
	}
	v, err := Expand(v, names, section+"."+option)
	return v, true, err
}

func strp(s string) *string { return &s }

// suffix is section.split(':', 1)[1].
func suffix(section string) string {
	_, s, _ := strings.Cut(section, ":")
	return s
}

// processGroups is 4.2.5's process_groups_from_parser: [group:x] first,
// then [program:x] not in a group, [eventlistener:x], [fcgi-program:x] not
// in a group; sorted by (priority, name).
func (l *loader) processGroups() ([]*GroupConfig, error) {
	all := l.parser.Sections()
	has := make(map[string]bool, len(all))
	for _, s := range all {
		has[s] = true
	}
	exclude := map[string]bool{}
	var groups []*GroupConfig

	for _, section := range all {
		if !strings.HasPrefix(section, "group:") {
			continue
		}
		name, err := processOrGroupName(suffix(section))
		if err != nil {
			return nil, err
		}
		programs, ok, err := l.groupGet(section, "programs", nil, nil)
		if err != nil {
			return nil, err
		}
		var list []string
		if ok {
			list = listOfStrings(programs)
		}
		priority, err := l.groupInteger(section, "priority", "999")
		if err != nil {
			return nil, err
		}
		g := &GroupConfig{Name: name, Priority: priority, Kind: KindProcess, Processes: []*ProcessConfig{}}
		// 4.2.5 reuses its loop variable here, so after the first program
		// the error messages name the previous program's section.
		cur := section
		for _, program := range list {
			progSection, fcgiSection := "program:"+program, "fcgi-program:"+program
			if !has[progSection] && !has[fcgiSection] {
				return nil, fmt.Errorf("[%s] names unknown program or fcgi-program %s", cur, program)
			}
			if has[progSection] && has[fcgiSection] {
				return nil, fmt.Errorf("[%s] name %s is ambiguous (exists as program and fcgi-program)", cur, program)
			}
			cur = fcgiSection
			if has[progSection] {
				cur = progSection
			}
			exclude[cur] = true
			procs, err := l.processesFromSection(cur, name)
			if err != nil {
				return nil, err
			}
			g.Processes = append(g.Processes, procs...)
		}
		groups = append(groups, g)
	}

	for _, section := range all {
		if !strings.HasPrefix(section, "program:") || exclude[section] {
			continue
		}
		name, err := processOrGroupName(suffix(section))
		if err != nil {
			return nil, err
		}
		priority, err := l.groupInteger(section, "priority", "999")
		if err != nil {
			return nil, err
		}
		procs, err := l.processesFromSection(section, name)
		if err != nil {
			return nil, err
		}
		groups = append(groups, &GroupConfig{Name: name, Priority: priority, Kind: KindProcess, Processes: procs})
	}

	for _, section := range all {
		if !strings.HasPrefix(section, "eventlistener:") {
			continue
		}
		g, err := l.eventListenerPool(section)
		if err != nil {
			return nil, err
		}
		groups = append(groups, g)
	}

	for _, section := range all {
		if !strings.HasPrefix(section, "fcgi-program:") || exclude[section] {
			continue
		}
		g, err := l.fcgiGroup(section)
		if err != nil {
			return nil, err
		}
		groups = append(groups, g)
	}
	sortGroups(groups)
	return groups, nil
}

// groupInteger reads a group-level integer option.
func (l *loader) groupInteger(section, option, def string) (int, error) {
	v, _, err := l.groupGet(section, option, &def, nil)
	if err != nil {
		return 0, err
	}
	return pyInteger(v)
}

// eventListenerPool reads an [eventlistener:x] section.
func (l *loader) eventListenerPool(section string) (*GroupConfig, error) {
	name := suffix(section) // 4.2.5 neither strips nor checks the pool name
	priority, err := l.groupInteger(section, "priority", "-1")
	if err != nil {
		return nil, err
	}
	bufferSize, err := l.groupInteger(section, "buffer_size", "10")
	if err != nil {
		return nil, err
	}
	if bufferSize < 1 {
		return nil, fmt.Errorf("[%s] section sets invalid buffer_size (%d)", section, bufferSize)
	}
	rh, _, err := l.groupGet(section, "result_handler", strp(DefaultResultHandler), nil)
	if err != nil {
		return nil, err
	}
	handler, err := resolveSpec(rh, DefaultResultHandler)
	if errors.Is(err, errUnresolvable) {
		return nil, fmt.Errorf("%s cannot be resolved within [%s]", rh, section)
	}
	if err != nil {
		return nil, err
	}
	ev, _, err := l.groupGet(section, "events", strp(""), nil)
	if err != nil {
		return nil, err
	}
	var events []string
	seen := map[string]bool{}
	for _, e := range listOfStrings(ev) {
		e = py.Upper(e)
		if !seen[e] {
			seen[e] = true
			events = append(events, e)
		}
	}
	if len(events) == 0 {
		return nil, fmt.Errorf(`[%s] section requires an "events" line`, section)
	}
	// 4.2.5 checks a set, in hash order; we report the first unknown name
	// in the order written.
	for _, e := range events {
		if !eventTypes[e] {
			return nil, fmt.Errorf("Unknown event type %s in [%s] events", e, section)
		}
	}
	rs, _, err := l.groupGet(section, "redirect_stderr", strp("false"), nil)
	if err != nil {
		return nil, err
	}
	redirect, err := boolean(rs)
	if err != nil {
		return nil, err
	}
	if redirect {
		return nil, fmt.Errorf("[%s] section sets redirect_stderr=true but this is not allowed because it will interfere with the eventlistener protocol", section)
	}
	procs, err := l.processesFromSection(section, name)
	if err != nil {
		return nil, err
	}
	return &GroupConfig{
		Name: name, Priority: priority, Kind: KindEventListenerPool, Processes: procs,
		BufferSize: bufferSize, Events: events, ResultHandler: handler,
	}, nil
}

// fcgiGroup reads an [fcgi-program:x] section that is not in a group.
func (l *loader) fcgiGroup(section string) (*GroupConfig, error) {
	name, err := processOrGroupName(suffix(section))
	if err != nil {
		return nil, err
	}
	priority, err := l.groupInteger(section, "priority", "999")
	if err != nil {
		return nil, err
	}
	var procUID *int
	user, ok, err := l.groupGet(section, "user", nil, nil)
	if err != nil {
		return nil, err
	}
	if ok {
		uid, err := nameToUID(user)
		if err != nil {
			return nil, err
		}
		procUID = &uid
	}
	backlog := 0
	if v, ok, err := l.groupGet(section, "socket_backlog", nil, nil); err != nil {
		return nil, err
	} else if ok {
		if backlog, err = pyInteger(v); err != nil {
			return nil, err
		}
		if backlog < 1 || backlog > 65535 {
			return nil, fmt.Errorf("Invalid socket_backlog value %d", backlog)
		}
	}
	var owner *UserGroup
	if v, ok, err := l.groupGet(section, "socket_owner", nil, nil); err != nil {
		return nil, err
	} else if ok {
		uid, gid, err := colonSeparatedUserGroup(v)
		if err != nil {
			return nil, fmt.Errorf("Invalid socket_owner value %s", v)
		}
		owner = &UserGroup{UID: uid, GID: gid}
	}
	var mode *int
	if v, ok, err := l.groupGet(section, "socket_mode", nil, nil); err != nil {
		return nil, err
	} else if ok {
		m, err := octalType(v)
		if err != nil {
			return nil, fmt.Errorf("Invalid socket_mode value %s", v)
		}
		mode = &m
	}
	fcgiNames := NewNames()
	fcgiNames.SetString("program_name", name)
	sock, _, err := l.groupGet(section, "socket", nil, fcgiNames)
	if err != nil {
		return nil, err
	}
	if sock == "" {
		return nil, fmt.Errorf(`[%s] section requires a "socket" line`, section)
	}
	sc, err := l.parseFCGISocket(sock, procUID, owner, mode, backlog)
	if err != nil {
		return nil, fmt.Errorf("%s in [%s] socket", err, section)
	}
	procs, err := l.processesFromSection(section, name)
	if err != nil {
		return nil, err
	}
	return &GroupConfig{Name: name, Priority: priority, Kind: KindFastCGI, Processes: procs, Socket: sc}, nil
}

// tcpSocketRE is 4.2.5's r'tcp://([^\s:]+):(\d+)$' with Python's Unicode
// \s and \d.
var tcpSocketRE = regexp.MustCompile(`^tcp://([^:\t\n\v\f\r\x1c-\x1f \x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]+):(\p{Nd}+)\n?\z`)

// parseFCGISocket is 4.2.5's parse_fcgi_socket. Two of its errors are
// raised with two arguments, so Python prints them as a tuple.
func (l *loader) parseFCGISocket(sock string, procUID *int, owner *UserGroup, mode *int, backlog int) (*SocketConfig, error) {
	if path, ok := strings.CutPrefix(sock, "unix://"); ok {
		if !strings.HasPrefix(path, "/") {
			return nil, errors.New(py.TupleRepr("Unix socket path %s is not an absolute path", path))
		}
		path = l.env.normalizePath(path)
		if owner == nil && procUID != nil && *procUID != l.env.UID {
			gid, err := gidForUID(*procUID)
			if err != nil {
				return nil, err
			}
			owner = &UserGroup{UID: *procUID, GID: gid}
		}
		if mode == nil {
			m := 0o700
			mode = &m
		}
		return &SocketConfig{URL: "unix://" + path, Family: FamilyUnix, Path: path, Owner: owner, Mode: mode, Backlog: backlog}, nil
	}
	if owner != nil || mode != nil {
		return nil, errors.New("socket_owner and socket_mode params should only be used with a Unix domain socket")
	}
	if m := tcpSocketRE.FindStringSubmatch(sock); m != nil {
		host := py.Lower(m[1])
		port, err := pyInt(m[2], 10)
		if err != nil {
			return nil, err
		}
		p, err := checkPort(port)
		if err != nil {
			return nil, err
		}
		return &SocketConfig{URL: "tcp://" + host + ":" + strconv.Itoa(p), Family: FamilyInet, Host: host, Port: p, Backlog: backlog}, nil
	}
	return nil, errors.New(py.TupleRepr("Bad socket format %s", sock))
}
