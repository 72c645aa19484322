package server

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/gosupervisord/gosupervisord/rpc/httpserver"
)

// accessLog writes Medusa's access line for a request at TRAC, or at ERRO
// when it contains "error" (4.2.5's LogWrapper sniffs the text that way):
// `<host>:<port> - - [<date>] "<request line>" <status> <bytes>`, with
// "localhost:0" for unix-socket clients.
func accessLog(log Logger, r *httpserver.Request, status int, n int64) {
	host, port := "localhost", "0"
	if r.RemoteAddr != "" {
		if i := strings.LastIndexByte(r.RemoteAddr, ':'); i >= 0 {
			host, port = r.RemoteAddr[:i], r.RemoteAddr[i+1:]
		}
	}
	line := r.Method + " " + r.RawURI
	if r.Version != "" {
		line += " HTTP/" + r.Version
	}
	msg := fmt.Sprintf("%s:%s - - [%s] \"%s\" %d %d", host, port, logDate(time.Now()), line, status, n)
	if strings.Contains(strings.ToLower(msg), "error") {
		log.Errorf("%s", msg)
		return
	}
	log.Tracef("%s", msg)
}

// logDate is Medusa's log_date_string: the UTC time followed by the local
// zone's offset.
func logDate(t time.Time) string {
	_, off := t.Zone()
	sign := '+'
	if off < 0 {
		sign, off = '-', -off
	}
	return fmt.Sprintf("%s %c%02d%02d", t.UTC().Format("02/Jan/2006:15:04:05"), sign, off/3600, off%3600/60)
}

// ctime is Python's time.ctime().
func ctime() string { return time.Now().Format("Mon Jan _2 15:04:05 2006") }

// hostnameOf is the host name shown in the startup trace line: the
// configured host, or this machine's name for all interfaces. (4.2.5
// shows the reverse-DNS name; we do no lookups at startup.)
func hostnameOf(host string) string {
	if host != "" {
		return host
	}
	if h, err := os.Hostname(); err == nil {
		return h
	}
	return "localhost"
}
