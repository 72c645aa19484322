package supervisor

// ProcessState is the state of one supervised process, with 4.2.5's codes.
type ProcessState int

// Process states (supervisor.states.ProcessStates).
const (
	Stopped  ProcessState = 0
	Starting ProcessState = 10
	Running  ProcessState = 20
	Backoff  ProcessState = 30
	Stopping ProcessState = 40
	Exited   ProcessState = 100
	Fatal    ProcessState = 200
	Unknown  ProcessState = 1000
)

// String returns the state name as 4.2.5 reports it in statename, e.g. "RUNNING".
func (s ProcessState) String() string {
	switch s {
	case Stopped:
		return "STOPPED"
	case Starting:
		return "STARTING"
	case Running:
		return "RUNNING"
	case Backoff:
		return "BACKOFF"
	case Stopping:
		return "STOPPING"
	case Exited:
		return "EXITED"
	case Fatal:
		return "FATAL"
	case Unknown:
		return "UNKNOWN"
	}
	return ""
}

// IsRunning reports whether s is in 4.2.5's RUNNING_STATES (RUNNING, BACKOFF,
// STARTING): the set start refuses (ALREADY_STARTED) and stop accepts.
func (s ProcessState) IsRunning() bool {
	return s == Running || s == Backoff || s == Starting
}

// IsStopped reports whether s is in 4.2.5's STOPPED_STATES (STOPPED, EXITED,
// FATAL, UNKNOWN): what a stop waits for and what shutdown requires.
func (s ProcessState) IsStopped() bool {
	return s == Stopped || s == Exited || s == Fatal || s == Unknown
}

// IsSignallable reports whether s is in 4.2.5's SIGNALLABLE_STATES (RUNNING,
// STARTING, STOPPING).
func (s ProcessState) IsSignallable() bool {
	return s == Running || s == Starting || s == Stopping
}

// State is supervisord's own state (4.2.5's "mood").
type State int

// Supervisor states (supervisor.states.SupervisorStates).
const (
	// StateFatal exists in 4.2.5 but is never entered.
	StateFatal      State = 2
	StateRunning    State = 1
	StateRestarting State = 0
	StateShutdown   State = -1
)

// String returns the state name as getState reports it, e.g. "RUNNING".
func (s State) String() string {
	switch s {
	case StateFatal:
		return "FATAL"
	case StateRunning:
		return "RUNNING"
	case StateRestarting:
		return "RESTARTING"
	case StateShutdown:
		return "SHUTDOWN"
	}
	return ""
}
