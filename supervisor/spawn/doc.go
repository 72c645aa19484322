// Package spawn starts child processes the way supervisord 4.2.5 does:
// command splitting and executable lookup with 4.2.5's error texts
// (command.go), and a fork/exec that puts the child in its own process
// group with the given pipes as fds 0-2, credentials, directory and umask
// (start.go).
//
// Go's syscall.ForkExec has no umask and reports a failed chdir or execve
// to the parent as an error, where 4.2.5's child writes
// "supervisor: couldn't chdir to X: ENOENT" to its stderr and exits 127.
// So when a umask is configured, when privileges cannot be dropped, or when
// the direct ForkExec fails, the child is started through a shim: our own
// executable (/proc/self/exe) re-executed with a spec in its environment,
// which does 4.2.5's child-side steps itself (setgroups/setgid/setuid,
// chdir, umask, execve) and on failure writes 4.2.5's messages to fd 2 and
// exits 127. The shim runs from this package's init, before main. The
// common case (no umask, no failure) is a plain ForkExec with no extra exec.
package spawn
