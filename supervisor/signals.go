package supervisor

import (
	"fmt"
	"syscall"

	"github.com/gosupervisord/gosupervisord/supervisor/config"
)

// signame is 4.2.5's signame ("SIGTERM", "signal 33").
func signame(sig int) string { return config.SignalName(sig) }

// decodeWaitStatus returns the exit status 4.2.5 records (-1 for a signal
// death) and the message it logs ("exit status 1", "terminated by SIGKILL").
func decodeWaitStatus(ws syscall.WaitStatus) (int, string) {
	switch {
	case ws.Exited():
		es := ws.ExitStatus() & 0xffff
		return es, fmt.Sprintf("exit status %d", es)
	case ws.Signaled():
		msg := "terminated by " + signame(int(ws.Signal()))
		if ws.CoreDump() {
			msg += " (core dumped)"
		}
		return -1, msg
	}
	return -1, fmt.Sprintf("unknown termination cause 0x%04x", uint32(ws))
}
