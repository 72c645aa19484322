package ctl

import (
	"errors"
	"slices"
	"strconv"

	"github.com/gosupervisord/gosupervisord/internal/py"
)

// cmdStatus is `status [names...]`.
func cmdStatus(c *Controller, arg string) (bool, error) {
	ok, err := c.upcheck()
	if err != nil {
		return false, err
	}
	if !ok {
		c.exitStatus = statusUnknown
		return false, nil
	}
	sup, err := c.supervisor()
	if err != nil {
		return false, err
	}
	defer sup.close()
	var all []processInfo
	if err := sup.call(&all, "supervisor.getAllProcessInfo"); err != nil {
		return false, err
	}
	names := py.Split(arg)
	matching := all
	if len(names) > 0 && !slices.Contains(names, "all") {
		matching = nil
		for _, name := range names {
			group, process, hasProcess := splitNamespec(name)
			bad := true
			for _, info := range all {
				if info.Group == group && (!hasProcess || info.Name == process) {
					bad = false
					matching = append(matching, info)
				}
			}
			if bad {
				if !hasProcess {
					c.output(group + ": ERROR (no such group)")
				} else {
					c.output(name + ": ERROR (no such process)")
				}
				c.exitStatus = statusUnknown
			}
		}
	}
	c.showStatuses(matching)
	for _, info := range matching {
		if isStoppedState(info.State) {
			c.exitStatus = statusNotRunning
		}
	}
	return false, nil
}

func (c *Controller) showStatuses(infos []processInfo) {
	width := 30
	specs := make([]string, len(infos))
	for i, info := range infos {
		specs[i] = makeNamespec(info.Group, info.Name)
		if n := len([]rune(specs[i])); n > width {
			width = n
		}
	}
	for i, info := range infos {
		c.output(ljust(specs[i], width+3) + ljust(info.Statename, 10) + info.Description)
	}
}

// cmdPid is `pid`, `pid all`, `pid <names>`.
func cmdPid(c *Controller, arg string) (bool, error) {
	sup, err := c.supervisor()
	if err != nil {
		return false, err
	}
	defer sup.close()
	if ok, err := c.upcheck(); !ok || err != nil {
		return false, err
	}
	names := py.Split(arg)
	switch {
	case len(names) == 0:
		var pid any
		if err := sup.call(&pid, "supervisor.getPID"); err != nil {
			return false, err
		}
		c.output(pyStr(pid))
	case slices.Contains(names, "all"):
		var all []processInfo
		if err := sup.call(&all, "supervisor.getAllProcessInfo"); err != nil {
			return false, err
		}
		for _, info := range all {
			c.output(strconv.Itoa(info.PID))
		}
	default:
		for _, name := range names {
			var info processInfo
			if err := sup.call(&info, "supervisor.getProcessInfo", name); err != nil {
				if err := c.handleFault(err, map[int]string{faultBadName: "No such process " + name}); err != nil {
					return false, err
				}
				continue
			}
			c.output(strconv.Itoa(info.PID))
			if info.PID == 0 {
				c.exitStatus = exitNotRunning
			}
		}
	}
	return false, nil
}

// startResult is 4.2.5's _startresult.
func startResult(r result) (string, error) {
	name := r.namespec()
	msg := map[int]string{
		faultBadName:             "no such process",
		faultNoFile:              "no such file",
		faultNotExecutable:       "file is not executable",
		faultAlreadyStarted:      "already started",
		faultSpawnError:          "spawn error",
		faultAbnormalTermination: "abnormal termination",
	}
	if m, ok := msg[r.Status]; ok {
		return name + ": ERROR (" + m + ")", nil
	}
	if r.Status == faultSuccess {
		return name + ": started", nil
	}
	return "", unknownResult(siteStartResult, r.Status, name)
}

// signalResult is 4.2.5's _signalresult (and _stopresult with "stopped").
func signalResult(r result, success string) (string, error) {
	name := r.namespec()
	switch r.Status {
	case faultBadName:
		return name + ": ERROR (no such process)", nil
	case faultBadSignal:
		return name + ": ERROR (bad signal name)", nil
	case faultNotRunning:
		return name + ": ERROR (not running)", nil
	case faultSuccess:
		return name + ": " + success, nil
	case faultFailed:
		return r.Description, nil
	}
	return "", unknownResult(siteSignalResult, r.Status, name)
}

// clearResult is 4.2.5's _clearresult.
func clearResult(r result) (string, error) {
	name := r.namespec()
	switch r.Status {
	case faultBadName:
		return name + ": ERROR (no such process)", nil
	case faultFailed:
		return name + ": ERROR (failed)", nil
	case faultSuccess:
		return name + ": cleared", nil
	}
	return "", unknownResult(siteClearResult, r.Status, name)
}

// printResults prints each result with format and sets the exit status
// from its code (ignoring the given codes).
func (c *Controller) printResults(results []result, format func(result) (string, error), ignored ...int) error {
	for _, r := range results {
		line, err := format(r)
		if err != nil {
			return err
		}
		c.output(line)
		c.setExitFromFault(r.Status, ignored...)
	}
	return nil
}

// faultResult is the result struct 4.2.5 builds from a fault raised by a
// single-process call. A missing process name keeps Python's None.
func faultResult(f *Fault, group, process string, hasProcess bool) result {
	return result{Name: process, Group: group, Status: f.Code, Description: f.String, nameIsNone: !hasProcess}
}

// namesCommand is the common start of start, stop and clear: the upcheck,
// then "Error: <cmd> requires a process name" and the help (exit status
// noNames) when no name is given. A nil proxy means the command is over
// (with err to report, if any).
func (c *Controller) namesCommand(cmd, arg string, noNames int) (*serverProxy, []string, error) {
	if ok, err := c.upcheck(); !ok || err != nil {
		return nil, nil, err
	}
	names := py.Split(arg)
	if len(names) == 0 {
		c.output("Error: " + cmd + " requires a process name")
		c.exitStatus = noNames
		c.help(cmd)
		return nil, nil, nil
	}
	sup, err := c.supervisor()
	return sup, names, err
}

// nameOp describes a command that acts on process names like start, stop
// and signal do: "all", "group:*" or a single process.
type nameOp struct {
	all, group, single string // the RPC methods
	args               []any  // arguments after the name (the signal)
	format             func(result) (string, error)
	success            string // "started", "stopped", "signalled"
	ignored            []int  // result codes that leave the exit status alone
	badGroupExit       int    // exit status for "no such group"
}

// applyToNames runs op for each name like 4.2.5's do_start/do_stop/
// do_signal.
func (c *Controller) applyToNames(sup *serverProxy, names []string, op nameOp) error {
	if slices.Contains(names, "all") {
		var results []result
		if err := sup.call(&results, op.all, op.args...); err != nil {
			return err
		}
		return c.printResults(results, op.format, op.ignored...)
	}
	for _, name := range names {
		group, process, hasProcess := splitNamespec(name)
		if !hasProcess {
			var results []result
			if err := sup.call(&results, op.group, append([]any{group}, op.args...)...); err != nil {
				var f *Fault
				if errors.As(err, &f) && f.Code == faultBadName {
					c.output(group + ": ERROR (no such group)")
					c.exitStatus = op.badGroupExit
					continue
				}
				return err
			}
			if err := c.printResults(results, op.format, op.ignored...); err != nil {
				return err
			}
			continue
		}
		if err := sup.call(nil, op.single, append([]any{name}, op.args...)...); err != nil {
			var f *Fault
			if !errors.As(err, &f) {
				return err
			}
			line, err := op.format(faultResult(f, group, process, true))
			if err != nil {
				return err
			}
			c.output(line)
			c.setExitFromFault(f.Code, op.ignored...)
			continue
		}
		c.output(makeNamespec(group, process) + ": " + op.success)
	}
	return nil
}

// cmdStart is `start <names...>` / `start all`.
func cmdStart(c *Controller, arg string) (bool, error) {
	sup, names, err := c.namesCommand("start", arg, exitInvalidArgs)
	if sup == nil {
		return false, err
	}
	defer sup.close()
	return false, c.applyToNames(sup, names, nameOp{
		all: "supervisor.startAllProcesses", group: "supervisor.startProcessGroup", single: "supervisor.startProcess",
		format: startResult, success: "started", ignored: []int{faultAlreadyStarted}, badGroupExit: exitInvalidArgs,
	})
}

// stopResult is signalResult for stop.
func stopResult(r result) (string, error) { return signalResult(r, "stopped") }

// cmdStop is `stop <names...>` / `stop all`.
func cmdStop(c *Controller, arg string) (bool, error) {
	sup, names, err := c.namesCommand("stop", arg, exitGeneric)
	if sup == nil {
		return false, err
	}
	defer sup.close()
	return false, c.applyToNames(sup, names, nameOp{
		all: "supervisor.stopAllProcesses", group: "supervisor.stopProcessGroup", single: "supervisor.stopProcess",
		format: stopResult, success: "stopped", ignored: []int{faultNotRunning}, badGroupExit: exitGeneric,
	})
}

// cmdSignal is `signal <sig> <names...>` / `signal <sig> all`.
func cmdSignal(c *Controller, arg string) (bool, error) {
	if ok, err := c.upcheck(); !ok || err != nil {
		return false, err
	}
	args := py.Split(arg)
	if len(args) < 2 {
		c.output("Error: signal requires a signal name and a process name")
		c.help("signal")
		c.exitStatus = exitGeneric
		return false, nil
	}
	sup, err := c.supervisor()
	if err != nil {
		return false, err
	}
	defer sup.close()
	return false, c.applyToNames(sup, args[1:], nameOp{
		all: "supervisor.signalAllProcesses", group: "supervisor.signalProcessGroup", single: "supervisor.signalProcess",
		args:    []any{args[0]},
		format:  func(r result) (string, error) { return signalResult(r, "signalled") },
		success: "signalled", badGroupExit: exitGeneric,
	})
}

// cmdRestart is `restart <names...>`: stop, then start.
func cmdRestart(c *Controller, arg string) (bool, error) {
	if ok, err := c.upcheck(); !ok || err != nil {
		return false, err
	}
	if len(py.Split(arg)) == 0 {
		c.output("Error: restart requires a process name")
		c.exitStatus = exitGeneric
		c.help("restart")
		return false, nil
	}
	if _, err := cmdStop(c, arg); err != nil {
		return false, err
	}
	return cmdStart(c, arg)
}

// cmdClear is `clear <names...>` / `clear all`.
func cmdClear(c *Controller, arg string) (bool, error) {
	sup, names, err := c.namesCommand("clear", arg, exitGeneric)
	if sup == nil {
		return false, err
	}
	defer sup.close()
	if slices.Contains(names, "all") {
		var results []result
		if err := sup.call(&results, "supervisor.clearAllProcessLogs"); err != nil {
			return false, err
		}
		return false, c.printResults(results, clearResult)
	}
	for _, name := range names {
		group, process, hasProcess := splitNamespec(name)
		if err := sup.call(nil, "supervisor.clearProcessLogs", name); err != nil {
			var f *Fault
			if !errors.As(err, &f) {
				return false, err
			}
			line, err := clearResult(faultResult(f, group, process, hasProcess))
			if err != nil {
				return false, err
			}
			c.output(line)
			c.setExitFromFault(f.Code)
			continue
		}
		c.output(namespecOf(group, process, hasProcess) + ": cleared")
	}
	return false, nil
}
