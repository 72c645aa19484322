// Command supervisord is a drop-in replacement for supervisord 4.2.5: the
// same command line (see help.go and cmdline.go), the same configuration
// files and error messages, the same exit statuses.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"

	"github.com/gosupervisord/gosupervisord/rpc/profiling"
	"github.com/gosupervisord/gosupervisord/supervisor"
	"github.com/gosupervisord/gosupervisord/supervisor/config"
)

func main() {
	if os.Getenv(profiling.EnvVar) == "" {
		// No profile will be served unless the configuration names an
		// address (then supervisord resumes this once it has read it).
		profiling.PauseMemProfile()
	}
	if !hasGomaxprocsEnv(os.Environ()) {
		// Before start-up allocates per-CPU caches; the configuration
		// may raise it (gomaxprocs.go).
		runtime.GOMAXPROCS(config.DefaultGomaxprocs)
	}
	config.CoerceCLocale() // as the Python interpreter running 4.2.5 does
	os.Exit(supervisord(os.Args, config.DefaultEnvironment(), os.Stdout, os.Stderr))
}

// supervisord parses the command line, loads the configuration (a bad one
// is a usage error, exit 2, like 4.2.5) and runs the daemon.
func supervisord(args []string, env config.Environment, stdout, stderr io.Writer) int {
	cl, err := parseCommandLine(args, env, stdout, stderr)
	var exit exitError
	if errors.As(err, &exit) {
		return exit.code
	}
	cfg, err := cl.load()
	if err != nil {
		usage(stderr, cl.argv0, err.Error())
		return 2
	}
	if cfg.Supervisord.PprofAddr != "" {
		profiling.ResumeMemProfile()
	}
	if err := run(cfg, cl); err != nil {
		var ue *supervisor.UsageError
		var status supervisor.ExitStatus
		switch {
		case errors.As(err, &ue):
			usage(stderr, cl.argv0, ue.Msg)
			return 2
		case errors.As(err, &status):
			return int(status)
		}
		fmt.Fprintf(stderr, "Error: %s\n", err)
		return 1
	}
	return 0
}

// run runs the daemon with the loaded configuration; cl.reload re-reads
// it (with the same command-line overrides) on every reload.
func run(cfg *config.Config, cl *commandLine) error {
	s := supervisor.New(supervisor.Options{
		Config:      cfg,
		Load:        cl.reload,
		OpenServers: openServers(),
		Stdout:      os.Stdout,
	})
	return s.Run()
}
