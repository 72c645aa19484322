// Package harness starts supervisord daemons (Python 4.2.5 or ours) in
// throw-away directories and drives them with supervisorctl (stock or ours)
// and XML-RPC, for the end-to-end compatibility tests under compat/.
//
// A typical test:
//
//	func TestPid(t *testing.T) {
//		harness.ForEachDaemon(t, func(t *testing.T, impl harness.Impl) {
//			d := harness.Start(t, impl, harness.Conf(`
//	[program:sleeper]
//	command=sleep 1000
//	startsecs=0
//	`))
//			d.WaitSettled(t)
//			stock := d.Ctl(t, harness.Python, "pid", "sleeper")
//			ours := d.Ctl(t, harness.Go, "pid", "sleeper")
//			require.Equal(t, d.Normalize(stock.Output), d.Normalize(ours.Output))
//		})
//	}
//
// Conf templates are rendered into a fresh temp dir: {tmp} is that dir,
// {sock} a unix socket path inside it, {port} a free TCP port, {here} the
// directory of the rendered conf (the same as {tmp}). Conf adds the usual
// [supervisord], [unix_http_server], [inet_http_server], [rpcinterface] and
// [supervisorctl] sections around your program sections.
//
// Every daemon runs in its own session with a per-daemon marker variable in
// its environment (inherited by its children). Cleanup is automatic through
// t.Cleanup: SIGKILL by PID to the daemon, then to every leftover process
// that carries the marker or belongs to the daemon's session (see
// Daemon.Stop). Nothing is ever killed by name.
//
// StartPair starts 4.2.5 and ours side by side with the same conf; the
// helpers on Daemon (WaitSettled, WaitProcess, EnsureRunning, WaitLog,
// WriteConf, ...) wait on states with a deadline rather than sleeping.
//
// Binaries: the Python daemon and client are /usr/bin/supervisord and
// /usr/bin/supervisorctl. Ours are built from this module with `go build`
// once per test binary, unless GOSUPERVISORD_BIN / GOSUPERVISORCTL_BIN name
// prebuilt ones. ForEachDaemon runs a subtest per daemon; the Go half is
// skipped with the reason when our daemon cannot start yet (set
// GOSUPERVISORD_REQUIRE_GO=1 to make that a failure, and
// GOSUPERVISORD_COMPAT_DAEMONS=python or =go to run only one half).
package harness
