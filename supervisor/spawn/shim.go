package spawn

import (
	"fmt"
	"os"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

// shimEnv is the environment variable that turns our executable into the
// spawn shim. It is removed before the real program is executed.
const shimEnv = "GOSUPERVISORD_SPAWN_SHIM"

func init() {
	if spec, ok := os.LookupEnv(shimEnv); ok {
		os.Exit(runShim(spec))
	}
}

// startShim starts our own executable as the shim for a.
func startShim(a *Attr, cred *syscall.Credential, credFail string, files []uintptr) (int, error) {
	sp := shimSpec{Path: a.Path, Dir: a.Dir, Umask: a.Umask, CredFail: credFail}
	if a.UID != nil {
		sp.UID = *a.UID
	}
	if cred != nil {
		sp.SetCred, sp.GID, sp.Groups = true, cred.Gid, cred.Groups
	}
	env := append(a.Env[:len(a.Env):len(a.Env)], shimEnv+"="+sp.encode())
	return syscall.ForkExec("/proc/self/exe", a.Argv, &syscall.ProcAttr{
		Env:   env,
		Files: files,
		Sys:   &syscall.SysProcAttr{Setpgid: true},
	})
}

// runShim performs 4.2.5's child-side steps in its order (privileges,
// chdir, umask, execve). It returns only on failure, after writing 4.2.5's
// messages to fd 2, with the exit status 127.
func runShim(text string) int {
	sp, err := decodeShimSpec(text)
	if err != nil {
		return childFailure("couldn't exec " + firstArg() + ": " + err.Error())
	}
	if sp.CredFail != "" {
		return childFailure(fmt.Sprintf("couldn't setuid to %d: %s", sp.UID, sp.CredFail))
	}
	if sp.SetCred {
		groups := make([]int, len(sp.Groups))
		for i, g := range sp.Groups {
			groups[i] = int(g)
		}
		if syscall.Setgroups(groups) != nil {
			return childFailure(fmt.Sprintf("couldn't setuid to %d: Could not set groups of effective user", sp.UID))
		}
		if syscall.Setgid(int(sp.GID)) != nil {
			return childFailure(fmt.Sprintf("couldn't setuid to %d: Could not set group id of effective user", sp.UID))
		}
		if syscall.Setuid(sp.UID) != nil {
			return childFailure("") // 4.2.5 lets this exception escape unreported
		}
	}
	if sp.Dir != nil {
		if err := syscall.Chdir(*sp.Dir); err != nil {
			return childFailure(fmt.Sprintf("couldn't chdir to %s: %s", *sp.Dir, ErrnoName(err)))
		}
	}
	if sp.Umask != nil {
		syscall.Umask(*sp.Umask)
	}
	env := make([]string, 0, len(os.Environ()))
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, shimEnv+"=") {
			env = append(env, kv)
		}
	}
	err = syscall.Exec(sp.Path, os.Args, env)
	return childFailure(fmt.Sprintf("couldn't exec %s: %s", firstArg(), ErrnoName(err)))
}

func firstArg() string {
	if len(os.Args) > 0 {
		return os.Args[0]
	}
	return ""
}

// childFailure writes 4.2.5's child-side failure lines to fd 2 and returns
// the exit status 127.
func childFailure(msg string) int {
	if msg != "" {
		_, _ = unix.Write(2, []byte("supervisor: "+msg+"\n"))
	}
	_, _ = unix.Write(2, []byte("supervisor: child process was not spawned\n"))
	return 127
}

// ErrnoName returns the symbolic name Python's errno.errorcode gives an
// error number ("ENOENT"), or the number when it has none.
func ErrnoName(err error) string {
	e, ok := err.(syscall.Errno)
	if !ok {
		return err.Error()
	}
	if e == syscall.EDEADLK {
		return "EDEADLOCK" // Python's name for 35
	}
	if n := unix.ErrnoName(e); n != "" {
		return n
	}
	return fmt.Sprint(int(e))
}
