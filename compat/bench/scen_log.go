package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"
)

// logTotal is the number of bytes each writer child produces.
const logTotal = 256 << 20

// logScenario: a child writes 256 MiB to stdout with stdout_logfile on
// tmpfs (maxbytes=0): MB/s from startProcess until the file holds all
// bytes, and daemon CPU per GiB; daemon-less ceilings in the same repeat.
type logScenario struct {
	lastPipe float64 // median pipe ceiling of the current repeat (MB/s)
}

func (*logScenario) name() string { return "log" }

func (*logScenario) metrics() []metricDef {
	return []metricDef{
		{name: "log_MBps", unit: "MB/s", better: "higher",
			desc: "256 MiB from one child (99 x + newline lines, 1 MB writes) via stdout_logfile on tmpfs " +
				"(maxbytes=0): bytes / wall time from startProcess until the file holds all bytes (1 MB = 1e6 B)"},
		{name: "log_cpu_s_per_GiB", unit: "s/GiB", better: "lower",
			desc:   "daemon CPU (schedstat) during the transfer, per GiB",
			target: ratioTarget(true, 0.3)},
		{name: "log_vs_pipe", unit: "x", better: "higher",
			desc:   "log_MBps / the writer|cat>file ceiling measured in the same repeat",
			target: absTarget(false, false, 0.95)},
		{name: "log_ceiling_direct_MBps", unit: "MB/s", better: "higher", daemonless: true,
			desc: "no daemon: the same writer with stdout = the file"},
		{name: "log_ceiling_pipe_MBps", unit: "MB/s", better: "higher", daemonless: true,
			desc: "no daemon: writer | cat > file (an ideal relay)"},
	}
}

func (*logScenario) reps(cfg *config) int {
	if cfg.quick {
		return 1
	}
	return 5
}

func (*logScenario) transfers(cfg *config) int {
	if cfg.quick {
		return 2
	}
	return 3
}

func (s *logScenario) preRep(cfg *config) map[string]obs {
	res := map[string]obs{}
	base, err := makeTempDir(cfg.shm, "ceil")
	if err != nil {
		setFail(res, err, "log_ceiling_direct_MBps", "log_ceiling_pipe_MBps")
		return res
	}
	defer removeTempDir(base)
	var direct, pipe []float64
	for range s.transfers(cfg) {
		for _, kind := range []string{"direct", "pipe"} {
			v, err := ceiling(cfg, base, kind)
			if err != nil {
				setFail(res, err, "log_ceiling_"+kind+"_MBps")
				continue
			}
			if kind == "direct" {
				direct = append(direct, v)
			} else {
				pipe = append(pipe, v)
			}
		}
	}
	if _, bad := res["log_ceiling_direct_MBps"]; !bad {
		res["log_ceiling_direct_MBps"] = many(direct)
	}
	s.lastPipe = 0
	if _, bad := res["log_ceiling_pipe_MBps"]; !bad {
		res["log_ceiling_pipe_MBps"] = many(pipe)
		s.lastPipe = median(pipe)
	}
	return res
}

// startChild starts a helper process (writer or cat) tracked for cleanup.
func startChild(cmd *exec.Cmd) error {
	cmd.SysProcAttr = childAttr()
	if err := cmd.Start(); err != nil {
		return err
	}
	registry.Lock()
	registry.pids[cmd.Process.Pid] = true
	registry.Unlock()
	return nil
}

// reapChild waits for a helper process (killing it after timeout).
func reapChild(cmd *exec.Cmd, timeout time.Duration) {
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(timeout):
		cmd.Process.Kill()
		<-done
	}
	registry.Lock()
	delete(registry.pids, cmd.Process.Pid)
	registry.Unlock()
}

// ceiling measures one daemon-less transfer: "direct" (writer > file) or
// "pipe" (writer | cat > file), in MB/s.
func ceiling(cfg *config, base, kind string) (float64, error) {
	path := filepath.Join(base, kind+".log")
	defer os.Remove(path)
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	writer := exec.Command(cfg.exe, childWriterCmd, strconv.Itoa(logTotal))
	var cmds []*exec.Cmd
	defer func() {
		for _, c := range cmds {
			reapChild(c, 10*time.Second)
		}
	}()
	t0 := time.Now()
	if kind == "direct" {
		writer.Stdout = f
		if err := startChild(writer); err != nil {
			return 0, err
		}
		cmds = append(cmds, writer)
	} else {
		r, w, err := os.Pipe()
		if err != nil {
			return 0, err
		}
		writer.Stdout = w
		cat := exec.Command("/bin/cat")
		cat.Stdin, cat.Stdout = r, f
		err = startChild(writer)
		if err == nil {
			cmds = append(cmds, writer)
			if err = startChild(cat); err == nil {
				cmds = append(cmds, cat)
			}
		}
		r.Close()
		w.Close()
		if err != nil {
			return 0, err
		}
	}
	t1, err := waitFileSize(path, logTotal, 120*time.Second, nil)
	if err != nil {
		return 0, err
	}
	return logTotal / 1e6 / t1.Sub(t0).Seconds(), nil
}

func (s *logScenario) trial(cfg *config, tpl, label string) map[string]obs {
	res := map[string]obs{}
	names := []string{"log_MBps", "log_cpu_s_per_GiB", "log_vs_pipe"}
	n := s.transfers(cfg)
	logdir, err := makeTempDir(cfg.shm, "log")
	if err != nil {
		setFail(res, err, names...)
		return res
	}
	defer removeTempDir(logdir)
	var progs []program
	for i := range n {
		p := program{name: fmt.Sprintf("writer%d", i)}
		p.set("command", fmt.Sprintf("%s %s %d", cfg.exe, childWriterCmd, logTotal))
		p.set("autostart", "false")
		p.set("autorestart", "false")
		p.set("startsecs", "0")
		p.set("stdout_logfile", filepath.Join(logdir, fmt.Sprintf("writer%d.log", i)))
		p.set("stdout_logfile_maxbytes", "0")
		p.set("stdout_logfile_backups", "0")
		p.set("redirect_stderr", "false")
		p.set("stderr_logfile", filepath.Join(logdir, fmt.Sprintf("writer%d.err", i)))
		progs = append(progs, p)
	}
	d, err := newDaemon(tpl, label, progs)
	if err != nil {
		setFail(res, err, names...)
		return res
	}
	defer d.stop(20 * time.Second)
	var mbps, cpu []float64
	err = func() error {
		if _, err := d.start(20 * time.Second); err != nil {
			return err
		}
		c := d.rpc(30 * time.Second)
		defer c.close()
		for i := range n {
			logfile := filepath.Join(logdir, fmt.Sprintf("writer%d.log", i))
			time.Sleep(200 * time.Millisecond)
			c0, err := readCPU(d.pid)
			if err != nil {
				return err
			}
			t0 := time.Now()
			if _, err := c.call("supervisor.startProcess", fmt.Sprintf("writer%d", i), false); err != nil {
				return err
			}
			t1, err := waitFileSize(logfile, logTotal, 120*time.Second, d.checkAlive)
			if err != nil {
				return err
			}
			c1, err := readCPU(d.pid)
			if err != nil {
				return err
			}
			fi, err := os.Stat(logfile)
			if err != nil {
				return err
			}
			if fi.Size() != logTotal {
				return fmt.Errorf("log file has %d bytes, expected %d", fi.Size(), logTotal)
			}
			mbps = append(mbps, logTotal/1e6/t1.Sub(t0).Seconds())
			cpu = append(cpu, cpuDelta(c0, c1)*(1<<30)/logTotal)
			os.Remove(logfile) // free tmpfs pages early
		}
		return nil
	}()
	if err != nil {
		setFail(res, err, names...)
		return res
	}
	res["log_MBps"] = many(mbps)
	res["log_cpu_s_per_GiB"] = many(cpu)
	if s.lastPipe > 0 {
		res["log_vs_pipe"] = one(median(mbps) / s.lastPipe)
	} else {
		setFail(res, fmt.Errorf("no pipe ceiling in this repeat"), "log_vs_pipe")
	}
	return res
}
