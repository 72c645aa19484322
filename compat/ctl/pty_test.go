package ctl

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gosupervisord/gosupervisord/compat/harness"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// ptySession runs a client on a new pseudo-terminal (its controlling
// terminal), collecting what it writes.
type ptySession struct {
	master *os.File
	cmd    *exec.Cmd
	mu     sync.Mutex
	out    strings.Builder
	done   chan struct{}
	read   chan struct{} // closed when the terminal has no more output
}

func openPty(t *testing.T) (master, slave *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	require.NoError(t, err)
	require.NoError(t, unix.IoctlSetPointerInt(int(m.Fd()), unix.TIOCSPTLCK, 0))
	n, err := unix.IoctlGetInt(int(m.Fd()), unix.TIOCGPTN)
	require.NoError(t, err)
	s, err := os.OpenFile("/dev/pts/"+strconv.Itoa(n), os.O_RDWR|syscall.O_NOCTTY, 0)
	require.NoError(t, err)
	return m, s
}

func startPty(t *testing.T, bin string, dir string, env []string, args ...string) *ptySession {
	t.Helper()
	m, s := openPty(t)
	unix.IoctlSetWinsize(int(s.Fd()), unix.TIOCSWINSZ, &unix.Winsize{Row: 40, Col: 100})
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "TERM=xterm"), env...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = s, s, s
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	require.NoError(t, cmd.Start())
	s.Close()
	p := &ptySession{master: m, cmd: cmd, done: make(chan struct{}), read: make(chan struct{})}
	go func() {
		defer close(p.read)
		buf := make([]byte, 4096)
		for {
			n, err := m.Read(buf)
			p.mu.Lock()
			p.out.Write(buf[:n])
			p.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	go func() { cmd.Wait(); close(p.done) }()
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			cmd.Process.Kill()
			<-p.done
		}
		m.Close()
	})
	return p
}

var ansi = regexp.MustCompile(`\x1b\[[0-9;?]*[A-Za-z]|\x1b[=>]|\r|\a`)

// screen is the output so far without escape sequences and carriage
// returns.
func (p *ptySession) screen() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return ansi.ReplaceAllString(p.out.String(), "")
}

func (p *ptySession) waitFor(t *testing.T, want string, n int) {
	t.Helper()
	harness.Eventually(t, 10*time.Second, func() error {
		if strings.Count(p.screen(), want) >= n {
			return nil
		}
		return errorf("waiting for %q x%d in:\n%s", want, n, p.screen())
	})
}

func (p *ptySession) send(s string) { p.master.WriteString(s) }

func (p *ptySession) wait(t *testing.T) int {
	t.Helper()
	select {
	case <-p.done:
	case <-time.After(10 * time.Second):
		t.Fatalf("client did not exit; screen:\n%s", p.screen())
	}
	select { // the last output, read until the terminal hangs up
	case <-p.read:
	case <-time.After(5 * time.Second):
	}
	return p.cmd.ProcessState.ExitCode()
}

// TestTerminalShell drives both clients' shells on a terminal: tab
// completion of commands and process names, history, ^D and ^C. The
// screens differ (readline redraws differently from our editor), so the
// test checks what each client did, not its escape sequences.
func TestTerminalShell(t *testing.T) {
	t.Parallel()
	sharedFixtureCase(t, func(t *testing.T, d *harness.Daemon) {
		for _, impl := range both {
			t.Run(string(impl), func(t *testing.T) {
				bin, err := harness.CtlPath(impl)
				require.NoError(t, err)
				// (in a dir of this test's own: the daemon is shared)
				dir := t.TempDir()
				hist := filepath.Join(dir, "history")
				conf := writeFile(t, dir, "tty.conf", "[supervisorctl]\nserverurl=unix://"+d.Sock+"\nprompt=tty\nhistory_file="+hist+"\n")

				p := startPty(t, bin, d.Dir, nil, "-c", conf)
				p.waitFor(t, "tty> ", 1)
				p.send("statu\tsle\t\r")
				// (the fixture's long name widens the first status; ours is
				// filtered, so 33 columns wide)
				p.waitFor(t, "sleeper                          RUNNING", 1)
				p.waitFor(t, "tty> ", 2)
				p.send("pid grp:\t\t")
				p.waitFor(t, "grp:g2", 1) // the second TAB lists grp:g1 grp:* grp:g2 (4.2.5's order, columns)
				p.send("g1\r")
				p.waitFor(t, "tty> ", 3)
				p.send("\x1b[A\x1b[A\r") // history: the status command again
				p.waitFor(t, "sleeper                          RUNNING", 2)
				p.waitFor(t, "tty> ", 4)
				p.send("\x04") // ^D: EOF, prints an empty line
				assert.Equal(t, 0, p.wait(t))
				data, err := os.ReadFile(hist)
				require.NoError(t, err)
				assert.Equal(t, "status sleeper \npid grp:g1\nstatus sleeper \n", string(data), "history file")

				// the history is loaded by the next session
				p = startPty(t, bin, d.Dir, nil, "-c", conf)
				p.waitFor(t, "tty> ", 1)
				p.send("\x1b[A\x1b[A\r")
				p.waitFor(t, "pid grp:g1\n", 1)
				p.waitFor(t, "tty> ", 2)
				p.send("\x03") // ^C at the prompt ends the shell, exit 0
				assert.Equal(t, 0, p.wait(t))
			})
		}
	})
}

// TestTerminalCredentials: on a terminal, both shells ask for a username
// and (without echo, through /dev/tty) a password after a 401, then run
// the command again.
func TestTerminalCredentials(t *testing.T) {
	t.Parallel()
	loadHelp(t)
	harness.ForEachDaemon(t, func(t *testing.T, impl harness.Impl) {
		d := harness.Start(t, impl, authConf, harness.Auth("user", "123"))
		for _, c := range both {
			t.Run(string(c), func(t *testing.T) {
				bin, err := harness.CtlPath(c)
				require.NoError(t, err)
				p := startPty(t, bin, d.Dir, nil, "-c", d.ConfPath)
				p.waitFor(t, "Server requires authentication\nUsername:", 1)
				p.send("user\r")
				p.waitFor(t, "Password:", 1)
				p.send("s3cret-typed\r") // wrong: asked again
				p.waitFor(t, "Username:", 2)
				p.send("user\r")
				p.waitFor(t, "Password:", 2)
				p.send("123\r")
				p.waitFor(t, "talker                           RUNNING", 1)
				p.waitFor(t, "supervisor> ", 1)
				p.send("exit\r")
				assert.Equal(t, 0, p.wait(t))
				assert.NotContains(t, p.screen(), "s3cret-typed", "the password is not echoed")
			})
		}
	})
}

// TestTerminalScreens compares what both shells show on a terminal for
// plain typing: prompts, echo, output, EOF. (Editing keys redraw the line
// differently from readline; the screens are compared without them.)
func TestTerminalScreens(t *testing.T) {
	t.Parallel()
	sharedFixtureCase(t, func(t *testing.T, d *harness.Daemon) {
		var screens [2]string
		for i, c := range both {
			bin, err := harness.CtlPath(c)
			require.NoError(t, err)
			p := startPty(t, bin, d.Dir, nil, "-c", d.ConfPath)
			p.waitFor(t, "supervisor> ", 1)
			p.send("version\r")
			p.waitFor(t, "supervisor> ", 2)
			p.send("pid sleeper\r")
			p.waitFor(t, "supervisor> ", 3)
			p.send("foo\r")
			p.waitFor(t, "supervisor> ", 4)
			p.send("\x04")
			assert.Equal(t, 0, p.wait(t))
			screens[i] = normalize(c, p.screen(), rules{})
		}
		assert.Equal(t, screens[0], screens[1])
	})
}
