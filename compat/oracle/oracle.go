// Package oracle compares gosupervisord's configuration loader with
// supervisord 4.2.5's own option parser, run through dump_config.py under
// /usr/bin/python3. Dump renders a *config.Config in the JSON shape the
// Python helper prints, so the two can be compared field by field.
package oracle

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	"github.com/gosupervisord/gosupervisord/supervisor/config"
)

// Python is the interpreter that has the supervisor package.
const Python = "/usr/bin/python3"

// HelperPath returns the absolute path of dump_config.py.
func HelperPath() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "dump_config.py")
}

// Available reports why the oracle cannot run, or "" when it can.
func Available() string {
	if _, err := os.Stat(Python); err != nil {
		return Python + " is missing"
	}
	if err := exec.Command(Python, "-c", "import supervisor.options").Run(); err != nil {
		return "the supervisor Python package is missing (" + err.Error() + ")"
	}
	return ""
}

// RunPython realises args (supervisord options, e.g. "-c", file) with
// 4.2.5's ServerOptions in env and returns the helper's JSON decoded.
func RunPython(env config.Environment, args ...string) (map[string]any, error) {
	cmdArgs := append([]string{HelperPath(), "--hostname", env.Hostname, "--"}, args...)
	cmd := exec.Command(Python, cmdArgs...)
	cmd.Env = env.Environ
	cmd.Dir = env.Cwd
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("dump_config.py: %v: %s", err, stderr.String())
	}
	var m map[string]any
	if err := json.Unmarshal(out, &m); err != nil {
		return nil, fmt.Errorf("dump_config.py output: %v: %s", err, out)
	}
	return m, nil
}

// Request is one configuration for RunPythonBatch.
type Request struct {
	Env  config.Environment
	Args []string // supervisord options, e.g. "-c", file
}

// RunPythonBatch realises every request in a single Python process (one
// interpreter start-up for the whole corpus) and returns the decoded
// results in order.
func RunPythonBatch(reqs []Request) ([]map[string]any, error) {
	type pyReq struct {
		Args     []string   `json:"args"`
		Env      [][]string `json:"env"`
		Cwd      string     `json:"cwd"`
		Hostname string     `json:"hostname"`
	}
	in := make([]pyReq, len(reqs))
	for i, r := range reqs {
		env := [][]string{}
		for _, kv := range r.Env.Environ {
			k, v, _ := strings.Cut(kv, "=")
			env = append(env, []string{k, v})
		}
		in[i] = pyReq{Args: r.Args, Env: env, Cwd: r.Env.Cwd, Hostname: r.Env.Hostname}
	}
	body, err := json.Marshal(in)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(Python, HelperPath(), "--batch")
	cmd.Stdin = bytes.NewReader(body)
	if len(reqs) > 0 {
		cmd.Env = reqs[0].Env.Environ
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("dump_config.py --batch: %v: %s", err, stderr.String())
	}
	var res []map[string]any
	if err := json.Unmarshal(out, &res); err != nil {
		return nil, fmt.Errorf("dump_config.py output: %v", err)
	}
	if len(res) != len(reqs) {
		return nil, fmt.Errorf("dump_config.py returned %d results for %d requests", len(res), len(reqs))
	}
	return res, nil
}

// Normalize round-trips v through JSON so Go values compare equal to
// decoded Python output.
func Normalize(v any) map[string]any {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		panic(err)
	}
	return m
}

// Dump renders cfg in dump_config.py's shape.
func Dump(cfg *config.Config) map[string]any {
	s := cfg.Supervisord
	sd := map[string]any{
		"logfile": s.Logfile, "logfile_maxbytes": s.LogfileMaxbytes,
		"logfile_backups": s.LogfileBackups, "loglevel": int(s.Loglevel),
		"pidfile": s.Pidfile, "umask": s.Umask,
		"nodaemon": s.Nodaemon, "silent": s.Silent,
		"minfds": s.Minfds, "minprocs": s.Minprocs,
		"nocleanup": s.Nocleanup, "childlogdir": s.Childlogdir,
		"user": nil, "uid": nil, "gid": nil,
		"directory": nil, "strip_ansi": s.StripAnsi,
		"identifier": s.Identifier, "environment": envPairs(s.Environment),
	}
	if s.User != "" {
		sd["user"], sd["uid"], sd["gid"] = s.User, s.UID, s.GID
	}
	if s.Directory != "" {
		sd["directory"] = s.Directory
	}
	out := map[string]any{
		"supervisord":   sd,
		"server_url":    nil,
		"servers":       []any{},
		"rpcinterfaces": []any{},
		"groups":        []any{},
		"criticals":     strs(cfg.Criticals),
		"warnings":      strs(cfg.Warnings),
		"infos":         strs(cfg.Infos),
	}
	if cfg.ServerURL != "" {
		out["server_url"] = cfg.ServerURL
	}
	servers := []any{}
	for _, sc := range cfg.Servers {
		servers = append(servers, server(sc))
	}
	out["servers"] = servers
	rpcs := []any{}
	for _, pc := range cfg.RPCInterfaces {
		extras := [][]string{}
		for _, k := range pc.ExtraKeys {
			extras = append(extras, []string{k, pc.Extra[k]})
		}
		rpcs = append(rpcs, map[string]any{"name": pc.Name, "factory": pc.Factory, "extras": extras})
	}
	out["rpcinterfaces"] = rpcs
	groups := []any{}
	for _, g := range cfg.Groups {
		groups = append(groups, group(g))
	}
	out["groups"] = groups
	return Normalize(out)
}

func strs(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func envPairs(e config.Env) [][]string {
	out := [][]string{}
	for _, kv := range e {
		out = append(out, []string{kv.Key, kv.Value})
	}
	return out
}

func server(sc config.ServerConfig) map[string]any {
	m := map[string]any{
		"section": sc.Section, "name": nil, "family": "inet",
		"host": nil, "port": nil, "file": nil, "chmod": nil, "chown": nil,
		"username": nil, "password": nil,
	}
	if _, name, ok := cut(sc.Section); ok {
		m["name"] = name
	}
	if sc.Family == config.FamilyUnix {
		m["family"], m["file"], m["chmod"] = "unix", sc.File, sc.Chmod
		m["chown"] = []int{sc.ChownUID, sc.ChownGID}
	} else {
		m["host"], m["port"] = sc.Host, sc.Port
	}
	if sc.Username != nil {
		m["username"], m["password"] = *sc.Username, *sc.Password
	}
	return m
}

func cut(section string) (string, string, bool) {
	for i := 0; i < len(section); i++ {
		if section[i] == ':' {
			return section[:i], section[i+1:], true
		}
	}
	return section, "", false
}

func group(g *config.GroupConfig) map[string]any {
	m := map[string]any{"name": g.Name, "priority": g.Priority}
	procs := []any{}
	for _, p := range g.Processes {
		procs = append(procs, process(p))
	}
	m["processes"] = procs
	switch g.Kind {
	case config.KindProcess:
		m["kind"] = "process"
	case config.KindEventListenerPool:
		m["kind"] = "eventlistener"
		m["buffer_size"] = g.BufferSize
		ev := append([]string(nil), g.Events...)
		sort.Strings(ev)
		m["events"] = ev
		m["result_handler"] = g.ResultHandler
	case config.KindFastCGI:
		m["kind"] = "fcgi"
		m["socket"] = socketConfig(g.Socket)
	}
	return m
}

func socketConfig(sc *config.SocketConfig) any {
	if sc == nil {
		return nil
	}
	m := map[string]any{"url": sc.URL, "backlog": nil}
	if sc.Backlog != 0 {
		m["backlog"] = sc.Backlog
	}
	if sc.Family == config.FamilyUnix {
		m["family"], m["path"] = "unix", sc.Path
		m["mode"] = nil
		if sc.Mode != nil {
			m["mode"] = *sc.Mode
		}
		m["owner"] = nil
		if sc.Owner != nil {
			m["owner"] = []int{sc.Owner.UID, sc.Owner.GID}
		}
	} else {
		m["family"], m["host"], m["port"] = "inet", sc.Host, sc.Port
	}
	return m
}

func logfile(lf config.LogFile) string {
	switch lf.Kind {
	case config.LogAuto:
		return "<AUTO>"
	case config.LogNone:
		return "<NONE>"
	}
	return lf.Path
}

func process(p *config.ProcessConfig) map[string]any {
	m := map[string]any{
		"name": p.Name, "command": p.Command, "directory": nil, "umask": nil,
		"priority": p.Priority, "autostart": p.Autostart,
		"autorestart": [...]string{"never", "unexpected", "always"}[p.Autorestart],
		"startsecs":   p.Startsecs, "startretries": p.Startretries, "uid": nil,
		"stdout_logfile":          logfile(p.StdoutLogfile),
		"stdout_capture_maxbytes": p.StdoutCaptureMaxbytes,
		"stdout_logfile_backups":  p.StdoutLogfileBackups,
		"stdout_logfile_maxbytes": p.StdoutLogfileMaxbytes,
		"stdout_events_enabled":   p.StdoutEventsEnabled,
		"stdout_syslog":           p.StdoutSyslog,
		"stderr_logfile":          logfile(p.StderrLogfile),
		"stderr_capture_maxbytes": p.StderrCaptureMaxbytes,
		"stderr_logfile_backups":  p.StderrLogfileBackups,
		"stderr_logfile_maxbytes": p.StderrLogfileMaxbytes,
		"stderr_events_enabled":   p.StderrEventsEnabled,
		"stderr_syslog":           p.StderrSyslog,
		"stopsignal":              p.Stopsignal, "stopwaitsecs": p.Stopwaitsecs,
		"stopasgroup": p.Stopasgroup, "killasgroup": p.Killasgroup,
		"exitcodes": p.Exitcodes, "redirect_stderr": p.RedirectStderr,
		"environment": envPairs(p.Environment), "serverurl": nil,
	}
	if p.Directory != nil {
		m["directory"] = *p.Directory
	}
	if p.Umask != nil {
		m["umask"] = *p.Umask
	}
	if p.UID != nil {
		m["uid"] = *p.UID
	}
	if p.Serverurl != nil {
		m["serverurl"] = *p.Serverurl
	}
	return m
}
