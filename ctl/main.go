package ctl

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
)

// usage is the -h text ("%s" is the program name). Our own words, laid out
// like 4.2.5's.
const usage = `supervisorctl -- control the programs of a supervisord from the command line.

Usage: %s [options] [action [arguments]]

Options:
-c/--configuration FILENAME -- configuration file to read (searched for if not given)
-h/--help -- show this usage message and exit
-i/--interactive -- start the interactive shell after running the action
-s/--serverurl URL -- URL of the supervisord to talk to
     (default "http://localhost:9001").
-u/--username USERNAME -- username for the server's authentication
-p/--password PASSWORD -- password for the server's authentication
-r/--history_file FILENAME -- keep the shell's line history in FILENAME

action [arguments] -- see below

Actions are commands such as "tail" or "stop".  Without an action on the
command line, or with -i, an interactive shell starts and reads actions
typed at its prompt.  The action "help" lists the actions there are and
"help <action>" explains one.
`

// Main runs supervisorctl with argv (argv[0] is the program name) and
// returns the exit status.
func Main(argv, environ []string, stdin *os.File, stdout, stderr io.Writer) int {
	progname := scriptName(argv[0])
	opts, err := ParseArgs(progname, argv[1:], environ, LoadConfig)
	var usageErr *UsageError
	var tb *Traceback
	switch {
	case errors.Is(err, errHelp):
		io.WriteString(stdout, strings.ReplaceAll(usage, "%s", progname)+"\n")
		return 0
	case errors.As(err, &tb):
		io.WriteString(stderr, tb.Text(progname))
		return 1
	case errors.As(err, &usageErr):
		fmt.Fprintf(stderr, "Error: %s\nFor help, use %s -h\n", usageErr.Msg, progname)
		return 2
	case err != nil:
		fmt.Fprintf(stderr, "Error: %s\nFor help, use %s -h\n", err, progname)
		return 2
	}
	c := NewController(opts, stdin, stdout, stderr)
	if len(opts.Args) > 0 {
		c.OneCmd(strings.Join(opts.Args, " "))
		return c.exitStatus
	}
	c.Shell()
	return 0
}

// scriptName is argv[0] as 4.2.5's entry script sees it: the path the
// shell ran for a script found on PATH, without a "-script.py(w)" or
// ".exe" suffix.
func scriptName(argv0 string) string {
	if !strings.Contains(argv0, "/") {
		if p, err := exec.LookPath(argv0); err == nil {
			argv0 = p
		}
	}
	for _, suffix := range []string{"-script.pyw", "-script.py", ".exe"} {
		if strings.HasSuffix(argv0, suffix) {
			return strings.TrimSuffix(argv0, suffix)
		}
	}
	return argv0
}
