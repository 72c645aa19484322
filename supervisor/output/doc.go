// Package output drains a child's stdout or stderr pipe the way 4.2.5's
// POutputDispatcher handles it, in a goroutine of its own, writing straight
// to the child's log file: log bytes never pass through the supervisor's
// state loop.
//
// For each chunk read from the pipe (up to 128 KiB), in 4.2.5's order:
//  1. capture mode (CaptureMaxBytes > 0): the text is scanned for
//     <!--XSUPERVISOR:BEGIN--> and <!--XSUPERVISOR:END--> (tokens may be
//     split across reads); text between them goes to a bounded capture
//     buffer instead of the log, and at END OnCapture gets the captured
//     bytes; the tokens themselves are dropped;
//  2. if StripAnsi, ANSI escapes are removed (4.2.5's stripEscapes, per
//     piece of text);
//  3. the bytes are written to the log file (and to syslog as
//     "<procname> <line>" lines when Syslog);
//  4. if the main log level is DEBG or lower, the main log gets
//     "'<procname>' <channel> output:\n<text>" (or "Undecodable: b'...'");
//  5. OnLog gets the bytes (a PROCESS_LOG_STDOUT/STDERR event).
//
// Without capture mode a chunk is handled as read: the hot path is one
// read(2) and one write(2) with no copy or allocation.
//
// A busy channel whose bytes only go to the log file (none of capture
// mode, strip_ansi, syslog, DEBG echo or events, which all see 4.2.5's
// chunks) is read in bulk: once a read finds a full default pipe (64 KiB),
// reads take up to 1 MiB (BulkReadSize), no more than the room left before
// the log rotates (at least 128 KiB, so a rotated file overshoots maxbytes
// by no more than with 4.2.5), and the pipe is enlarged to 1 MiB (for at
// most 16 pipes at a time, within Linux's per-user pipe budget). The log
// bytes are the same; the child and the daemon wake up 16 times less often.
// splice(2) was measured and not used: it refuses O_APPEND files, and an
// explicit offset races with other writers and copytruncate (a hole of
// NULs), for ~10% less CPU than read/write with 1 MiB chunks, since
// allocating and filling the file's pages dominates (see README,
// Profiling).
//
// Given an *os.File from os.Pipe, Drain waits for data through the runtime
// poller without holding a buffer (buffers come from a pool only while data
// is read), so idle children cost no read buffer; read deadlines set on the
// file end Drain with os.ErrDeadlineExceeded.
//
// Differences from 4.2.5: bytes held back at EOF in capture mode (at most
// a token's length) are logged instead of dropped; a log write error never
// stops the draining (4.2.5 closes the channel when rotation fails) and is
// reported once per streak in the main log at ERRO; and Drain does not log
// 4.2.5's DEBG "fd N closed, stopped monitoring ..." line, which names
// Python objects.
package output
