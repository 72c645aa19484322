package ctl

import (
	"bufio"
	"errors"
	"io"
	"os"
	"strings"
	"sync"
)

// Shell runs the interactive command loop: `status` first, then one command
// per line read after the prompt, until quit/exit/EOF or Ctrl-C. On a
// terminal it edits lines with history and tab completion; otherwise it
// prints the prompt and reads plain lines, like Python's input().
func (c *Controller) Shell() {
	var once sync.Once
	finish := func() { once.Do(c.saveHistory) }
	defer finish()
	if fd := c.input.fd(); fd >= 0 && isTerminal(fd) && isTerminalWriter(c.stdout) {
		c.editor = newEditor(c.input, c.stdout, fd)
		c.loadHistory()
	}
	c.sig.setStray(func() {
		// Ctrl-C while a command runs ends the shell like 4.2.5's
		// KeyboardInterrupt handler.
		c.output("")
		finish()
		os.Exit(0)
	})
	stop := c.OneCmd("status")
	for !stop {
		line, err := c.readShellLine(c.opts.Prompt + "> ")
		switch {
		case errors.Is(err, errInterrupted):
			c.output("")
			return
		case err != nil:
			line = "EOF"
		}
		stop = c.OneCmd(line)
	}
}

func (c *Controller) readShellLine(prompt string) (string, error) {
	intr, release := c.sig.subscribe()
	defer release()
	if c.editor != nil {
		return c.editor.readLine(prompt, intr, c.complete)
	}
	return c.input.readLineIntr(prompt, intr)
}

// isTerminalWriter reports whether w is a terminal.
func isTerminalWriter(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && isTerminal(int(f.Fd()))
}

// loadHistory reads the history file, one entry per line, if there is one.
func (c *Controller) loadHistory() {
	if c.opts.HistoryFile == "" || c.editor == nil {
		return
	}
	f, err := os.Open(c.opts.HistoryFile)
	if err != nil {
		return
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		c.editor.history = append(c.editor.history, sc.Text())
	}
}

// saveHistory writes the history file, if the shell has one.
func (c *Controller) saveHistory() {
	if c.opts.HistoryFile == "" || c.editor == nil {
		return
	}
	var b strings.Builder
	for _, h := range c.editor.history {
		b.WriteString(h + "\n")
	}
	_ = os.WriteFile(c.opts.HistoryFile, []byte(b.String()), 0o600)
}
