package spawn

import (
	"fmt"
	"os"
	"os/user"
	"strconv"
	"sync"
	"syscall"
)

// Attr describes a child to start.
type Attr struct {
	Path  string   // the executable to execve (from Resolve)
	Argv  []string // argv, argv[0] as written in the command
	Env   []string // the complete environment
	Dir   *string  // chdir there before execve; nil keeps our cwd
	Umask *int     // set before execve; nil inherits ours
	UID   *int     // drop privileges to this uid; nil keeps ours
	// Stdin, Stdout and Stderr become the child's fds 0, 1 and 2. They
	// must be in blocking mode. Every other descriptor we hold is
	// close-on-exec, so the child gets nothing else.
	Stdin, Stdout, Stderr *os.File
}

// Start forks a child in its own process group and execs a.Path in it.
// It returns the child's pid. Failures of the child-side steps (dropping
// privileges, chdir, execve) do not make Start fail: as in 4.2.5 the child
// reports them on its stderr and exits 127, and the caller sees an exit.
// An error means no child was created (fork or pipe failure); it is a
// syscall.Errno when the kernel refused.
func Start(a *Attr) (int, error) {
	closeInheritedOnce.Do(CloseInheritedOnExec)
	var cred *syscall.Credential
	var credFail string
	if a.UID != nil {
		cred, credFail = Credentials(*a.UID)
	}
	files := []uintptr{a.Stdin.Fd(), a.Stdout.Fd(), a.Stderr.Fd()}
	if credFail == "" && a.Umask == nil {
		dir := ""
		if a.Dir != nil {
			dir = *a.Dir
		}
		pid, err := syscall.ForkExec(a.Path, a.Argv, &syscall.ProcAttr{
			Dir:   dir,
			Env:   a.Env,
			Files: files,
			Sys:   &syscall.SysProcAttr{Setpgid: true, Credential: cred},
		})
		if err == nil {
			return pid, nil
		}
		// A child-side step failed (or the fork did). Go has already
		// reaped that child; redo the whole spawn through the shim, which
		// reports the failing step as 4.2.5's child would.
	}
	return startShim(a, cred, credFail, files)
}

// Credentials returns the credentials to switch to for uid (supplementary
// groups with the primary group first, gid, uid), or 4.2.5's
// drop_privileges message explaining why that cannot be done ("Can't find
// uid 1234", "Can't drop privilege as nonroot user"). Both are empty when
// uid is already ours.
func Credentials(uid int) (*syscall.Credential, string) {
	u, err := user.LookupId(strconv.Itoa(uid))
	if err != nil {
		return nil, fmt.Sprintf("Can't find uid %d", uid)
	}
	if os.Getuid() == uid {
		return nil, ""
	}
	if os.Getuid() != 0 {
		return nil, "Can't drop privilege as nonroot user"
	}
	gid, _ := strconv.Atoi(u.Gid)
	groups := []uint32{uint32(gid)} // primary group first, as 4.2.5 does
	if ids, err := u.GroupIds(); err == nil {
		for _, id := range ids {
			if g, err := strconv.Atoi(id); err == nil && g != gid {
				groups = append(groups, uint32(g))
			}
		}
	}
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid), Groups: groups}, ""
}

var closeInheritedOnce sync.Once

// CloseInheritedOnExec makes every descriptor above 2 close-on-exec, so
// that children get only fds 0-2 (4.2.5's children close 3..minfds) even
// when this process inherited more from its parent. Descriptors Go opens
// are close-on-exec already. Start does it once by itself.
func CloseInheritedOnExec() {
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return
	}
	for _, e := range ents {
		if fd, err := strconv.Atoi(e.Name()); err == nil && fd > 2 {
			syscall.CloseOnExec(fd)
		}
	}
}
