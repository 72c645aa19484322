// Package ctl holds the end-to-end comparison tests of our supervisorctl
// against the stock 4.2.5 one: for every command and error path both
// clients run against the same daemon in the same state, and their output
// and exit codes must be equal. The daemon is a parameter: each test runs
// against Python's supervisord 4.2.5 and against ours (skipped, with the
// reason, while ours cannot start; see compat/harness).
package ctl
