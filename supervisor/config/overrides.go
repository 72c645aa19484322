package config

import (
	"fmt"
	"strings"

	"github.com/gosupervisord/gosupervisord/internal/py"
)

// Overrides are the supervisord command-line options that override
// [supervisord] settings; nil means "not given". Values are already
// validated and converted (see Set), as 4.2.5's option handlers do.
type Overrides struct {
	Nodaemon        *bool
	Silent          *bool
	User            *string
	Umask           *int
	Directory       *string // ~ expanded, an existing directory
	Logfile         *string // ~ expanded, its directory exists
	LogfileMaxbytes *int64
	LogfileBackups  *int
	Loglevel        *Level
	Pidfile         *string // ~ expanded, its directory exists
	Identifier      *string
	Childlogdir     *string // ~ expanded, an existing directory
	Minfds          *int
	Minprocs        *int
	Nocleanup       *bool
	StripAnsi       *bool
	// ProfileOptions is --profile_options (4.2.5 runs under its profiler;
	// gosupervisord accepts and ignores it).
	ProfileOptions *ProfileOptions
}

// ProfileOptions is a parsed --profile_options value.
type ProfileOptions struct {
	SortOrder []string
	Callers   bool
}

// Set validates arg for the command-line option with the given long name
// ("nodaemon", "silent", "user", "umask", "directory", "logfile",
// "logfile_maxbytes", "logfile_backups", "loglevel", "pidfile",
// "identifier", "childlogdir", "minfds", "minprocs", "nocleanup",
// "strip_ansi" or "profile_options"; flags ignore arg) and records it, using the same
// conversion as 4.2.5's option handler. already reports that the option
// was given before (4.2.5's "conflicting command line option"); the
// conversion runs first, so an invalid value is reported even then. The
// error text is the handler's ValueError text.
func (o *Overrides) Set(option, arg string, env Environment) (already bool, err error) {
	switch option {
	case "nodaemon":
		return setPtr(&o.Nodaemon, true), nil
	case "silent":
		return setPtr(&o.Silent, true), nil
	case "nocleanup":
		return setPtr(&o.Nocleanup, true), nil
	case "strip_ansi":
		return setPtr(&o.StripAnsi, true), nil
	case "user":
		return setPtr(&o.User, arg), nil
	case "identifier":
		return setPtr(&o.Identifier, arg), nil
	case "umask":
		v, err := octalType(arg)
		if err != nil {
			return false, err
		}
		return setPtr(&o.Umask, v), nil
	case "directory", "childlogdir":
		v, err := env.existingDirectory(arg)
		if err != nil {
			return false, err
		}
		if option == "directory" {
			return setPtr(&o.Directory, v), nil
		}
		return setPtr(&o.Childlogdir, v), nil
	case "logfile", "pidfile":
		v, err := env.existingDirpath(arg)
		if err != nil {
			return false, err
		}
		if option == "logfile" {
			return setPtr(&o.Logfile, v), nil
		}
		return setPtr(&o.Pidfile, v), nil
	case "logfile_maxbytes":
		v, err := byteSize(arg)
		if err != nil {
			return false, err
		}
		return setPtr(&o.LogfileMaxbytes, v), nil
	case "logfile_backups", "minfds", "minprocs":
		v, err := pyInteger(arg)
		if err != nil {
			return false, err
		}
		switch option {
		case "logfile_backups":
			return setPtr(&o.LogfileBackups, v), nil
		case "minfds":
			return setPtr(&o.Minfds, v), nil
		}
		return setPtr(&o.Minprocs, v), nil
	case "loglevel":
		v, err := loggingLevel(arg)
		if err != nil {
			return false, err
		}
		return setPtr(&o.Loglevel, v), nil
	case "profile_options":
		po := &ProfileOptions{SortOrder: []string{}}
		for _, x := range listOfStrings(arg) {
			x = py.Lower(x)
			if x == "callers" {
				po.Callers = true
			} else {
				po.SortOrder = append(po.SortOrder, x)
			}
		}
		already := o.ProfileOptions != nil
		if !already {
			o.ProfileOptions = po
		}
		return already, nil
	}
	return false, fmt.Errorf("unknown option %s", strings.TrimSpace(option))
}

// setPtr stores v in *p unless it is already set; it reports whether it
// was.
func setPtr[T any](p **T, v T) bool {
	if *p != nil {
		return true
	}
	*p = &v
	return false
}
