package ctl

import "github.com/gosupervisord/gosupervisord/internal/py"

// commandFunc runs a command with its argument string; stop ends the shell.
type commandFunc func(c *Controller, arg string) (stop bool, err error)

// commands maps command names to their functions: the controller's own
// help and EOF (4.2.5's Controller.do_help and do_EOF), then the default
// plugin's commands.
var commands = map[string]commandFunc{
	"help": cmdHelp, "EOF": cmdQuit,
	"add": cmdAdd, "avail": cmdAvail, "clear": cmdClear, "exit": cmdQuit, "fg": cmdFg,
	"maintail": cmdMaintail, "open": cmdOpen, "pid": cmdPid, "quit": cmdQuit, "reload": cmdReload,
	"remove": cmdRemove, "reread": cmdReread, "restart": cmdRestart, "shutdown": cmdShutdown,
	"signal": cmdSignal, "start": cmdStart, "status": cmdStatus, "stop": cmdStop, "tail": cmdTail,
	"update": cmdUpdate, "version": cmdVersion,
}

// lookupCommand returns the function of the command name, or nil.
func lookupCommand(name string) commandFunc { return commands[name] }

// cmdQuit is `quit`, `exit` and end of input.
func cmdQuit(c *Controller, arg string) (bool, error) {
	c.output("")
	return true, nil
}

// cmdHelp is `help [topic]`.
func cmdHelp(c *Controller, arg string) (bool, error) {
	switch {
	case py.TrimSpace(arg) == "help":
		c.output(helpHelp)
	case arg != "":
		if !c.help(arg) {
			c.output("*** No help on " + arg)
		}
	default:
		c.output("")
		c.printTopics(topicsHeader, helpTopics(), 80)
	}
	return false, nil
}
