// Package config loads supervisord.conf files exactly as supervisord 4.2.5
// does: the Python RawConfigParser dialect, supervisor's %(name)s
// expansion, [include] handling, every section type with its defaults and
// validators, and 4.2.5's error texts.
//
// # Loading
//
// Load reads a daemon configuration into a *Config, the fully realised
// configuration the rest of the daemon consumes (types.go):
//
//	cfg, err := config.Load(path, overrides, config.DefaultEnvironment())
//
// path is the -c value as given (relative to Environment.Cwd). Overrides
// are the command-line options that override [supervisord] (fill them with
// Overrides.Set, which validates like 4.2.5's option handlers).
// Environment is the process environment, host name, working directory and
// uid the loader reads, explicit so tests can inject them. Load is meant to
// be called again on every reload with the same arguments. Its error text
// is the ValueError text 4.2.5 prints after "Error: " at startup (or puts
// in the CANT_REREAD fault on reload). Parse messages (Config.Warnings,
// Infos, Criticals) are in 4.2.5's order, for the main log.
//
// LoadClient reads the [supervisorctl] section for a supervisorctl.
//
// # Building blocks
//
//   - Parser (NewParser, Parse, ParseFile, Parser.Read): the INI dialect of
//     Python 3.11's RawConfigParser(inline_comment_prefixes=(';', '#'),
//     strict=False): comments, continuation lines, [DEFAULT] inheritance,
//     merging of duplicate sections, section-to-file mapping, and the
//     ParsingError/MissingSectionHeaderError texts.
//   - Names and Expand: Python's "value % dict" with supervisor's error
//     texts; EnvNames builds the ENV_x names.
//   - Getopt, SearchPaths, FindConfigFile: 4.2.5's command-line parsing and
//     default configuration search (supervisord and supervisorctl).
//   - ParseSignal/SignalName, MakeNamespec/SplitNamespec, CheckURL,
//     IsEventType, PythonRepr: 4.2.5 helpers other packages need.
//   - SupervisorVersion: the version string the daemon reports.
package config
