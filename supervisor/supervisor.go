// Package supervisor is the supervision core of gosupervisord: process
// groups and 4.2.5's process state machine, spawning, reaping, the
// ordered shutdown, supervisord's own signals, the start-up sequence and
// daemon mode, and the internal API (api.go) that the XML-RPC layer uses.
//
// One goroutine, the event loop, owns all process and group state. Other
// goroutines talk to it by posting closures: API requests (api.go), exits
// from the reaper (package reaper), timer expiries (startsecs, back-off,
// stopwaitsecs) and the end of a pipe reader. Nothing in the loop polls:
// with no process changing state and no request, it sleeps.
package supervisor

import (
	"context"
	"errors"
	"io"
	"os"
	"time"

	"github.com/gosupervisord/gosupervisord/supervisor/config"
	"github.com/gosupervisord/gosupervisord/supervisor/events"
	"github.com/gosupervisord/gosupervisord/supervisor/faults"
	"github.com/gosupervisord/gosupervisord/supervisor/logger"
	"github.com/gosupervisord/gosupervisord/supervisor/memtrim"
)

// ErrNotServing is returned by API calls when the supervisor's loop is not
// running (Run has not started or has returned).
var ErrNotServing = errors.New("supervisor is not running")

// Servers is the set of HTTP listeners opened by Options.OpenServers.
type Servers interface {
	// Close stops serving, closes the listeners and removes the unix socket
	// files, as 4.2.5 does at shutdown and before a restart. It is called
	// right after the reply to supervisor.shutdown or restart may have been
	// produced, so it should let requests being handled send their replies.
	Close() error
}

// OpenServersFunc opens the HTTP servers of cfg (cfg.Servers), logging
// 4.2.5's start-up lines ("RPC interface 'supervisor' initialized", the
// "running without any HTTP authentication checking" CRIT) to log. An
// error's text is reported as 4.2.5's usage error (exit status 2), e.g.
// "Another program is already listening on a port that one of our HTTP
// servers is configured to use.  Shut this program down first before
// starting supervisord.".
type OpenServersFunc func(s *Supervisor, cfg *config.Config, log *logger.Logger) (Servers, error)

// Options configure a Supervisor.
type Options struct {
	// Config is the configuration to start with (command-line overrides
	// applied).
	Config *config.Config
	// Load re-reads the configuration with the same command-line
	// overrides; it is called on restart (SIGHUP, supervisor.restart) and
	// by ReloadConfig. Its error text is 4.2.5's message.
	Load func() (*config.Config, error)
	// OpenServers opens the HTTP servers; nil opens none.
	OpenServers OpenServersFunc
	// Stdout receives the main log's echo when nodaemon and not silent;
	// nil means os.Stdout.
	Stdout io.Writer
}

// Supervisor is a running supervisord. Create it with New, run it with
// Run, and use the methods of api.go from any goroutine.
type Supervisor struct {
	opts  Options
	posts chan func() // work for the loop
	quit  chan struct{}
	sigs  chan os.Signal

	watchers stateWatchers // safe for any goroutine

	// Everything below is owned by the loop goroutine (the one in Run).
	cfg        *config.Config
	log        *logger.Logger
	mood       State
	groups     []*group   // active groups in insertion order
	lexical    []*process // processesLexical's cache; nil when the groups changed
	groupByNam map[string]*group
	pidHistory map[int]*process
	bus        events.Bus
	ticks      ticker
	waiters    map[*waiter]struct{}
	dirty      bool // waiters need re-evaluation
	timedDirty bool // ... because time passed (every pending operation)
	autoLogs   map[*config.ProcessConfig]autoLogs
	exitNow    bool
	servers    Servers
	pidfile    string // written pidfile, removed at exit

	// eventSerials are the listener pools' serials; they survive
	// in-process restarts (listener_pool.go).
	eventSerials eventSerials

	idleTrim *memtrim.Idle // gives memory back when idle (run.go)

	stopping           bool
	stopGroups         []*group
	lastShutdownReport time.Time
	shutdownTimer      *time.Timer
}

// New returns a Supervisor for opts; call Run to start it.
func New(opts Options) *Supervisor {
	if opts.Stdout == nil {
		opts.Stdout = os.Stdout
	}
	return &Supervisor{
		opts:       opts,
		posts:      make(chan func(), 256),
		quit:       make(chan struct{}),
		sigs:       make(chan os.Signal, 16),
		cfg:        opts.Config,
		groupByNam: map[string]*group{},
		pidHistory: map[int]*process{},
		waiters:    map[*waiter]struct{}{},
		autoLogs:   map[*config.ProcessConfig]autoLogs{},
	}
}

// Done is closed when Run has returned.
func (s *Supervisor) Done() <-chan struct{} { return s.quit }

// post queues fn to run on the loop. It never blocks once Run returned.
func (s *Supervisor) post(fn func()) {
	select {
	case s.posts <- fn:
	case <-s.quit:
	}
}

// call runs fn on the loop and returns its error, or gives up when ctx
// ends or the supervisor stops.
func (s *Supervisor) call(ctx context.Context, fn func() error) error {
	done := make(chan error, 1)
	select {
	case s.posts <- func() { done <- fn() }:
	case <-ctx.Done():
		return ctx.Err()
	case <-s.quit:
		return ErrNotServing
	}
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	case <-s.quit:
		select {
		case err := <-done:
			return err
		default:
			return ErrNotServing
		}
	}
}

// afterFunc runs fn on the loop after d.
func (s *Supervisor) afterFunc(d time.Duration, fn func()) *time.Timer {
	return time.AfterFunc(d, func() { s.post(fn) })
}

// now is the time used for process info; a variable for tests.
func (s *Supervisor) now() time.Time { return time.Now() }

// checkMood is 4.2.5's _update: SHUTDOWN_STATE while stopping or
// restarting.
func (s *Supervisor) checkMood() error {
	if s.mood < StateRunning {
		return BareFault(faults.ShutdownState)
	}
	return nil
}

// setMood changes supervisord's state; a state below RUNNING starts the
// ordered shutdown.
func (s *Supervisor) setMood(m State) {
	s.mood = m
}

// mainLogPath is 4.2.5's options.logfile, as configured ("syslog" too).
func (s *Supervisor) mainLogPath() string {
	return s.cfg.Supervisord.Logfile
}
