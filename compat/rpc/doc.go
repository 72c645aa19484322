// Package rpc holds the end-to-end tests of our supervisord's XML-RPC and
// HTTP surface against supervisord 4.2.5, side by side: every test starts
// Python's daemon and ours with the same conf, drives both the same way
// (with the stock /usr/bin/supervisorctl, with Python's xmlrpc.client and
// with Go's kolo/xmlrpc) in the same states, and requires the same
// normalised output and exit codes. See compat/harness for the daemons.
package rpc
