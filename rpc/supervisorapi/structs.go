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

// processInfos is the array of getAllProcessInfo. It encodes itself
// (processInfoList): with thousands of processes, building a Struct per
// process costs more than the encoding.
func processInfos(all []supervisor.ProcessInfo) processInfoList {
	return processInfoList(all)
}

// processInfoList is an array of process-info structs that appends its
// XML-RPC encoding directly, the same bytes as AppendValue of structs().
type processInfoList []supervisor.ProcessInfo

// structs returns the list as generic structs (the reference encoding).
func (l processInfoList) structs() []xmlrpc.Struct {
	out := make([]xmlrpc.Struct, 0, len(l))
	for _, pi := range l {
		out = append(out, processInfo(pi))
	}
	return out
}

// Members as Python's Marshaller writes them, name by name.
const (
	piStart       = "<value><struct>\n<member>\n<name>name</name>\n"
	piGroup       = "</member>\n<member>\n<name>group</name>\n"
	piStartTime   = "</member>\n<member>\n<name>start</name>\n"
	piStop        = "</member>\n<member>\n<name>stop</name>\n"
	piNow         = "</member>\n<member>\n<name>now</name>\n"
	piState       = "</member>\n<member>\n<name>state</name>\n"
	piStatename   = "</member>\n<member>\n<name>statename</name>\n"
	piSpawnerr    = "</member>\n<member>\n<name>spawnerr</name>\n"
	piExitstatus  = "</member>\n<member>\n<name>exitstatus</name>\n"
	piLogfile     = "</member>\n<member>\n<name>logfile</name>\n"
	piStdoutLog   = "</member>\n<member>\n<name>stdout_logfile</name>\n"
	piStderrLog   = "</member>\n<member>\n<name>stderr_logfile</name>\n"
	piPID         = "</member>\n<member>\n<name>pid</name>\n"
	piDescription = "</member>\n<member>\n<name>description</name>\n"
	piEnd         = "</member>\n</struct></value>\n"
)

// AppendXMLRPC implements xmlrpc.Marshaler.
func (l processInfoList) AppendXMLRPC(dst []byte) ([]byte, error) {
	dst = append(dst, "<value><array><data>\n"...)
	for i := range l {
		pi := &l[i]
		dst = append(dst, piStart...)
		dst = xmlrpc.AppendString(dst, pi.Name)
		dst = append(dst, piGroup...)
		dst = xmlrpc.AppendString(dst, pi.Group)
		dst = append(dst, piStartTime...)
		dst = xmlrpc.AppendInt(dst, pi.Start)
		dst = append(dst, piStop...)
		dst = xmlrpc.AppendInt(dst, pi.Stop)
		dst = append(dst, piNow...)
		dst = xmlrpc.AppendInt(dst, pi.Now)
		dst = append(dst, piState...)
		dst = xmlrpc.AppendInt(dst, int64(pi.State))
		dst = append(dst, piStatename...)
		dst = xmlrpc.AppendString(dst, pi.State.String())
		dst = append(dst, piSpawnerr...)
		dst = xmlrpc.AppendString(dst, pi.SpawnErr)
		dst = append(dst, piExitstatus...)
		dst = xmlrpc.AppendInt(dst, int64(pi.ExitStatus))
		dst = append(dst, piLogfile...)
		dst = xmlrpc.AppendString(dst, pi.StdoutLogfile)
		dst = append(dst, piStdoutLog...)
		dst = xmlrpc.AppendString(dst, pi.StdoutLogfile)
		dst = append(dst, piStderrLog...)
		dst = xmlrpc.AppendString(dst, pi.StderrLogfile)
		dst = append(dst, piPID...)
		dst = xmlrpc.AppendInt(dst, int64(pi.PID))
		dst = append(dst, piDescription...)
		dst = xmlrpc.AppendString(dst, pi.Description)
		dst = append(dst, piEnd...)
	}
	return append(dst, "</data></array></value>\n"...), nil
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
