package ctl

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
