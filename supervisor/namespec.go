package supervisor

import "strings"

// SplitNamespec splits a process name as 4.2.5's split_namespec does:
// "name" is group and process "name"; "g:p" is group g, process p; "g:" and
// "g:*" are group g with no process (all of it), returned as process "" and
// all=true.
func SplitNamespec(namespec string) (group, process string, all bool) {
	g, p, found := strings.Cut(namespec, ":")
	if !found {
		return namespec, namespec, false
	}
	if p == "" || p == "*" {
		return g, "", true
	}
	return g, p, false
}

// MakeNamespec returns the name 4.2.5 uses for a process: just the process
// name when it equals the group name, else "group:process".
func MakeNamespec(group, process string) string {
	if group == process {
		return process
	}
	return group + ":" + process
}
