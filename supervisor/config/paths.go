package config

import (
	"os"
	"os/user"
	"strconv"
	"strings"
)

// This file holds Python's posixpath functions as 4.2.5 uses them:
// expanduser, dirname, join, normpath, abspath.

// expanduser is os.path.expanduser: "~" is $HOME (or the passwd home of
// the real uid when HOME is unset), "~name" is name's passwd home; an
// unknown user leaves the path unchanged.
func (e Environment) expanduser(path string) string {
	if !strings.HasPrefix(path, "~") {
		return path
	}
	i := strings.IndexByte(path[1:], '/')
	if i < 0 {
		i = len(path)
	} else {
		i++
	}
	var home string
	if i == 1 {
		if h, ok := e.Getenv("HOME"); ok {
			home = h
		} else {
			u, err := user.LookupId(strconv.Itoa(e.UID))
			if err != nil {
				return path
			}
			home = u.HomeDir
		}
	} else {
		u, err := user.Lookup(path[1:i])
		if err != nil {
			return path
		}
		home = u.HomeDir
	}
	home = strings.TrimRight(home, "/")
	if r := home + path[i:]; r != "" {
		return r
	}
	return "/"
}

// pyDirname is os.path.dirname.
func pyDirname(p string) string {
	i := strings.LastIndexByte(p, '/') + 1
	head := p[:i]
	if head != "" && head != strings.Repeat("/", len(head)) {
		head = strings.TrimRight(head, "/")
	}
	return head
}

// pyJoin is os.path.join.
func pyJoin(a string, parts ...string) string {
	path := a
	for _, b := range parts {
		switch {
		case strings.HasPrefix(b, "/"):
			path = b
		case path == "" || strings.HasSuffix(path, "/"):
			path += b
		default:
			path += "/" + b
		}
	}
	return path
}

// pyNormpath is os.path.normpath (which, unlike filepath.Clean, keeps
// exactly two leading slashes).
func pyNormpath(path string) string {
	if path == "" {
		return "."
	}
	initial := 0
	if strings.HasPrefix(path, "/") {
		initial = 1
		if strings.HasPrefix(path, "//") && !strings.HasPrefix(path, "///") {
			initial = 2
		}
	}
	var comps []string
	for _, c := range strings.Split(path, "/") {
		if c == "" || c == "." {
			continue
		}
		if c != ".." || (initial == 0 && len(comps) == 0) || (len(comps) > 0 && comps[len(comps)-1] == "..") {
			comps = append(comps, c)
		} else if len(comps) > 0 {
			comps = comps[:len(comps)-1]
		}
	}
	out := strings.Repeat("/", initial) + strings.Join(comps, "/")
	if out == "" {
		return "."
	}
	return out
}

// abspath is os.path.abspath relative to the environment's working
// directory.
func (e Environment) abspath(p string) string {
	if !strings.HasPrefix(p, "/") {
		p = pyJoin(e.Cwd, p)
	}
	return pyNormpath(p)
}

// normalizePath is 4.2.5's options.normalize_path:
// normpath(abspath(expanduser(v))).
func (e Environment) normalizePath(v string) string {
	return pyNormpath(e.abspath(e.expanduser(v)))
}

// resolve returns p made absolute against the working directory, for
// opening files the way the Python process (running in Cwd) would.
func (e Environment) resolve(p string) string {
	if p == "" || strings.HasPrefix(p, "/") || e.Cwd == "" {
		return p
	}
	return pyJoin(e.Cwd, p)
}

// isDir is os.path.isdir (following symlinks) for a path relative to the
// working directory.
func (e Environment) isDir(p string) bool {
	st, err := os.Stat(e.resolve(p))
	return err == nil && st.IsDir()
}

// exists is os.path.exists.
func (e Environment) exists(p string) bool {
	_, err := os.Stat(e.resolve(p))
	return err == nil
}

// lexists is os.path.lexists.
func (e Environment) lexists(p string) bool {
	_, err := os.Lstat(e.resolve(p))
	return err == nil
}
