package config

// Config is a fully realised supervisord configuration: the [supervisord]
// section, the HTTP servers, and the process group definitions.
type Config struct {
	// File is the absolute path of the main configuration file.
	File string
	// Here is the directory of the main configuration file (%(here)s).
	Here string

	// Supervisord holds the [supervisord] section, with command-line
	// overrides applied.
	Supervisord Supervisord

	// Servers are the [inet_http_server*] sections followed by the
	// [unix_http_server*] sections, each in section order (4.2.5's order).
	Servers []ServerConfig

	// Groups are the process groups in (priority, name) order.
	Groups []*GroupConfig

	// RPCInterfaces are the [rpcinterface:x] sections in section order.
	RPCInterfaces []PluginConfig

	// ServerURL is the URL children get as SUPERVISOR_SERVER_URL when their
	// serverurl is AUTO: unix://<first unix socket>, else
	// http://<host or localhost>:<port> of the last inet server (4.2.5's
	// loop does not stop at the first), else "".
	ServerURL string

	// Criticals, Warnings and Infos are the messages 4.2.5 collects while
	// parsing and logs once the main log is open (CRIT, WARN, INFO).
	Criticals []string
	Warnings  []string
	Infos     []string
}

// Level is a main-log level. Lower values are more verbose, as in 4.2.5's
// loggers.LevelsByName (BLAT=3 ... CRIT=50).
type Level int

// Log levels, with 4.2.5's numeric values.
const (
	LevelBlather  Level = 3
	LevelTrace    Level = 5
	LevelDebug    Level = 10
	LevelInfo     Level = 20
	LevelWarn     Level = 30
	LevelError    Level = 40
	LevelCritical Level = 50
)

// Supervisord is the [supervisord] section.
type Supervisord struct {
	Logfile         string // absolute path, or "syslog"
	LogfileMaxbytes int64
	LogfileBackups  int
	Loglevel        Level
	Pidfile         string // absolute path
	Umask           int
	Nodaemon        bool
	Silent          bool
	Minfds          int
	Minprocs        int
	Nocleanup       bool
	Childlogdir     string
	User            string // "" when not set
	UID, GID        int    // valid when User != ""
	Directory       string // "" when not set
	StripAnsi       bool
	Identifier      string
	// Environment is [supervisord] environment=, in definition order.
	Environment Env
	// PprofAddr is gosupervisord's own pprof_addr= (4.2.5 ignores the
	// key): where to serve net/http/pprof, "host:port" or an absolute unix
	// socket path; "" (the default) serves nothing. It is expanded like
	// the other keys; a value that cannot be expanded is dropped with a
	// warning instead of failing, since 4.2.5 accepts any value.
	PprofAddr string
	// Gomaxprocs is gosupervisord's own gomaxprocs= (4.2.5 ignores the
	// key): how many CPUs may run the daemon's Go code at once, 1
	// (DefaultGomaxprocs) unless set. 0 means the Go runtime's default:
	// every CPU the process may use, following its cgroup's CPU quota. A
	// value that is not a whole number of 0 or more is dropped with a
	// warning. The GOMAXPROCS environment variable, when set, wins.
	Gomaxprocs int
}

// ServerFamily tells unix-socket servers from TCP servers.
type ServerFamily int

// Server families.
const (
	FamilyInet ServerFamily = iota
	FamilyUnix
)

// ServerConfig is one [inet_http_server*] or [unix_http_server*] section.
type ServerConfig struct {
	Section string       // e.g. "unix_http_server" or "inet_http_server:x"
	Name    string       // the part after ':' in the section name, "" if none
	Family  ServerFamily //

	// Inet servers.
	Host string // "" means all interfaces
	Port int

	// Unix servers.
	File     string // absolute path
	Chmod    int    // default 0o700
	ChownUID int    // -1 when not set
	ChownGID int    // -1 when not set

	// Username and Password are both set or both nil.
	Username *string
	Password *string
}

// PluginConfig is an [rpcinterface:x] or [ctlplugin:x] section.
type PluginConfig struct {
	Name string // the section suffix (the XML-RPC namespace)
	// Factory is supervisor.rpcinterface_factory or supervisor.ctl_factory
	// in canonical "module:attr" form; only factories gosupervisord
	// implements load (see MainRPCInterfaceFactory).
	Factory string
	Extra   map[string]string // every other key (DEFAULT keys included, as in 4.2.5)
	// ExtraKeys are the keys of Extra in 4.2.5's order (section keys, then
	// DEFAULT keys).
	ExtraKeys []string
}

// GroupKind tells the three kinds of process group apart.
type GroupKind int

// Group kinds.
const (
	// KindProcess is a [program:x] group or a heterogeneous [group:x].
	KindProcess GroupKind = iota
	// KindEventListenerPool is an [eventlistener:x] pool.
	KindEventListenerPool
	// KindFastCGI is an [fcgi-program:x] group.
	KindFastCGI
)

// GroupConfig is a process group: a [program:x], [eventlistener:x] or
// [fcgi-program:x] section (homogeneous), or a [group:x] (heterogeneous).
type GroupConfig struct {
	Name     string
	Priority int
	Kind     GroupKind
	// Processes are sorted by (priority, name) for homogeneous groups and
	// kept in programs= order for heterogeneous ones.
	Processes []*ProcessConfig

	// Event listener pools only.
	BufferSize    int
	Events        []string // upper-cased event type names, deduplicated
	ResultHandler string   // canonical "module:attr"; only DefaultResultHandler loads

	// FastCGI groups only.
	Socket *SocketConfig
}

// SocketConfig is an [fcgi-program:x] socket= value and its options.
type SocketConfig struct {
	URL     string // as 4.2.5 prints it: unix:///path or tcp://host:port
	Family  ServerFamily
	Path    string // unix
	Host    string // tcp
	Port    int    // tcp
	Owner   *UserGroup
	Mode    *int
	Backlog int // 0 means SOMAXCONN
}

// UserGroup is a resolved "user[:group]" value.
type UserGroup struct {
	UID, GID int
}

// LogKind tells what a *_logfile option names.
type LogKind int

// Log file kinds.
const (
	// LogNone is NONE/OFF (and the deprecated "syslog", which also sets
	// *_syslog=true): no log file.
	LogNone LogKind = iota
	// LogAuto is AUTO: a file named by mkstemp in childlogdir, created when
	// the group is added.
	LogAuto
	// LogPath is an explicit path (not made absolute; ~ expanded).
	LogPath
)

// LogFile is a stdout_logfile or stderr_logfile value.
type LogFile struct {
	Kind LogKind
	// Path is the path for LogPath. It may be "" (an option written with
	// no value): 4.2.5 keeps the empty string (getAllConfigInfo shows it)
	// and opens no file for it.
	Path string
}

// AutoRestart is the autorestart option.
type AutoRestart int

// autorestart values.
const (
	AutoRestartNever AutoRestart = iota
	AutoRestartUnexpected
	AutoRestartAlways
)

// ProcessConfig is one process of a group, with every option realised for
// its process_num. Field names follow 4.2.5's ProcessConfig.
type ProcessConfig struct {
	Name string // process_name, expanded
	// Program is the section suffix the process comes from (program_name).
	Program string
	// Section is the section it comes from, e.g. "program:web".
	Section string
	// ProcessNum is this process's %(process_num)s.
	ProcessNum int

	Command      string
	Directory    *string // nil when not set
	Umask        *int    // nil when not set (inherit)
	Priority     int
	Autostart    bool
	Autorestart  AutoRestart
	Startsecs    int
	Startretries int
	User         string // "" when not set
	UID          *int   // nil when not set

	StdoutLogfile         LogFile
	StdoutCaptureMaxbytes int64
	StdoutEventsEnabled   bool
	StdoutSyslog          bool
	StdoutLogfileBackups  int
	StdoutLogfileMaxbytes int64

	StderrLogfile         LogFile
	StderrCaptureMaxbytes int64
	StderrEventsEnabled   bool
	StderrSyslog          bool
	StderrLogfileBackups  int
	StderrLogfileMaxbytes int64

	Stopsignal     int // signal number
	Stopwaitsecs   int
	Stopasgroup    bool
	Killasgroup    bool
	Exitcodes      []int
	RedirectStderr bool

	// Environment is [supervisord] environment= merged with the program's
	// environment= (the program wins), in definition order.
	Environment Env
	// Serverurl is nil for AUTO (use Config.ServerURL).
	Serverurl *string
}

// EnvVar is one KEY=VALUE pair of an environment= option.
type EnvVar struct {
	Key, Value string
}

// Env is an ordered set of environment variables; later Set calls replace
// the value of an existing key in place, as a Python dict update does.
type Env []EnvVar

// Get returns the value of key and whether it is set.
func (e Env) Get(key string) (string, bool) {
	for _, kv := range e {
		if kv.Key == key {
			return kv.Value, true
		}
	}
	return "", false
}

// Set sets key to value, keeping the position of an existing key.
func (e *Env) Set(key, value string) {
	for i, kv := range *e {
		if kv.Key == key {
			(*e)[i].Value = value
			return
		}
	}
	*e = append(*e, EnvVar{key, value})
}
