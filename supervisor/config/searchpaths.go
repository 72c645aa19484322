package config

import "github.com/gosupervisord/gosupervisord/internal/py"

// SearchPaths returns the places 4.2.5 (supervisord and supervisorctl)
// looks for a configuration file when -c is not given, in order. argv0 is
// the program path as Python's sys.argv[0] would hold it; <D> below is the
// parent of its directory:
//
//	<D>/etc/supervisord.conf, <D>/supervisord.conf, supervisord.conf,
//	etc/supervisord.conf, /etc/supervisord.conf,
//	/etc/supervisor/supervisord.conf
func SearchPaths(argv0 string) []string {
	here := pyDirname(pyDirname(argv0))
	return []string{
		pyJoin(here, "etc", "supervisord.conf"),
		pyJoin(here, "supervisord.conf"),
		"supervisord.conf",
		"etc/supervisord.conf",
		"/etc/supervisord.conf",
		"/etc/supervisor/supervisord.conf",
	}
}

// FindConfigFile returns the first of paths that exists (relative paths
// against env.Cwd), as written in paths.
func FindConfigFile(paths []string, env Environment) (string, bool) {
	for _, p := range paths {
		if env.exists(p) {
			return p, true
		}
	}
	return "", false
}

// PythonRepr is Python's repr() of a str, for messages that quote values
// the way 4.2.5 does.
func PythonRepr(s string) string { return py.Repr(s) }

// PythonListRepr is Python's repr() of a list of str, e.g. ['a', 'b'].
func PythonListRepr(items []string) string { return py.ListRepr(items) }
