package config

import "strings"

// MakeNamespec is 4.2.5's make_namespec: "group:process", or just the name
// when the process is named like its group.
func MakeNamespec(group, process string) string {
	if group == process {
		return process
	}
	return group + ":" + process
}

// SplitNamespec is 4.2.5's split_namespec. "g:p" gives ("g", "p");
// "name" gives ("name", "name"); "g:" and "g:*" give ("g", "") with
// wholeGroup set (Python's process name None).
func SplitNamespec(namespec string) (group, process string, wholeGroup bool) {
	group, process, found := strings.Cut(namespec, ":")
	if !found {
		return namespec, namespec, false
	}
	if process == "" || process == "*" {
		return group, "", true
	}
	return group, process, false
}
