package webui

import (
	"bytes"
	"embed"
	"html/template"
)

//go:embed assets/templates/*.html
var templateFS embed.FS

var pageTemplates = template.Must(template.ParseFS(templateFS, "assets/templates/*.html"))

// renderStatus renders the status page.
func renderStatus(p *statusPage) []byte { return execute("status", p) }

// renderTail renders the tail page.
func renderTail(p *tailPage) []byte { return execute("tail", p) }

// renderRow renders one row of the status table.
func renderRow(r *processRow) string { return string(execute("row", r)) }

func execute(name string, data any) []byte {
	var buf bytes.Buffer
	if err := pageTemplates.ExecuteTemplate(&buf, name, data); err != nil {
		panic(err)
	}
	return buf.Bytes()
}
