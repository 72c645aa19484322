package supervisor

import (
	"strings"
	"time"

	"github.com/gosupervisord/gosupervisord/supervisor/events"
)

var timeZero time.Time

// shutdownStep advances the ordered shutdown (4.2.5's runforever while the
// mood is below RUNNING): groups are stopped one at a time, highest
// priority value first, each only once the previous one is fully stopped;
// when no process is left unstopped the loop exits.
func (s *Supervisor) shutdownStep() {
	if !s.stopping {
		s.stopping = true
		s.stopGroups = s.sortedGroups()
		s.bus.Publish(events.SupervisorStateChangeMessage{To: events.SupervisorStateChangeStopping})
	}
	for {
		if n := len(s.stopGroups); n > 0 {
			s.stopGroups[n-1].stopAll()
		}
		if len(s.shutdownReport()) == 0 {
			s.exitNow = true
			return
		}
		n := len(s.stopGroups)
		if n == 0 || len(s.stopGroups[n-1].unstopped()) > 0 {
			return
		}
		s.stopGroups = s.stopGroups[:n-1]
	}
}

// shutdownReport is 4.2.5's shutdown_report: the unstopped processes,
// logged as "waiting for a, b to die" at most every 3 seconds.
func (s *Supervisor) shutdownReport() []*process {
	var unstopped []*process
	for _, g := range s.groups {
		unstopped = append(unstopped, g.unstopped()...)
	}
	if len(unstopped) == 0 {
		return nil
	}
	now := time.Now()
	if s.lastShutdownReport.IsZero() || now.Sub(s.lastShutdownReport) > 3*time.Second {
		names := make([]string, len(unstopped))
		for i, p := range unstopped {
			names[i] = p.name()
		}
		s.log.Infof("waiting for %s to die", strings.Join(names, ", "))
		s.lastShutdownReport = now
		for _, p := range unstopped {
			s.log.Blatherf("%s state: %s", p.name(), p.state)
		}
		// Come back for the next report while something is still running.
		if s.shutdownTimer != nil {
			s.shutdownTimer.Stop()
		}
		s.shutdownTimer = s.afterFunc(3*time.Second+time.Millisecond, s.markDirty)
	}
	return unstopped
}
