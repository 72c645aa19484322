package ctl

import (
	"syscall"
	"testing"

	"github.com/gosupervisord/gosupervisord/compat/harness"
)

// authConf protects both servers with a password; its [supervisorctl]
// section has no credentials.
var authConf = harness.AddCredentials(harness.Conf(`
[program:talker]
command=sh -c 'echo hello; echo oops >&2; exec sleep 1000'
startsecs=0
stopwaitsecs=1
`), "user", "123", "unix_http_server", "inet_http_server")

func TestAuth(t *testing.T) {
	t.Parallel()
	loadHelp(t)
	harness.ForEachDaemon(t, func(t *testing.T, impl harness.Impl) {
		d := harness.Start(t, impl, authConf, harness.Auth("user", "123"))
		d.WaitLog(t, "talker", "stdout", "hello\n")
		d.WaitLog(t, "talker", "stderr", "oops\n")
		url := "http://127.0.0.1:" + d.Vars["port"]
		// a conf for the client with the credentials in [supervisorctl]
		withCreds := d.WriteFile(t, "client.conf", "[supervisorctl]\nserverurl=unix://{sock}\nusername=user\npassword=123\n")
		onlyUser := d.WriteFile(t, "user.conf", "[supervisorctl]\nserverurl=unix://{sock}\nusername=user\n")
		cases := []invocation{
			{args: args("status")},
			{args: args("pid")},
			{args: args("avail")},
			{args: args("update")},
			{args: args("shutdown")},
			{args: args("tail talker")},
			{args: args("-u user status")},
			{args: args("-p 123 status")},
			{args: args("-u user -p wrong status")},
			{args: args("-u user -p 123 status")},
			{args: args("-u user -p 123 tail talker stderr")},
			{args: args("-u user -p 123 -s " + url + " status")},
			{args: args("-s " + url + " status")},
			{args: []string{"-c", withCreds, "status"}, noConf: true},
			{args: []string{"-c", withCreds, "-p", "bad", "status"}, noConf: true},
			{args: []string{"-c", onlyUser, "status"}, noConf: true},
			{args: []string{"-c", onlyUser, "-p", "123", "version"}, noConf: true},
			// interactive: asked for credentials after the 401, then retried
			{stdin: "user\n123\nversion\n"},
			{stdin: "user\nwrong\nuser\n123\npid\n"},
			{stdin: "user\n"},
			{args: args("-i avail"), stdin: "user\n123\n"},
			{args: args("-i avail"), stdin: "nobody\n"},
		}
		for _, inv := range cases {
			name := inv.stdin
			for _, a := range inv.args {
				name += " " + a
			}
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				compare(t, d, inv, rules{extra: []harness.Rewrite{{Rx: tmpRx(d), Rep: "<TMP>"}}}, nil)
			})
		}
		streams := []struct {
			args []string
			want string
		}{
			{[]string{"-u", "user", "-p", "123", "tail", "-f", "talker"}, "hello\n"},
			{[]string{"-c", withCreds, "tail", "-f", "talker", "stderr"}, "oops\n"},
			{[]string{"-u", "user", "-p", "123", "-s", url, "maintail", "-f"}, "entered RUNNING state"},
		}
		for _, s := range streams {
			t.Run("stream "+s.want, func(t *testing.T) {
				compareScript(t, d, invocation{args: s.args, noConf: s.args[0] == "-c"}, rules{}, nil, []step{
					{waitFor: s.want, signal: syscall.SIGINT},
				})
			})
		}
	})
}
