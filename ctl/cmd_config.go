package ctl

import (
	"sort"
	"strconv"

	"github.com/gosupervisord/gosupervisord/internal/py"
)

// cmdAvail is `avail`.
func cmdAvail(c *Controller, arg string) (bool, error) {
	if c.rejectArgs("avail", arg) {
		return false, nil
	}
	sup, err := c.supervisor()
	if err != nil {
		return false, err
	}
	defer sup.close()
	var infos []configInfo
	if err := sup.call(&infos, "supervisor.getAllConfigInfo"); err != nil {
		return false, c.handleFault(err, map[int]string{faultShutdownState: "ERROR: supervisor shutting down"})
	}
	for _, info := range infos {
		inuse, auto := "avail", "manual"
		if info.InUse {
			inuse = "in use"
		}
		if info.Autostart {
			auto = "auto"
		}
		c.output(ljust(makeNamespec(info.Group, info.Name), 32) + " " + ljust(inuse, 9) + " " + ljust(auto, 9) + " " +
			strconv.Itoa(info.GroupPrio) + ":" + strconv.Itoa(info.ProcessPrio))
	}
	return false, nil
}

// reloadConfig calls supervisor.reloadConfig and returns result[0]:
// (added, changed, removed). indexLine and unpackLine are the lines of
// supervisorctl.py where 4.2.5 fails on a reply of another shape.
func reloadConfig(sup *serverProxy, indexLine, unpackLine int) (added, changed, removed []string, err error) {
	var res [][][]string
	if err := sup.call(&res, "supervisor.reloadConfig"); err != nil {
		return nil, nil, nil, err
	}
	if len(res) == 0 {
		return nil, nil, nil, &PyError{Class: "IndexError", Msg: "list index out of range", Site: pySite{supLib + "supervisorctl.py", indexLine}}
	}
	if len(res[0]) != 3 {
		return nil, nil, nil, valueError(pySite{supLib + "supervisorctl.py", unpackLine},
			"not enough values to unpack (expected 3, got "+strconv.Itoa(len(res[0]))+")")
	}
	return res[0][0], res[0][1], res[0][2], nil
}

// cmdReread is `reread`.
func cmdReread(c *Controller, arg string) (bool, error) {
	if c.rejectArgs("reread", arg) {
		return false, nil
	}
	sup, err := c.supervisor()
	if err != nil {
		return false, err
	}
	defer sup.close()
	added, changed, removed, err := reloadConfig(sup, 1123, 1049)
	if err != nil {
		messages := map[int]string{faultShutdownState: "ERROR: supervisor shutting down"}
		if f, ok := asFault(err); ok {
			messages[faultCantReread] = "ERROR: " + f.String
		}
		return false, c.handleFault(err, messages)
	}
	changes := map[string]string{}
	for _, n := range added {
		changes[n] = "available"
	}
	for _, n := range changed {
		changes[n] = "changed"
	}
	for _, n := range removed {
		changes[n] = "disappeared"
	}
	if len(changes) == 0 {
		c.output("No config updates to processes")
		return false, nil
	}
	names := make([]string, 0, len(changes))
	for n := range changes {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		c.output(n + ": " + changes[n])
	}
	return false, nil
}

// cmdAdd is `add <names...>`.
func cmdAdd(c *Controller, arg string) (bool, error) {
	names := py.Split(arg)
	sup, err := c.supervisor()
	if err != nil {
		return false, err
	}
	defer sup.close()
	for _, name := range names {
		if err := sup.call(nil, "supervisor.addProcessGroup", name); err != nil {
			if f, ok := asFault(err); ok && f.Code == faultAlreadyAdded {
				c.output("ERROR: process group already active") // exit status unchanged
				continue
			}
			if err := c.handleFault(err, map[int]string{
				faultShutdownState: "ERROR: shutting down",
				faultBadName:       "ERROR: no such process/group: " + name,
			}); err != nil {
				return false, err
			}
			continue
		}
		c.output(name + ": added process group")
	}
	return false, nil
}

// cmdRemove is `remove <names...>`.
func cmdRemove(c *Controller, arg string) (bool, error) {
	names := py.Split(arg)
	sup, err := c.supervisor()
	if err != nil {
		return false, err
	}
	defer sup.close()
	for _, name := range names {
		if err := sup.call(nil, "supervisor.removeProcessGroup", name); err != nil {
			if err := c.handleFault(err, map[int]string{
				faultStillRunning: "ERROR: process/group still running: " + name,
				faultBadName:      "ERROR: no such process/group: " + name,
			}); err != nil {
				return false, err
			}
			continue
		}
		c.output(name + ": removed process group")
	}
	return false, nil
}

// cmdUpdate is `update [all|groups...]`: reread, then stop and remove the
// removed groups, re-add the changed ones and add the new ones.
func cmdUpdate(c *Controller, arg string) (bool, error) {
	sup, err := c.supervisor()
	if err != nil {
		return false, err
	}
	defer sup.close()
	added, changed, removed, err := reloadConfig(sup, 1192, 1192)
	if err != nil {
		return false, c.handleFault(err, map[int]string{faultShutdownState: "ERROR: already shutting down"})
	}
	valid := map[string]bool{}
	var order []string
	for _, n := range py.Split(arg) {
		if !valid[n] {
			valid[n] = true
			order = append(order, n)
		}
	}
	if valid["all"] {
		valid, order = map[string]bool{}, nil
	}
	if len(valid) > 0 {
		var infos []processInfo
		if err := sup.call(&infos, "supervisor.getAllProcessInfo"); err != nil {
			return false, err
		}
		groups := map[string]bool{}
		for _, info := range infos {
			groups[info.Group] = true
		}
		for _, g := range added {
			groups[g] = true
		}
		for _, g := range order {
			if !groups[g] {
				c.output("ERROR: no such group: " + g)
				c.exitStatus = exitGeneric
			}
		}
	}
	skip := func(g string) bool { return len(valid) > 0 && !valid[g] }
	for _, g := range removed {
		if skip(g) {
			continue
		}
		var results []result
		if err := sup.call(&results, "supervisor.stopProcessGroup", g); err != nil {
			return false, err
		}
		c.output(g + ": stopped")
		failed := false
		for _, r := range results {
			if r.Status == faultFailed {
				failed = true
			}
		}
		if failed {
			c.output(g + ": has problems; not removing")
			c.exitStatus = exitGeneric
			continue
		}
		if err := sup.call(nil, "supervisor.removeProcessGroup", g); err != nil {
			return false, err
		}
		c.output(g + ": removed process group")
	}
	for _, g := range changed {
		if skip(g) {
			continue
		}
		if err := sup.call(nil, "supervisor.stopProcessGroup", g); err != nil {
			return false, err
		}
		c.output(g + ": stopped")
		if err := sup.call(nil, "supervisor.removeProcessGroup", g); err != nil {
			return false, err
		}
		if err := sup.call(nil, "supervisor.addProcessGroup", g); err != nil {
			return false, err
		}
		c.output(g + ": updated process group")
	}
	for _, g := range added {
		if skip(g) {
			continue
		}
		if err := sup.call(nil, "supervisor.addProcessGroup", g); err != nil {
			return false, err
		}
		c.output(g + ": added process group")
	}
	return false, nil
}
