package supervisorapi

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/gosupervisord/gosupervisord/internal/py"
	"github.com/gosupervisord/gosupervisord/rpc"
	"github.com/gosupervisord/gosupervisord/rpc/server"
	"github.com/gosupervisord/gosupervisord/rpc/webui"
	"github.com/gosupervisord/gosupervisord/supervisor"
	"github.com/gosupervisord/gosupervisord/supervisor/config"
	"github.com/gosupervisord/gosupervisord/supervisor/logger"
)

// closeGrace is how long closing the servers lets requests in progress
// finish (the reply to supervisor.shutdown must reach its client).
const closeGrace = 2 * time.Second

// servers are the HTTP servers of one run of supervisord.
type servers struct {
	srv *server.Servers
	ui  *webui.Handler
}

// Close ends the web UI's event streams and shuts the servers down, letting
// the requests being answered finish for a moment; the unix socket files
// are removed.
func (s *servers) Close() error {
	s.ui.Close()
	ctx, cancel := context.WithTimeout(context.Background(), closeGrace)
	defer cancel()
	err := s.srv.Shutdown(ctx)
	if errors.Is(err, context.DeadlineExceeded) {
		return nil // the stragglers were closed
	}
	return err
}

// OpenServers is the daemon's supervisor.OpenServersFunc: it opens one
// HTTP server per [unix_http_server*] and [inet_http_server*] section of
// cfg, each serving the same routes behind its own credentials:
//
//   - /RPC2: XML-RPC with the system.* namespace and, for each
//     [rpcinterface:x] section (which must name 4.2.5's main factory, the
//     only one gosupervisord has), the supervisor methods as x.*. Without
//     such a section there is no supervisor namespace, and supervisorctl
//     gets UNKNOWN_METHOD, as with 4.2.5;
//   - /logtail/<name>[/stdout|/stderr] and /mainlogtail: the log streams;
//   - everything else: the web UI.
//
// As 4.2.5 does, it logs "RPC interface 'x' initialized" and the CRIT
// line for servers without authentication, and fails (the caller exits
// with status 2) when a listener cannot be opened, or with "Could not make
// x rpc interface" when an [rpcinterface:x] section has options the
// factory does not take.
func OpenServers(s *supervisor.Supervisor, cfg *config.Config, log *logger.Logger) (supervisor.Servers, error) {
	reg, err := newRegistry(s, cfg, log)
	if err != nil {
		return nil, err
	}
	opts := server.Options{Registry: reg, Logs: s}
	var uiOpts webui.Options
	if log != nil {
		opts.Logger = log
		uiOpts.ErrorLog = func(msg string) { log.Errorf("%s", msg) }
	}
	ui := webui.New(s, uiOpts)
	opts.UI = ui
	srv, err := server.Listen(cfg.Servers, opts)
	if err != nil {
		ui.Close()
		return nil, err
	}
	return &servers{srv: srv, ui: ui}, nil
}

// newRegistry builds the XML-RPC methods of cfg. 4.2.5 makes its RPC
// interfaces once per HTTP server, so a configuration without servers
// never fails here.
func newRegistry(s *supervisor.Supervisor, cfg *config.Config, log *logger.Logger) (*rpc.Registry, error) {
	reg := rpc.NewRegistry()
	if len(cfg.Servers) == 0 {
		return reg, nil
	}
	for _, ri := range cfg.RPCInterfaces {
		if ri.Factory != config.MainRPCInterfaceFactory {
			// The config loader accepts no other factory.
			return nil, fmt.Errorf("Could not make %s rpc interface", ri.Name)
		}
		if len(ri.ExtraKeys) > 0 {
			// 4.2.5 passes the section's other options to the factory as
			// keyword arguments, which it does not take.
			if log != nil {
				log.Warnf("TypeError: make_main_rpcinterface() got an unexpected keyword argument %s",
					py.Repr(ri.ExtraKeys[0]))
			}
			return nil, fmt.Errorf("Could not make %s rpc interface", ri.Name)
		}
		if ri.Name == "system" {
			// 4.2.5 installs its own system namespace after the
			// configured ones, so this one is never reachable.
			continue
		}
		if err := Register(reg, ri.Name, s); err != nil {
			return nil, fmt.Errorf("Could not make %s rpc interface", ri.Name)
		}
	}
	return reg, nil
}
