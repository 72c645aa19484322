package supervisor

import (
	"fmt"
	"testing"
	"time"

	"github.com/gosupervisord/gosupervisord/supervisor/config"
)

// BenchmarkStopStartAll200 measures stopAllProcesses(wait) and
// startAllProcesses(wait) of 200 sleep programs (startsecs=0), in process.
func BenchmarkStopStartAll200(b *testing.B) {
	dir := b.TempDir()
	var groups []*config.GroupConfig
	for i := 0; i < 200; i++ {
		groups = append(groups, program(fmt.Sprintf("p%03d", i), "sleep 1000", startsecs(0)))
	}
	h := startSupervisor(b, testConfig(dir, groups...))
	h.eventually(10*time.Second, "all running", func() bool {
		all, err := h.s.AllProcessInfo(h.ctx())
		if err != nil {
			return false
		}
		for _, pi := range all {
			if pi.State != Running {
				return false
			}
		}
		return true
	})
	var stop time.Duration
	for b.Loop() {
		t0 := time.Now()
		if _, err := h.s.StopAllProcesses(h.ctx(), true); err != nil {
			b.Fatal(err)
		}
		stop += time.Since(t0)
		if _, err := h.s.StartAllProcesses(h.ctx(), true); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(stop.Milliseconds())/float64(b.N), "stop-ms/op")
}

// BenchmarkStartAll1000 measures startAllProcesses(wait) of 1000 sleep
// programs with startsecs=1: every STARTING deadline fires a transition
// pass, so the cost of a pass over all processes shows here (stop-all, not
// measured, resets each iteration).
func BenchmarkStartAll1000(b *testing.B) {
	dir := b.TempDir()
	var groups []*config.GroupConfig
	for i := 0; i < 1000; i++ {
		groups = append(groups, program(fmt.Sprintf("p%04d", i), "sleep 1000", startsecs(1), noAutostart(), noLogs))
	}
	h := startSupervisor(b, testConfig(dir, groups...))
	for b.Loop() {
		if _, err := h.s.StartAllProcesses(h.ctx(), true); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if _, err := h.s.StopAllProcesses(h.ctx(), true); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
}

// noLogs sets stdout_logfile and stderr_logfile to NONE.
func noLogs(pc *config.ProcessConfig) {
	pc.StdoutLogfile = config.LogFile{Kind: config.LogNone}
	pc.StderrLogfile = config.LogFile{Kind: config.LogNone}
}

// BenchmarkStopAll3000 measures stopAllProcesses(wait) of 3000 sleep
// programs: every exit re-evaluates the pending stops (start-all, not
// measured, resets each iteration).
func BenchmarkStopAll3000(b *testing.B) {
	dir := b.TempDir()
	var groups []*config.GroupConfig
	for i := 0; i < 3000; i++ {
		groups = append(groups, program(fmt.Sprintf("p%04d", i), "sleep 1000", startsecs(0), noAutostart(), noLogs))
	}
	h := startSupervisor(b, testConfig(dir, groups...))
	for b.Loop() {
		b.StopTimer()
		if _, err := h.s.StartAllProcesses(h.ctx(), true); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := h.s.StopAllProcesses(h.ctx(), true); err != nil {
			b.Fatal(err)
		}
	}
}
