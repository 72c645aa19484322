package ctl

import (
	"fmt"
	"strings"
)

// option is one (option, value) pair returned by getopt, e.g. ("-c", "x")
// or ("--interactive", "").
type option struct {
	name, value string
}

// getopt parses args exactly like Python's getopt.getopt (not gnu_getopt):
// options end at the first non-option argument or "--"; long options may be
// abbreviated to a unique prefix. shortopts is like "h?c:i"; longopts like
// []string{"help", "configuration="}. Errors carry getopt's messages.
func getopt(args []string, shortopts string, longopts []string) ([]option, []string, error) {
	var opts []option
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

func doLongs(opts []option, opt string, longopts, args []string) ([]option, []string, error) {
	var optarg *string
	if i := strings.IndexByte(opt, '='); i >= 0 {
		v := opt[i+1:]
		opt, optarg = opt[:i], &v
	}
	hasArg, opt, err := longHasArgs(opt, longopts)
	if err != nil {
		return nil, nil, err
	}
	if hasArg {
		if optarg == nil {
			if len(args) == 0 {
				return nil, nil, fmt.Errorf("option --%s requires argument", opt)
			}
			optarg, args = &args[0], args[1:]
		}
	} else if optarg != nil {
		return nil, nil, fmt.Errorf("option --%s must not have an argument", opt)
	}
	value := ""
	if optarg != nil {
		value = *optarg
	}
	return append(opts, option{"--" + opt, value}), args, nil
}

func longHasArgs(opt string, longopts []string) (bool, string, error) {
	var possibilities []string
	for _, o := range longopts {
		if strings.HasPrefix(o, opt) {
			possibilities = append(possibilities, o)
		}
	}
	if len(possibilities) == 0 {
		return false, "", fmt.Errorf("option --%s not recognized", opt)
	}
	for _, p := range possibilities {
		if p == opt {
			return false, opt, nil
		}
	}
	for _, p := range possibilities {
		if p == opt+"=" {
			return true, opt, nil
		}
	}
	if len(possibilities) > 1 {
		return false, "", fmt.Errorf("option --%s not a unique prefix", opt)
	}
	match := possibilities[0]
	if strings.HasSuffix(match, "=") {
		return true, match[:len(match)-1], nil
	}
	return false, match, nil
}

func doShorts(opts []option, optstring, shortopts string, args []string) ([]option, []string, error) {
	for optstring != "" {
		// Python iterates characters; options are ASCII, but a non-ASCII
		// character must be reported whole.
		r := []rune(optstring)
		opt := string(r[0])
		optstring = string(r[1:])
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
		opts = append(opts, option{"-" + opt, optarg})
	}
	return opts, args, nil
}

func shortHasArg(opt, shortopts string) (bool, error) {
	for i := 0; i < len(shortopts); i++ {
		if opt == shortopts[i:i+1] && opt != ":" {
			return strings.HasPrefix(shortopts[i+1:], ":"), nil
		}
	}
	return false, fmt.Errorf("option -%s not recognized", opt)
}
