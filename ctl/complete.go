package ctl

import (
	"slices"
	"strings"

	"github.com/gosupervisord/gosupervisord/internal/py"
)

// vocab is what an action name completes to: "help" and every default
// command, in 4.2.5's order ("help" is listed twice there; the editor
// drops duplicates).
func vocab() []string {
	return append([]string{"help"}, "add", "avail", "clear", "exit", "fg", "help", "maintail", "open",
		"pid", "quit", "reload", "remove", "reread", "restart", "shutdown", "signal", "start", "status",
		"stop", "tail", "update", "version")
}

// complete returns the completions of text given the whole line, like
// 4.2.5's Controller.complete.
func (c *Controller) complete(text, line string) []string {
	if py.TrimSpace(line) == "" {
		return completeActions(text)
	}
	words := py.Split(line)
	action := words[0]
	switch {
	case len(words) == 1 && !strings.HasSuffix(line, " "):
		return completeActions(text)
	case strings.Contains("help", action): // 4.2.5 tests `action in ('help')`, a substring test
		return completeActions(text)
	case action == "add" || action == "remove" || action == "update":
		return c.completeGroups(text)
	case slices.Contains([]string{"clear", "fg", "pid", "restart", "signal", "start", "status", "stop", "tail"}, action):
		return c.completeProcesses(text)
	}
	return nil
}

func completeActions(text string) []string {
	var out []string
	for _, a := range vocab() {
		if strings.HasPrefix(a, text) {
			out = append(out, a+" ")
		}
	}
	return out
}

func (c *Controller) completeGroups(text string) []string {
	var groups, out []string
	for _, info := range c.completeInfos() {
		if !slices.Contains(groups, info.Group) {
			groups = append(groups, info.Group)
		}
	}
	for _, g := range groups {
		if strings.HasPrefix(g, text) {
			out = append(out, g+" ")
		}
	}
	return out
}

func (c *Controller) completeProcesses(text string) []string {
	var procs, out []string
	for _, info := range c.completeInfos() {
		if strings.Contains(text, ":") || info.Name != info.Group {
			procs = append(procs, info.Group+":"+info.Name)
			if all := info.Group + ":*"; !slices.Contains(procs, all) {
				procs = append(procs, all)
			}
		} else {
			procs = append(procs, info.Name)
		}
	}
	for _, p := range procs {
		if strings.HasPrefix(p, text) {
			out = append(out, p+" ")
		}
	}
	return out
}

// completeInfos is getAllProcessInfo, cached until the next command.
// Errors give no completions, as readline swallows the completer's.
func (c *Controller) completeInfos() []processInfo {
	if !c.completeOK {
		sup, err := c.supervisor()
		if err != nil {
			return nil
		}
		defer sup.close()
		var infos []processInfo
		if err := sup.call(&infos, "supervisor.getAllProcessInfo"); err != nil {
			return nil
		}
		c.completeInfo, c.completeOK = infos, true
	}
	return c.completeInfo
}
