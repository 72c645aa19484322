package config

import (
	"fmt"
	"os/user"
	"strconv"
	"strings"

	"github.com/gosupervisord/gosupervisord/internal/py"
)

// This file holds 4.2.5's value validators (supervisor/datatypes.py), with
// its exact error texts.

// processOrGroupName is datatypes.process_or_group_name: the name stripped,
// refused if it contains a space, ':' or '/'.
func processOrGroupName(name string) (string, error) {
	s := py.TrimSpace(name)
	for _, c := range []string{" ", ":", "/"} {
		if strings.Contains(s, c) {
			return "", fmt.Errorf("Invalid name: %s because of character: %s", py.Repr(name), py.Repr(c))
		}
	}
	return s, nil
}

// boolean is datatypes.boolean.
func boolean(s string) (bool, error) {
	switch py.Lower(s) {
	case "yes", "true", "on", "1":
		return true, nil
	case "no", "false", "off", "0":
		return false, nil
	}
	return false, fmt.Errorf("not a valid boolean value: %s", py.Repr(s))
}

// listOfStrings is datatypes.list_of_strings for a present value: split on
// commas, each element stripped; the empty string gives no element.
func listOfStrings(s string) []string {
	if s == "" {
		return nil
	}
	parts := strings.Split(s, ",")
	for i, p := range parts {
		parts[i] = py.TrimSpace(p)
	}
	return parts
}

// listOfExitcodes is datatypes.list_of_exitcodes.
func listOfExitcodes(s string) ([]int, error) {
	codes := []int{}
	if s == "" {
		return codes, nil
	}
	for _, p := range strings.Split(s, ",") {
		v, err := pyInt(p, 10)
		if err != nil || v < 0 || v > 255 {
			return nil, fmt.Errorf("not a valid list of exit codes: %s", py.Repr(s))
		}
		codes = append(codes, int(v))
	}
	return codes, nil
}

// autoRestart is datatypes.auto_restart.
func autoRestart(s string) (AutoRestart, error) {
	v := py.Lower(s)
	switch v {
	case "yes", "true", "on", "1":
		return AutoRestartAlways, nil
	case "no", "false", "off", "0":
		return AutoRestartNever, nil
	case "unexpected":
		return AutoRestartUnexpected, nil
	}
	return 0, fmt.Errorf("invalid 'autorestart' value %s", py.Repr(v))
}

// loggingLevel is datatypes.logging_level. (4.2.5 also accepts the names
// of Python class attributes such as "__module__", which later crash the
// daemon; those are refused here.)
func loggingLevel(s string) (Level, error) {
	switch py.Lower(s) {
	case "critical":
		return LevelCritical, nil
	case "error":
		return LevelError, nil
	case "warn":
		return LevelWarn, nil
	case "info":
		return LevelInfo, nil
	case "debug":
		return LevelDebug, nil
	case "trace":
		return LevelTrace, nil
	case "blather":
		return LevelBlather, nil
	}
	return 0, fmt.Errorf("bad logging level name %s", py.Repr(s))
}

// byteSize is datatypes.byte_size: an integer with an optional KB, MB or
// GB suffix (any case), in powers of 1024.
func byteSize(s string) (int64, error) {
	v := py.Runes(py.Lower(s))
	if len(v) >= 2 {
		mult := map[string]int64{"kb": 1 << 10, "mb": 1 << 20, "gb": 1 << 30}[string(v[len(v)-2:])]
		if mult != 0 {
			n, err := pyInt(string(v[:len(v)-2]), 10)
			if err != nil {
				return 0, err
			}
			if n > (1<<63-1)/mult || n < -(1<<63)/mult {
				return 0, intRangeError(fmt.Sprintf("%s is outside the 64-bit integer range gosupervisord supports", py.Repr(s)))
			}
			return n * mult, nil
		}
	}
	return pyInt(string(v), 10)
}

// octalType is datatypes.octal_type.
func octalType(s string) (int, error) {
	v, err := pyInt(s, 8)
	if err != nil {
		return 0, fmt.Errorf("%s can not be converted to an octal type", s)
	}
	return int(v), nil
}

// existingDirectory is datatypes.existing_directory: returns the value
// with ~ expanded.
func (e Environment) existingDirectory(v string) (string, error) {
	nv := e.expanduser(v)
	if e.isDir(nv) {
		return nv, nil
	}
	return "", fmt.Errorf("%s is not an existing directory", v)
}

// existingDirpath is datatypes.existing_dirpath: the value with ~ expanded,
// whose directory part (if any) must exist.
func (e Environment) existingDirpath(v string) (string, error) {
	nv := e.expanduser(v)
	dir := pyDirname(nv)
	if dir == "" || e.isDir(dir) {
		return nv, nil
	}
	return "", fmt.Errorf("The directory named as part of the path %s does not exist", v)
}

// logfileName is datatypes.logfile_name for a string value: NONE/OFF, AUTO,
// syslog (any case) or an existing_dirpath.
func (e Environment) logfileName(v string) (lf LogFile, syslog bool, err error) {
	switch py.Lower(v) {
	case "none", "off":
		return LogFile{Kind: LogNone}, false, nil
	case "auto":
		return LogFile{Kind: LogAuto}, false, nil
	case "syslog":
		return LogFile{Kind: LogNone}, true, nil
	}
	p, err := e.existingDirpath(v)
	if err != nil {
		return LogFile{}, false, err
	}
	return LogFile{Kind: LogPath, Path: p}, false, nil
}

// portNumber is datatypes.port_number: an integer in 1..65535.
func portNumber(s string) (int, error) {
	v, err := pyInt(s, 10)
	if err != nil {
		return 0, err
	}
	return checkPort(v)
}

func checkPort(v int64) (int, error) {
	if v < 1 {
		return 0, fmt.Errorf("%d is below lower bound (1)", v)
	}
	if v > 0xffff {
		return 0, fmt.Errorf("%d is above upper bound (65535)", v)
	}
	return int(v), nil
}

// inetAddress is datatypes.inet_address: "port", ":port", "*:port" or
// "host:port" (split at the last colon, host lower-cased); host "" means
// all interfaces.
func inetAddress(s string) (host string, port int, err error) {
	if i := strings.LastIndexByte(s, ':'); i >= 0 {
		host, rest := s[:i], s[i+1:]
		if rest == "" {
			return "", 0, fmt.Errorf("no port number specified in %s", py.Repr(rest))
		}
		port, err = portNumber(rest)
		if err != nil {
			return "", 0, err
		}
		host = py.Lower(host)
		if host == "*" {
			host = ""
		}
		return host, port, nil
	}
	port, err = portNumber(s)
	if err != nil {
		return "", 0, fmt.Errorf("not a valid port number: %s ", py.Repr(s))
	}
	return "", port, nil
}

// nameToUID is datatypes.name_to_uid: a user name or numeric uid that
// exists in the password database.
func nameToUID(name string) (int, error) {
	n, err := pyInt(name, 10)
	if _, isRange := err.(intRangeError); isRange {
		return 0, fmt.Errorf("Invalid user id %s", name)
	}
	if err != nil {
		u, lerr := user.Lookup(name)
		if lerr != nil || strings.ContainsRune(name, 0) {
			return 0, fmt.Errorf("Invalid user name %s", name)
		}
		uid, _ := strconv.Atoi(u.Uid)
		return uid, nil
	}
	if n < 0 || n > 1<<32-2 {
		return 0, fmt.Errorf("Invalid user id %s", name)
	}
	if _, lerr := user.LookupId(strconv.FormatInt(n, 10)); lerr != nil {
		return 0, fmt.Errorf("Invalid user id %s", name)
	}
	return int(n), nil
}

// nameToGID is datatypes.name_to_gid.
func nameToGID(name string) (int, error) {
	n, err := pyInt(name, 10)
	if _, isRange := err.(intRangeError); isRange {
		return 0, fmt.Errorf("Invalid group id %s", name)
	}
	if err != nil {
		g, lerr := user.LookupGroup(name)
		if lerr != nil || strings.ContainsRune(name, 0) {
			return 0, fmt.Errorf("Invalid group name %s", name)
		}
		gid, _ := strconv.Atoi(g.Gid)
		return gid, nil
	}
	if n < 0 || n > 1<<32-2 {
		return 0, fmt.Errorf("Invalid group id %s", name)
	}
	if _, lerr := user.LookupGroupId(strconv.FormatInt(n, 10)); lerr != nil {
		return 0, fmt.Errorf("Invalid group id %s", name)
	}
	return int(n), nil
}

// gidForUID is datatypes.gid_for_uid: the primary group of uid.
func gidForUID(uid int) (int, error) {
	u, err := user.LookupId(strconv.Itoa(uid))
	if err != nil {
		return 0, err
	}
	return strconv.Atoi(u.Gid)
}

// colonSeparatedUserGroup is datatypes.colon_separated_user_group:
// "user" (gid -1) or "user:group".
func colonSeparatedUserGroup(s string) (uid, gid int, err error) {
	fail := fmt.Errorf("Invalid user:group definition %s", s)
	u, g, hasGroup := strings.Cut(s, ":")
	uid, err = nameToUID(u)
	if err != nil {
		return 0, 0, fail
	}
	gid = -1
	if hasGroup {
		if gid, err = nameToGID(g); err != nil {
			return 0, 0, fail
		}
	}
	return uid, gid, nil
}

// CheckURL is 4.2.5's datatypes.url (the supervisorctl -s validator): the
// value must have a scheme and a network location or path, as Python's
// urlparse splits it. The error text is 4.2.5's.
func CheckURL(value string) error {
	u := strings.TrimLeft(value, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
	u = strings.NewReplacer("\t", "", "\r", "", "\n", "").Replace(u)
	scheme := ""
	if i := strings.IndexByte(u, ':'); i > 0 && isASCIIAlpha(u[0]) {
		ok := true
		for j := 0; j < i; j++ {
			c := u[j]
			if !isASCIIAlpha(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.' {
				ok = false
				break
			}
		}
		if ok {
			scheme, u = strings.ToLower(u[:i]), u[i+1:]
		}
	}
	netloc := ""
	if strings.HasPrefix(u, "//") {
		rest := u[2:]
		end := strings.IndexAny(rest, "/?#")
		if end < 0 {
			end = len(rest)
		}
		netloc, u = rest[:end], rest[end:]
	}
	if i := strings.IndexByte(u, '#'); i >= 0 {
		u = u[:i]
	}
	if i := strings.IndexByte(u, '?'); i >= 0 {
		u = u[:i]
	}
	if i := strings.IndexByte(u, ';'); i >= 0 && !strings.Contains(u[i:], "/") {
		u = u[:i]
	}
	if scheme != "" && (netloc != "" || u != "") {
		return nil
	}
	return fmt.Errorf("value %s is not a URL", py.Repr(value))
}

func isASCIIAlpha(c byte) bool { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') }
