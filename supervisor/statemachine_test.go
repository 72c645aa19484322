package supervisor

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gosupervisord/gosupervisord/supervisor/config"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lifecycle matches the main-log lines about process lifecycle.
const lifecycle = `(spawned:|success:|exited:|stopped:|gave up:|killing|spawnerr:|waiting for|already running|reaped)`

// TestStateMachine drives one program per case through 4.2.5's state
// machine and checks the final state, the process info and the main-log
// lines 4.2.5 writes for that case (reference §5.1).
func TestStateMachine(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		command string // %s is the case's temp dir
		opts    []programOption
		act     func(h *harness)
		state   ProcessState
		wait    time.Duration
		check   func(t *testing.T, h *harness, pi ProcessInfo)
		log     []string
	}{{
		name:    "startsecs reached",
		command: "sleep 100",
		opts:    []programOption{startsecs(1)},
		state:   Running,
		log: []string{
			"INFO spawned: 'p' with pid N",
			"INFO success: p entered RUNNING state, process has stayed up for > than 1 seconds (startsecs)",
		},
	}, {
		name:    "exit 0 within startsecs is a failure; retries then FATAL",
		command: "sh -c 'echo out; exit 0'",
		opts:    []programOption{startsecs(1), startretries(1)},
		state:   Fatal,
		check: func(t *testing.T, h *harness, pi ProcessInfo) {
			assert.Equal(t, "Exited too quickly (process log may have details)", pi.SpawnErr)
			assert.Equal(t, pi.SpawnErr, pi.Description)
			assert.Equal(t, 0, pi.ExitStatus)
			assert.Zero(t, pi.PID)
			b, err := os.ReadFile(pi.StdoutLogfile)
			require.NoError(t, err)
			assert.Equal(t, "out\nout\n", string(b))
		},
		log: []string{
			"INFO spawned: 'p' with pid N",
			"WARN exited: p (exit status 0; not expected)",
			"INFO spawned: 'p' with pid N",
			"WARN exited: p (exit status 0; not expected)",
			"INFO gave up: p entered FATAL state, too many start retries too quickly",
		},
	}, {
		name:    "startretries=0 is one attempt",
		command: "sh -c 'exit 1'",
		opts:    []programOption{startretries(0)},
		state:   Fatal,
		log: []string{
			"INFO spawned: 'p' with pid N",
			"WARN exited: p (exit status 1; not expected)",
			"INFO gave up: p entered FATAL state, too many start retries too quickly",
		},
	}, {
		name:    "expected exit code after startsecs=0",
		command: "sh -c 'sleep 0.2; exit 3'",
		opts:    []programOption{startsecs(0), exitcodes(0, 3)},
		state:   Exited,
		check: func(t *testing.T, h *harness, pi ProcessInfo) {
			assert.Equal(t, 3, pi.ExitStatus)
			assert.Equal(t, "", pi.SpawnErr)
		},
		log: []string{
			"INFO spawned: 'p' with pid N",
			"INFO success: p entered RUNNING state, process has stayed up for > than 0 seconds (startsecs)",
			"INFO exited: p (exit status 3; expected)",
		},
	}, {
		name:    "unexpected exit with autorestart=false stays EXITED",
		command: "sh -c 'sleep 0.2; exit 4'",
		opts:    []programOption{startsecs(0), autorestart(config.AutoRestartNever)},
		state:   Exited,
		check: func(t *testing.T, h *harness, pi ProcessInfo) {
			assert.Equal(t, 4, pi.ExitStatus)
			assert.Equal(t, "Bad exit code 4", pi.SpawnErr)
			assert.NotEqual(t, "Not started", pi.Description)
		},
		log: []string{
			"INFO spawned: 'p' with pid N",
			"INFO success: p entered RUNNING state, process has stayed up for > than 0 seconds (startsecs)",
			"WARN exited: p (exit status 4; not expected)",
		},
	}, {
		name:    "autorestart=unexpected restarts after an unexpected exit",
		command: "sh -c 'if [ -e %[1]s/flag ]; then exec sleep 100; fi; touch %[1]s/flag; sleep 0.2; exit 4'",
		opts:    []programOption{startsecs(0)},
		act: func(h *harness) {
			h.waitLog(`exited: p \(exit status 4`, 5*time.Second)
		},
		state: Running,
		log: []string{
			"INFO spawned: 'p' with pid N",
			"INFO success: p entered RUNNING state, process has stayed up for > than 0 seconds (startsecs)",
			"WARN exited: p (exit status 4; not expected)",
			"INFO spawned: 'p' with pid N",
			"INFO success: p entered RUNNING state, process has stayed up for > than 0 seconds (startsecs)",
		},
	}, {
		name:    "autorestart=unexpected does not restart after an expected exit",
		command: "sh -c 'sleep 0.2; exit 0'",
		opts:    []programOption{startsecs(0)},
		state:   Exited,
		log: []string{
			"INFO spawned: 'p' with pid N",
			"INFO success: p entered RUNNING state, process has stayed up for > than 0 seconds (startsecs)",
			"INFO exited: p (exit status 0; expected)",
		},
	}, {
		name:    "autorestart=true restarts after an expected exit",
		command: "sh -c 'if [ -e %[1]s/flag ]; then exec sleep 100; fi; touch %[1]s/flag; sleep 0.2'",
		opts:    []programOption{startsecs(0), autorestart(config.AutoRestartAlways)},
		act: func(h *harness) {
			h.waitLog(`exited: p`, 5*time.Second)
		},
		state: Running,
		log: []string{
			"INFO spawned: 'p' with pid N",
			"INFO success: p entered RUNNING state, process has stayed up for > than 0 seconds (startsecs)",
			"INFO exited: p (exit status 0; expected)",
			"INFO spawned: 'p' with pid N",
			"INFO success: p entered RUNNING state, process has stayed up for > than 0 seconds (startsecs)",
		},
	}, {
		name:    "killed by a signal from outside: not expected, EXITED",
		command: "sleep 100",
		opts:    []programOption{startsecs(0), autorestart(config.AutoRestartNever)},
		act: func(h *harness) {
			pi := h.waitState("p", Running, 5*time.Second)
			require.NoError(h.t, syscall.Kill(pi.PID, syscall.SIGKILL))
		},
		state: Exited,
		check: func(t *testing.T, h *harness, pi ProcessInfo) {
			assert.Equal(t, -1, pi.ExitStatus)
		},
		log: []string{
			"INFO spawned: 'p' with pid N",
			"INFO success: p entered RUNNING state, process has stayed up for > than 0 seconds (startsecs)",
			"WARN exited: p (terminated by SIGKILL; not expected)",
		},
	}, {
		name:    "killed with autorestart=true: respawned",
		command: "sleep 100",
		opts:    []programOption{startsecs(0), autorestart(config.AutoRestartAlways)},
		act: func(h *harness) {
			pi := h.waitState("p", Running, 5*time.Second)
			require.NoError(h.t, syscall.Kill(pi.PID, syscall.SIGKILL))
			h.eventually(5*time.Second, "a new pid", func() bool {
				n := h.info("p")
				return n.State == Running && n.PID != pi.PID
			})
		},
		state: Running,
		log: []string{
			"INFO spawned: 'p' with pid N",
			"INFO success: p entered RUNNING state, process has stayed up for > than 0 seconds (startsecs)",
			"WARN exited: p (terminated by SIGKILL; not expected)",
			"INFO spawned: 'p' with pid N",
			"INFO success: p entered RUNNING state, process has stayed up for > than 0 seconds (startsecs)",
		},
	}, {
		name:    "stop escalates to SIGKILL after stopwaitsecs",
		command: `sh -c 'trap "" TERM; echo ready; exec sleep 100'`,
		opts:    []programOption{startsecs(0), stopwaitsecs(1)},
		act: func(h *harness) {
			h.waitState("p", Running, 5*time.Second)
			h.waitOutput("p", "ready")
			_, _, err := h.s.StopProcess(h.ctx(), "p", true)
			require.NoError(h.t, err)
		},
		state: Stopped,
		check: func(t *testing.T, h *harness, pi ProcessInfo) {
			assert.Equal(t, -1, pi.ExitStatus)
		},
		log: []string{
			"INFO spawned: 'p' with pid N",
			"INFO success: p entered RUNNING state, process has stayed up for > than 0 seconds (startsecs)",
			"INFO waiting for p to stop",
			"WARN killing 'p' (N) with SIGKILL",
			"WARN stopped: p (terminated by SIGKILL)",
		},
	}, {
		name:    "stopsignal INT handled with exit 0 is an expected stop",
		command: `sh -c 'trap "exit 0" INT; echo ready; while :; do sleep 0.05; done'`,
		opts:    []programOption{startsecs(0), stopsignal(syscall.SIGINT)},
		act: func(h *harness) {
			h.waitState("p", Running, 5*time.Second)
			h.waitOutput("p", "ready")
			_, _, err := h.s.StopProcess(h.ctx(), "p", true)
			require.NoError(h.t, err)
		},
		state: Stopped,
		log: []string{
			"INFO spawned: 'p' with pid N",
			"INFO success: p entered RUNNING state, process has stayed up for > than 0 seconds (startsecs)",
			"INFO waiting for p to stop",
			"INFO stopped: p (exit status 0)",
		},
	}, {
		name:    "missing command: spawn error, BACKOFF, then FATAL",
		command: "/nonexistent/prog --flag",
		opts:    []programOption{startretries(1)},
		state:   Fatal,
		check: func(t *testing.T, h *harness, pi ProcessInfo) {
			assert.Equal(t, "can't find command '/nonexistent/prog'", pi.SpawnErr)
			assert.Equal(t, pi.SpawnErr, pi.Description)
			assert.Zero(t, pi.Stop)
		},
		log: []string{
			"INFO spawnerr: can't find command '/nonexistent/prog'",
			"INFO spawnerr: can't find command '/nonexistent/prog'",
			"INFO gave up: p entered FATAL state, too many start retries too quickly",
		},
	}, {
		name:    "stop in BACKOFF goes straight to STOPPED",
		command: "no-such-command-xyz",
		opts:    []programOption{startretries(100)},
		act: func(h *harness) {
			h.waitState("p", Backoff, 5*time.Second)
			_, _, err := h.s.StopProcess(h.ctx(), "p", true)
			require.NoError(h.t, err)
		},
		state: Stopped,
		log: []string{
			"INFO spawnerr: can't find command 'no-such-command-xyz'",
		},
	}, {
		name:    "bad directory: the child reports chdir and exits 127",
		command: "sleep 100",
		opts: []programOption{startretries(0), func(pc *config.ProcessConfig) {
			d := "/nonexistent_dir"
			pc.Directory = &d
		}},
		state: Fatal,
		check: func(t *testing.T, h *harness, pi ProcessInfo) {
			b, err := os.ReadFile(pi.StderrLogfile)
			require.NoError(t, err)
			assert.Equal(t, "supervisor: couldn't chdir to /nonexistent_dir: ENOENT\nsupervisor: child process was not spawned\n", string(b))
		},
		log: []string{
			"INFO spawned: 'p' with pid N",
			"WARN exited: p (exit status 127; not expected)",
			"INFO gave up: p entered FATAL state, too many start retries too quickly",
		},
	}, {
		name:    "exec failure: the child reports the errno and exits 127",
		command: "%[1]s/noformat.sh",
		opts:    []programOption{startretries(0)},
		state:   Fatal,
		check: func(t *testing.T, h *harness, pi ProcessInfo) {
			b, err := os.ReadFile(pi.StderrLogfile)
			require.NoError(t, err)
			assert.Equal(t, "supervisor: couldn't exec "+h.dir+"/noformat.sh: ENOEXEC\nsupervisor: child process was not spawned\n", string(b))
		},
		log: []string{
			"INFO spawned: 'p' with pid N",
			"WARN exited: p (exit status 127; not expected)",
			"INFO gave up: p entered FATAL state, too many start retries too quickly",
		},
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			require.NoError(t, os.WriteFile(filepath.Join(dir, "noformat.sh"), []byte("\x7fELF garbage"), 0o755))
			command := tc.command
			if strings.Contains(command, "%[1]s") {
				command = strings.ReplaceAll(command, "%[1]s", dir)
			}
			h := startSupervisor(t, testConfig(dir, program("p", command, tc.opts...)))
			if tc.act != nil {
				tc.act(h)
			}
			wait := tc.wait
			if wait == 0 {
				wait = 10 * time.Second
			}
			pi := h.waitState("p", tc.state, wait)
			if tc.check != nil {
				tc.check(t, h, pi)
			}
			assert.Equal(t, tc.log, h.logLines(lifecycle))
		})
	}
}

var _ = strconv.Itoa
