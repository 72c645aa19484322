// Package config loads supervisord.conf files exactly as supervisord 4.2.5
// does: the Python RawConfigParser dialect, supervisor's %(name)s
// expansion, [include] handling, every section type with its defaults and
// validators, and 4.2.5's error texts.
//
// # Loading
//
// Load reads a daemon configuration into a *Config, the fully realised
// configuration the rest of the daemon consumes (types.go). It is meant to
// be called again on every reload with the same Overrides (the command-line
// options that override [supervisord]) and Environment (the process
// environment, host name, working directory and uid it reads, explicit so
// tests can inject them). Its error text is the ValueError text 4.2.5
// prints after "Error: " at startup (or returns as CANT_REREAD on reload).
//
// LoadClient reads the [supervisorctl] section for a supervisorctl.
//
// # Building blocks
//
//   - Parser (NewParser, Parse, ParseFile): the INI dialect of Python
//     3.11's RawConfigParser(inline_comment_prefixes=(';', '#'),
//     strict=False), with [DEFAULT] inheritance and section-to-file
//     mapping, and its ParsingError/MissingSectionHeaderError texts.
//   - Names and Expand: Python's "value % dict" with supervisor's error
//     texts.
//   - ParseSignal/SignalName, MakeNamespec/SplitNamespec, CheckURL:
//     4.2.5 helpers other packages need.
//   - SupervisorVersion: the version string the daemon reports.
package config
