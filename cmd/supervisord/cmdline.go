package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"

	"github.com/gosupervisord/gosupervisord/supervisor/config"
)

// commandLine is the parsed supervisord command line: what the daemon
// needs to load (and, on every reload, re-load) its configuration.
type commandLine struct {
	// argv0 is the program name used in messages ("For help, use ARGV0
	// -h"), as Python's sys.argv[0] would be.
	argv0 string
	// configFile is -c, or the first default path that exists.
	configFile string
	// overrides are the options that override [supervisord].
	overrides config.Overrides
	// env is the process environment the configuration is read in.
	env config.Environment
}

// load reads the configuration with the command-line overrides.
// Each load applies [supervisord] gomaxprocs= (see gomaxprocs.go).
func (c *commandLine) load() (*config.Config, error) {
	cfg, err := config.Load(c.configFile, c.overrides, c.env)
	if err == nil {
		applyGomaxprocs(cfg, c.env.Environ)
	}
	return cfg, err
}

// reload reads the configuration again, as 4.2.5 does on SIGHUP or
// supervisor.restart: relative paths (-c, logfile, ...) now resolve
// against the current directory, which daemonizing with directory= may
// have changed.
func (c *commandLine) reload() (*config.Config, error) {
	if wd, err := os.Getwd(); err == nil {
		c.env.Cwd = wd
	}
	return c.load()
}

// 4.2.5's getopt specification, in the order its options are registered.
const shortOptions = "h?c:vnu:m:d:l:y:z:e:j:i:q:a:kts"

var longOptions = []string{
	"help", "configuration=", "version", "nodaemon", "user=", "umask=",
	"directory=", "logfile=", "logfile_maxbytes=", "logfile_backups=",
	"loglevel=", "pidfile=", "identifier=", "childlogdir=", "minfds=",
	"minprocs=", "nocleanup", "strip_ansi", "profile_options=", "silent",
}

// overrideByOption maps getopt's option names to Overrides.Set names.
var overrideByOption = map[string]string{
	"-n": "nodaemon", "--nodaemon": "nodaemon",
	"-s": "silent", "--silent": "silent",
	"-u": "user", "--user": "user",
	"-m": "umask", "--umask": "umask",
	"-d": "directory", "--directory": "directory",
	"-l": "logfile", "--logfile": "logfile",
	"-y": "logfile_maxbytes", "--logfile_maxbytes": "logfile_maxbytes",
	"-z": "logfile_backups", "--logfile_backups": "logfile_backups",
	"-e": "loglevel", "--loglevel": "loglevel",
	"-j": "pidfile", "--pidfile": "pidfile",
	"-i": "identifier", "--identifier": "identifier",
	"-q": "childlogdir", "--childlogdir": "childlogdir",
	"-a": "minfds", "--minfds": "minfds",
	"--minprocs": "minprocs",
	"-k":         "nocleanup", "--nocleanup": "nocleanup",
	"-t": "strip_ansi", "--strip_ansi": "strip_ansi",
	"--profile_options": "profile_options",
}

// exitError ends the program with code after its message was printed.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

// programName is what Python's sys.argv[0] would be: a command found via
// PATH has its full path there.
func programName(arg0 string) string {
	if strings.Contains(arg0, "/") {
		return arg0
	}
	if p, err := exec.LookPath(arg0); err == nil {
		return p
	}
	return arg0
}

// parseCommandLine is 4.2.5's Options.realize up to reading the
// configuration: getopt, positional arguments, option handlers in order
// (-h and -v print and exit at once), conflicts, then the default
// configuration search. Usage errors are printed and returned as
// exitError{2}; -h and -v as exitError{0}.
func parseCommandLine(args []string, env config.Environment, stdout, stderr io.Writer) (*commandLine, error) {
	cl := &commandLine{argv0: programName(args[0]), env: env}
	opts, rest, err := config.Getopt(args[1:], shortOptions, longOptions)
	if err != nil {
		return nil, usage(stderr, cl.argv0, err.Error())
	}
	if len(rest) > 0 {
		return nil, usage(stderr, cl.argv0, "positional arguments are not supported: "+config.PythonListRepr(rest))
	}
	haveConfig := false
	for _, o := range opts {
		switch o.Name {
		case "-h", "--help", "-?":
			fmt.Fprint(stdout, strings.ReplaceAll(helpText, "%s", cl.argv0)+"\n")
			return nil, exitError{0}
		case "-v", "--version":
			fmt.Fprintln(stdout, config.SupervisorVersion)
			return nil, exitError{0}
		case "-c", "--configuration":
			if haveConfig {
				return nil, usage(stderr, cl.argv0, "conflicting command line option "+config.PythonRepr(o.Name))
			}
			cl.configFile, haveConfig = o.Value, true
			continue
		}
		already, err := cl.overrides.Set(overrideByOption[o.Name], o.Value, env)
		if err != nil {
			return nil, usage(stderr, cl.argv0, fmt.Sprintf("invalid value for %s %s: %s", o.Name, config.PythonRepr(o.Value), err))
		}
		if already {
			return nil, usage(stderr, cl.argv0, "conflicting command line option "+config.PythonRepr(o.Name))
		}
	}
	if !haveConfig {
		found, err := defaultConfigFile(cl.argv0, env, stderr)
		if err != nil {
			return nil, usage(stderr, cl.argv0, err.Error())
		}
		cl.configFile = found
	}
	return cl, nil
}

// rootSearchWarning is what 4.2.5 prints (a Python UserWarning) when it
// runs as root and has to search for its configuration file.
const rootSearchWarning = "/usr/lib/python3/dist-packages/supervisor/options.py:474: UserWarning: " +
	"Supervisord is running as root and it is searching for its configuration file in default " +
	"locations (including its current working directory); you probably want to specify a \"-c\" " +
	"argument specifying an absolute path to a configuration file for improved security.\n" +
	"  self.warnings.warn(\n"

// defaultConfigFile is 4.2.5's default_configfile.
func defaultConfigFile(argv0 string, env config.Environment, stderr io.Writer) (string, error) {
	if env.UID == 0 {
		fmt.Fprint(stderr, rootSearchWarning)
	}
	paths := config.SearchPaths(argv0)
	if p, ok := config.FindConfigFile(paths, env); ok {
		return p, nil
	}
	return "", fmt.Errorf("No config file found at default paths (%s); use the -c option to specify a config file at a different path",
		strings.Join(paths, ", "))
}

// usage prints a usage error like 4.2.5 and returns exitError{2}.
func usage(stderr io.Writer, argv0, msg string) error {
	fmt.Fprintf(stderr, "Error: %s\nFor help, use %s -h\n", msg, argv0)
	return exitError{2}
}
