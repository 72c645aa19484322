package config

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/gosupervisord/gosupervisord/internal/py"
)

// Python factories gosupervisord implements natively. Any other import
// spec is refused with 4.2.5's "cannot be resolved" error, which is what
// 4.2.5 itself says when the Python module is not installed.
const (
	// MainRPCInterfaceFactory is the factory of the supervisor.* namespace.
	MainRPCInterfaceFactory = "supervisor.rpcinterface:make_main_rpcinterface"
	// DefaultResultHandler is the default eventlistener result_handler.
	DefaultResultHandler = "supervisor.dispatchers:default_handler"
)

// entryPointRE is pkg_resources.EntryPoint.pattern, which 4.2.5 applies to
// "x=" + spec: \w and \s widened to Python's Unicode classes and $ to
// Python's "end, or before a final newline".
var entryPointRE = regexp.MustCompile(`^` + pyWS + `*(?P<name>.+?)` + pyWS + `*=` + pyWS +
	`*(?P<module>[\p{L}\p{N}_.]+)` + pyWS + `*(:` + pyWS + `*(?P<attr>[\p{L}\p{N}_.]+))?` + pyWS +
	`*(?P<extras>\[.*\])?` + pyWS + `*\n?\z`)

// pyWS is a regexp class of Python's whitespace.
const pyWS = `[\t\n\v\f\r\x1c-\x1f \x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]`

// resolveSpec checks an import spec the way 4.2.5's import_spec would
// resolve it, accepting only the callables in known. It returns the
// canonical "module:attr" form. A spec pkg_resources cannot even parse
// gives its ValueError text; anything else unknown gives errUnresolvable.
func resolveSpec(spec string, known ...string) (string, error) {
	m := entryPointRE.FindStringSubmatch("x=" + spec)
	if m == nil {
		return "", fmt.Errorf("%s", py.TupleRepr("EntryPoint must be in 'name=module:attrs [extras]' format", "x="+spec))
	}
	module, attr, extras := m[2], m[4], m[5]
	canonical := module
	if attr != "" {
		canonical += ":" + attr
	}
	if extras == "" {
		for _, k := range known {
			if canonical == k {
				return canonical, nil
			}
		}
	}
	return "", errUnresolvable
}

var errUnresolvable = fmt.Errorf("cannot be resolved")

// getPlugins is 4.2.5's Options.get_plugins: every section named
// prefix+"name" must set factoryKey to a resolvable factory; its other keys
// (DEFAULT keys included) are kept as extras, expanded with names.
func getPlugins(p *Parser, factoryKey, prefix string, names *Names, known ...string) ([]PluginConfig, error) {
	var plugins []PluginConfig
	for _, section := range p.Sections() {
		if !strings.HasPrefix(section, prefix) {
			continue
		}
		_, name, _ := strings.Cut(section, ":")
		spec, ok, err := saneget(p, section, factoryKey, names)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, fmt.Errorf("section [%s] does not specify a %s", section, factoryKey)
		}
		factory, err := resolveSpec(spec, known...)
		if err == errUnresolvable {
			return nil, fmt.Errorf("%s cannot be resolved within [%s]", spec, section)
		}
		if err != nil {
			return nil, err
		}
		pc := PluginConfig{Name: name, Factory: factory, Extra: map[string]string{}}
		for _, k := range p.Options(section) {
			if k == factoryKey {
				continue
			}
			v, _, err := saneget(p, section, k, names)
			if err != nil {
				return nil, err
			}
			pc.Extra[k] = v
			pc.ExtraKeys = append(pc.ExtraKeys, k)
		}
		plugins = append(plugins, pc)
	}
	return plugins, nil
}

// saneget is UnhosedConfigParser.saneget for a present-or-absent string
// option: the value expanded with names (named "section.option" in
// errors). ok is false when neither the section nor [DEFAULT] sets it.
func saneget(p *Parser, section, option string, names *Names) (value string, ok bool, err error) {
	v, ok := p.Get(section, option)
	if !ok {
		return "", false, nil
	}
	v, err = Expand(v, names, section+"."+option)
	return v, true, err
}
