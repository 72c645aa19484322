package childlog

import (
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/gosupervisord/gosupervisord/internal/py"
)

// autoNameChars are the characters of Python's tempfile random names.
const autoNameChars = "abcdefghijklmnopqrstuvwxyz0123456789_"

// autoNameAttempts is Python's tempfile.TMP_MAX.
const autoNameAttempts = 10000

// AutoName creates an empty AUTO child log file in dir, like 4.2.5's
// get_autochildlog_name (tempfile.mkstemp): the name is
// "<procName>-<channel>---<identifier>-XXXXXXXX.log" with eight random
// characters from [a-z0-9_], the file is created exclusively with mode
// 0600, and its absolute path is returned.
func AutoName(dir, procName, channel, identifier string) (string, error) {
	prefix := fmt.Sprintf("%s-%s---%s-", procName, channel, identifier)
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	var lastErr error
	for i := 0; i < autoNameAttempts; i++ {
		name := filepath.Join(abs, prefix+randomName()+".log")
		fd, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
		if err == nil {
			return name, fd.Close()
		}
		if !errors.Is(err, os.ErrExist) {
			return "", err
		}
		lastErr = err
	}
	return "", fmt.Errorf("no usable temporary file name found: %w", lastErr)
}

// randomName returns eight characters drawn uniformly from autoNameChars.
func randomName() string {
	var b [8]byte
	// 37 letters: reject bytes >= 222 (6*37) to stay uniform.
	out := make([]byte, 0, 8)
	for len(out) < 8 {
		if _, err := rand.Read(b[:]); err != nil {
			panic(err) // crypto/rand never fails on Linux
		}
		for _, c := range b {
			if c < 222 && len(out) < 8 {
				out = append(out, autoNameChars[int(c)%len(autoNameChars)])
			}
		}
	}
	return string(out)
}

// pythonNonSpace is Python's \S for str patterns: anything but Unicode
// whitespace (which, unlike Go's \s, includes \v, \x1c-\x1f, \x85, ...).
const pythonNonSpace = `[^\t\n\v\f\r \x1c-\x1f\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]`

// autoLogPattern compiles 4.2.5's clear_autochildlogdir pattern
// `.+?---<identifier>-\S+\.log\.{0,1}\d{0,4}`, matched at the start of the
// name only. As in 4.2.5 the identifier is used as a regular expression; one
// Go cannot compile is taken literally.
func autoLogPattern(identifier string) *regexp.Regexp {
	build := func(id string) (*regexp.Regexp, error) {
		return regexp.Compile(`^(?:.+?---` + id + `-` + pythonNonSpace + `+\.log\.{0,1}[0-9]{0,4})`)
	}
	re, err := build(identifier)
	if err != nil {
		re, _ = build(regexp.QuoteMeta(identifier))
	}
	return re
}

// CleanError lists the warnings 4.2.5 logs while cleaning the AUTO log
// directory, in its words: "Could not clear childlog dir" or
// "Failed to clean up '<path>'". Log each as a WARN line.
type CleanError struct {
	Warnings []string
	Errs     []error // the underlying errors, one per warning
}

func (e *CleanError) Error() string { return strings.Join(e.Warnings, "; ") }

// Unwrap returns the underlying errors.
func (e *CleanError) Unwrap() []error { return e.Errs }

// CleanAuto removes the AUTO child log files (and their backups) of
// supervisord instance identifier from dir, like 4.2.5's
// clear_autochildlogdir at start-up unless nocleanup. Failures come back as
// a *CleanError.
func CleanAuto(dir, identifier string) error {
	names, err := readDirNames(dir)
	if err != nil {
		return &CleanError{Warnings: []string{"Could not clear childlog dir"}, Errs: []error{err}}
	}
	re := autoLogPattern(identifier)
	var ce CleanError
	for _, name := range names {
		if !re.MatchString(name) {
			continue
		}
		p := filepath.Join(dir, name)
		if err := os.Remove(p); err != nil {
			ce.Warnings = append(ce.Warnings, "Failed to clean up "+py.Repr(p))
			ce.Errs = append(ce.Errs, err)
		}
	}
	if len(ce.Warnings) > 0 {
		return &ce
	}
	return nil
}

// readDirNames lists dir in directory order, like os.listdir.
func readDirNames(dir string) ([]string, error) {
	d, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	return d.Readdirnames(-1)
}
