package config

// supervisordSection reads [supervisord] in 4.2.5's order (which is the
// order its errors appear in). Every value is expanded with ENV_x and
// here; environment= is then expanded a second time with expansions
// (here, host_node_name, ENV_x), so "%%" cannot be written there.
func (l *loader) supervisordSection(expansions *Names) error {
	s := &l.cfg.Supervisord
	here := NewNames()
	here.SetString("here", l.here)
	names := l.environ.Clone()
	names.Update(here)
	get := func(option, def string) (string, error) {
		v, ok := l.parser.Get("supervisord", option)
		if !ok {
			v = def
		}
		return Expand(v, names, "supervisord."+option)
	}
	var err error
	var v string
	steps := []func() error{
		func() (err error) {
			if v, err = get("minfds", "1024"); err == nil {
				s.Minfds, err = pyInteger(v)
			}
			return err
		},
		func() (err error) {
			if v, err = get("minprocs", "200"); err == nil {
				s.Minprocs, err = pyInteger(v)
			}
			return err
		},
		func() error {
			v, ok, err := saneget(l.parser, "supervisord", "directory", names)
			if err != nil || !ok {
				return err
			}
			s.Directory, err = l.env.existingDirectory(v)
			return err
		},
		func() (err error) {
			l.confUser, l.confHasUser, err = saneget(l.parser, "supervisord", "user", names)
			return err
		},
		func() (err error) {
			if v, err = get("umask", "022"); err == nil {
				s.Umask, err = octalType(v)
			}
			return err
		},
		func() (err error) {
			if v, err = get("logfile", "supervisord.log"); err == nil {
				s.Logfile, err = l.env.existingDirpath(v)
			}
			return err
		},
		func() (err error) {
			if v, err = get("logfile_maxbytes", "50MB"); err == nil {
				s.LogfileMaxbytes, err = byteSize(v)
			}
			return err
		},
		func() (err error) {
			if v, err = get("logfile_backups", "10"); err == nil {
				s.LogfileBackups, err = pyInteger(v)
			}
			return err
		},
		func() (err error) {
			if v, err = get("loglevel", "info"); err == nil {
				s.Loglevel, err = loggingLevel(v)
			}
			return err
		},
		func() (err error) {
			if v, err = get("pidfile", "supervisord.pid"); err == nil {
				s.Pidfile, err = l.env.existingDirpath(v)
			}
			return err
		},
		func() (err error) {
			s.Identifier, err = get("identifier", "supervisor")
			return err
		},
		func() (err error) {
			if v, err = get("nodaemon", "false"); err == nil {
				s.Nodaemon, err = boolean(v)
			}
			return err
		},
		func() (err error) {
			if v, err = get("silent", "false"); err == nil {
				s.Silent, err = boolean(v)
			}
			return err
		},
		func() (err error) {
			if v, err = get("childlogdir", l.env.TempDir()); err == nil {
				s.Childlogdir, err = l.env.existingDirectory(v)
			}
			return err
		},
		func() (err error) {
			if v, err = get("nocleanup", "false"); err == nil {
				s.Nocleanup, err = boolean(v)
			}
			return err
		},
		func() (err error) {
			if v, err = get("strip_ansi", "false"); err == nil {
				s.StripAnsi, err = boolean(v)
			}
			return err
		},
		func() (err error) {
			if v, err = get("environment", ""); err != nil {
				return err
			}
			if v, err = Expand(v, expansions, "environment"); err != nil {
				return err
			}
			s.Environment, err = dictOfKeyValuePairs(v)
			return err
		},
	}
	for _, step := range steps {
		if err = step(); err != nil {
			return err
		}
	}
	l.extraSupervisordKeys(names)
	for _, kv := range s.Environment {
		l.environ.SetString("ENV_"+kv.Key, kv.Value)
	}
	return nil
}
