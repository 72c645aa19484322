package webui

import (
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gosupervisord/gosupervisord/supervisor"
)

// updateGolden rewrites testdata/*.html from the renderer instead of
// comparing. The goldens were first written by the html/template version of
// the pages; the hand-written renderer must reproduce them byte for byte.
var updateGolden = flag.Bool("update", false, "rewrite the golden files in testdata/")

// tricky is text with everything an escaper must handle: the HTML
// specials, '+', '%' (valid and broken escapes), spaces, non-ASCII, NUL,
// invalid UTF-8, control characters and a line break.
const tricky = "a<b>&c\"d'e +f %41%zz% g é€😀 \x00 \xff\xfe \t\r\n</pre>"

// golden compares got with testdata/name, or writes it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *updateGolden {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -run TestRenderGolden -update to create it")
	assert.Equal(t, string(want), string(got), name)
}

// goldenInfos are processes in every state, with names, groups and
// descriptions that need escaping.
func goldenInfos() []supervisor.ProcessInfo {
	var infos []supervisor.ProcessInfo
	states := []supervisor.ProcessState{
		supervisor.Stopped, supervisor.Starting, supervisor.Running, supervisor.Backoff,
		supervisor.Stopping, supervisor.Exited, supervisor.Fatal, supervisor.Unknown,
	}
	names := []struct{ group, name, desc string }{
		{"web", "web", "pid 42, uptime 1:02:03"},
		{"g", "g3", "Not started"},
		{"g<&>", "n \"q' +%é", tricky},
		{"sp ace", "x\x00y", ""},
		{"ünï", "c😀de", "Exited too quickly (process log may have details)"},
		{"bad\xff", "p%41+q", "<script>alert('x')</script>"},
		{"colon:s", "javascript:alert(1)", "&amp; already"},
		{"", "", " "},
	}
	for i, n := range names {
		infos = append(infos, supervisor.ProcessInfo{
			Name: n.name, Group: n.group, State: states[i%len(states)], Description: n.desc,
		})
	}
	return infos
}

// oddRows are rows no process makes: links and targets the page's own code
// never builds, to pin the escaping of every attribute.
func oddRows() []processRow {
	hrefs := []string{
		"javascript:alert(1)", "JavaScript:x", "data:text/html,<b>", "vbscript:x",
		"http://example.com/a b?c=d&e=f#g", "HTTPS://x/%zz%4g%41", "mailto:a@b.c", "ftp://x",
		"a/b:c", "/a:b", "?q=1:2", "#frag:x", ":", "", " javascript:x",
		tricky, "!#$&*+,/:;=?@[]-._~()'\"<>\\^`{|}", "%", "%4", "%41%4g",
	}
	var rows []processRow
	for i, href := range hrefs {
		rows = append(rows, processRow{
			Namespec:    tricky,
			Quoted:      href,
			TailHref:    href,
			State:       tricky,
			Class:       tricky,
			Description: tricky,
			Actions: []*actionLink{
				nil,
				{Name: tricky, Href: href, Target: ""},
				{Name: "n" + strconv.Itoa(i), Href: href, Target: tricky},
				nil,
			},
		})
	}
	rows = append(rows, processRow{Namespec: "empty", Actions: nil})
	return rows
}

func TestRenderGolden(t *testing.T) {
	infos := goldenInfos()
	var rows []processRow
	for _, pi := range infos {
		rows = append(rows, newRow(pi))
	}
	common := pageCommon{Assets: "0123456789ab", Version: supervisor.Version}
	odd := pageCommon{Assets: tricky, Version: tricky}

	statuses := map[string]statusPage{
		"empty":           {pageCommon: common, Rows: []processRow{}},
		"nil-rows":        {pageCommon: common},
		"message":         {pageCommon: common, HasMessage: true, Message: "Process web1 started", Rows: rows[:1]},
		"message-empty":   {pageCommon: common, HasMessage: true, Message: "", Rows: rows},
		"message-tricky":  {pageCommon: common, HasMessage: true, Message: tricky, Rows: rows},
		"rows":            {pageCommon: common, Rows: rows},
		"odd-rows":        {pageCommon: odd, HasMessage: true, Message: tricky, Rows: oddRows()},
		"message-no-rows": {pageCommon: odd, HasMessage: true, Message: "x"},
	}
	for name, p := range statuses {
		golden(t, "status-"+name+".html", renderStatus(&p))
	}

	var all strings.Builder
	for _, r := range append(rows, oddRows()...) {
		all.WriteString(renderRow(&r))
		all.WriteString("\n----\n")
		r.Description = ""
		all.WriteString(renderRow(&r))
		all.WriteString("\n====\n")
	}
	golden(t, "rows.html", []byte(all.String()))

	tails := map[string]tailPage{
		"no-name": {pageCommon: common, Name: "None", Text: "No process name found"},
		"odd-no-name": {pageCommon: odd, Name: tricky, Text: tricky, Limit: 5,
			RefreshHref: "javascript:x", StreamHref: tricky},
		"odd-hrefs": {pageCommon: odd, HasName: true, Name: tricky, Text: tricky, Limit: -1,
			RefreshHref: "javascript:alert(1)", StreamHref: tricky},
		"empty-text": {pageCommon: common, HasName: true, Name: "web", Limit: 1024,
			RefreshHref: "tail.html?processname=web&limit=1024", StreamHref: "logtail/web"},
	}
	for i, pi := range infos {
		name := infos[i].Name
		if pi.Group != pi.Name {
			name = pi.Group + ":" + pi.Name
		}
		p := tailPage{pageCommon: common}
		p.setProcess(name, tricky+pi.Description, int64(1024<<i))
		tails["name-"+strconv.Itoa(i)] = p
	}
	for name, p := range tails {
		golden(t, "tail-"+name+".html", renderTail(&p))
	}
}
