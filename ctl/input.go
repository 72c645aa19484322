package ctl

import (
	"bytes"
	"errors"
	"io"
	"os"

	"golang.org/x/sys/unix"
)

// errInterrupted is returned by reads that a Ctrl-C (SIGINT, or the ^C key
// on a raw terminal) cut short: Python's KeyboardInterrupt.
var errInterrupted = errors.New("interrupted")

// lineInput is stdin for everything supervisorctl reads there (shell lines,
// y/N questions, Username:, fg input). One goroutine reads stdin and hands
// over chunks on request, so a read can be abandoned on Ctrl-C without
// losing what arrives later.
type lineInput struct {
	in      io.Reader
	out     io.Writer
	chunks  chan chunk
	reading bool   // a chunk has been requested and not yet received
	buf     []byte // received, not yet consumed
	err     error  // sticky end of input
}

type chunk struct {
	data []byte
	err  error
}

func newLineInput(in io.Reader, out io.Writer) *lineInput {
	return &lineInput{in: in, out: out, chunks: make(chan chunk, 1)}
}

// fill waits for more input; intr (may be nil) aborts the wait.
func (l *lineInput) fill(intr <-chan os.Signal) error {
	if l.err != nil {
		return l.err
	}
	if !l.reading {
		l.reading = true
		go func() {
			b := make([]byte, 4096)
			n, err := l.in.Read(b)
			l.chunks <- chunk{b[:n], err}
		}()
	}
	select {
	case c := <-l.chunks:
		l.reading = false
		l.buf = append(l.buf, c.data...)
		if c.err != nil && len(c.data) == 0 {
			l.err = io.EOF
			return l.err
		}
		return nil
	case <-intr:
		return errInterrupted
	}
}

// readByte returns the next input byte.
func (l *lineInput) readByte(intr <-chan os.Signal) (byte, error) {
	for len(l.buf) == 0 {
		if err := l.fill(intr); err != nil {
			return 0, err
		}
	}
	b := l.buf[0]
	l.buf = l.buf[1:]
	return b, nil
}

// readLine prints prompt to out and returns the next line without its
// newline, like Python's input() on a pipe. At end of input with nothing
// read it returns io.EOF; a last line without newline is returned whole.
func (l *lineInput) readLine(prompt string) (string, error) {
	return l.readLineIntr(prompt, nil)
}

// readLineIntr is readLine that intr can interrupt (errInterrupted).
func (l *lineInput) readLineIntr(prompt string, intr <-chan os.Signal) (string, error) {
	if prompt != "" {
		io.WriteString(l.out, prompt)
	}
	for {
		if i := bytes.IndexByte(l.buf, '\n'); i >= 0 {
			line := string(l.buf[:i])
			l.buf = l.buf[i+1:]
			return line, nil
		}
		if err := l.fill(intr); err != nil {
			if err == io.EOF && len(l.buf) > 0 {
				line := string(l.buf)
				l.buf = nil
				return line, nil
			}
			return "", err
		}
	}
}

// fd returns stdin's file descriptor, or -1 when stdin is not a file.
func (l *lineInput) fd() int {
	if f, ok := l.in.(*os.File); ok {
		return int(f.Fd())
	}
	return -1
}

// getpassWarning is what Python's warnings module prints, once, when
// getpass cannot turn off echo.
const getpassWarning = pyLib + "getpass.py:91: GetPassWarning: Can not control echo on the terminal.\n" +
	"  passwd = fallback_getpass(prompt, stream)\n"

// getpass reads a password like Python's getpass.getpass: on /dev/tty with
// echo off if there is one, else on stdin with echo off if stdin is a
// terminal, else on stdin after a warning on stderr.
func (c *Controller) getpass(prompt string) (string, error) {
	eof := &PyError{Class: "EOFError", Msg: "", Site: siteGetpassEOF}
	if tty, err := os.OpenFile("/dev/tty", os.O_RDWR|unix.O_NOCTTY, 0); err == nil {
		defer tty.Close()
		restore := noEcho(int(tty.Fd()))
		io.WriteString(tty, prompt)
		line, err := newLineInput(tty, tty).readLine("")
		restore()
		if err != nil {
			return "", eof
		}
		io.WriteString(tty, "\n")
		return line, nil
	}
	if fd := c.input.fd(); fd >= 0 && isTerminal(fd) {
		restore := noEcho(fd)
		io.WriteString(c.stderr, prompt)
		line, err := c.input.readLine("")
		restore()
		if err != nil {
			return "", eof
		}
		io.WriteString(c.stderr, "\n")
		return line, nil
	}
	if !c.warnedGetpass {
		c.warnedGetpass = true
		io.WriteString(c.stderr, getpassWarning)
	}
	io.WriteString(c.stderr, "Warning: Password input may be echoed.\n"+prompt)
	line, err := c.input.readLine("")
	if err != nil {
		return "", eof
	}
	io.WriteString(c.stderr, "\n")
	return line, nil
}

// isTerminal reports whether fd is a terminal.
func isTerminal(fd int) bool {
	_, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	return err == nil
}

// noEcho turns off echo on the terminal fd and returns the function that
// restores its previous settings.
func noEcho(fd int) func() {
	old, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	if err != nil {
		return func() {}
	}
	t := *old
	t.Lflag &^= unix.ECHO
	unix.IoctlSetTermios(fd, unix.TCSETSF, &t)
	return func() { unix.IoctlSetTermios(fd, unix.TCSETSF, old) }
}
