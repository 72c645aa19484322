// Package eventlistener is the supervisor's side of the event listener
// protocol that 4.2.5 speaks with the processes of an [eventlistener:x]
// pool over their stdout: a pure state machine, fed the bytes a listener
// writes, that reports what 4.2.5's PEventListenerDispatcher would do.
//
// A listener starts ACKNOWLEDGED and must write "READY\n" to become READY.
// The pool then sends it an event (Dispatched: READY to BUSY); the
// listener answers "RESULT <n>\n" and n bytes of result. With the default
// result handler a result of exactly "OK" accepts the event and anything
// else rejects it (the pool buffers it again at the head); either way the
// listener is ACKNOWLEDGED again. Anything else puts the listener in the
// UNKNOWN state for good (until it is respawned with a fresh Protocol):
// data other than "READY\n" while ACKNOWLEDGED, any data while READY, or a
// result line whose length does not parse.
//
// The parser follows 4.2.5 byte for byte, including its quirks: only the
// text after the first 7 characters of the result line is looked at (the
// "RESULT " prefix itself is never checked); the length is parsed like
// Python's int() of bytes (surrounding whitespace, a sign and single
// underscores between digits are accepted); and a "RESULT 0\n" is only
// acted upon when more bytes arrive after it. One deliberate difference: a
// negative length, which sends 4.2.5 into an unbounded recursion that
// closes the listener's stdout channel, is treated as a bad result line.
package eventlistener
