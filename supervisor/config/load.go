package config

import (
	"errors"
	"fmt"
	"os"
	"sort"

	"github.com/gosupervisord/gosupervisord/internal/py"
)

// Load reads the supervisord configuration file at path (as given on the
// command line, relative to env.Cwd if not absolute), applies the
// command-line overrides, and returns the realised configuration. It does
// what 4.2.5's ServerOptions.realize does after option parsing, so it can
// be called again on every reload with the same arguments.
//
// The error text is the ValueError text 4.2.5 reports (after "Error: " at
// startup, or in the CANT_REREAD fault on reload).
func Load(path string, ov Overrides, env Environment) (*Config, error) {
	l := &loader{
		env:     env,
		path:    path,
		here:    env.abspath(pyDirname(path)),
		environ: EnvNames(env.Environ),
	}
	cfg, err := l.load()
	if err != nil {
		return nil, err
	}
	if err := l.realize(cfg, ov); err != nil {
		return nil, err
	}
	return cfg, nil
}

// loader holds the state of one Load, mirroring 4.2.5's ServerOptions.
type loader struct {
	env  Environment
	path string // the configuration file as given
	here string // %(here)s: the absolute directory of path
	// environ is 4.2.5's environ_expansions: ENV_x for the process
	// environment, extended with [supervisord] environment= (which is
	// also the parser's base expansions).
	environ *Names
	parser  *Parser
	cfg     *Config
	// confUser is [supervisord] user= (confHasUser: it is set).
	confUser    string
	confHasUser bool
}

// errorf builds a plain error with a message computed at run time.
func errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }

// load is read_config: parse the file and its includes, then every
// section.
func (l *loader) load() (*Config, error) {
	cfg := &Config{File: l.env.abspath(l.path), Here: l.here}
	l.cfg = cfg
	if !l.env.exists(l.path) {
		return nil, errorf("could not find config file %s", l.path)
	}
	data, err := os.ReadFile(l.env.resolve(l.path))
	if err != nil {
		return nil, errorf("could not read config file %s", l.path)
	}
	l.parser = NewParser()
	if err := l.parser.ReadString(string(data), l.path); err != nil {
		return nil, err
	}
	// The names [include] files= and the second expansion of
	// [supervisord] environment= see: a snapshot taken now.
	expansions := NewNames()
	expansions.SetString("here", l.here)
	expansions.SetString("host_node_name", l.env.Hostname)
	expansions.Update(l.environ)
	if err := l.includes(expansions); err != nil {
		return nil, err
	}
	if !l.parser.HasSection("supervisord") {
		return nil, errors.New(".ini file does not include supervisord section")
	}
	if err := l.supervisordSection(expansions); err != nil {
		return nil, err
	}
	if cfg.RPCInterfaces, err = getPlugins(l.parser, "supervisor.rpcinterface_factory", "rpcinterface:",
		l.environ, MainRPCInterfaceFactory); err != nil {
		return nil, err
	}
	if cfg.Groups, err = l.processGroups(); err != nil {
		return nil, err
	}
	for _, g := range cfg.Groups {
		for _, p := range g.Processes {
			merged := append(Env(nil), cfg.Supervisord.Environment...)
			for _, kv := range p.Environment {
				merged.Set(kv.Key, kv.Value)
			}
			p.Environment = merged
		}
	}
	if cfg.Servers, err = l.serverConfigs(); err != nil {
		return nil, err
	}
	return cfg, nil
}

// includes processes the main file's [include] section.
func (l *loader) includes(expansions *Names) error {
	p := l.parser
	if !p.HasSection("include") {
		return nil
	}
	p.ExpandHere(l.here)
	files, ok := p.Get("include", "files")
	if !ok {
		return errors.New(".ini file has [include] section, but no files setting")
	}
	files, err := Expand(files, expansions, "include.files")
	if err != nil {
		return err
	}
	base := pyDirname(l.env.abspath(l.path))
	for _, pattern := range py.Split(files) {
		pattern = pyJoin(base, pattern)
		filenames := l.env.includeGlob(pattern)
		if len(filenames) == 0 {
			l.cfg.Warnings = append(l.cfg.Warnings, `No file matches via include "`+pattern+`"`)
			continue
		}
		for _, filename := range filenames {
			l.cfg.Infos = append(l.cfg.Infos, `Included extra file "`+filename+`" during parsing`)
			if _, err := p.Read(l.env.resolve(filename)); err != nil {
				return err
			}
			p.ExpandHere(l.env.abspath(pyDirname(filename)))
		}
	}
	return nil
}

// realize applies the command-line overrides over the file's
// [supervisord] values and finishes what ServerOptions.realize computes.
func (l *loader) realize(cfg *Config, ov Overrides) error {
	s := &cfg.Supervisord
	pick(&s.Nodaemon, ov.Nodaemon)
	pick(&s.Silent, ov.Silent)
	pick(&s.Umask, ov.Umask)
	pick(&s.Directory, ov.Directory)
	// 4.2.5 takes the file's logfile and pidfile when the option's value
	// is empty.
	pickNonEmpty(&s.Logfile, ov.Logfile)
	pick(&s.LogfileMaxbytes, ov.LogfileMaxbytes)
	pick(&s.LogfileBackups, ov.LogfileBackups)
	pick(&s.Loglevel, ov.Loglevel)
	pickNonEmpty(&s.Pidfile, ov.Pidfile)
	pick(&s.Identifier, ov.Identifier)
	pick(&s.Childlogdir, ov.Childlogdir)
	pick(&s.Minfds, ov.Minfds)
	pick(&s.Minprocs, ov.Minprocs)
	pick(&s.Nocleanup, ov.Nocleanup)
	pick(&s.StripAnsi, ov.StripAnsi)
	user, hasUser := l.confUser, l.confHasUser
	if ov.User != nil {
		user, hasUser = *ov.User, true
	}
	if hasUser {
		uid, err := nameToUID(user)
		if err != nil {
			return err
		}
		gid, err := gidForUID(uid)
		if err != nil {
			return err
		}
		s.User, s.UID, s.GID = user, uid, gid
	}
	if s.Logfile != "syslog" {
		s.Logfile = l.env.normalizePath(s.Logfile)
	}
	s.Pidfile = l.env.normalizePath(s.Pidfile)
	cfg.ServerURL = serverURL(cfg.Servers)
	return nil
}

func pick[T any](dst *T, ov *T) {
	if ov != nil {
		*dst = *ov
	}
}

func pickNonEmpty(dst *string, ov *string) {
	if ov != nil && *ov != "" {
		*dst = *ov
	}
}

// serverURL is 4.2.5's options.serverurl: the first unix server, else the
// last inet server, else "".
func serverURL(servers []ServerConfig) string {
	for _, s := range servers {
		if s.Family == FamilyUnix {
			return "unix://" + s.File
		}
	}
	url := ""
	for _, s := range servers {
		if s.Family == FamilyInet {
			host := s.Host
			if host == "" {
				host = "localhost"
			}
			url = fmt.Sprintf("http://%s:%d", host, s.Port)
		}
	}
	return url
}

// sortGroups sorts groups by (priority, name) like 4.2.5's groups.sort(),
// stably.
func sortGroups(groups []*GroupConfig) {
	sort.SliceStable(groups, func(i, j int) bool {
		if groups[i].Priority != groups[j].Priority {
			return groups[i].Priority < groups[j].Priority
		}
		return groups[i].Name < groups[j].Name
	})
}
