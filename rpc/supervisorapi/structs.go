package supervisorapi

import (
	"github.com/gosupervisord/gosupervisord/rpc/xmlrpc"
	"github.com/gosupervisord/gosupervisord/supervisor"
)

// processInfo is the struct of getProcessInfo: 4.2.5's 14 keys in its
// order on the wire.
func processInfo(pi supervisor.ProcessInfo) xmlrpc.Struct {
	return xmlrpc.Struct{
		{Name: "name", Value: pi.Name},
		{Name: "group", Value: pi.Group},
		{Name: "start", Value: pi.Start},
		{Name: "stop", Value: pi.Stop},
		{Name: "now", Value: pi.Now},
		{Name: "state", Value: int(pi.State)},
		{Name: "statename", Value: pi.State.String()},
		{Name: "spawnerr", Value: pi.SpawnErr},
		{Name: "exitstatus", Value: pi.ExitStatus},
		{Name: "logfile", Value: pi.StdoutLogfile},
		{Name: "stdout_logfile", Value: pi.StdoutLogfile},
		{Name: "stderr_logfile", Value: pi.StderrLogfile},
		{Name: "pid", Value: pi.PID},
		{Name: "description", Value: pi.Description},
	}
}

// processInfos is the array of getAllProcessInfo.
func processInfos(all []supervisor.ProcessInfo) []xmlrpc.Struct {
	out := make([]xmlrpc.Struct, 0, len(all))
	for _, pi := range all {
		out = append(out, processInfo(pi))
	}
	return out
}

// configInfo is one element of getAllConfigInfo: 4.2.5's 29 keys in its
// order, with its 'none' for a missing uid (the string fields arrive from
// the core with 'none' and 'auto' already in place).
func configInfo(ci supervisor.ConfigInfo) xmlrpc.Struct {
	var uid any = "none"
	if ci.UID != nil {
		uid = *ci.UID
	}
	exitcodes := ci.Exitcodes
	if exitcodes == nil {
		exitcodes = []int{}
	}
	return xmlrpc.Struct{
		{Name: "autostart", Value: ci.Autostart},
		{Name: "directory", Value: ci.Directory},
		{Name: "uid", Value: uid},
		{Name: "command", Value: ci.Command},
		{Name: "exitcodes", Value: exitcodes},
		{Name: "group", Value: ci.Group},
		{Name: "group_prio", Value: ci.GroupPrio},
		{Name: "inuse", Value: ci.InUse},
		{Name: "killasgroup", Value: ci.Killasgroup},
		{Name: "name", Value: ci.Name},
		{Name: "process_prio", Value: ci.ProcessPrio},
		{Name: "redirect_stderr", Value: ci.RedirectStderr},
		{Name: "startretries", Value: ci.Startretries},
		{Name: "startsecs", Value: ci.Startsecs},
		{Name: "stdout_capture_maxbytes", Value: ci.StdoutCaptureMaxbytes},
		{Name: "stdout_events_enabled", Value: ci.StdoutEventsEnabled},
		{Name: "stdout_logfile", Value: ci.StdoutLogfile},
		{Name: "stdout_logfile_backups", Value: ci.StdoutLogfileBackups},
		{Name: "stdout_logfile_maxbytes", Value: ci.StdoutLogfileMaxbytes},
		{Name: "stdout_syslog", Value: ci.StdoutSyslog},
		{Name: "stopsignal", Value: ci.Stopsignal},
		{Name: "stopwaitsecs", Value: ci.Stopwaitsecs},
		{Name: "stderr_capture_maxbytes", Value: ci.StderrCaptureMaxbytes},
		{Name: "stderr_events_enabled", Value: ci.StderrEventsEnabled},
		{Name: "stderr_logfile", Value: ci.StderrLogfile},
		{Name: "stderr_logfile_backups", Value: ci.StderrLogfileBackups},
		{Name: "stderr_logfile_maxbytes", Value: ci.StderrLogfileMaxbytes},
		{Name: "stderr_syslog", Value: ci.StderrSyslog},
		{Name: "serverurl", Value: ci.Serverurl},
	}
}

// configInfos is the array of getAllConfigInfo.
func configInfos(all []supervisor.ConfigInfo) []xmlrpc.Struct {
	out := make([]xmlrpc.Struct, 0, len(all))
	for _, ci := range all {
		out = append(out, configInfo(ci))
	}
	return out
}

// results is the array the group and "all" calls return: one
// {name, group, status, description} struct per process, in the core's
// (completion) order.
func results(rs []supervisor.Result) []xmlrpc.Struct {
	out := make([]xmlrpc.Struct, 0, len(rs))
	for _, r := range rs {
		out = append(out, xmlrpc.Struct{
			{Name: "name", Value: r.Name},
			{Name: "group", Value: r.Group},
			{Name: "status", Value: int(r.Status)},
			{Name: "description", Value: r.Description},
		})
	}
	return out
}

// nonNil returns names, or an empty slice for nil (an empty XML-RPC array).
func nonNil(names []string) []string {
	if names == nil {
		return []string{}
	}
	return names
}
