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
