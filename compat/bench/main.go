// Command bench measures our supervisord side by side with Python
// supervisord 4.2.5 (make bench = go run ./compat/bench).
//
// Daemon A is the reference (/usr/bin/supervisord by default), daemon B is
// our binary, built fresh from ./cmd/supervisord unless --b names another
// command. Every scenario starts a fresh daemon per trial with a generated
// conf in its own temp dir; trials are interleaved (A,B then B,A per
// repeat); the table shows medians (means for bimodal metrics), the ratio
// B/A and the issue #7 target. See the "Benchmarks" section of README.md and
// --list.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// version of the benchmark's measurement definitions (bump on change).
const version = "1"

// defaultA is the reference daemon's command template.
const defaultA = "/usr/bin/supervisord -n -c {conf}"

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "[%s] %s\n", time.Now().Format("15:04:05"), fmt.Sprintf(format, args...))
}

func main() {
	if ok, code := runChild(os.Args[1:]); ok {
		os.Exit(code)
	}
	os.Exit(run(os.Args[1:]))
}

// options are the command-line flags.
type options struct {
	a, b, only, jsonPath, txtPath, logs, scaleN string
	quick, list, scaleA                         bool
	reps                                        int
	budget, scaleBudget                         time.Duration
}

func parseFlags(args []string) (*options, error) {
	o := &options{}
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.StringVar(&o.a, "a", defaultA, "daemon A command template with {conf} (the reference)")
	fs.StringVar(&o.b, "b", "", "daemon B command template with {conf}; default: our binary, built "+
		"now from ./cmd/supervisord; \"none\" measures A alone")
	fs.StringVar(&o.only, "only", "", "comma-separated scenario or metric names (see --list)")
	fs.BoolVar(&o.quick, "quick", false, "fewer repeats and shorter windows (< 2 min for two daemons; "+
		"skips scale unless --only names it)")
	fs.IntVar(&o.reps, "reps", 0, "repeats of every scenario (default: per scenario, see --list)")
	fs.StringVar(&o.jsonPath, "json", "compat/bench/results/latest.json", "write all samples here (\"\" for none)")
	fs.StringVar(&o.txtPath, "txt", "compat/bench/results/latest.txt", "write the table here (\"\" for none)")
	fs.DurationVar(&o.budget, "budget", 0, "overall time budget; scenarios that would start after it "+
		"are skipped (default 20m, quick 5m)")
	fs.StringVar(&o.logs, "logs", "auto", "child logs of the 100/200-program scenarios: auto (the "+
		"default AUTO files in childlogdir, like the Python harness) or none (stdout/stderr_logfile=NONE)")
	fs.BoolVar(&o.scaleA, "scale-a", false, "also run the 5000-program scale scenario for A "+
		"(4.2.5 needs minutes)")
	fs.StringVar(&o.scaleN, "scale-n", "1000,2500,5000", "program counts of the scale scenario")
	fs.DurationVar(&o.scaleBudget, "scale-budget", 6*time.Minute, "time budget of the scale scenario per daemon")
	fs.BoolVar(&o.list, "list", false, "list scenarios and metrics with definitions and targets, then exit")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	if o.logs != "auto" && o.logs != "none" {
		return nil, fmt.Errorf("--logs must be auto or none")
	}
	for _, t := range []string{o.a, o.b} {
		if t != "" && t != "none" && !strings.Contains(t, "{conf}") {
			return nil, fmt.Errorf("template must contain {conf}: %q", t)
		}
	}
	return o, nil
}

// parseCounts parses "1000,2500,5000" into an ascending list.
func parseCounts(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("bad program count %q", f)
		}
		out = append(out, n)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// moduleRoot finds the directory of our go.mod, from the working directory up.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for range 64 {
		data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && strings.Contains(string(data), "module github.com/gosupervisord/gosupervisord") {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	return "", errors.New("not inside the gosupervisord module (run from the repository)")
}

// buildOurs builds ./cmd/supervisord into a temp dir, the way `make build`
// builds the release binary (static, stripped), and returns the binary.
func buildOurs(root string) (string, error) {
	dir, err := makeTempDir(os.TempDir(), "bin")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "supervisord")
	gobin := "go"
	if _, err := exec.LookPath(gobin); err != nil {
		gobin = "/usr/local/go/bin/go"
	}
	cmd := exec.Command(gobin, "build", "-trimpath", "-ldflags", "-s -w", "-o", bin, "./cmd/supervisord")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go build ./cmd/supervisord: %v: %s", err, strings.TrimSpace(string(out)))
	}
	return bin, nil
}

// catalogue returns every metric of the scenarios, with scenario names set.
func catalogue(scs []scenario) []metricDef {
	var out []metricDef
	for _, sc := range scs {
		for _, m := range sc.metrics() {
			m.scenario = sc.name()
			if m.agg == "" {
				m.agg = "median"
			}
			out = append(out, m)
		}
	}
	return out
}

func printList(scs []scenario, cfg *config) {
	for _, sc := range scs {
		fmt.Printf("%s: (%d repeats, %d quick)\n", sc.name(), sc.reps(cfg), sc.reps(&config{quick: true}))
		for _, m := range catalogue([]scenario{sc}) {
			extra := ""
			if m.agg != "median" {
				extra += " [aggregated by " + m.agg + "]"
			}
			if m.target != nil {
				extra += " [target " + m.target.String() + "]"
			}
			fmt.Printf("  %-24s %-8s %-6s %s%s\n", m.name, m.unit, m.better, m.desc, extra)
		}
	}
}

// selectScenarios applies --only (and --quick's skipping of scale).
func selectScenarios(scs []scenario, only string, quick bool) ([]scenario, map[string]bool, error) {
	all := catalogue(scs)
	if only == "" {
		var out []scenario
		for _, sc := range scs {
			if quick && sc.name() == "scale" {
				continue
			}
			out = append(out, sc)
		}
		return out, nil, nil
	}
	want := map[string]bool{}
	for _, w := range strings.Split(only, ",") {
		if w = strings.TrimSpace(w); w != "" {
			want[w] = true
		}
	}
	filter := map[string]bool{}
	known := map[string]bool{}
	for _, m := range all {
		known[m.name], known[m.scenario] = true, true
		if want[m.name] || want[m.scenario] {
			filter[m.name] = true
		}
	}
	for w := range want {
		if !known[w] {
			return nil, nil, fmt.Errorf("unknown --only name %q (see --list)", w)
		}
	}
	var out []scenario
	for _, sc := range scs {
		for _, m := range sc.metrics() {
			if filter[m.name] {
				out = append(out, sc)
				break
			}
		}
	}
	return out, filter, nil
}

// machine describes the host for the report.
func machine() string {
	host, _ := os.Hostname()
	var u syscall.Utsname
	syscall.Uname(&u)
	rel := make([]byte, 0, 65)
	for _, c := range u.Release {
		if c == 0 {
			break
		}
		rel = append(rel, byte(c))
	}
	model := ""
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(data), "\n") {
			if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
				model = strings.TrimSpace(v)
				break
			}
		}
	}
	return fmt.Sprintf("%s, Linux %s, %d CPUs (%s)", host, rel, runtime.NumCPU(), model)
}

func run(args []string) int {
	o, err := parseFlags(args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintln(os.Stderr, "bench:", err)
		return 2
	}
	counts, err := parseCounts(o.scaleN)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		return 2
	}
	exe, err := os.Executable()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		return 1
	}
	cfg := &config{quick: o.quick, reps: o.reps, logs: o.logs, exe: exe, scaleA: o.scaleA,
		scaleN: counts, scaleTime: o.scaleBudget, shm: tmpfsDir()}
	scs := allScenarios(cfg)
	if o.list {
		printList(scs, cfg)
		return 0
	}
	scs, filter, err := selectScenarios(scs, o.only, o.quick)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		return 2
	}

	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	go func() {
		s := <-sigs
		logf("interrupted by %v; cleaning up", s)
		emergencyCleanup()
		os.Exit(130)
	}()
	defer emergencyCleanup()
	becomeSubreaper()
	cfg.nofile = raiseNoFile()
	for _, d := range sweepStaleDirs() {
		logf("removed stale temp dir of a killed earlier run: %s", d)
	}

	root, rootErr := moduleRoot()
	daemons := [][2]string{{"A", o.a}}
	bDesc := o.b
	buildErr := error(nil)
	switch o.b {
	case "none":
	case "":
		if rootErr != nil {
			buildErr = rootErr
		} else {
			logf("building ./cmd/supervisord")
			var bin string
			if bin, buildErr = buildOurs(root); buildErr == nil {
				bDesc = bin + " -n -c {conf}"
			}
		}
		if buildErr != nil {
			bDesc = "our ./cmd/supervisord (not built)"
		}
		daemons = append(daemons, [2]string{"B", bDesc})
	default:
		daemons = append(daemons, [2]string{"B", o.b})
	}
	resolve := func(p string) string {
		if p == "" || filepath.IsAbs(p) || rootErr != nil {
			return p
		}
		return filepath.Join(root, p)
	}
	jsonPath, txtPath := resolve(o.jsonPath), resolve(o.txtPath)

	budget := o.budget
	if budget == 0 {
		budget = 20 * time.Minute
		if o.quick {
			budget = 5 * time.Minute
		}
	}
	tRun := time.Now()
	st0, steal0 := stealSnapshot()
	meta := map[string]any{
		"version": version, "argv": os.Args, "quick": o.quick, "A": o.a, "B": bDesc,
		"started": tRun.Format(time.RFC3339), "machine": machine(), "go": runtime.Version(),
		"loadavg_start": loadAvg(), "order": "interleaved; trial order alternates A,B / B,A per repeat",
		"conf": confNote(cfg), "preflight": map[string]any{},
	}

	r := newRunner(cfg, scs, daemons, filter, budget)
	r.preflightAll(buildErr, meta["preflight"].(map[string]any))
	for _, sc := range scs {
		r.runScenario(sc)
	}
	emergencyCleanup()

	st1, steal1 := stealSnapshot()
	if st1 > st0 {
		meta["cpu_steal_pct"] = float64(steal1-steal0) * 100 / float64(st1-st0)
	}
	meta["loadavg_end"] = loadAvg()
	wall := time.Since(tRun)
	meta["wall_s"] = wall.Seconds()
	for _, m := range r.results {
		m.evaluate()
	}
	header := []string{
		fmt.Sprintf("gosvbench v%s, %s, %s", version, tRun.Format("2006-01-02 15:04 MST"), machine()),
		"A = " + o.a,
	}
	if len(daemons) > 1 {
		header = append(header, "B = "+bDesc)
	}
	header = append(header, "conf: "+confNote(cfg), "")
	steal, _ := meta["cpu_steal_pct"].(float64)
	footer := []string{
		"A, B: median over all samples of all repeats (mean for *_mean_* rows); B/A: ratio of those.",
		fmt.Sprintf("wall %.0fs, cpu steal %.2f%%, loadavg %.2f -> %.2f", wall.Seconds(),
			steal, meta["loadavg_start"].([3]float64)[0], meta["loadavg_end"].([3]float64)[0]),
	}
	if r.partial() {
		footer = append(footer, "* some repeats failed; the figure is over the successful ones (see the JSON)")
	}
	table := renderTable(r.results, r.labels(), header, footer)
	fmt.Print("\n" + table)
	if txtPath != "" {
		if err := writeAtomic(txtPath, []byte(table)); err != nil {
			logf("cannot write %s: %v", txtPath, err)
		} else {
			logf("wrote %s", txtPath)
		}
	}
	if jsonPath != "" {
		if err := writeJSON(jsonPath, meta, r.results); err != nil {
			logf("cannot write %s: %v", jsonPath, err)
		} else {
			logf("wrote %s", jsonPath)
		}
	}
	return 0
}

// confNote says, for the report, what the generated confs contain.
func confNote(cfg *config) string {
	logs := "child logs AUTO in childlogdir"
	if cfg.logs == "none" {
		logs = "stdout/stderr_logfile=NONE"
	}
	return fmt.Sprintf("100/200-program scenarios run /bin/sleep 86400 with %s (--logs %s), minfds=4096; "+
		"log scenario: stdout_logfile in %s, maxbytes=0; scale %v: logs NONE, minfds=3N+256, startsecs=1",
		logs, cfg.logs, cfg.shm, cfg.scaleN)
}

// meanMetrics names the metrics aggregated by mean (for the progress log).
var meanMetrics = map[string]bool{}

// describe summarises a trial's observations for the progress log.
func describe(out map[string]obs, names []string) string {
	var parts []string
	for _, n := range names {
		o, ok := out[n]
		switch {
		case !ok:
			parts = append(parts, n+"=-")
		case o.err != nil:
			msg := o.err.Error()
			if len(msg) > 160 {
				msg = msg[:160]
			}
			parts = append(parts, fmt.Sprintf("%s=FAIL(%s)", n, msg))
		case len(o.samples) == 1:
			parts = append(parts, fmt.Sprintf("%s=%s", n, fmtNum(o.samples[0])))
		case meanMetrics[n]:
			parts = append(parts, fmt.Sprintf("%s=%s(n=%d)", n, fmtNum(mean(o.samples)), len(o.samples)))
		default:
			parts = append(parts, fmt.Sprintf("%s=%s(n=%d)", n, fmtNum(median(o.samples)), len(o.samples)))
		}
	}
	return strings.Join(parts, " ")
}

// tmpfsDir returns /dev/shm if it is a writable tmpfs with over 1 GiB free,
// else the temp dir.
func tmpfsDir() string {
	var st syscall.Statfs_t
	if syscall.Statfs("/dev/shm", &st) == nil && uint64(st.Bavail)*uint64(st.Bsize) > 1<<30 &&
		syscall.Access("/dev/shm", 2) == nil {
		return "/dev/shm"
	}
	return os.TempDir()
}
