package profiling

import (
	"runtime"
	"sync"
)

// memRate remembers runtime.MemProfileRate while heap profiling is paused.
var memRate struct {
	sync.Mutex
	saved int // the rate to restore; 0 when not paused
}

// PauseMemProfile stops the runtime from sampling allocations
// (runtime.MemProfileRate = 0) until ResumeMemProfile. Call it first thing
// in main when no profiling endpoint is configured: the runtime then never
// allocates its allocation-profile tables (MemStats.BuckHashSys, about
// 1.4 MB), which only a served heap profile would read.
func PauseMemProfile() {
	memRate.Lock()
	defer memRate.Unlock()
	if runtime.MemProfileRate != 0 {
		memRate.saved = runtime.MemProfileRate
		runtime.MemProfileRate = 0
	}
}

// ResumeMemProfile restores the sampling rate PauseMemProfile saved, so
// that heap and allocs profiles cover allocations from now on. It does
// nothing when sampling was not paused (a rate of 0 set otherwise, e.g. by
// GODEBUG=memprofilerate=0, stays). Listen calls it.
func ResumeMemProfile() {
	memRate.Lock()
	defer memRate.Unlock()
	if memRate.saved != 0 {
		runtime.MemProfileRate = memRate.saved
		memRate.saved = 0
	}
}
