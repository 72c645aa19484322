package webui

import (
	"context"

	"github.com/gosupervisord/gosupervisord/supervisor"
)

// Backend is the part of the supervisor core the web UI drives.
// *supervisor.Supervisor implements it; errors are *supervisor.Fault values
// with 4.2.5's fault codes.
type Backend interface {
	AllProcessInfo(ctx context.Context) ([]supervisor.ProcessInfo, error)
	ProcessInfo(ctx context.Context, name string) (supervisor.ProcessInfo, error)
	StartProcess(ctx context.Context, name string, wait bool) ([]supervisor.Result, bool, error)
	StopProcess(ctx context.Context, name string, wait bool) ([]supervisor.Result, bool, error)
	StartAllProcesses(ctx context.Context, wait bool) ([]supervisor.Result, error)
	StopAllProcesses(ctx context.Context, wait bool) ([]supervisor.Result, error)
	ClearProcessLogs(ctx context.Context, name string) error
	ProcessLogfile(ctx context.Context, name, channel string) (string, error)
}

// StateWatcher is implemented by a Backend that can announce process state
// changes. When the Backend has it, the live status stream waits for those
// announcements instead of re-reading the process table every
// Options.PollInterval while a browser is connected.
type StateWatcher interface {
	// WatchStates returns a channel that receives a value (coalescing,
	// never blocking the sender) after any process changes state or the
	// process table changes, and a function that ends the subscription.
	WatchStates() (changed <-chan struct{}, cancel func())
}

var (
	_ Backend      = (*supervisor.Supervisor)(nil)
	_ StateWatcher = (*supervisor.Supervisor)(nil) // so the live status never polls
)
