package ctl

import (
	"testing"
)

// TestFaultPaths drives both clients into the paths that need an unusual
// server: other API versions, faults and HTTP errors in the upcheck,
// result codes the client does not know, malformed replies.
func TestFaultPaths(t *testing.T) {
	t.Parallel()
	loadHelp(t)
	running := []any{procInfo("sleeper", "sleeper", 20, "RUNNING", "pid 42, uptime 0:00:01", 42)}
	cases := []struct {
		name    string
		replies map[string]reply
		lines   []string
		stdin   string
	}{
		{"version mismatch", map[string]reply{"supervisor.getVersion": {body: value("2.0")}},
			[]string{"status", "pid", "version", "start x", "stop x", "restart x", "signal HUP x", "tail x", "maintail", "clear x", "fg x"}, ""},
		{"version is an int", map[string]reply{"supervisor.getVersion": {body: value(3)}},
			[]string{"status", "version"}, ""},
		{"no supervisor namespace", map[string]reply{"supervisor.getVersion": {body: fault(1, "UNKNOWN_METHOD")}},
			[]string{"status", "pid", "version", "tail x", "avail"}, ""},
		{"shutting down", map[string]reply{"supervisor.getVersion": {body: fault(6, "SHUTDOWN_STATE")}},
			[]string{"status", "pid", "start x", "version"}, ""},
		{"http 500", map[string]reply{"supervisor.getVersion": {status: 500, body: "oops"}},
			[]string{"status", "pid", "version"}, ""},
		{"http 401", map[string]reply{"supervisor.getVersion": {status: 401}},
			[]string{"status", "pid", "maintail -f"}, ""},
		{"http 401 interactive", map[string]reply{"supervisor.getVersion": {status: 401}},
			[]string{"-i status"}, "user\npass\nuser2\n"},
		{"hang up", map[string]reply{"supervisor.getVersion": {hangup: true}},
			[]string{"status", "version"}, ""},
		{"control character", map[string]reply{"supervisor.getVersion": {body: value(rawString("3.0\x1b[0m"))}},
			[]string{"status"}, ""},
		{"control character after non-ascii", map[string]reply{
			"supervisor.getAllProcessInfo": {body: value([]any{procInfo("é", "ü", 20, "RUNNING", "pid 1, \x07 uptime", 1)})}},
			[]string{"status"}, ""},
		{"not xml", map[string]reply{"supervisor.getVersion": {body: "hello"}},
			[]string{"status"}, ""},
		{"empty reply", map[string]reply{"supervisor.getVersion": {body: ""}},
			[]string{"status"}, ""},
		{"html reply", map[string]reply{"supervisor.getVersion": {body: "<html><body>hi</body></html>"}},
			[]string{"status"}, ""},
		{"truncated reply", map[string]reply{"supervisor.getVersion": {body: value("3.0")[:60]}},
			[]string{"status"}, ""},
		{"junk after reply", map[string]reply{"supervisor.getVersion": {body: value("3.0") + "junk"}},
			[]string{"status"}, ""},
		{"mismatched tags", map[string]reply{"supervisor.getVersion": {body: "<methodResponse><params></param></methodResponse>"}},
			[]string{"status"}, ""},
		{"non-ascii before a control character", map[string]reply{
			"supervisor.readProcessStdoutLog": {body: value(rawString("héllo wörld\n\x1b[31mred\x1b[0m\n"))}},
			[]string{"tail x"}, ""},
		{"status layout", map[string]reply{"supervisor.getAllProcessInfo": {body: value([]any{
			procInfo("grüppé", "prögrämm", 20, "RUNNING", "pid 1, uptime 0:00:01", 1),
			procInfo("g", "g", 10, "STARTING", "", 2),
			procInfo("x", "a_process_name_longer_than_thirty_chars", 1000, "UNKNOWN", "?", 0)})}},
			[]string{"status", "status g", "status grüppé:*"}, ""},
		{"unknown start result", map[string]reply{
			"supervisor.startProcess":      {body: fault(30, "FAILED")},
			"supervisor.startProcessGroup": {body: value([]any{res("g", "a", 80, "OK"), res("g", "b", 99, "huh")})},
			"supervisor.startAllProcesses": {body: value([]any{res("g", "a", 6, "SHUTDOWN_STATE")})}},
			[]string{"start x", "start g:*", "start all", "restart x"}, ""},
		{"start faults", map[string]reply{
			"supervisor.startProcess":      {body: fault(50, "SPAWN_ERROR: x")},
			"supervisor.startProcessGroup": {body: fault(6, "SHUTDOWN_STATE")}},
			[]string{"start x", "start g:", "start x g:"}, ""},
		{"stop results", map[string]reply{
			"supervisor.stopProcess":      {body: fault(30, "FAILED: could not stop")},
			"supervisor.stopProcessGroup": {body: value([]any{res("g", "a", 30, "failed to stop a"), res("g", "b", 40, "x")})},
			"supervisor.stopAllProcesses": {body: value([]any{res("g", "a", 70, "NOT_RUNNING"), res("h", "h", 80, "OK")})}},
			[]string{"stop x", "stop g:*", "stop all"}, ""},
		{"stop group fault", map[string]reply{"supervisor.stopProcessGroup": {body: fault(6, "SHUTDOWN_STATE")}},
			[]string{"stop g:*"}, ""},
		{"signal results", map[string]reply{
			"supervisor.signalProcess":      {body: fault(6, "SHUTDOWN_STATE")},
			"supervisor.signalProcessGroup": {body: fault(6, "SHUTDOWN_STATE")},
			"supervisor.signalAllProcesses": {body: value([]any{res("g", "a", 11, "BAD_SIGNAL"), res("h", "h", 30, "desc")})}},
			[]string{"signal HUP x", "signal HUP g:*", "signal HUP all"}, ""},
		{"clear results", map[string]reply{
			"supervisor.clearProcessLogs":    {body: fault(30, "FAILED")},
			"supervisor.clearAllProcessLogs": {body: value([]any{res("g", "a", 30, "FAILED"), res("g", "b", 10, "x"), res("c", "c", 7, "?")})}},
			[]string{"clear x", "clear g:*", "clear all"}, ""},
		{"clear unknown fault", map[string]reply{"supervisor.clearProcessLogs": {body: fault(6, "SHUTDOWN_STATE")}},
			[]string{"clear x"}, ""},
		{"reread faults", map[string]reply{"supervisor.reloadConfig": {body: fault(92, "CANT_REREAD: bad conf")}},
			[]string{"reread", "update", "update g"}, ""},
		{"reread other fault", map[string]reply{"supervisor.reloadConfig": {body: fault(30, "FAILED")}},
			[]string{"reread", "update"}, ""},
		{"reread shutting down", map[string]reply{"supervisor.reloadConfig": {body: fault(6, "SHUTDOWN_STATE")}},
			[]string{"reread", "update"}, ""},
		{"reread shapes", map[string]reply{"supervisor.reloadConfig": {body: value([]any{[]any{[]any{"b", "a"}, []any{"a"}, []any{"c"}}})}},
			[]string{"reread"}, ""},
		{"update has problems", map[string]reply{
			"supervisor.reloadConfig":       {body: value([]any{[]any{[]any{"new"}, []any{"chg"}, []any{"gone", "bad"}}})},
			"supervisor.getAllProcessInfo":  {body: value(running)},
			"supervisor.stopProcessGroup":   {body: value([]any{res("bad", "bad", 30, "could not stop")})},
			"supervisor.removeProcessGroup": {body: value(true)},
			"supervisor.addProcessGroup":    {body: value(true)}},
			[]string{"update", "update gone", "update new nosuch", "update all"}, ""},
		{"avail faults", map[string]reply{"supervisor.getAllConfigInfo": {body: fault(6, "SHUTDOWN_STATE")}},
			[]string{"avail"}, ""},
		{"avail other fault", map[string]reply{"supervisor.getAllConfigInfo": {body: fault(30, "FAILED")}},
			[]string{"avail"}, ""},
		{"avail layout", map[string]reply{"supervisor.getAllConfigInfo": {body: value([]any{
			map[string]any{"name": "a", "group": "g", "inuse": true, "autostart": false, "group_prio": 5, "process_prio": -1},
			map[string]any{"name": "the_name_of_this_process_is_rather_long", "group": "the_name_of_this_process_is_rather_long", "inuse": false, "autostart": true, "group_prio": 999, "process_prio": 999}})}},
			[]string{"avail"}, ""},
		{"add remove faults", map[string]reply{
			"supervisor.addProcessGroup":    {body: fault(6, "SHUTDOWN_STATE")},
			"supervisor.removeProcessGroup": {body: fault(91, "STILL_RUNNING")}},
			[]string{"add a b", "remove a b"}, ""},
		{"add remove other faults", map[string]reply{
			"supervisor.addProcessGroup":    {body: fault(30, "FAILED")},
			"supervisor.removeProcessGroup": {body: fault(30, "FAILED")}},
			[]string{"add a b", "remove a b"}, ""},
		{"shutdown reload faults", map[string]reply{
			"supervisor.shutdown": {body: fault(6, "SHUTDOWN_STATE")},
			"supervisor.restart":  {body: fault(6, "SHUTDOWN_STATE")}},
			[]string{"shutdown", "reload"}, ""},
		{"shutdown reload other faults", map[string]reply{
			"supervisor.shutdown": {body: fault(30, "FAILED")},
			"supervisor.restart":  {body: fault(30, "FAILED")}},
			[]string{"shutdown", "reload"}, ""},
		{"shutdown reload ok", map[string]reply{
			"supervisor.shutdown": {body: value(true)},
			"supervisor.restart":  {body: value(true)}},
			[]string{"shutdown", "reload", "-i shutdown", "-i reload"}, "yes\n"},
		{"shutdown reload hang up", map[string]reply{
			"supervisor.shutdown": {hangup: true},
			"supervisor.restart":  {hangup: true}},
			[]string{"shutdown", "reload"}, ""},
		{"log faults", map[string]reply{
			"supervisor.readProcessStdoutLog": {body: fault(20, "NO_FILE")},
			"supervisor.readProcessStderrLog": {body: fault(30, "FAILED")},
			"supervisor.readLog":              {body: fault(30, "FAILED")}},
			[]string{"tail x", "tail x stderr", "maintail"}, ""},
		{"log other faults", map[string]reply{
			"supervisor.readProcessStdoutLog": {body: fault(6, "SHUTDOWN_STATE")},
			"supervisor.readLog":              {body: fault(20, "NO_FILE")}},
			[]string{"tail x", "maintail"}, ""},
		{"main log other fault", map[string]reply{"supervisor.readLog": {body: fault(10, "BAD_NAME")}},
			[]string{"maintail -5"}, ""},
		{"log text", map[string]reply{
			"supervisor.readProcessStdoutLog": {body: value("line one\nlïne twö\n\ttabbed\r\n")},
			"supervisor.readLog":              {body: value("")}},
			[]string{"tail x", "maintail"}, ""},
		{"pid faults", map[string]reply{
			"supervisor.getPID":         {body: fault(6, "SHUTDOWN_STATE")},
			"supervisor.getProcessInfo": {body: fault(6, "SHUTDOWN_STATE")}},
			[]string{"pid", "pid x", "fg x"}, ""},
		{"logtail errors", map[string]reply{
			"/logtail/x/stdout": {status: 404},
			"/logtail/x/stderr": {status: 401},
			"/mainlogtail":      {status: 500}},
			[]string{"tail -f x", "tail -f x stderr", "maintail -f"}, ""},
		{"logtail bodies", map[string]reply{
			"/logtail/a/stdout": {raw: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n3\r\n\xff\xfeA\r\n2\r\n\xc3\xa9\r\n0\r\n\r\n"},
			"/logtail/b/stdout": {raw: "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello world"},
			"/logtail/c/stdout": {raw: "HTTP/1.1 200 OK\r\n\r\nno length, read to the end"},
			"/logtail/d/stdout": {raw: "HTTP/1.1 200\r\n\r\n"},
			"/logtail/e/stdout": {raw: "HTTP/1.1 200 OK\r\nbadheader\r\n\r\n"},
			"/logtail/f/stdout": {raw: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"},
			"/logtail/g/stdout": {raw: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\nabcd\r\n"}},
			[]string{"tail -f a", "tail -f b", "tail -f c", "tail -f d", "tail -f e", "tail -f f", "tail -f g"}, ""},
	}
	ready := reply{stream: true, body: "ready\n"}
	fgCases := []struct {
		name    string
		replies map[string]reply
		input   string
	}{
		{"fg stdin fault", map[string]reply{
			"supervisor.getProcessInfo":   {body: value(running[0])},
			"supervisor.sendProcessStdin": {body: fault(70, "NOT_RUNNING")},
			"/logtail/sleeper/stdout":     ready,
			"/logtail/sleeper/stderr":     {stream: true}}, "hello\n"},
		{"fg stdin other fault", map[string]reply{
			"supervisor.getProcessInfo":   {body: value(running[0])},
			"supervisor.sendProcessStdin": {body: fault(30, "FAILED")},
			"/logtail/sleeper/stdout":     ready,
			"/logtail/sleeper/stderr":     {stream: true}}, "hello\n"},
		{"fg process dies", map[string]reply{
			"supervisor.getProcessInfo": {body: value(running[0]), then: []reply{
				{body: value(procInfo("sleeper", "sleeper", 100, "EXITED", "", 0))}}},
			"supervisor.sendProcessStdin": {body: value(true)},
			"/logtail/sleeper/stdout":     ready,
			"/logtail/sleeper/stderr":     {stream: true}}, "hello\n"},
		{"fg end of input", map[string]reply{
			"supervisor.getProcessInfo":   {body: value(running[0])},
			"supervisor.sendProcessStdin": {body: value(true)},
			"/logtail/sleeper/stdout":     ready,
			"/logtail/sleeper/stderr":     {stream: true}}, ""},
	}
	for _, c := range fgCases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			f := newFakeServer(t, c.replies)
			steps := []step{{waitFor: "ready\n", input: c.input}, {close: true}}
			compareScript(t, nil, invocation{args: []string{"-s", f.url(), "fg", "sleeper"}}, rules{}, f.reset, steps)
		})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			f := newFakeServer(t, c.replies)
			for _, line := range c.lines {
				t.Run(line, func(t *testing.T) {
					compare(t, nil, invocation{args: append([]string{"-s", f.url()}, args(line)...), stdin: c.stdin}, rules{}, f.reset)
				})
			}
		})
	}
}
