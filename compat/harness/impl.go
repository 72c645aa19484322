package harness

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
)

// Impl names an implementation of supervisord or supervisorctl.
type Impl string

// The two implementations under comparison.
const (
	// Python is Debian's supervisor 4.2.5 (/usr/bin/supervisord,
	// /usr/bin/supervisorctl): the reference.
	Python Impl = "python"
	// Go is ours, built from this module.
	Go Impl = "go"
)

// String returns the implementation name.
func (i Impl) String() string { return string(i) }

// Stock paths of the reference implementation.
const (
	PythonDaemonPath = "/usr/bin/supervisord"
	PythonCtlPath    = "/usr/bin/supervisorctl"
)

// Environment variables that override the binaries of our implementation.
const (
	EnvDaemonBin = "GOSUPERVISORD_BIN"
	EnvCtlBin    = "GOSUPERVISORCTL_BIN"
)

// DaemonPath returns the supervisord binary of impl, building ours if needed.
func DaemonPath(impl Impl) (string, error) {
	if impl == Python {
		return PythonDaemonPath, nil
	}
	if p := os.Getenv(EnvDaemonBin); p != "" {
		return filepath.Abs(p)
	}
	return build("supervisord")
}

// CtlPath returns the supervisorctl binary of impl, building ours if needed.
func CtlPath(impl Impl) (string, error) {
	if impl == Python {
		return PythonCtlPath, nil
	}
	if p := os.Getenv(EnvCtlBin); p != "" {
		return filepath.Abs(p)
	}
	return build("supervisorctl")
}

// ModuleRoot returns the root directory of this Go module (where go.mod is).
func ModuleRoot() (string, error) {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return "", fmt.Errorf("harness: cannot locate own source file")
	}
	root := filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		return "", fmt.Errorf("harness: no go.mod at %s: %w", root, err)
	}
	return root, nil
}

type buildResult struct {
	once sync.Once
	path string
	err  error
}

var (
	buildsMu sync.Mutex
	builds   = map[string]*buildResult{}
	buildDir struct {
		once sync.Once
		dir  string
		err  error
	}
)

// build compiles ./cmd/<name> of this module once per test binary.
func build(name string) (string, error) {
	buildsMu.Lock()
	b := builds[name]
	if b == nil {
		b = &buildResult{}
		builds[name] = b
	}
	buildsMu.Unlock()
	b.once.Do(func() {
		root, err := ModuleRoot()
		if err != nil {
			b.err = err
			return
		}
		dir, err := binDir()
		if err != nil {
			b.err = err
			return
		}
		out := filepath.Join(dir, name)
		cmd := exec.Command("go", "build", "-o", out, "./cmd/"+name)
		cmd.Dir = root
		if msg, err := cmd.CombinedOutput(); err != nil {
			b.err = fmt.Errorf("harness: go build ./cmd/%s: %v\n%s", name, err, msg)
			return
		}
		b.path = out
	})
	return b.path, b.err
}

// binDir returns a directory for this test binary's builds:
// $TMPDIR/gosupervisord-harness/<pid>. Directories left by test binaries
// that are no longer running are removed on the way.
func binDir() (string, error) {
	buildDir.once.Do(func() {
		base := filepath.Join(os.TempDir(), "gosupervisord-harness")
		if err := os.MkdirAll(base, 0o755); err != nil {
			buildDir.err = err
			return
		}
		if entries, err := os.ReadDir(base); err == nil {
			for _, e := range entries {
				pid, err := strconv.Atoi(e.Name())
				if err != nil || pid == os.Getpid() {
					continue
				}
				if _, err := os.Stat(fmt.Sprintf("/proc/%d", pid)); os.IsNotExist(err) {
					os.RemoveAll(filepath.Join(base, e.Name()))
				}
			}
		}
		dir := filepath.Join(base, strconv.Itoa(os.Getpid()))
		buildDir.err = os.MkdirAll(dir, 0o755)
		buildDir.dir = dir
	})
	return buildDir.dir, buildDir.err
}

// EnabledDaemons returns the daemon implementations ForEachDaemon runs:
// both, unless GOSUPERVISORD_COMPAT_DAEMONS lists a subset ("python", "go").
func EnabledDaemons() []Impl {
	v := strings.TrimSpace(os.Getenv("GOSUPERVISORD_COMPAT_DAEMONS"))
	if v == "" {
		return []Impl{Python, Go}
	}
	var out []Impl
	for _, f := range strings.Split(v, ",") {
		switch strings.TrimSpace(f) {
		case "python":
			out = append(out, Python)
		case "go":
			out = append(out, Go)
		}
	}
	return out
}
