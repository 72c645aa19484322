package main

import (
	"os"
	"sync"

	"github.com/gosupervisord/gosupervisord/rpc/profiling"
	"github.com/gosupervisord/gosupervisord/rpc/supervisorapi"
	"github.com/gosupervisord/gosupervisord/supervisor"
	"github.com/gosupervisord/gosupervisord/supervisor/config"
	"github.com/gosupervisord/gosupervisord/supervisor/logger"
)

// openServers opens the HTTP servers and, when [supervisord] pprof_addr=
// or GOSUPERVISORD_PPROF names an address, the profiling endpoint, which
// then lives as long as the servers (it is reopened with the re-read
// configuration on a restart). The environment variable is read once, by
// the process that serves (the daemon child when daemonizing), and removed
// from the environment before any program is spawned.
func openServers() supervisor.OpenServersFunc {
	var once sync.Once
	var fromEnv string
	return func(s *supervisor.Supervisor, cfg *config.Config, log *logger.Logger) (supervisor.Servers, error) {
		once.Do(func() {
			fromEnv = os.Getenv(profiling.EnvVar)
			os.Unsetenv(profiling.EnvVar)
		})
		srv, err := supervisorapi.OpenServers(s, cfg, log)
		if err != nil {
			return nil, err
		}
		addr := cfg.Supervisord.PprofAddr
		if fromEnv != "" {
			addr = fromEnv
		}
		if addr == "" {
			return srv, nil
		}
		prof, err := profiling.Listen(addr)
		if err != nil {
			log.Critf("cannot serve pprof profiles on %s: %v", addr, err)
			return srv, nil
		}
		log.Infof("serving pprof profiles on %s", prof.URL())
		return &profiledServers{Servers: srv, prof: prof}, nil
	}
}

// profiledServers closes the profiling endpoint with the HTTP servers.
type profiledServers struct {
	supervisor.Servers
	prof *profiling.Server
}

func (p *profiledServers) Close() error {
	p.prof.Close()
	return p.Servers.Close()
}
