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
