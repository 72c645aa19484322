package ctl

import (
	"errors"
	"strings"
	"syscall"

	"github.com/gosupervisord/gosupervisord/internal/py"
)

// confirm asks a y/N question in interactive mode; one-shot mode never asks.
func (c *Controller) confirm(question string, eofSite pySite) (bool, error) {
	if !c.opts.Interactive {
		return true, nil
	}
	answer, err := c.readInput(question, nil)
	if err != nil {
		return false, eofError(eofSite)
	}
	return strings.HasPrefix(strings.ToLower(answer), "y"), nil
}

// confirmedCommand is the common start of shutdown and reload: no
// arguments accepted, the y/N question in interactive mode, then a proxy.
// A nil proxy means the command is over (with err to report, if any).
func (c *Controller) confirmedCommand(cmd, arg, question string, eofSite pySite) (*serverProxy, error) {
	if c.rejectArgs(cmd, arg) {
		return nil, nil
	}
	really, err := c.confirm(question, eofSite)
	if err != nil || !really {
		return nil, err
	}
	return c.supervisor()
}

// cmdShutdown is `shutdown`.
func cmdShutdown(c *Controller, arg string) (bool, error) {
	sup, err := c.confirmedCommand("shutdown", arg, "Really shut the remote supervisord process down y/N? ", siteShutdownEOF)
	if sup == nil {
		return false, err
	}
	defer sup.close()
	if err := sup.call(nil, "supervisor.shutdown"); err != nil {
		var f *Fault
		var pe *PyError
		switch {
		case errors.As(err, &f):
			if f.Code == faultShutdownState { // exit status unchanged, unlike reload
				c.output("ERROR: already shutting down")
				return false, nil
			}
			c.exitStatus = exitGeneric
		case errors.As(err, &pe) && pe.isOSError():
			c.exitStatus = exitGeneric
			switch syscall.Errno(pe.Errno) {
			case syscall.ECONNREFUSED:
				c.output("ERROR: " + c.opts.ServerURL + " refused connection (already shut down?)")
				return false, nil
			case syscall.ENOENT:
				c.output("ERROR: " + c.opts.ServerURL + " no such file (already shut down?)")
				return false, nil
			}
		}
		return false, err
	}
	c.output("Shut down")
	return false, nil
}

// cmdReload is `reload`.
func cmdReload(c *Controller, arg string) (bool, error) {
	sup, err := c.confirmedCommand("reload", arg, "Really restart the remote supervisord process y/N? ", siteReloadEOF)
	if sup == nil {
		return false, err
	}
	defer sup.close()
	if err := sup.call(nil, "supervisor.restart"); err != nil {
		return false, c.handleFault(err, map[int]string{faultShutdownState: "ERROR: already shutting down"})
	}
	c.output("Restarted supervisord")
	return false, nil
}

// cmdVersion is `version`.
func cmdVersion(c *Controller, arg string) (bool, error) {
	if c.rejectArgs("version", arg) {
		return false, nil
	}
	if ok, err := c.upcheck(); !ok || err != nil {
		return false, err
	}
	sup, err := c.supervisor()
	if err != nil {
		return false, err
	}
	defer sup.close()
	var version any
	if err := sup.call(&version, "supervisor.getSupervisorVersion"); err != nil {
		return false, err
	}
	c.output(pyStr(version))
	return false, nil
}

// cmdOpen is `open <url>`: switch to another server and show its status.
func cmdOpen(c *Controller, arg string) (bool, error) {
	url := py.TrimSpace(arg)
	u, perr := urlSplit(url)
	if perr != nil {
		return false, perr
	}
	if u.Scheme != "unix" && u.Scheme != "http" {
		c.output("ERROR: url must be http:// or unix://")
		c.exitStatus = exitGeneric
		return false, nil
	}
	c.opts.ServerURL = url
	old := c.exitStatus
	if _, err := cmdStatus(c, ""); err != nil {
		return false, err
	}
	c.exitStatus = old
	return false, nil
}
