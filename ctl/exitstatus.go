package ctl

// LSB init-script exit statuses, as 4.2.5's supervisorctl sets them.
const (
	exitGeneric       = 1
	exitInvalidArgs   = 2
	exitUnimplemented = 3
	exitInsufficient  = 4
	exitNotInstalled  = 5
	exitNotRunning    = 7
	// statusNotRunning and statusUnknown are the LSB status-action codes
	// `status` uses: a program is not running; the state is unknown.
	statusNotRunning = 3
	statusUnknown    = 4
)

// setExitFromFault is 4.2.5's set_exitstatus_from_xmlrpc_fault: the exit
// status a result or fault code leaves, unless it is one of ignored.
func (c *Controller) setExitFromFault(code int, ignored ...int) {
	for _, i := range ignored {
		if code == i {
			return
		}
	}
	switch code {
	case faultSuccess:
	case faultSpawnError, faultAbnormalTermination, faultNotRunning:
		c.exitStatus = exitNotRunning
	default:
		c.exitStatus = exitGeneric
	}
}
