package main

import (
	"runtime"
	"strings"

	"github.com/gosupervisord/gosupervisord/supervisor/config"
)

// The daemon runs its Go code on one CPU unless [supervisord] gomaxprocs=
// says otherwise: its state is owned by one goroutine and 4.2.5 does all
// of its work on one thread, so more CPUs buy only RPC encoding in
// parallel (about a quarter more getAllProcessInfo calls per second on two
// cores), while each one costs a scheduler slot with its own caches and
// threads (~0.6 MB of an idle daemon's ~8.5 MB) and lets a burst of
// requests compete with the programs it supervises for every core. A
// GOMAXPROCS environment variable, which the Go runtime reads itself,
// always wins (programs inherit it, as any variable).

// applyGomaxprocs is what each configuration load calls: setGomaxprocs,
// replaced in the command line's tests so that loading a configuration
// leaves the test binary's GOMAXPROCS alone.
var applyGomaxprocs = setGomaxprocs

// hasGomaxprocsEnv reports whether the environment sets GOMAXPROCS.
func hasGomaxprocsEnv(environ []string) bool {
	for _, kv := range environ {
		if v, ok := strings.CutPrefix(kv, "GOMAXPROCS="); ok && v != "" {
			return true
		}
	}
	return false
}

// setGomaxprocs applies [supervisord] gomaxprocs= (0: the runtime's
// default, every CPU the process may use) unless GOMAXPROCS is in environ.
func setGomaxprocs(cfg *config.Config, environ []string) {
	if hasGomaxprocsEnv(environ) {
		return
	}
	if n := cfg.Supervisord.Gomaxprocs; n > 0 {
		runtime.GOMAXPROCS(n)
	} else {
		runtime.SetDefaultGOMAXPROCS()
	}
}
