package config

import (
	"fmt"
	"strings"
)

// Option is one (name, value) pair Getopt returns: Name is "-x" or
// "--long" (the full long name, even when abbreviated on the command
// line); Value is "" for options without an argument.
type Option struct {
	Name, Value string
}

// Getopt is Python's getopt.getopt, which 4.2.5's supervisord and
// supervisorctl use: options stop at the first non-option
// argument or after "--"; short options may be combined ("-nc FILE") and
// take their value attached or as the next argument; long options take
// "--name=value" or "--name value" and may be abbreviated to a unique
// prefix. shortopts uses the "c:" convention and longopts the "name="
// convention. The error texts are Python's.
func Getopt(args []string, shortopts string, longopts []string) ([]Option, []string, error) {
	var opts []Option
	for len(args) > 0 && strings.HasPrefix(args[0], "-") && args[0] != "-" {
		if args[0] == "--" {
			args = args[1:]
			break
		}
		var err error
		if strings.HasPrefix(args[0], "--") {
			opts, args, err = doLongs(opts, args[0][2:], longopts, args[1:])
		} else {
			opts, args, err = doShorts(opts, args[0][1:], shortopts, args[1:])
		}
		if err != nil {
			return nil, nil, err
		}
	}
	return opts, args, nil
}

func doLongs(opts []Option, opt string, longopts, args []string) ([]Option, []string, error) {
	name, optarg, hasValue := strings.Cut(opt, "=")
	hasArg, name, err := longHasArgs(name, longopts)
	if err != nil {
		return nil, nil, err
	}
	if hasArg {
		if !hasValue {
			if len(args) == 0 {
				return nil, nil, fmt.Errorf("option --%s requires argument", name)
			}
			optarg, args = args[0], args[1:]
		}
	} else if hasValue {
		return nil, nil, fmt.Errorf("option --%s must not have an argument", name)
	}
	return append(opts, Option{"--" + name, optarg}), args, nil
}

func longHasArgs(opt string, longopts []string) (bool, string, error) {
	var possible []string
	for _, o := range longopts {
		if strings.HasPrefix(o, opt) {
			possible = append(possible, o)
		}
	}
	if len(possible) == 0 {
		return false, "", fmt.Errorf("option --%s not recognized", opt)
	}
	for _, o := range possible {
		if o == opt {
			return false, opt, nil
		}
	}
	for _, o := range possible {
		if o == opt+"=" {
			return true, opt, nil
		}
	}
	if len(possible) > 1 {
		return false, "", fmt.Errorf("option --%s not a unique prefix", opt)
	}
	match := possible[0]
	if full, ok := strings.CutSuffix(match, "="); ok {
		return true, full, nil
	}
	return false, match, nil
}

func doShorts(opts []Option, optstring, shortopts string, args []string) ([]Option, []string, error) {
	for optstring != "" {
		opt, rest := firstChar(optstring)
		optstring = rest
		hasArg, err := shortHasArg(opt, shortopts)
		if err != nil {
			return nil, nil, err
		}
		optarg := ""
		if hasArg {
			if optstring == "" {
				if len(args) == 0 {
					return nil, nil, fmt.Errorf("option -%s requires argument", opt)
				}
				optstring, args = args[0], args[1:]
			}
			optarg, optstring = optstring, ""
		}
		opts = append(opts, Option{"-" + opt, optarg})
	}
	return opts, args, nil
}

// firstChar splits off the first character (code point) of s.
func firstChar(s string) (string, string) {
	for i := range s {
		if i > 0 {
			return s[:i], s[i:]
		}
	}
	return s, ""
}

func shortHasArg(opt, shortopts string) (bool, error) {
	if opt != ":" {
		if i := strings.Index(shortopts, opt); i >= 0 {
			return strings.HasPrefix(shortopts[i+len(opt):], ":"), nil
		}
	}
	return false, fmt.Errorf("option -%s not recognized", opt)
}
