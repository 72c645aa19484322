// Package webui serves supervisord 4.2.5's web interface: the status page
// (/ and /index.html) with its query actions, the tail page (tail.html),
// ok.html and the static files the pages link, on every HTTP listener and
// behind the same authentication as the rest of the server.
//
// What clients observe matches 4.2.5: the routes, the query parameters
// (read from the query string and from an urlencoded POST body), the 301
// with "Location: http://<Host>/?message=<quoted message>" after an action,
// the message texts, the status codes, the content types and the no-cache
// headers. The HTML, stylesheet, icon and script are our own.
//
// On top of that the pages update live without reloading: the status table
// follows /events/status and the tail page follows /events/tail, two
// server-sent-event streams. Both pages stay fully usable without
// JavaScript (plain links, as in 4.2.5).
//
// Handler is meant to be the catch-all of the HTTP layer: whatever is not
// /RPC2, /logtail or /mainlogtail goes to it, and it answers 404 or 400 for
// what it does not serve, as 4.2.5's static file handler does.
package webui
