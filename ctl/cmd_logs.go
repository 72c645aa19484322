package ctl

import (
	"errors"
	"io"
	"os"
	"strings"

	"github.com/gosupervisord/gosupervisord/internal/py"
)

// tailf streams path until the server ends it or Ctrl-C, like 4.2.5's
// _tailf.
func (c *Controller) tailf(path string) error {
	c.output("==> Press Ctrl-C to exit <==")
	intr, release := c.sig.subscribe()
	defer release()
	s := startLogStream(c.opts.ServerURL, path, c.opts.Username, c.opts.Password, c.stdout, c.stderr)
	if s == nil {
		return nil
	}
	done := make(chan struct{})
	go func() {
		s.run()
		close(done)
	}()
	select {
	case <-done:
	case <-intr:
		s.close()
		<-done
		c.output("")
	}
	return nil
}

// cmdTail is `tail [-f|-N] <name> [stdout|stderr]`.
func cmdTail(c *Controller, arg string) (bool, error) {
	if ok, err := c.upcheck(); !ok || err != nil {
		return false, err
	}
	args := py.Split(arg)
	if len(args) < 1 {
		c.output("Error: too few arguments")
		c.exitStatus = exitGeneric
		c.help("tail")
		return false, nil
	}
	if len(args) > 3 {
		c.output("Error: too many arguments")
		c.exitStatus = exitGeneric
		c.help("tail")
		return false, nil
	}
	modifier := ""
	if args[0][0] == '-' {
		modifier, args = args[0], args[1:]
	}
	var name, channel string
	switch {
	case len(args) == 1:
		name, channel = args[0], "stdout"
	case len(args) > 0:
		name, channel = args[0], strings.ToLower(args[len(args)-1])
		if channel != "stderr" && channel != "stdout" {
			c.output("Error: bad channel " + py.Repr(channel))
			c.exitStatus = exitGeneric
			return false, nil
		}
	default:
		c.output("Error: tail requires process name")
		c.exitStatus = exitGeneric
		return false, nil
	}
	bytes, follow := 1600, false
	if modifier != "" {
		if what := modifier[1:]; what == "f" {
			follow = true
		} else if n, ok := pyInt(what); ok {
			bytes = n
		} else {
			c.output("Error: bad argument " + modifier)
			c.exitStatus = exitGeneric
			return false, nil
		}
	}
	sup, err := c.supervisor()
	if err != nil {
		return false, err
	}
	defer sup.close()
	if follow {
		return false, c.tailf("/logtail/" + name + "/" + channel)
	}
	method := "supervisor.readProcessStdoutLog"
	if channel != "stdout" {
		method = "supervisor.readProcessStderrLog"
	}
	var output string
	if err := sup.call(&output, method, name, -bytes, 0); err != nil {
		return false, c.handleFault(err, map[int]string{
			faultNoFile:  name + ": ERROR (no log file)",
			faultFailed:  name + ": ERROR (unknown error reading log)",
			faultBadName: name + ": ERROR (no such process name)",
		})
	}
	c.output(output)
	return false, nil
}

// cmdMaintail is `maintail [-f|-N]`.
func cmdMaintail(c *Controller, arg string) (bool, error) {
	if ok, err := c.upcheck(); !ok || err != nil {
		return false, err
	}
	args := py.Split(arg)
	bytes := 1600
	switch {
	case len(args) > 1:
		c.output("Error: too many arguments")
		c.exitStatus = exitGeneric
		c.help("maintail")
		return false, nil
	case len(args) == 1:
		if args[0][0] != '-' {
			c.output("Error: bad argument " + args[0])
			c.exitStatus = exitGeneric
			return false, nil
		}
		what := args[0][1:]
		if what == "f" {
			return false, c.tailf("/mainlogtail")
		}
		n, ok := pyInt(what)
		if !ok {
			c.output("Error: bad argument " + args[0])
			c.exitStatus = exitGeneric
			return false, nil
		}
		bytes = n
	}
	sup, err := c.supervisor()
	if err != nil {
		return false, err
	}
	defer sup.close()
	var output string
	if err := sup.call(&output, "supervisor.readLog", -bytes, 0); err != nil {
		return false, c.handleFault(err, map[int]string{
			faultNoFile: "supervisord: ERROR (no log file)",
			faultFailed: "supervisord: ERROR (unknown error reading log)",
		})
	}
	c.output(output)
	return false, nil
}

// cmdFg is `fg <name>`: stream the process's stdout and stderr while
// sending each input line to its stdin, until Ctrl-C, end of input, or the
// process stops.
func cmdFg(c *Controller, arg string) (bool, error) {
	if ok, err := c.upcheck(); !ok || err != nil {
		return false, err
	}
	names := py.Split(arg)
	if len(names) == 0 {
		c.output("ERROR: no process name supplied")
		c.exitStatus = exitGeneric
		c.help("fg")
		return false, nil
	}
	if len(names) > 1 {
		c.output("ERROR: too many process names supplied")
		c.exitStatus = exitGeneric
		return false, nil
	}
	name := names[0]
	sup, err := c.supervisor()
	if err != nil {
		return false, err
	}
	defer sup.close()
	var info processInfo
	if err := sup.call(&info, "supervisor.getProcessInfo", name); err != nil {
		var f *Fault
		if !errors.As(err, &f) {
			return false, err
		}
		if f.Code == faultBadName {
			c.output("ERROR: bad process name supplied")
			c.exitStatus = exitGeneric
		} else {
			c.output("ERROR: " + f.Error())
		}
		return false, nil
	}
	if info.State != stateRunning {
		c.output("ERROR: process not running")
		c.exitStatus = exitGeneric
		return false, nil
	}
	c.output("==> Press Ctrl-C to exit <==")
	intr, release := c.sig.subscribe()
	defer release()
	var streams []*logStream
	for _, channel := range []string{"stdout", "stderr"} {
		if s := startLogStream(c.opts.ServerURL, "/logtail/"+name+"/"+channel, c.opts.Username, c.opts.Password, c.stdout, c.stderr); s != nil {
			streams = append(streams, s)
			go s.run()
		}
	}
	defer func() {
		for _, s := range streams {
			s.close()
		}
	}()
	for {
		line, err := c.readInput("", intr)
		if err != nil {
			if errors.Is(err, errInterrupted) || errors.Is(err, io.EOF) {
				c.output("Exiting foreground")
				return false, nil
			}
			return false, err
		}
		if err := sup.call(nil, "supervisor.sendProcessStdin", name, line+"\n"); err != nil {
			var f *Fault
			if !errors.As(err, &f) {
				return false, err
			}
			if f.Code == faultNotRunning {
				c.output("Process got killed")
			} else {
				c.output("ERROR: " + f.Error())
			}
			c.output("Exiting foreground")
			return false, nil
		}
		if err := sup.call(&info, "supervisor.getProcessInfo", name); err != nil {
			return false, err
		}
		if info.State != stateRunning {
			c.output("Process got killed")
			c.output("Exiting foreground")
			return false, nil
		}
	}
}

// readInput reads one line of input for raw_input(prompt): through the line
// editor on a terminal, else plainly.
func (c *Controller) readInput(prompt string, intr <-chan os.Signal) (string, error) {
	if c.editor != nil {
		return c.editor.readLine(prompt, intr, nil)
	}
	return c.input.readLineIntr(prompt, intr)
}
