package config

import (
	"os"
	"strings"
)

// Environment is what loading a configuration reads from the running
// process, made explicit so tests can inject it: the environment (for
// ENV_x names, HOME and TMPDIR), the host name (%(host_node_name)s), the
// working directory (relative paths) and the real uid.
type Environment struct {
	// Environ is the process environment as "KEY=value" entries, in the
	// order os.Environ returns them (the order of ENV_ names).
	Environ []string
	// Hostname is the uname node name (Python's platform.node()).
	Hostname string
	// Cwd is the current working directory.
	Cwd string
	// UID is the real user id of the process (os.getuid()).
	UID int
}

// DefaultEnvironment returns the Environment of the running process.
func DefaultEnvironment() Environment {
	host, _ := os.Hostname()
	cwd, _ := os.Getwd()
	return Environment{
		Environ:  os.Environ(),
		Hostname: host,
		Cwd:      cwd,
		UID:      os.Getuid(),
	}
}

// Getenv returns the value of the environment variable key (the first
// entry, as Python's os.environ sees duplicates).
func (e Environment) Getenv(key string) (string, bool) {
	for _, kv := range e.Environ {
		if k, v, ok := strings.Cut(kv, "="); ok && k == key {
			return v, true
		}
	}
	return "", false
}

// TempDir returns Python's tempfile.gettempdir() for this environment: the
// first of $TMPDIR, $TEMP, $TMP, /tmp, /var/tmp, /usr/tmp and the working
// directory in which a file can be created.
func (e Environment) TempDir() string {
	var dirs []string
	for _, k := range []string{"TMPDIR", "TEMP", "TMP"} {
		if v, ok := e.Getenv(k); ok && v != "" {
			dirs = append(dirs, v)
		}
	}
	dirs = append(dirs, "/tmp", "/var/tmp", "/usr/tmp", e.Cwd)
	for _, d := range dirs {
		if d != "." {
			d = e.abspath(d)
		}
		f, err := os.CreateTemp(d, "gosupervisord-probe-")
		if err != nil {
			continue
		}
		name := f.Name()
		_, werr := f.Write([]byte("blat"))
		f.Close()
		os.Remove(name)
		if werr == nil {
			return d
		}
	}
	return "/tmp"
}
