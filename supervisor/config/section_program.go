package config

import (
	"fmt"
	"sort"
	"strings"

	"github.com/gosupervisord/gosupervisord/internal/py"
)

// processesFromSection is 4.2.5's processes_from_section: the processes of
// a [program:x], [eventlistener:x] or [fcgi-program:x] section in group
// groupName. Every error is suffixed with the section and its file.
func (l *loader) processesFromSection(section, groupName string) ([]*ProcessConfig, error) {
	procs, err := l.readProcesses(section, groupName)
	if err != nil {
		file, ok := l.parser.SectionFile(section)
		if !ok {
			file = l.path
		}
		return nil, fmt.Errorf("%s in section %s (file: %s)", err, py.Repr(section), py.Repr(file))
	}
	return procs, nil
}

// sectionReader reads options of one program section. Values are expanded
// with ENV_x followed by common, which grows while processes are built
// (4.2.5 mutates the same dictionary), so options read per process also
// see process_num, numprocs and the program's own ENV_x.
type sectionReader struct {
	l       *loader
	section string
	common  *Names
}

func (r *sectionReader) raw(option string) (string, bool) {
	return r.l.parser.Get(r.section, option)
}

// get returns the expanded value of option, or def (expanded too) when
// the option is absent.
func (r *sectionReader) get(option, def string) (string, error) {
	v, ok := r.raw(option)
	if !ok {
		v = def
	}
	return r.expand(v, option)
}

// lookup returns the expanded value of option; ok is false when absent.
func (r *sectionReader) lookup(option string) (string, bool, error) {
	v, ok := r.raw(option)
	if !ok {
		return "", false, nil
	}
	v, err := r.expand(v, option)
	return v, true, err
}

func (r *sectionReader) expand(v, option string) (string, error) {
	if !strings.Contains(v, "%") {
		return v, nil // nothing to expand: skip building the names
	}
	names := r.l.environ.Clone()
	names.Update(r.common)
	return Expand(v, names, r.section+"."+option)
}

func (r *sectionReader) integer(option, def string) (int, error) {
	v, err := r.get(option, def)
	if err != nil {
		return 0, err
	}
	return pyInteger(v)
}

func (r *sectionReader) boolean(option, def string) (bool, error) {
	v, err := r.get(option, def)
	if err != nil {
		return false, err
	}
	return boolean(v)
}

func (r *sectionReader) byteSize(option, def string) (int64, error) {
	v, err := r.get(option, def)
	if err != nil {
		return 0, err
	}
	return byteSize(v)
}

// programOptions are the options 4.2.5 reads once per section.
type programOptions struct {
	priority, startsecs, startretries, stopwaitsecs int
	autostart, stopasgroup, killasgroup             bool
	redirectStderr, stdoutEvents, stderrEvents      bool
	autorestart                                     AutoRestart
	stopsignal                                      int
	exitcodes                                       []int
	numprocs, numprocsStart                         int
	environment                                     string
	stdoutCapture, stderrCapture                    int64
	serverurl                                       *string
	user                                            string
	uid                                             *int
	umask                                           *int
	processName                                     string
}

func (l *loader) readProcesses(section, groupName string) ([]*ProcessConfig, error) {
	programName, err := processOrGroupName(suffix(section))
	if err != nil {
		return nil, err
	}
	common := NewNames()
	common.SetString("here", l.here)
	common.SetString("program_name", programName)
	common.SetString("host_node_name", l.env.Hostname)
	common.SetString("group_name", groupName)
	r := &sectionReader{l: l, section: section, common: common}
	o, err := r.sectionOptions()
	if err != nil {
		return nil, err
	}
	procs := []*ProcessConfig{}
	for num := o.numprocsStart; num < o.numprocs+o.numprocsStart; num++ {
		p, err := r.process(o, programName, num)
		if err != nil {
			return nil, err
		}
		procs = append(procs, p)
	}
	sort.SliceStable(procs, func(i, j int) bool { return procs[i].Name < procs[j].Name })
	return procs, nil
}

// sectionOptions reads the once-per-section options in 4.2.5's order.
func (r *sectionReader) sectionOptions() (*programOptions, error) {
	o := &programOptions{}
	var err error
	var v string
	ok := false
	steps := []func() error{
		func() (err error) { o.priority, err = r.integer("priority", "999"); return },
		func() (err error) { o.autostart, err = r.boolean("autostart", "true"); return },
		func() (err error) {
			if v, err = r.get("autorestart", "unexpected"); err == nil {
				o.autorestart, err = autoRestart(v)
			}
			return
		},
		func() (err error) { o.startsecs, err = r.integer("startsecs", "1"); return },
		func() (err error) { o.startretries, err = r.integer("startretries", "3"); return },
		func() (err error) {
			if v, err = r.get("stopsignal", "TERM"); err == nil {
				o.stopsignal, err = ParseSignal(v)
			}
			return
		},
		func() (err error) { o.stopwaitsecs, err = r.integer("stopwaitsecs", "10"); return },
		func() (err error) { o.stopasgroup, err = r.boolean("stopasgroup", "false"); return },
		func() (err error) {
			o.killasgroup = o.stopasgroup
			if v, ok, err = r.lookup("killasgroup"); err == nil && ok {
				o.killasgroup, err = boolean(v)
			}
			return
		},
		func() (err error) {
			if v, err = r.get("exitcodes", "0"); err == nil {
				o.exitcodes, err = listOfExitcodes(v)
			}
			return
		},
		func() (err error) { o.redirectStderr, err = r.boolean("redirect_stderr", "false"); return },
		func() (err error) { o.numprocs, err = r.integer("numprocs", "1"); return },
		func() (err error) { o.numprocsStart, err = r.integer("numprocs_start", "0"); return },
		func() error { o.environment, _ = r.raw("environment"); return nil },
		func() (err error) { o.stdoutCapture, err = r.byteSize("stdout_capture_maxbytes", "0"); return },
		func() (err error) { o.stdoutEvents, err = r.boolean("stdout_events_enabled", "false"); return },
		func() (err error) { o.stderrCapture, err = r.byteSize("stderr_capture_maxbytes", "0"); return },
		func() (err error) { o.stderrEvents, err = r.boolean("stderr_events_enabled", "false"); return },
		func() (err error) {
			if v, ok, err = r.lookup("serverurl"); err == nil && ok && py.Upper(py.TrimSpace(v)) != "AUTO" {
				url := v // v is shared by the other lookups
				o.serverurl = &url
			}
			return
		},
		func() (err error) {
			if v, ok, err = r.lookup("user"); err == nil && ok {
				o.user = v
				var uid int
				if uid, err = nameToUID(v); err == nil {
					o.uid = &uid
				}
			}
			return
		},
		func() (err error) {
			if v, ok, err = r.lookup("umask"); err == nil && ok {
				var m int
				if m, err = octalType(v); err == nil {
					o.umask = &m
				}
			}
			return
		},
		func() (err error) {
			name, ok := r.raw("process_name")
			if !ok {
				name = "%(program_name)s"
			}
			o.processName, err = processOrGroupName(name)
			return
		},
	}
	for _, step := range steps {
		if err = step(); err != nil {
			return nil, err
		}
	}
	if o.numprocs > 1 && !strings.Contains(o.processName, "%(process_num)") {
		return nil, fmt.Errorf("%%(process_num) must be present within process_name when numprocs > 1")
	}
	if o.stopasgroup && !o.killasgroup {
		return nil, fmt.Errorf("Cannot set stopasgroup=true and killasgroup=false")
	}
	return o, nil
}

// process builds process number num.
func (r *sectionReader) process(o *programOptions, programName string, num int) (*ProcessConfig, error) {
	c := r.common
	c.SetInt("process_num", int64(num))
	c.SetInt("numprocs", int64(o.numprocs))
	c.Update(r.l.environ)
	envStr, err := Expand(o.environment, c, "environment")
	if err != nil {
		return nil, err
	}
	environment, err := dictOfKeyValuePairs(envStr)
	if err != nil {
		return nil, err
	}
	for _, kv := range environment {
		c.SetString("ENV_"+kv.Key, kv.Value)
	}
	p := &ProcessConfig{
		Program:               programName,
		Section:               r.section,
		ProcessNum:            num,
		Umask:                 o.umask,
		Priority:              o.priority,
		Autostart:             o.autostart,
		Autorestart:           o.autorestart,
		Startsecs:             o.startsecs,
		Startretries:          o.startretries,
		User:                  o.user,
		UID:                   o.uid,
		StdoutCaptureMaxbytes: o.stdoutCapture,
		StdoutEventsEnabled:   o.stdoutEvents,
		StderrCaptureMaxbytes: o.stderrCapture,
		StderrEventsEnabled:   o.stderrEvents,
		Stopsignal:            o.stopsignal,
		Stopwaitsecs:          o.stopwaitsecs,
		Stopasgroup:           o.stopasgroup,
		Killasgroup:           o.killasgroup,
		Exitcodes:             o.exitcodes,
		RedirectStderr:        o.redirectStderr,
		Environment:           environment,
		Serverurl:             o.serverurl,
	}
	if dir, ok, err := r.lookup("directory"); err != nil {
		return nil, err
	} else if ok {
		p.Directory = &dir
	}
	channels := []struct {
		name    string
		logfile *LogFile
		backups *int
		maxb    *int64
		syslog  *bool
	}{
		{"stdout", &p.StdoutLogfile, &p.StdoutLogfileBackups, &p.StdoutLogfileMaxbytes, &p.StdoutSyslog},
		{"stderr", &p.StderrLogfile, &p.StderrLogfileBackups, &p.StderrLogfileMaxbytes, &p.StderrSyslog},
	}
	for _, ch := range channels {
		lfKey, syKey := ch.name+"_logfile", ch.name+"_syslog"
		lf, deprecatedSyslog := LogFile{Kind: LogAuto}, false
		if v, ok, err := r.lookup(lfKey); err != nil {
			return nil, err
		} else if ok {
			if v, err = Expand(v, c, lfKey); err != nil {
				return nil, err
			}
			if lf, deprecatedSyslog, err = r.l.env.logfileName(v); err != nil {
				return nil, err
			}
		}
		if *ch.backups, err = r.integer(ch.name+"_logfile_backups", "10"); err != nil {
			return nil, err
		}
		if *ch.maxb, err = r.byteSize(ch.name+"_logfile_maxbytes", "50MB"); err != nil {
			return nil, err
		}
		if *ch.syslog, err = r.boolean(syKey, "False"); err != nil {
			return nil, err
		}
		if deprecatedSyslog {
			r.l.cfg.Warnings = append(r.l.cfg.Warnings, fmt.Sprintf(
				"For [%s], %s=syslog but this is deprecated and will be removed.  Use %s=true to enable syslog instead.",
				r.section, lfKey, syKey))
			*ch.syslog = true
		}
		if lf.Kind == LogAuto && *ch.maxb == 0 {
			r.l.cfg.Warnings = append(r.l.cfg.Warnings, fmt.Sprintf(
				"For [%s], AUTO logging used for %s without rollover, set maxbytes > 0 to avoid filling up filesystem unintentionally",
				r.section, lfKey))
		}
		*ch.logfile = lf
	}
	if o.redirectStderr {
		if p.StderrLogfile.Kind == LogPath {
			r.l.cfg.Warnings = append(r.l.cfg.Warnings, fmt.Sprintf(
				"For [%s], redirect_stderr=true but stderr_logfile has also been set to a filename, the filename has been ignored",
				r.section))
		}
		p.StderrLogfile = LogFile{Kind: LogNone}
	}
	command, ok, err := r.lookup("command")
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("program section %s does not specify a command", r.section)
	}
	p.Command = command
	if p.Name, err = Expand(o.processName, c, "process_name"); err != nil {
		return nil, err
	}
	return p, nil
}
