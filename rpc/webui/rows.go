package webui

import (
	"strings"

	"github.com/gosupervisord/gosupervisord/supervisor"
	"github.com/gosupervisord/gosupervisord/supervisor/config"
)

// actionLink is one link of a process row's action cell.
type actionLink struct {
	Name   string // "Start", "Tail -f Stdout", ...
	Href   string // relative URL, unescaped (the renderer escapes & to &amp;)
	Target string // "_blank" for the raw log streams
}

// processRow is one row of the status table.
type processRow struct {
	Namespec    string // "web1", "g:g3"
	Quoted      string // the namespec as 4.2.5 quotes it in URLs
	TailHref    string // the name's link: tail.html?processname=<quoted>
	State       string // lowercase statename
	Class       string // statusrunning, statuserror or statusnominal
	Description string
	// Actions holds 4.2.5's five slots in order; nil is a hidden slot.
	Actions []*actionLink
}

// newRow builds the row of one process as 4.2.5's status view shows it.
func newRow(pi supervisor.ProcessInfo) processRow {
	ns := config.MakeNamespec(pi.Group, pi.Name)
	q := pyQuote(ns)
	return processRow{
		Namespec:    ns,
		Quoted:      q,
		TailHref:    "tail.html?processname=" + q,
		State:       strings.ToLower(pi.State.String()),
		Class:       stateClass(pi.State),
		Description: pi.Description,
		Actions:     actionsFor(pi.State, q),
	}
}

// stateClass is the CSS class of the state cell.
func stateClass(s supervisor.ProcessState) string {
	switch s {
	case supervisor.Running:
		return "statusrunning"
	case supervisor.Backoff, supervisor.Fatal:
		return "statuserror"
	}
	return "statusnominal"
}

// actionsFor returns the action slots 4.2.5 offers for a process in state
// s: Restart and Stop when RUNNING; Start (and a hidden slot) when STOPPED,
// EXITED or FATAL; two hidden slots otherwise; then always Clear Log and
// the two raw tail streams.
func actionsFor(s supervisor.ProcessState, quoted string) []*actionLink {
	act := func(name, action string) *actionLink {
		return &actionLink{Name: name, Href: "index.html?processname=" + quoted + "&action=" + action}
	}
	var first, second *actionLink
	switch s {
	case supervisor.Running:
		first, second = act("Restart", "restart"), act("Stop", "stop")
	case supervisor.Stopped, supervisor.Exited, supervisor.Fatal:
		first = act("Start", "start")
	}
	return []*actionLink{
		first, second,
		act("Clear Log", "clearlog"),
		{Name: "Tail -f Stdout", Href: "logtail/" + quoted, Target: "_blank"},
		{Name: "Tail -f Stderr", Href: "logtail/" + quoted + "/stderr", Target: "_blank"},
	}
}
