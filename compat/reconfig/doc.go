// Package reconfig holds the end-to-end tests of live reconfiguration
// against supervisord 4.2.5, side by side: both daemons start with the same
// conf, the conf (and its include files) is edited, and the stock
// supervisorctl's reread, avail, update, add, remove and reload (and
// SIGHUP) must answer the same, leave the same processes running (the
// unchanged ones with their old pids, in the same daemon process) and emit
// the same PROCESS_GROUP events.
package reconfig
