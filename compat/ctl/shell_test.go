package ctl

import (
	"syscall"
	"testing"

	"github.com/gosupervisord/gosupervisord/compat/harness"
)

// TestShellPiped compares the interactive shell fed from a pipe: the
// first status, prompts, one command per line, EOF, quit in the middle,
// y/N questions, and -i with a command (which does not start the shell).
func TestShellPiped(t *testing.T) {
	t.Parallel()
	sharedFixtureCase(t, func(t *testing.T, d *harness.Daemon) {
		sessions := []struct {
			name  string
			args  string
			stdin string
		}{
			{"commands", "", "pid\nfoo\nhelp quit\n\n  version  \nstatus sleeper\n? stop\n!x\nstatus nosuch\n"},
			{"quit", "", "version\nquit\nversion\n"},
			{"exit", "", "exit\n"},
			{"EOF command", "", "EOF\nversion\n"},
			{"no newline at end", "", "version"},
			{"empty input", "", ""},
			{"errors keep the shell going", "", "tail\nstart\nstatus nosuch\nfg nosuch\nversion\n"},
			{"open", "", "open unix:///nonexistent/sock\nstatus\nopen http://127.0.0.1:" + d.Vars["port"] + "\nstatus sleeper\n"},
			{"-i with a command", "-i version", "status\n"},
			{"-i alone", "-i", "version\n"},
			{"shutdown answered no", "-i shutdown", "n\n"},
			{"shutdown answered nothing", "-i shutdown", "\n"},
			{"shutdown at EOF", "-i shutdown", ""},
			{"reload answered no", "-i reload", "No way\n"},
			{"reload at EOF", "-i reload", ""},
			{"shutdown in the shell, no", "", "shutdown\nn\nversion\n"},
			{"reload in the shell at EOF", "", "reload\n"},
		}
		for _, s := range sessions {
			t.Run(s.name, func(t *testing.T) {
				t.Parallel()
				compare(t, d, invocation{args: args(s.args), stdin: s.stdin}, rules{}, nil)
			})
		}
	})
}

// TestShellStateChanges runs a session that changes process states.
func TestShellStateChanges(t *testing.T) {
	t.Parallel()
	daemonCase(t, processFixture, func(t *testing.T, d *harness.Daemon) {
		setup := func(t *testing.T) { resetAll(t, d) }
		compare(t, d, invocation{stdin: "stop sleeper\nstatus sleeper\nstart sleeper\nrestart grp:g1\nsignal HUP ignorer\nclear echoer\ntail echoer\n"},
			rules{pids: true}, setup)
	})
}

// TestShellInterrupt: Ctrl-C while a command runs ends the shell (exit 0)
// after an empty line; Ctrl-C during tail -f only ends the tail.
func TestShellInterrupt(t *testing.T) {
	t.Parallel()
	sharedFixtureCase(t, func(t *testing.T, d *harness.Daemon) {
		t.Run("tail -f then more commands", func(t *testing.T) {
			compareScript(t, d, invocation{}, rules{}, nil, []step{
				{waitFor: "supervisor> ", input: "tail -f echoer\n"},
				{waitFor: "out line 10\n", signal: syscall.SIGINT},
				{waitFor: "\nsupervisor> ", input: "version\n"},
				{waitFor: "4.2.5\n", close: true},
			})
		})
		t.Run("maintail -f one-shot", func(t *testing.T) {
			compareScript(t, d, invocation{args: args("maintail -f")}, rules{}, nil, []step{
				{waitFor: "(exit status 0; expected)\n", signal: syscall.SIGINT},
			})
		})
	})
}
