package main

import (
	"fmt"
	"strconv"
	"time"
)

// target is a goal from issue #7 for one metric.
type target struct {
	onRatio bool    // true: applies to B/A; false: to B's absolute value
	atMost  bool    // true: value ≤ limit (or < if strict); false: value ≥ limit
	strict  bool    // strict inequality
	limit   float64 // the bound
}

// String renders the target as printed in the table, e.g. "B/A ≤ 0.25".
func (t target) String() string {
	op := "≥"
	switch {
	case t.atMost && t.strict:
		op = "<"
	case t.atMost:
		op = "≤"
	case t.strict:
		op = ">"
	}
	who := "B"
	if t.onRatio {
		who = "B/A"
	}
	return fmt.Sprintf("%s %s %s", who, op, strconv.FormatFloat(t.limit, 'g', -1, 64))
}

// met reports whether v satisfies the target.
func (t target) met(v float64) bool {
	switch {
	case t.atMost && t.strict:
		return v < t.limit
	case t.atMost:
		return v <= t.limit
	case t.strict:
		return v > t.limit
	default:
		return v >= t.limit
	}
}

// metricDef defines one reported figure.
type metricDef struct {
	scenario   string // filled in by the catalogue
	name, unit string
	better     string // "lower" or "higher"
	desc       string
	agg        string  // "median" (default) or "mean" (bimodal metrics)
	ratioMin   float64 // no ratio when both values are below this resolution
	daemonless bool    // measured without a daemon (ceilings)
	target     *target
}

// obs is what a trial observed for one metric: samples (pooled across
// repeats) or the reason it failed.
type obs struct {
	samples []float64
	err     error
}

// one is a single-sample observation.
func one(v float64) obs { return obs{samples: []float64{v}} }

// many is a multi-sample observation.
func many(v []float64) obs { return obs{samples: v} }

// failed is a failed observation.
func failed(err error) obs { return obs{err: err} }

// setFail records err for every named metric that has no result yet.
func setFail(res map[string]obs, err error, names ...string) {
	for _, n := range names {
		if _, ok := res[n]; !ok {
			res[n] = failed(err)
		}
	}
}

// config is the run's configuration shared by all scenarios.
type config struct {
	quick     bool
	reps      int    // override of every scenario's repeat count (0: default)
	logs      string // child logs of the 100/200-program scenarios: "auto" or "none"
	exe       string // this binary, used as the writer and ticker child programs
	shm       string // tmpfs dir for big log files
	nofile    uint64 // our RLIMIT_NOFILE (children inherit it)
	scaleA    bool   // also run the scale scenario for A
	scaleN    []int  // program counts of the scale scenario, ascending
	scaleTime time.Duration
}

// scenario is one group of metrics measured on a fresh daemon per trial.
type scenario interface {
	// name is the scenario's --only name.
	name() string
	// metrics lists the figures the scenario reports.
	metrics() []metricDef
	// reps is the default number of repeats.
	reps(cfg *config) int
	// trial measures one daemon once.
	trial(cfg *config, template, label string) map[string]obs
}

// preRepper is a scenario that also measures daemon-less figures once per
// repeat (before the daemons' trials).
type preRepper interface {
	preRep(cfg *config) map[string]obs
}

// skipper is a scenario that may be skipped for a daemon.
type skipper interface {
	skip(cfg *config, label string) error
}

// allScenarios returns every scenario, in run order.
func allScenarios(cfg *config) []scenario {
	return []scenario{&idleScenario{}, &startScenario{}, &rpcScenario{}, &logScenario{},
		&restartScenario{}, &stopStartScenario{}, &tailScenario{}, &scaleScenario{cfg: cfg}}
}

// ratioTarget is a target on B/A.
func ratioTarget(atMost bool, limit float64) *target {
	return &target{onRatio: true, atMost: atMost, limit: limit}
}

// absTarget is a target on B's absolute value.
func absTarget(atMost, strict bool, limit float64) *target {
	return &target{atMost: atMost, strict: strict, limit: limit}
}
