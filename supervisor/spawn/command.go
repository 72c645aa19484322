package spawn

import (
	"errors"
	"os"
	"strings"

	"github.com/gosupervisord/gosupervisord/internal/py"
	"golang.org/x/sys/unix"
)

// ErrorKind classifies a command check failure the way 4.2.5's exception
// classes do; the RPC layer maps NotFound to NO_FILE and the others to
// NOT_EXECUTABLE.
type ErrorKind int

// Command check failure kinds.
const (
	BadCommand    ErrorKind = iota // unparsable or empty command
	NotFound                       // no such file
	NotExecutable                  // a directory or no execute bit
	NoPermission                   // access(X_OK) fails
)

// CommandError is a failed command check with 4.2.5's message, e.g.
// "can't find command 'foo'".
type CommandError struct {
	Kind ErrorKind
	Msg  string
}

func (e *CommandError) Error() string { return e.Msg }

// DefaultPath is the search path 4.2.5 uses when $PATH is unset or empty.
var DefaultPath = []string{"/bin", "/usr/bin", "/usr/local/bin"}

// Resolve splits command with POSIX shell-like rules (Python's shlex.split)
// and finds its executable as 4.2.5's get_execv_args does: argv[0] with a
// slash is used as given (relative to our cwd); otherwise each directory of
// path is tried and the first entry that exists wins. It then checks the
// file exactly as check_execv_args does. argv is returned as split (argv[0]
// as written), filename is what to execve.
func Resolve(command string, path []string) (filename string, argv []string, err error) {
	argv, serr := Split(command)
	if serr != nil {
		return "", nil, &CommandError{BadCommand, "can't parse command " + py.Repr(command) + ": " + serr.Error()}
	}
	if len(argv) == 0 {
		return "", nil, &CommandError{BadCommand, "command is empty"}
	}
	program := argv[0]
	var st os.FileInfo
	if strings.Contains(program, "/") {
		filename = program
		st, _ = os.Stat(filename)
	} else {
		filename = program
		for _, dir := range path {
			found := pathJoin(dir, program)
			if s, err := os.Stat(found); err == nil {
				filename, st = found, s
				break
			}
		}
	}
	if err := check(filename, st); err != nil {
		return "", nil, err
	}
	return filename, argv, nil
}

// pathJoin is Python's os.path.join for two parts (an empty dir gives the
// bare name, relative to the cwd).
func pathJoin(dir, name string) string {
	if dir == "" {
		return name
	}
	if strings.HasSuffix(dir, "/") {
		return dir + name
	}
	return dir + "/" + name
}

// check is 4.2.5's check_execv_args.
func check(filename string, st os.FileInfo) error {
	switch {
	case st == nil:
		return &CommandError{NotFound, "can't find command " + py.Repr(filename)}
	case st.IsDir():
		return &CommandError{NotExecutable, "command at " + py.Repr(filename) + " is a directory"}
	case st.Mode().Perm()&0o111 == 0:
		return &CommandError{NotExecutable, "command at " + py.Repr(filename) + " is not executable"}
	case unix.Access(filename, unix.X_OK) != nil:
		return &CommandError{NoPermission, "no permission to run command " + py.Repr(filename)}
	}
	return nil
}

// SearchPath returns the directories 4.2.5 searches for a program: the
// PATH of its merged environment= if set, else our own $PATH, else
// DefaultPath when that is unset or empty.
func SearchPath(programPath string, hasProgramPath bool) []string {
	if hasProgramPath {
		return strings.Split(programPath, ":")
	}
	if p := os.Getenv("PATH"); p != "" {
		return strings.Split(p, ":")
	}
	return DefaultPath
}

// Errors of Split, with Python shlex's texts.
var (
	errNoClosingQuotation = errors.New("No closing quotation")
	errNoEscapedCharacter = errors.New("No escaped character")
)

// Split splits s like Python's shlex.split(s) (POSIX mode, no comments):
// whitespace separates words, '...' quotes literally, "..." quotes with
// backslash escaping only \ and ", a backslash outside quotes escapes any
// character, and adjacent quoted and unquoted parts join into one word.
func Split(s string) ([]string, error) {
	var words []string
	var word strings.Builder
	inWord := false // a word (possibly empty, after quotes) is being built
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		c := rs[i]
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			if inWord {
				words = append(words, word.String())
				word.Reset()
				inWord = false
			}
		case c == '\\':
			i++
			if i >= len(rs) {
				return nil, errNoEscapedCharacter
			}
			word.WriteRune(rs[i])
			inWord = true
		case c == '\'':
			inWord = true
			j := i + 1
			for j < len(rs) && rs[j] != '\'' {
				j++
			}
			if j >= len(rs) {
				return nil, errNoClosingQuotation
			}
			word.WriteString(string(rs[i+1 : j]))
			i = j
		case c == '"':
			inWord = true
			j := i + 1
			for ; ; j++ {
				if j >= len(rs) {
					return nil, errNoClosingQuotation
				}
				if rs[j] == '"' {
					break
				}
				if rs[j] == '\\' {
					j++
					if j >= len(rs) {
						// shlex reads the escaped character first
						return nil, errNoEscapedCharacter
					}
					if rs[j] != '\\' && rs[j] != '"' {
						word.WriteRune('\\')
					}
				}
				word.WriteRune(rs[j])
			}
			i = j
		default:
			word.WriteRune(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, word.String())
	}
	return words, nil
}
