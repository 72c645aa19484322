package ctl

import (
	"io"
	"sort"
	"strings"
	"unicode/utf8"
)

// The help texts are our own words, laid out like 4.2.5's: one
// "usage<TAB>description" line per form.
var helpTexts = map[string]string{
	"add":   "add <name> [...]\tStart using the configuration of the given processes/groups",
	"avail": "avail\t\t\tList every configured process",
	"clear": "clear <name>\t\tEmpty the log files of one process\n" +
		"clear <name> <name>\tEmpty the log files of several processes\n" +
		"clear all\t\tEmpty the log files of every process",
	"exit": "exit\tLeave the supervisor shell.",
	"fg": "fg <process>\tAttach to a process: show its output, send it what you type\n" +
		"\t\tCtrl-C to detach",
	"maintail": "maintail -f \tFollow the supervisord main log as it grows (Ctrl-C to stop)\n" +
		"maintail -100\tShow the last 100 bytes of the supervisord main log\n" +
		"maintail\tShow the last 1600 bytes of the supervisord main log\n",
	"open": "open <url>\tSwitch to another supervisord.\n" +
		"\t\t(a UNIX domain socket is unix:///path/to/socket)",
	"pid": "pid\t\t\tShow the PID of supervisord itself.\n" +
		"pid <name>\t\tShow the PID of one child process.\n" +
		"pid all\t\t\tShow the PID of every child process, one per line.",
	"quit":   "quit\tLeave the supervisor shell.",
	"reload": "reload \t\tMake the remote supervisord restart itself.",
	"remove": "remove <name> [...]\tStop using the configuration of the given processes/groups",
	"reread": "reread \t\t\tRe-read the configuration files without adding or removing anything",
	"restart": "restart <name>\t\tStop, then start one process\n" +
		"restart <gname>:*\tStop, then start every process in a group\n" +
		"restart <name> <name>\tStop, then start several processes or groups\n" +
		"restart all\t\tStop, then start every process\n" +
		"Note: restart does not re-read the configuration; reread and update do.",
	"shutdown": "shutdown \tStop the remote supervisord.",
	"signal": "signal <signal name> <name>\t\tSend a signal to one process\n" +
		"signal <signal name> <gname>:*\t\tSend a signal to every process in a group\n" +
		"signal <signal name> <name> <name>\tSend a signal to several processes or groups\n" +
		"signal <signal name> all\t\tSend a signal to every process",
	"start": "start <name>\t\tStart one process\n" +
		"start <gname>:*\t\tStart every process in a group\n" +
		"start <name> <name>\tStart several processes or groups\n" +
		"start all\t\tStart every process",
	"status": "status <name>\t\tShow the state of one process\n" +
		"status <gname>:*\tShow the state of every process in a group\n" +
		"status <name> <name>\tShow the state of several processes\n" +
		"status\t\t\tShow the state of every process",
	"stop": "stop <name>\t\tStop one process\n" +
		"stop <gname>:*\t\tStop every process in a group\n" +
		"stop <name> <name>\tStop several processes or groups\n" +
		"stop all\t\tStop every process",
	"tail": "tail [-f|-N] <name> [stdout|stderr] (stdout if not given)\n" +
		"Examples:\n" +
		"tail -f <name>\t\tFollow the process's stdout as it grows\n" +
		"\t\t\t(Ctrl-C to stop).\n" +
		"tail -100 <name>\tShow the last 100 bytes of the process's stdout\n" +
		"tail <name> stderr\tShow the last 1600 bytes of the process's stderr",
	"update": "update\t\t\tRe-read the configuration, add/remove groups, restart the changed ones\n" +
		"update all\t\tThe same as update without arguments\n" +
		"update <gname> [...]\tUpdate only the given groups",
	"version": "version\t\t\tShow the version of the remote supervisord",
}

// helpHelp is the help of the help command itself.
const helpHelp = "help\t\tList the available actions\nhelp <action>\tShow how to use <action>"

// topicsHeader heads the topic list, as cmd.Cmd does for 4.2.5's default
// plugin.
const topicsHeader = "default commands (type help <topic>):"

// help prints the help of topic and reports whether there is one.
func (c *Controller) help(topic string) bool {
	text, ok := helpTexts[topic]
	if ok {
		c.output(text)
	}
	return ok
}

// rejectArgs is 4.2.5's answer to arguments given to a command that takes
// none: an error, the command's help, exit status 1.
func (c *Controller) rejectArgs(cmd, arg string) bool {
	if arg == "" {
		return false
	}
	c.output("Error: " + cmd + " accepts no arguments")
	c.exitStatus = exitGeneric
	c.help(cmd)
	return true
}

// helpTopics are the documented commands, sorted.
func helpTopics() []string {
	topics := make([]string, 0, len(helpTexts))
	for t := range helpTexts {
		topics = append(topics, t)
	}
	sort.Strings(topics)
	return topics
}

// printTopics prints a header, a ruler and the topics in columns, like
// cmd.Cmd.print_topics.
func (c *Controller) printTopics(header string, topics []string, maxcol int) {
	if len(topics) == 0 {
		return
	}
	c.output(header)
	c.output(strings.Repeat("=", utf8.RuneCountInString(header)))
	columnize(c.stdout, topics, maxcol-1)
	c.output("")
}

// columnize prints words in as few rows as fit in width, filling columns
// top to bottom, like cmd.Cmd.columnize.
func columnize(w io.Writer, words []string, width int) {
	if len(words) == 0 {
		io.WriteString(w, "<empty>\n")
		return
	}
	if len(words) == 1 {
		io.WriteString(w, words[0]+"\n")
		return
	}
	size := len(words)
	nrows, ncols := size, 1
	colwidths := []int{0}
	for rows := 1; rows < size; rows++ {
		cols := (size + rows - 1) / rows
		widths := []int{}
		total := -2
		for col := 0; col < cols; col++ {
			cw := 0
			for row := 0; row < rows; row++ {
				i := row + rows*col
				if i >= size {
					break
				}
				cw = max(cw, utf8.RuneCountInString(words[i]))
			}
			widths = append(widths, cw)
			total += cw + 2
			if total > width {
				break
			}
		}
		if total <= width {
			nrows, ncols, colwidths = rows, cols, widths
			break
		}
	}
	for row := 0; row < nrows; row++ {
		var texts []string
		for col := 0; col < ncols; col++ {
			i := row + nrows*col
			x := ""
			if i < size {
				x = words[i]
			}
			texts = append(texts, x)
		}
		for len(texts) > 0 && texts[len(texts)-1] == "" {
			texts = texts[:len(texts)-1]
		}
		for i := range texts {
			texts[i] = ljust(texts[i], colwidths[i])
		}
		io.WriteString(w, strings.Join(texts, "  ")+"\n")
	}
}
