package ctl

import (
	"errors"
	"io"
	"syscall"

	"github.com/gosupervisord/gosupervisord/internal/py"
)

// Controller runs supervisorctl command lines, like 4.2.5's Controller with
// its default plugin: it keeps the options (server URL, credentials), the
// exit status of the last command line, and the process-name cache used
// for completion.
type Controller struct {
	opts   *Options
	stdout io.Writer
	stderr io.Writer
	input  *lineInput
	editor *editor    // the line editor, in the shell on a terminal
	sig    *sigRouter // where Ctrl-C goes

	exitStatus   int
	completeInfo []processInfo
	completeOK   bool
	// warnedGetpass is set once the fallback getpass warning was printed
	// (Python's warnings module shows it once per process).
	warnedGetpass bool
}

// NewController returns a controller that writes to stdout and stderr and
// reads prompts (y/N, Username:, fg input) from stdin.
func NewController(opts *Options, stdin io.Reader, stdout, stderr io.Writer) *Controller {
	return &Controller{opts: opts, stdout: stdout, stderr: stderr, input: newLineInput(stdin, stdout), sig: newSigRouter()}
}

// ExitStatus is the exit status the last command lines left.
func (c *Controller) ExitStatus() int { return c.exitStatus }

// output prints one line.
func (c *Controller) output(s string) { io.WriteString(c.stdout, s+"\n") }

// identChars are the characters of a command name (Python cmd.Cmd).
func isIdentChar(b byte) bool {
	return b == '_' || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
}

// parseLine splits a line into command and argument like cmd.Cmd.parseline.
// hasCmd is false when the line cannot name a command ("!x").
func parseLine(line string) (cmd, arg, rest string, hasCmd bool) {
	line = py.TrimSpace(line)
	if line == "" {
		return "", "", line, false
	}
	switch line[0] {
	case '?':
		line = "help " + line[1:]
	case '!':
		return "", "", line, false
	}
	i := 0
	for i < len(line) && isIdentChar(line[i]) {
		i++
	}
	return line[:i], py.TrimSpace(line[i:]), line, true
}

// OneCmd runs one command line and reports whether the shell should stop.
// Errors are printed the way 4.2.5 prints the exceptions its command loop
// catches, and set exit status 1.
func (c *Controller) OneCmd(line string) bool {
	cmd, arg, line, hasCmd := parseLine(line)
	if line == "" {
		return false
	}
	if !hasCmd || cmd == "" {
		c.defaultCmd(line)
		return false
	}
	c.completeOK = false
	fn := lookupCommand(cmd)
	if fn == nil {
		c.defaultCmd(line)
		return false
	}
	stop, err := fn(c, arg)
	if err == nil {
		return stop
	}
	var pe *ProtocolError
	if errors.As(err, &pe) && pe.Code == 401 {
		c.output("Server requires authentication")
		if c.opts.Interactive {
			if err := c.promptCredentials(); err != nil {
				c.printError(err)
				return false
			}
			return c.OneCmd(line)
		}
		c.exitStatus = exitGeneric
		_, err = fn(c, arg)
		if err == nil {
			return false
		}
	}
	c.printError(err)
	return false
}

// promptCredentials asks for a username and password as 4.2.5 does after a
// 401 in interactive mode.
func (c *Controller) promptCredentials() error {
	username, err := c.input.readLine("Username:")
	if err != nil {
		return eofError(siteUsernameEOF)
	}
	password, err := c.getpass("Password:")
	if err != nil {
		return err
	}
	c.output("")
	c.opts.Username, c.opts.Password = &username, &password
	return nil
}

// printError prints err as 4.2.5's onecmd prints an exception.
func (c *Controller) printError(err error) {
	c.exitStatus = exitGeneric
	c.output(pyErrorOf(err).Error())
}

// pyErrorOf is the Python exception an error stands for.
func pyErrorOf(err error) *PyError {
	var pe *PyError
	var f *Fault
	var proto *ProtocolError
	switch {
	case errors.As(err, &pe):
		return pe
	case errors.As(err, &f):
		return f.asPyError()
	case errors.As(err, &proto):
		return proto.pyError()
	}
	return &PyError{Class: "Exception", Msg: err.Error(), Site: pySite{supLib + "supervisorctl.py", 0}}
}

func (c *Controller) defaultCmd(line string) {
	c.output("*** Unknown syntax: " + line)
	c.exitStatus = exitGeneric
}

// supervisor returns a fresh proxy for the current server URL and
// credentials (4.2.5's get_supervisor).
func (c *Controller) supervisor() (*serverProxy, error) {
	return newServerProxy(c.opts.ServerURL, c.opts.Username, c.opts.Password)
}

// upcheck is 4.2.5's upcheck: a getVersion call on its own connection.
// ok=false with a nil error means a message was printed and the command
// must stop; an error is to be printed by OneCmd.
func (c *Controller) upcheck() (bool, error) {
	sup, err := c.supervisor()
	if err != nil {
		return false, err
	}
	defer sup.close()
	var api any
	err = sup.call(&api, "supervisor.getVersion")
	if err == nil {
		if s := pyStr(api); s != apiVersion {
			c.output("Sorry, this version of supervisorctl expects to talk to a server with API version " +
				apiVersion + ", but the remote version is " + s + ".")
			c.exitStatus = exitNotInstalled
			return false, nil
		}
		return true, nil
	}
	var f *Fault
	var pe *PyError
	switch {
	case errors.As(err, &f):
		if f.Code == unknownMethodFault {
			c.output("Sorry, supervisord responded but did not recognize the supervisor namespace commands " +
				"that supervisorctl uses to control it.  Please check that the [rpcinterface:supervisor] " +
				"section is enabled in the configuration file (see sample.conf).")
			c.exitStatus = exitUnimplemented
			return false, nil
		}
		c.exitStatus = exitGeneric
	case errors.As(err, &pe) && pe.isOSError():
		switch syscall.Errno(pe.Errno) {
		case syscall.ECONNREFUSED:
			c.output(c.opts.ServerURL + " refused connection")
			c.exitStatus = exitInsufficient
			return false, nil
		case syscall.ENOENT:
			c.output(c.opts.ServerURL + " no such file")
			c.exitStatus = exitNotRunning
			return false, nil
		}
		c.exitStatus = exitGeneric
	}
	return false, err
}
