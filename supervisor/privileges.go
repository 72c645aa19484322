package supervisor

import (
	"fmt"
	"syscall"

	"github.com/gosupervisord/gosupervisord/supervisor/spawn"
	"golang.org/x/sys/unix"
)

// dropPrivileges switches supervisord itself to uid, as 4.2.5's
// set_uid_or_exit does; it returns 4.2.5's message on failure.
func dropPrivileges(uid int) string {
	cred, msg := spawn.Credentials(uid)
	if msg != "" {
		return msg
	}
	if cred == nil {
		return "" // already that user
	}
	groups := make([]int, len(cred.Groups))
	for i, g := range cred.Groups {
		groups[i] = int(g)
	}
	if syscall.Setgroups(groups) != nil {
		return "Could not set groups of effective user"
	}
	if syscall.Setgid(int(cred.Gid)) != nil {
		return "Could not set group id of effective user"
	}
	if err := syscall.Setuid(int(cred.Uid)); err != nil {
		return fmt.Sprintf("Could not set user id of effective user: %v", err)
	}
	return ""
}

// rlimitSpec is one of the limits 4.2.5 raises at first start.
type rlimitSpec struct {
	resource int
	name     string
	min      int
	msg      string // with %[1]d = the minimum, %[2]d = the hard limit
}

// setRlimits raises RLIMIT_NOFILE to minfds and RLIMIT_NPROC to minprocs
// when the soft limit is lower, as 4.2.5's set_rlimits_or_exit does. It
// returns the INFO lines to log, or the usage message when a limit cannot
// be raised.
//
// Go raises its own RLIMIT_NOFILE soft limit to the hard limit at start-up
// (and restores the original in children), so the minfds check sees the
// raised value: children keep the soft limit supervisord was started with
// unless the hard limit itself had to be raised.
func setRlimits(minfds, minprocs int) (infos []string, usage string) {
	specs := []rlimitSpec{
		{unix.RLIMIT_NOFILE, "RLIMIT_NOFILE", minfds,
			"The minimum number of file descriptors required to run this process is %[1]d as per the \"minfds\" command-line argument or config file setting. The current environment will only allow you to open %[2]d file descriptors.  Either raise the number of usable file descriptors in your environment (see README.rst) or lower the minfds setting in the config file to allow the process to start."},
		{unix.RLIMIT_NPROC, "RLIMIT_NPROC", minprocs,
			"The minimum number of available processes required to run this program is %[1]d as per the \"minprocs\" command-line argument or config file setting. The current environment will only allow you to open %[2]d processes.  Either raise the number of usable processes in your environment (see README.rst) or lower the minprocs setting in the config file to allow the program to start."},
	}
	for _, sp := range specs {
		var lim unix.Rlimit
		if err := unix.Getrlimit(sp.resource, &lim); err != nil {
			continue
		}
		min := uint64(sp.min)
		if lim.Cur == unix.RLIM_INFINITY || lim.Cur >= min {
			continue
		}
		hard := lim.Max
		if hard != unix.RLIM_INFINITY && hard < min {
			hard = min
		}
		if err := unix.Setrlimit(sp.resource, &unix.Rlimit{Cur: min, Max: hard}); err != nil {
			return nil, fmt.Sprintf(sp.msg, sp.min, int64(hard))
		}
		infos = append(infos, fmt.Sprintf("Increased %s limit to %d", sp.name, sp.min))
	}
	return infos, ""
}
