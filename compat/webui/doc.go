// Package webui holds the end-to-end test of how the web UI reads request
// targets, queries, forms and headers: it sends the same raw HTTP requests
// (percent-escapes, "+", repeated and empty fields, ";params", fragments,
// absolute-form targets, odd Host and Content-Length lines) to supervisord
// 4.2.5 and to ours, started side by side with the same conf by
// compat/harness, and requires the same meaning from both: status code,
// Location, which page answered, the message or process name it shows.
// Our pages' HTML differs from 4.2.5's by design, so the test compares
// what it extracts from them, not their bytes.
package webui
