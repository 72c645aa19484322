package config

import (
	"fmt"
	"os"
	"strings"
)

// ClientConfig is the [supervisorctl] section of a configuration file as
// 4.2.5's supervisorctl reads it (ClientOptions.read_config). Command-line
// flags (-s, -u, -p, -r) are applied by the caller.
type ClientConfig struct {
	// File is the configuration file path as given.
	File string
	// Here is the normalised directory of File (%(here)s).
	Here string
	// ServerURL defaults to "http://localhost:9001"; a unix:// URL has its
	// path normalised (made absolute against the working directory).
	ServerURL string
	// Username and Password are nil when not set.
	Username *string
	Password *string
	// Prompt defaults to "supervisor".
	Prompt string
	// HistoryFile is the normalised history_file, or "" when not set.
	HistoryFile string
	// CtlPlugins are the [ctlplugin:x] sections. gosupervisord implements
	// no Python controller plugin, so a configuration with one fails to
	// load like 4.2.5 without the plugin installed; the list is always
	// empty on success.
	CtlPlugins []PluginConfig
}

// DefaultServerURL is supervisorctl's default serverurl.
const DefaultServerURL = "http://localhost:9001"

// LoadClient reads the [supervisorctl] section of the file at path. The
// error text is 4.2.5's: "could not find config file X", "could not read
// config file X", the parser's errors, ".ini file does not include
// supervisorctl section", expansion errors, plugin errors.
//
// Values are expanded like 4.2.5 does: serverurl and history_file with
// here and ENV_x; prompt, username and password with ENV_x only.
// [include] is not processed by supervisorctl.
func LoadClient(path string, env Environment) (*ClientConfig, error) {
	cc := &ClientConfig{File: path, Here: pyDirname(env.normalizePath(path))}
	if !env.exists(path) {
		return nil, fmt.Errorf("could not find config file %s", path)
	}
	data, err := os.ReadFile(env.resolve(path))
	if err != nil {
		return nil, fmt.Errorf("could not read config file %s", path)
	}
	p := NewParser()
	if err := p.ReadString(string(data), path); err != nil {
		return nil, err
	}
	if !p.HasSection("supervisorctl") {
		return nil, fmt.Errorf(".ini file does not include supervisorctl section")
	}
	envNames := EnvNames(env.Environ)
	withHere := envNames.Clone()
	withHere.SetString("here", cc.Here)
	get := func(option, def string, names *Names) (string, bool, error) {
		v, ok := p.Get("supervisorctl", option)
		if !ok {
			if def == "" {
				return "", false, nil
			}
			v = def
		}
		v, err := Expand(v, names, "supervisorctl."+option)
		return v, true, err
	}
	if cc.ServerURL, _, err = get("serverurl", DefaultServerURL, withHere); err != nil {
		return nil, err
	}
	if rest, ok := strings.CutPrefix(cc.ServerURL, "unix://"); ok {
		cc.ServerURL = "unix://" + env.normalizePath(rest)
	}
	if cc.Prompt, _, err = get("prompt", "supervisor", envNames); err != nil {
		return nil, err
	}
	for _, f := range []struct {
		option string
		dst    **string
	}{{"username", &cc.Username}, {"password", &cc.Password}} {
		v, ok, err := get(f.option, "", envNames)
		if err != nil {
			return nil, err
		}
		if ok {
			*f.dst = &v
		}
	}
	history, _, err := get("history_file", "", withHere)
	if err != nil {
		return nil, err
	}
	if history != "" {
		cc.HistoryFile = env.normalizePath(history)
	}
	if cc.CtlPlugins, err = getPlugins(p, "supervisor.ctl_factory", "ctlplugin:", envNames); err != nil {
		return nil, err
	}
	return cc, nil
}
