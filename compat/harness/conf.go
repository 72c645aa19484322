package harness

import (
	"fmt"
	"net"
	"sort"
	"strings"
)

// ConfHeader is the preamble Conf puts before your sections: a unix socket
// and an inet port, the main log, pidfile and child logs inside the temp
// dir, the supervisor RPC interface, and a [supervisorctl] section pointing
// at the unix socket.
const ConfHeader = `[unix_http_server]
file={sock}

[inet_http_server]
port=127.0.0.1:{port}

[supervisord]
logfile={tmp}/supervisord.log
pidfile={tmp}/supervisord.pid
childlogdir={tmp}
nodaemon=true
loglevel=info

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://{sock}
`

// Heartbeat is a [program:heartbeat] section whose output, every 100ms,
// wakes 4.2.5's main loop. Between events that loop looks at its children
// (reaping, state changes) and at pending RPC answers (start, stop, clear
// and update of many processes) about once a second; with a heartbeat it
// looks every tenth of a second, and tests that drive many such steps run
// several times faster. The program ignores the signals tests send.
const Heartbeat = `
[program:heartbeat]
command=sh -c 'trap "" HUP USR1 USR2; while :; do echo beat; sleep 0.1; done'
startsecs=0
stopwaitsecs=1
stdout_logfile_maxbytes=64KB
stdout_logfile_backups=0
`

// Conf returns ConfHeader followed by sections (your [program:x] etc.).
func Conf(sections string) string {
	return ConfHeader + "\n" + strings.TrimLeft(sections, "\n")
}

// Program returns a [program:name] section with the given "key=value"
// lines, for confs built from parts.
func Program(name string, lines ...string) string {
	return "[program:" + name + "]\n" + strings.Join(lines, "\n") + "\n\n"
}

// AddCredentials returns conf with username= and password= lines added to
// each of the named sections (unix_http_server, inet_http_server,
// supervisorctl), which must be in conf.
func AddCredentials(conf, username, password string, sections ...string) string {
	for _, s := range sections {
		header := "[" + s + "]\n"
		if !strings.Contains(conf, header) {
			panic("harness: AddCredentials: no section " + header)
		}
		conf = strings.Replace(conf, header, header+"username="+username+"\npassword="+password+"\n", 1)
	}
	return conf
}

// Vars are template placeholders: Vars{"name": "value"} replaces {name}.
type Vars map[string]string

// Render replaces every {name} of vars in tmpl. Longer names are replaced
// first, so {tmp} never eats part of {tmpdir}.
func Render(tmpl string, vars Vars) string {
	names := make([]string, 0, len(vars))
	for k := range vars {
		names = append(names, k)
	}
	sort.Slice(names, func(i, j int) bool { return len(names[i]) > len(names[j]) })
	pairs := make([]string, 0, 2*len(names))
	for _, k := range names {
		pairs = append(pairs, "{"+k+"}", vars[k])
	}
	return strings.NewReplacer(pairs...).Replace(tmpl)
}

// FreePort returns a TCP port on 127.0.0.1 that was free a moment ago.
func FreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("harness: no free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
