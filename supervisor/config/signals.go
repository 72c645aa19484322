package config

import (
	"fmt"
	"strconv"

	"github.com/gosupervisord/gosupervisord/internal/py"
)

// signalNumbers maps the names Python's signal module defines on Linux
// (getattr(signal, "SIG...")) to their numbers, as 4.2.5's signal_number
// looks them up. It includes the pseudo-names SIG_DFL, SIG_IGN, SIG_BLOCK,
// SIG_UNBLOCK and SIG_SETMASK, which 4.2.5 accepts too.
var signalNumbers = map[string]int{
	"SIGABRT": 6, "SIGALRM": 14, "SIGBUS": 7, "SIGCHLD": 17, "SIGCLD": 17,
	"SIGCONT": 18, "SIGFPE": 8, "SIGHUP": 1, "SIGILL": 4, "SIGINT": 2,
	"SIGIO": 29, "SIGIOT": 6, "SIGKILL": 9, "SIGPIPE": 13, "SIGPOLL": 29,
	"SIGPROF": 27, "SIGPWR": 30, "SIGQUIT": 3, "SIGRTMAX": 64, "SIGRTMIN": 34,
	"SIGSEGV": 11, "SIGSTKFLT": 16, "SIGSTOP": 19, "SIGSYS": 31, "SIGTERM": 15,
	"SIGTRAP": 5, "SIGTSTP": 20, "SIGTTIN": 21, "SIGTTOU": 22, "SIGURG": 23,
	"SIGUSR1": 10, "SIGUSR2": 12, "SIGVTALRM": 26, "SIGWINCH": 28,
	"SIGXCPU": 24, "SIGXFSZ": 25,
	"SIG_BLOCK": 0, "SIG_DFL": 0, "SIG_IGN": 1, "SIG_SETMASK": 2, "SIG_UNBLOCK": 1,
}

// signalNames is 4.2.5's signame table: number to the name Python's signal
// module iteration leaves last for it.
var signalNames = map[int]string{
	1: "SIGHUP", 2: "SIGINT", 3: "SIGQUIT", 4: "SIGILL", 5: "SIGTRAP",
	6: "SIGABRT", 7: "SIGBUS", 8: "SIGFPE", 9: "SIGKILL", 10: "SIGUSR1",
	11: "SIGSEGV", 12: "SIGUSR2", 13: "SIGPIPE", 14: "SIGALRM", 15: "SIGTERM",
	16: "SIGSTKFLT", 17: "SIGCHLD", 18: "SIGCONT", 19: "SIGSTOP", 20: "SIGTSTP",
	21: "SIGTTIN", 22: "SIGTTOU", 23: "SIGURG", 24: "SIGXCPU", 25: "SIGXFSZ",
	26: "SIGVTALRM", 27: "SIGPROF", 28: "SIGWINCH", 29: "SIGPOLL", 30: "SIGPWR",
	31: "SIGSYS", 34: "SIGRTMIN", 64: "SIGRTMAX",
}

// validSignal reports whether n is one of the values of signalNumbers
// (4.2.5's SIGNUMS): 0..31, 34 and 64 on Linux.
func validSignal(n int64) bool {
	return (n >= 0 && n <= 31) || n == 34 || n == 64
}

// ParseSignal is 4.2.5's datatypes.signal_number: a signal number, or a
// name with or without the SIG prefix in any case and with surrounding
// whitespace ("TERM", " sigint ", "RTMIN"). The error text is 4.2.5's.
func ParseSignal(value string) (int, error) {
	n, err := pyInt(value, 10)
	if _, isRange := err.(intRangeError); isRange {
		return 0, fmt.Errorf("value %s is not a valid signal number", py.Repr(value))
	}
	if err != nil {
		name := py.Upper(py.TrimSpace(value))
		if len(name) < 3 || name[:3] != "SIG" {
			name = "SIG" + name
		}
		num, ok := signalNumbers[name]
		if !ok {
			return 0, fmt.Errorf("value %s is not a valid signal name", py.Repr(value))
		}
		n = int64(num)
	}
	if !validSignal(n) {
		return 0, fmt.Errorf("value %s is not a valid signal number", py.Repr(value))
	}
	return int(n), nil
}

// SignalName is 4.2.5's options.signame: "SIGTERM" for 15, "signal N" for
// numbers without a name (including 0).
func SignalName(sig int) string {
	if name, ok := signalNames[sig]; ok {
		return name
	}
	return "signal " + strconv.Itoa(sig)
}
