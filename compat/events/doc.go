// Package events holds the end-to-end tests of event listeners against
// supervisord 4.2.5, side by side: each test starts Python's daemon and ours
// with the same conf, runs real listener processes in both (the installed
// supervisor.childutils ones a crashmail or memmon would use, and the
// scriptable testdata/events/listener.py), triggers the same events, and
// requires the same recorded envelopes, payloads and log lines.
package events
