package ctl

import (
	"errors"
	"fmt"
	"strings"

	"github.com/gosupervisord/gosupervisord/supervisor/config"
)

// LoadConfig is the ConfigLoader of the real program: the [supervisorctl]
// section through supervisor/config's LoadClient.
func LoadConfig(path string, environ []string) (*FileSettings, error) {
	env := config.DefaultEnvironment()
	env.Environ = environ
	cc, err := config.LoadClient(path, env)
	if err != nil {
		var pe *config.ParsingError
		var me *config.MissingSectionHeaderError
		switch {
		case errors.As(err, &me):
			return nil, &Traceback{Frames: configReadFrames(1101), Exception: "configparser.MissingSectionHeaderError: " + err.Error()}
		case errors.As(err, &pe):
			return nil, &Traceback{Frames: configReadFrames(1132), Exception: "configparser.ParsingError: " + err.Error()}
		}
		return nil, err
	}
	prompt := cc.Prompt
	return &FileSettings{
		ServerURL:   cc.ServerURL,
		Prompt:      &prompt,
		Username:    cc.Username,
		Password:    cc.Password,
		HistoryFile: cc.HistoryFile,
	}, nil
}

// Traceback is an exception that escapes 4.2.5's supervisorctl entirely:
// Python prints a traceback on stderr and exits 1.
type Traceback struct {
	// Frames are "File ..., line N, in fn" lines below the entry script's
	// own frame, outermost first.
	Frames []string
	// Exception is the last line: "module.Class: message".
	Exception string
}

// Error is the exception line of the traceback.
func (t *Traceback) Error() string { return t.Exception }

// Text is the traceback as printed for the program prog, without
// Python's source-line excerpts (the frames are those 4.2.5 shows; we do
// not reproduce its code).
func (t *Traceback) Text(prog string) string {
	var b strings.Builder
	b.WriteString("Traceback (most recent call last):\n")
	for _, f := range append([]string{pyFrame(prog, 33, "<module>")}, t.Frames...) {
		b.WriteString("  " + f + "\n")
	}
	b.WriteString(t.Exception + "\n")
	return b.String()
}

// pyFrame is one frame line of a Python traceback.
func pyFrame(file string, line int, fn string) string {
	return fmt.Sprintf("File \"%s\", line %d, in %s", file, line, fn)
}

// configReadFrames are the frames from supervisorctl's main down to
// configparser's _read raising at line.
func configReadFrames(line int) []string {
	frame := pyFrame
	return []string{
		frame(supLib+"supervisorctl.py", 1412, "main"),
		frame(supLib+"options.py", 1672, "realize"),
		frame(supLib+"options.py", 310, "realize"),
		frame(supLib+"options.py", 318, "process_config"),
		frame(supLib+"options.py", 348, "process_config_file"),
		frame(supLib+"options.py", 1693, "read_config"),
		frame(pyLib+"configparser.py", 734, "read_file"),
		frame(pyLib+"configparser.py", line, "_read"),
	}
}
