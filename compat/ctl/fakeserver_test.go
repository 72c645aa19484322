package ctl

import (
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// reply is a canned answer of the fake server.
type reply struct {
	status int    // HTTP status; 0 means 200
	body   string // the body (an XML-RPC methodResponse, see value/fault)
	hangup bool   // close the connection without answering
	raw    string // write these bytes on the raw connection, then close
	stream bool   // for /logtail: chunked 200 that stays open
	// then are the replies to the following calls of the same method;
	// the last one repeats.
	then []reply
}

// fakeServer answers XML-RPC calls by method name (and /logtail GETs by
// path) with canned replies, over a unix socket, to drive the clients
// into the paths a real daemon rarely takes.
type fakeServer struct {
	sock    string
	replies map[string]reply
	mu      sync.Mutex
	calls   []string
	count   map[string]int
}

var methodRx = regexp.MustCompile(`<methodName>([^<]*)</methodName>`)

// newFakeServer starts a server; getVersion answers "3.0" unless replies
// says otherwise, unknown methods get an UNKNOWN_METHOD fault.
func newFakeServer(t *testing.T, replies map[string]reply) *fakeServer {
	t.Helper()
	dir, err := os.MkdirTemp("", "gsdfake-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	f := &fakeServer{sock: filepath.Join(dir, "s"), replies: replies, count: map[string]int{}}
	if _, ok := replies["supervisor.getVersion"]; !ok {
		replies["supervisor.getVersion"] = reply{body: value("3.0")}
	}
	l, err := net.Listen("unix", f.sock)
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(f.serve)}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return f
}

// reset forgets the calls seen (replies with "then" start over).
func (f *fakeServer) reset(*testing.T) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls, f.count = nil, map[string]int{}
}

// url is the server URL for -s.
func (f *fakeServer) url() string { return "unix://" + f.sock }

func (f *fakeServer) serve(w http.ResponseWriter, r *http.Request) {
	key := r.URL.Path
	if r.Method == "POST" {
		body, _ := io.ReadAll(r.Body)
		if m := methodRx.FindSubmatch(body); m != nil {
			key = string(m[1])
		}
	}
	f.mu.Lock()
	f.calls = append(f.calls, key)
	rep, ok := f.replies[key]
	if n := f.count[key]; n > 0 && len(rep.then) > 0 {
		rep = rep.then[min(n, len(rep.then))-1]
	}
	f.count[key]++
	f.mu.Unlock()
	if !ok {
		if r.Method != "POST" {
			http.NotFound(w, r)
			return
		}
		rep = reply{body: fault(1, "UNKNOWN_METHOD")}
	}
	switch {
	case rep.hangup || rep.raw != "":
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			io.WriteString(conn, rep.raw)
			// Let the client finish sending (4.2.5's stream client
			// writes an extra CRLF) before closing.
			conn.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
			io.Copy(io.Discard, conn)
			conn.Close()
		}
	case rep.stream:
		// A chunked stream that never ends. Every 100ms it sends an empty
		// line, which both clients skip: 4.2.5's fg thread sits in a 30s
		// select after its user leaves and only notices when data
		// arrives (with a real daemon it lingers until the process
		// writes something).
		conn, _, err := w.(http.Hijacker).Hijack()
		if err != nil {
			return
		}
		defer conn.Close()
		io.WriteString(conn, "HTTP/1.1 200 OK\r\nContent-Type: text/plain;charset=utf-8\r\nTransfer-Encoding: chunked\r\n\r\n")
		if rep.body != "" {
			fmt.Fprintf(conn, "%x\r\n%s\r\n", len(rep.body), rep.body)
		}
		for {
			time.Sleep(100 * time.Millisecond)
			if _, err := io.WriteString(conn, "\r\n"); err != nil {
				return
			}
		}
	default:
		if rep.status != 0 {
			w.WriteHeader(rep.status)
		}
		io.WriteString(w, rep.body)
	}
}

// xmlValue renders v like Python's xmlrpc.client marshaller.
func xmlValue(v any) string {
	switch x := v.(type) {
	case string:
		return "<value><string>" + html.EscapeString(x) + "</string></value>"
	case rawString:
		return "<value><string>" + string(x) + "</string></value>"
	case int:
		return fmt.Sprintf("<value><int>%d</int></value>", x)
	case bool:
		if x {
			return "<value><boolean>1</boolean></value>"
		}
		return "<value><boolean>0</boolean></value>"
	case []any:
		var b strings.Builder
		b.WriteString("<value><array><data>\n")
		for _, e := range x {
			b.WriteString(xmlValue(e) + "\n")
		}
		b.WriteString("</data></array></value>")
		return b.String()
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var b strings.Builder
		b.WriteString("<value><struct>\n")
		for _, k := range keys {
			fmt.Fprintf(&b, "<member>\n<name>%s</name>\n%s\n</member>\n", k, xmlValue(x[k]))
		}
		b.WriteString("</struct></value>")
		return b.String()
	}
	panic(fmt.Sprintf("xmlValue: %T", v))
}

// rawString is put into a <string> without escaping (to send control
// characters the way 4.2.5's server does).
type rawString string

// value is a methodResponse carrying v.
func value(v any) string {
	return "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n" + xmlValue(v) + "\n</param>\n</params>\n</methodResponse>\n"
}

// fault is a methodResponse carrying a fault.
func fault(code int, s string) string {
	return "<?xml version='1.0'?>\n<methodResponse>\n<fault>\n" +
		xmlValue(map[string]any{"faultCode": code, "faultString": s}) + "\n</fault>\n</methodResponse>\n"
}

// procInfo is a getProcessInfo struct.
func procInfo(group, name string, state int, statename, desc string, pid int) map[string]any {
	return map[string]any{"group": group, "name": name, "state": state, "statename": statename,
		"description": desc, "pid": pid, "start": 0, "stop": 0, "now": 0, "spawnerr": "",
		"exitstatus": 0, "logfile": "", "stdout_logfile": "", "stderr_logfile": ""}
}

// res is a start/stop/signal/clear result struct.
func res(group, name string, status int, desc string) map[string]any {
	return map[string]any{"group": group, "name": name, "status": status, "description": desc}
}
