package config

import (
	"errors"
	"fmt"
	"strings"

	"github.com/gosupervisord/gosupervisord/internal/py"
)

// serverConfigs is 4.2.5's server_configs_from_parser: every section whose
// name starts with inet_http_server, then every one starting with
// unix_http_server, each in section order.
func (l *loader) serverConfigs() ([]ServerConfig, error) {
	var configs []ServerConfig
	envOnly := func(section, option string) (string, bool, error) {
		return saneget(l.parser, section, option, l.environ)
	}
	for _, section := range l.parser.Sections() {
		if !strings.HasPrefix(section, "inet_http_server") {
			continue
		}
		sc := ServerConfig{Section: section, Name: suffix(section), Family: FamilyInet, ChownUID: -1, ChownGID: -1}
		if err := l.serverAuth(&sc); err != nil {
			return nil, err
		}
		port, ok, err := envOnly(section, "port")
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, fmt.Errorf("section [%s] has no port value", section)
		}
		if sc.Host, sc.Port, err = inetAddress(port); err != nil {
			return nil, err
		}
		configs = append(configs, sc)
	}
	withHere := l.environ.Clone()
	withHere.SetString("here", l.here)
	for _, section := range l.parser.Sections() {
		if !strings.HasPrefix(section, "unix_http_server") {
			continue
		}
		sc := ServerConfig{Section: section, Name: suffix(section), Family: FamilyUnix, ChownUID: -1, ChownGID: -1}
		file, ok, err := saneget(l.parser, section, "file", withHere)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, fmt.Errorf("section [%s] has no file value", section)
		}
		sc.File = l.env.normalizePath(py.TrimSpace(file))
		if err := l.serverAuth(&sc); err != nil {
			return nil, err
		}
		if chown, ok, err := envOnly(section, "chown"); err != nil {
			return nil, err
		} else if ok {
			if sc.ChownUID, sc.ChownGID, err = colonSeparatedUserGroup(chown); err != nil {
				return nil, fmt.Errorf("Invalid sockchown value %s", chown)
			}
		}
		sc.Chmod = 0o700
		if chmod, ok, err := envOnly(section, "chmod"); err != nil {
			return nil, err
		} else if ok {
			if sc.Chmod, err = octalType(chmod); err != nil {
				return nil, fmt.Errorf("Invalid chmod value %s", chmod)
			}
		}
		configs = append(configs, sc)
	}
	return configs, nil
}

// serverAuth reads username and password (expanded with ENV_x only); both
// or neither must be set.
func (l *loader) serverAuth(sc *ServerConfig) error {
	user, hasUser, err := saneget(l.parser, sc.Section, "username", l.environ)
	if err != nil {
		return err
	}
	pass, hasPass, err := saneget(l.parser, sc.Section, "password", l.environ)
	if err != nil {
		return err
	}
	if hasUser != hasPass {
		return errors.New("Section [" + sc.Section + "] contains incomplete authentication: " +
			"If a username or a password is specified, both the username and password must be specified")
	}
	if hasUser {
		sc.Username, sc.Password = &user, &pass
	}
	return nil
}
