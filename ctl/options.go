package ctl

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/gosupervisord/gosupervisord/internal/py"
	"github.com/gosupervisord/gosupervisord/supervisor/config"
)

// Options are supervisorctl's settings after the command line and the
// [supervisorctl] section are combined (command line first), like 4.2.5's
// ClientOptions.
type Options struct {
	// Progname is argv[0] as Python would see it (used in messages).
	Progname string
	// ConfigFile is the file read, "" if none.
	ConfigFile string
	// Interactive: no command given, or -i.
	Interactive bool
	// Prompt is the shell prompt without the trailing "> ".
	Prompt string
	// ServerURL is unix:///path or http://host:port.
	ServerURL string
	// Username and Password are nil when not set (Python's None).
	Username, Password *string
	// HistoryFile is where the shell keeps its history ("" for none).
	HistoryFile string
	// Args is the command and its arguments.
	Args []string
}

// FileSettings is what a config file's [supervisorctl] section says.
type FileSettings struct {
	// ServerURL, with a unix:// path made absolute; "" when not set.
	ServerURL   string
	Prompt      *string
	Username    *string
	Password    *string
	HistoryFile string // absolute, "" when not set
}

// ConfigLoader reads the [supervisorctl] section of the file at path, with
// environ (KEY=VALUE entries) available as %(ENV_KEY)s. Its errors are
// 4.2.5's messages, printed as "Error: <msg>" usage errors.
type ConfigLoader func(path string, environ []string) (*FileSettings, error)

// UsageError is a command-line or config error: 4.2.5 prints
// "Error: <msg>" and "For help, use <prog> -h" on stderr and exits 2.
type UsageError struct{ Msg string }

// Error returns the message printed after "Error: ".
func (e *UsageError) Error() string { return e.Msg }

// errHelp asks for the usage text (-h, -?).
var errHelp = errors.New("help requested")

const shortOpts = "h?c:is:u:p:r:"

var longOpts = []string{"help", "configuration=", "interactive", "serverurl=", "username=", "password=", "history_file="}

// defaultServerURL is where supervisorctl connects without -s or serverurl.
const defaultServerURL = "http://localhost:9001"

// SearchPaths are the config files looked for when -c is not given, in
// order; here is dirname(dirname(argv[0])).
func SearchPaths(here string) []string {
	return []string{
		filepath.Join(here, "etc", "supervisord.conf"),
		filepath.Join(here, "supervisord.conf"),
		"supervisord.conf",
		"etc/supervisord.conf",
		"/etc/supervisord.conf",
		"/etc/supervisor/supervisord.conf",
	}
}

// pyDirname is os.path.dirname: everything before the last slash, without
// trailing slashes unless it is all slashes.
func pyDirname(p string) string {
	i := strings.LastIndexByte(p, '/')
	head := p[:i+1]
	if head != "" && strings.Trim(head, "/") != "" {
		head = strings.TrimRight(head, "/")
	}
	return head
}

// ParseArgs realises the options from args (without argv[0]) like 4.2.5's
// ClientOptions.realize. It returns errHelp for -h/-?, or a *UsageError.
func ParseArgs(progname string, args, environ []string, load ConfigLoader) (*Options, error) {
	o := &Options{Progname: progname}
	opts, rest, err := config.Getopt(args, shortOpts, longOpts)
	if err != nil {
		return nil, &UsageError{err.Error()}
	}
	set := map[string]bool{}
	var cliURL, cliHistory *string
	for _, opt := range opts {
		name := opt.Name
		var field string
		switch name {
		case "-h", "--help", "-?":
			return nil, errHelp
		case "-c", "--configuration":
			field = "configfile"
		case "-i", "--interactive":
			field = "interactive"
		case "-s", "--serverurl":
			field = "serverurl"
			if err := validURL(opt.Value); err != nil {
				return nil, &UsageError{fmt.Sprintf("invalid value for %s %s: %s", name, py.Repr(opt.Value), err)}
			}
		case "-u", "--username":
			field = "username"
		case "-p", "--password":
			field = "password"
		case "-r", "--history_file":
			field = "history"
		}
		if set[field] {
			return nil, &UsageError{"conflicting command line option " + py.Repr(name)}
		}
		set[field] = true
		v := opt.Value
		switch field {
		case "configfile":
			o.ConfigFile = v
		case "interactive":
			o.Interactive = true
		case "serverurl":
			cliURL = &v
		case "username":
			o.Username = &v
		case "password":
			o.Password = &v
		case "history":
			cliHistory = &v
		}
	}
	o.Args = rest
	if !set["configfile"] {
		here := pyDirname(pyDirname(progname))
		for _, p := range SearchPaths(here) {
			if _, err := os.Stat(p); err == nil {
				o.ConfigFile = p
				break
			}
		}
	}
	var file *FileSettings
	if o.ConfigFile != "" {
		if load == nil {
			return nil, &UsageError{"cannot read config file " + o.ConfigFile + ": no config loader"}
		}
		file, err = load(o.ConfigFile, environ)
		var tb *Traceback
		if errors.As(err, &tb) {
			return nil, tb
		}
		if err != nil {
			return nil, &UsageError{err.Error()}
		}
	}
	if file == nil {
		file = &FileSettings{}
	}
	o.Prompt = "supervisor"
	if file.Prompt != nil {
		o.Prompt = *file.Prompt
	}
	switch {
	case cliURL != nil:
		o.ServerURL = *cliURL
	case file.ServerURL != "":
		o.ServerURL = file.ServerURL
	default:
		o.ServerURL = defaultServerURL
	}
	if o.Username == nil {
		o.Username = file.Username
	}
	if o.Password == nil {
		o.Password = file.Password
	}
	o.HistoryFile = file.HistoryFile
	if cliHistory != nil && *cliHistory != "" {
		o.HistoryFile = normalizePath(*cliHistory)
	}
	if len(o.Args) == 0 {
		o.Interactive = true
	}
	return o, nil
}

// normalizePath is 4.2.5's normalize_path: ~ expanded, made absolute and
// cleaned.
func normalizePath(p string) string {
	if p == "~" || strings.HasPrefix(p, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			p = home + p[1:]
		}
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	return abs
}
