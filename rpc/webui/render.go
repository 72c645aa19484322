package webui

import "strconv"

// renderStatus renders the status page (index.html).
func renderStatus(p *statusPage) []byte {
	var w htmlWriter
	w.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<title>Supervisor Status</title>\n")
	w.head(&p.pageCommon)
	w.raw("\n</head>\n<body class=\"status-view\">\n")
	w.topbar()
	w.raw("\n<main class=\"page\">\n")
	if p.HasMessage {
		w.raw(`<div id="status-message" class="status_msg" role="status">`)
		w.text(p.Message)
		w.raw("</div>\n")
	} else {
		w.raw("<div id=\"status-message\" role=\"status\" hidden></div>\n")
	}
	w.raw(`<nav class="toolbar" aria-label="All processes">
<a class="button" href="index.html?action=refresh">Refresh</a>
<a class="button" href="index.html?action=restartall">Restart All</a>
<a class="button" href="index.html?action=stopall">Stop All</a>
</nav>
<table class="processes" id="processes"`)
	if len(p.Rows) == 0 {
		w.raw(" hidden")
	}
	w.raw(`>
<thead><tr><th class="state">State</th><th class="desc">Description</th><th class="name">Name</th><th class="action">Action</th></tr></thead>
<tbody id="process-rows">
`)
	for i := range p.Rows {
		w.row(&p.Rows[i])
		w.raw("\n")
	}
	w.raw("</tbody>\n</table>\n<p class=\"empty\" id=\"no-programs\"")
	if len(p.Rows) > 0 {
		w.raw(" hidden")
	}
	w.raw(">No programs to manage</p>\n</main>\n")
	w.footer(&p.pageCommon)
	w.raw("\n</body>\n</html>\n")
	return w.b
}

// renderRow renders one row of the status table, as the page has it.
func renderRow(r *processRow) string {
	var w htmlWriter
	w.row(r)
	return string(w.b)
}

// renderTail renders the tail page (tail.html).
func renderTail(p *tailPage) []byte {
	var w htmlWriter
	w.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<title>Supervisor tail of process ")
	w.text(p.Name)
	w.raw("</title>\n")
	w.head(&p.pageCommon)
	w.raw("\n</head>\n<body class=\"tail-view\">\n")
	w.topbar()
	w.raw("\n<main class=\"page\">\n<div class=\"tail-head\"><h1>")
	w.text(p.Name)
	w.raw(`</h1><span class="channel">stdout</span></div>
<nav class="toolbar">
<a class="button" href="index.html">Status</a>
`)
	if p.HasName {
		w.raw(`<a class="button" id="tail-refresh" href="`)
		w.url(p.RefreshHref)
		w.raw("\">Refresh</a>\n<a class=\"button\" href=\"")
		w.url(p.StreamHref)
		w.raw("\" target=\"_blank\">Tail -f Stdout</a>\n")
	}
	w.raw(`<label class="follow" id="tail-follow-label" hidden><input type="checkbox" id="tail-follow" checked> Follow</label>
</nav>
<pre id="tail" class="log"`)
	if p.HasName {
		w.raw(` data-processname="`)
		w.text(p.Name)
		w.raw(`" data-limit="`)
		w.raw(strconv.FormatInt(p.Limit, 10))
		w.raw(`"`)
	}
	w.raw(">")
	w.text(p.Text)
	w.raw("</pre>\n</main>\n")
	w.footer(&p.pageCommon)
	w.raw("\n</body>\n</html>\n")
	return w.b
}

// head is what every page's <head> holds after its title.
func (w *htmlWriter) head(c *pageCommon) {
	w.raw(`<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<link rel="stylesheet" href="stylesheets/supervisor.css?v=`)
	w.query(c.Assets)
	w.raw(`">
<link rel="icon" type="image/png" href="images/icon.png">
<script src="scripts/supervisor.js?v=`)
	w.query(c.Assets)
	w.raw(`" defer></script>`)
}

// topbar is the header bar of every page.
func (w *htmlWriter) topbar() {
	w.raw(`<header class="topbar">
<a class="brand" href="index.html"><img src="images/icon.png" alt="" width="28" height="28"><span>Supervisor</span></a>
<span class="live" id="live" hidden title="This page updates by itself">live</span>
</header>`)
}

// footer is the footer of every page.
func (w *htmlWriter) footer(c *pageCommon) {
	w.raw("<footer class=\"footer\">\n<span><a href=\"http://supervisord.org\">Supervisor</a> ")
	w.text(c.Version)
	w.raw("</span>\n<span>served by gosupervisord</span>\n</footer>")
}

// row is one process of the status table.
func (w *htmlWriter) row(r *processRow) {
	w.raw(`<tr data-ns="`)
	w.text(r.Namespec)
	w.raw("\">\n<td class=\"state\"><span class=\"")
	w.text(r.Class)
	w.raw(`">`)
	w.text(r.State)
	w.raw("</span></td>\n<td class=\"desc\">")
	w.text(r.Description)
	w.raw("</td>\n<td class=\"name\"><a href=\"")
	w.url(r.TailHref)
	w.raw(`" target="_blank">`)
	w.text(r.Namespec)
	w.raw("</a></td>\n<td class=\"action\"><ul>")
	for _, a := range r.Actions {
		if a == nil {
			w.raw(`<li class="slot" aria-hidden="true"></li>`)
			continue
		}
		w.raw(`<li><a href="`)
		w.url(a.Href)
		w.raw(`" name="`)
		w.text(a.Name)
		w.raw(`"`)
		if a.Target != "" {
			w.raw(` target="`)
			w.text(a.Target)
			w.raw(`"`)
		}
		w.raw(`>`)
		w.text(a.Name)
		w.raw(`</a></li>`)
	}
	w.raw("</ul></td>\n</tr>")
}
