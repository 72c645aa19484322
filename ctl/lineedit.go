package ctl

import (
	"io"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/sys/unix"
)

// editor is a small line editor for the interactive shell on a terminal:
// cursor movement, history, kill/yank-free editing and readline-style tab
// completion. It puts the terminal in raw mode only while reading a line.
type editor struct {
	in      *lineInput
	out     io.Writer
	fd      int
	history []string
}

// completer returns the completions of text (the word before the cursor)
// given the whole line, each ending with a space like 4.2.5's.
type completer func(text, line string) []string

// completionDelims are readline's default word delimiters without ':', '*'
// and '-', as 4.2.5 sets them.
const completionDelims = " \t\n\"\\'`@$><=;|&{("

func newEditor(in *lineInput, out io.Writer, fd int) *editor {
	return &editor{in: in, out: out, fd: fd}
}

// rawMode switches the terminal to byte-at-a-time input without echo or
// signals and returns the function that restores it.
func (e *editor) rawMode() func() {
	old, err := unix.IoctlGetTermios(e.fd, unix.TCGETS)
	if err != nil {
		return func() {}
	}
	t := *old
	t.Lflag &^= unix.ICANON | unix.ECHO | unix.ISIG | unix.IEXTEN
	t.Iflag &^= unix.ICRNL | unix.IXON
	t.Cc[unix.VMIN], t.Cc[unix.VTIME] = 1, 0
	unix.IoctlSetTermios(e.fd, unix.TCSETS, &t)
	return func() { unix.IoctlSetTermios(e.fd, unix.TCSETS, old) }
}

// lineState is the line being edited.
type lineState struct {
	prompt string
	buf    []rune
	pos    int
}

func (e *editor) refresh(s *lineState) {
	var b strings.Builder
	b.WriteString("\r" + s.prompt + string(s.buf) + "\x1b[K")
	if back := len(s.buf) - s.pos; back > 0 {
		b.WriteString("\x1b[" + strconv.Itoa(back) + "D")
	}
	io.WriteString(e.out, b.String())
}

// readLine edits one line after prompt. It returns io.EOF on ^D at an
// empty line and errInterrupted on ^C (or a SIGINT on intr). complete may
// be nil. Non-empty lines are added to the history.
func (e *editor) readLine(prompt string, intr <-chan os.Signal, complete completer) (string, error) {
	restore := e.rawMode()
	defer restore()
	s := &lineState{prompt: prompt}
	io.WriteString(e.out, prompt)
	histIdx := len(e.history)
	saved := ""
	lastTab := false
	var pending []byte
	for {
		b, err := e.in.readByte(intr)
		if err != nil {
			return "", err
		}
		wasTab := lastTab
		lastTab = false
		switch b {
		case '\r', '\n':
			io.WriteString(e.out, "\r\n")
			line := string(s.buf)
			if line != "" {
				e.history = append(e.history, line)
			}
			return line, nil
		case 3: // ^C: like readline under Python, no echo; the caller
			// prints what follows (a newline, "Exiting foreground")
			return "", errInterrupted
		case 4: // ^D
			if len(s.buf) == 0 {
				return "", io.EOF
			}
			if s.pos < len(s.buf) {
				s.buf = append(s.buf[:s.pos], s.buf[s.pos+1:]...)
			}
		case 1: // ^A
			s.pos = 0
		case 5: // ^E
			s.pos = len(s.buf)
		case 2: // ^B
			if s.pos > 0 {
				s.pos--
			}
		case 6: // ^F
			if s.pos < len(s.buf) {
				s.pos++
			}
		case 11: // ^K
			s.buf = s.buf[:s.pos]
		case 21: // ^U
			s.buf = append([]rune{}, s.buf[s.pos:]...)
			s.pos = 0
		case 23: // ^W
			i := s.pos
			for i > 0 && s.buf[i-1] == ' ' {
				i--
			}
			for i > 0 && s.buf[i-1] != ' ' {
				i--
			}
			s.buf = append(s.buf[:i], s.buf[s.pos:]...)
			s.pos = i
		case 12: // ^L
			io.WriteString(e.out, "\x1b[H\x1b[2J")
		case 127, 8: // backspace
			if s.pos > 0 {
				atEnd := s.pos == len(s.buf)
				s.buf = append(s.buf[:s.pos-1], s.buf[s.pos:]...)
				s.pos--
				if atEnd {
					io.WriteString(e.out, "\b \b")
					continue
				}
			}
		case 16, 14: // ^P, ^N
			histIdx, saved = e.moveHistory(s, histIdx, saved, b == 16)
		case '\t':
			if complete != nil {
				e.complete(s, complete, wasTab)
				lastTab = true
			}
		case 27: // escape sequences: arrows, Home/End, Delete
			seq := e.readEscape(intr)
			switch seq {
			case "[A", "OA":
				histIdx, saved = e.moveHistory(s, histIdx, saved, true)
			case "[B", "OB":
				histIdx, saved = e.moveHistory(s, histIdx, saved, false)
			case "[C", "OC":
				if s.pos < len(s.buf) {
					s.pos++
				}
			case "[D", "OD":
				if s.pos > 0 {
					s.pos--
				}
			case "[H", "OH", "[1~":
				s.pos = 0
			case "[F", "OF", "[4~":
				s.pos = len(s.buf)
			case "[3~":
				if s.pos < len(s.buf) {
					s.buf = append(s.buf[:s.pos], s.buf[s.pos+1:]...)
				}
			}
		default:
			if b < 0x20 {
				continue
			}
			pending = append(pending, b)
			if !utf8.FullRune(pending) {
				continue
			}
			r, _ := utf8.DecodeRune(pending)
			pending = pending[:0]
			s.buf = append(s.buf[:s.pos], append([]rune{r}, s.buf[s.pos:]...)...)
			s.pos++
			if s.pos == len(s.buf) {
				// typing at the end: just echo, as a terminal would
				io.WriteString(e.out, string(r))
				continue
			}
		}
		e.refresh(s)
	}
}

// readEscape reads the rest of an escape sequence after ESC.
func (e *editor) readEscape(intr <-chan os.Signal) string {
	b, err := e.in.readByte(intr)
	if err != nil || (b != '[' && b != 'O') {
		return ""
	}
	seq := []byte{b}
	for {
		c, err := e.in.readByte(intr)
		if err != nil {
			return ""
		}
		seq = append(seq, c)
		if (c >= 'A' && c <= 'Z') || c == '~' || (c >= 'a' && c <= 'z') {
			return string(seq)
		}
	}
}

// moveHistory shows the previous (up) or next history entry.
func (e *editor) moveHistory(s *lineState, idx int, saved string, up bool) (int, string) {
	if idx == len(e.history) {
		saved = string(s.buf)
	}
	switch {
	case up && idx > 0:
		idx--
	case !up && idx < len(e.history):
		idx++
	default:
		return idx, saved
	}
	line := saved
	if idx < len(e.history) {
		line = e.history[idx]
	}
	s.buf = []rune(line)
	s.pos = len(s.buf)
	return idx, saved
}

// complete does what readline's complete does on TAB: replace the word
// before the cursor by the only match or by the matches' common prefix,
// and list the matches on a second TAB.
func (e *editor) complete(s *lineState, complete completer, again bool) {
	start := s.pos
	for start > 0 && !strings.ContainsRune(completionDelims, s.buf[start-1]) {
		start--
	}
	text := string(s.buf[start:s.pos])
	matches := dedupe(complete(text, string(s.buf)))
	if len(matches) == 0 {
		io.WriteString(e.out, "\a")
		return
	}
	insert := matches[0]
	if len(matches) > 1 {
		insert = commonPrefix(matches)
	}
	if insert != text {
		repl := []rune(insert)
		s.buf = append(append(append([]rune{}, s.buf[:start]...), repl...), s.buf[s.pos:]...)
		s.pos = start + len(repl)
		return
	}
	if len(matches) > 1 {
		if !again {
			io.WriteString(e.out, "\a")
			return
		}
		io.WriteString(e.out, "\r\n")
		var list strings.Builder
		columnize(&list, matches, 79)
		io.WriteString(e.out, strings.ReplaceAll(list.String(), "\n", "\r\n"))
	}
}

func dedupe(list []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range list {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

func commonPrefix(list []string) string {
	p := []rune(list[0])
	for _, s := range list[1:] {
		r := []rune(s)
		n := 0
		for n < len(p) && n < len(r) && p[n] == r[n] {
			n++
		}
		p = p[:n]
	}
	return string(p)
}
