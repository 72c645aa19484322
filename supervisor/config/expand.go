package config

import (
	"errors"
	"fmt"
	"strings"

	"github.com/gosupervisord/gosupervisord/internal/py"
)

// Expand returns value %-formatted with names, as 4.2.5's options.expand
// does: Python's "value % names". optionName names the option in error
// messages (e.g. "program:web.command"). The error text is 4.2.5's
// ValueError text, for unknown names:
//
//	Format string '%(x)s' for 'program:a.priority' contains names ('x') which cannot be expanded. Available names: ENV_HOME, group_name, here, ...
//
// and for anything else Python's % operator rejects:
//
//	Format string '%(here)b' for 'program:a.command' is badly formatted: unsupported format character 'b' (0x62) at index 7
func Expand(value string, names *Names, optionName string) (string, error) {
	if names == nil {
		names = NewNames()
	}
	out, err := pyFormat(value, names)
	if err == nil {
		return out, nil
	}
	var ke keyError
	if errors.As(err, &ke) {
		return "", fmt.Errorf("Format string %s for %s contains names (%s) which cannot be expanded. Available names: %s",
			py.Repr(value), py.Repr(optionName), ke.Error(), strings.Join(names.sortedKeys(), ", "))
	}
	return "", fmt.Errorf("Format string %s for %s is badly formatted: %s", py.Repr(value), py.Repr(optionName), err.Error())
}
