package ctl

import (
	"fmt"
	"strconv"
	"strings"
)

// processInfo is the part of supervisor.getProcessInfo's struct that
// supervisorctl reads.
type processInfo struct {
	Name        string `xmlrpc:"name"`
	Group       string `xmlrpc:"group"`
	State       int    `xmlrpc:"state"`
	Statename   string `xmlrpc:"statename"`
	Description string `xmlrpc:"description"`
	PID         int    `xmlrpc:"pid"`
}

// result is one entry of the lists that start/stop/signal/clear-all and
// the group variants return.
type result struct {
	Name        string `xmlrpc:"name"`
	Group       string `xmlrpc:"group"`
	Status      int    `xmlrpc:"status"`
	Description string `xmlrpc:"description"`

	// nameIsNone marks a result built from a fault for "group:*", whose
	// process name Python holds as None.
	nameIsNone bool
}

// namespec is make_namespec(group, name) of the result.
func (r result) namespec() string { return namespecOf(r.Group, r.Name, !r.nameIsNone) }

// configInfo is the part of supervisor.getAllConfigInfo's struct that
// avail prints.
type configInfo struct {
	Name        string `xmlrpc:"name"`
	Group       string `xmlrpc:"group"`
	InUse       bool   `xmlrpc:"inuse"`
	Autostart   bool   `xmlrpc:"autostart"`
	GroupPrio   int    `xmlrpc:"group_prio"`
	ProcessPrio int    `xmlrpc:"process_prio"`
}

// Process states (supervisor.states.ProcessStates) the client tests.
const (
	stateStopped = 0
	stateRunning = 20
	stateExited  = 100
	stateFatal   = 200
	stateUnknown = 1000
)

// isStoppedState is membership of 4.2.5's STOPPED_STATES.
func isStoppedState(s int) bool {
	return s == stateStopped || s == stateExited || s == stateFatal || s == stateUnknown
}

// pyStr formats a decoded XML-RPC value like Python's str().
func pyStr(v any) string {
	switch x := v.(type) {
	case nil:
		return "" // kolo decodes <string></string> to nil
	case string:
		return x
	case bool:
		if x {
			return "True"
		}
		return "False"
	case int64:
		return strconv.FormatInt(x, 10)
	case int:
		return strconv.Itoa(x)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			if s, ok := e.(string); ok {
				parts[i] = "'" + s + "'"
			} else {
				parts[i] = pyStr(e)
			}
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return fmt.Sprint(v)
}
