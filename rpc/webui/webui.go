package webui

import (
	"context"
	"errors"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gosupervisord/gosupervisord/internal/py"
	"github.com/gosupervisord/gosupervisord/rpc/httpserver"
	"github.com/gosupervisord/gosupervisord/supervisor"
)

// Options tune a Handler. The zero value is fine.
type Options struct {
	// PollInterval is how often the live status stream re-reads the
	// process table while at least one browser follows it, when the
	// Backend is not a StateWatcher. Default 1s. Nothing is read while no
	// browser is connected.
	PollInterval time.Duration
	// KeepAlive is the interval of the comment lines that keep idle
	// event streams open through proxies. Default 20s.
	KeepAlive time.Duration
	// ServerName returns the name and port of the listener r arrived on,
	// as 4.2.5's server knows them: they build the redirect URL when a
	// request has no Host header, and the Location of a directory
	// redirect. 4.2.5 uses the reverse-DNS name of the bound address and
	// its port for inet listeners, and "<unix domain socket>" and the
	// socket path for unix ones. Nil derives them from the connection's
	// local address.
	ServerName func(r *httpserver.Request) (name, port string)
	// ErrorLog, if set, receives the reason of every 500 the UI sends
	// (4.2.5 logs "Web interface error" with a traceback).
	ErrorLog func(msg string)
}

// Handler serves the web UI; it is an httpserver.Handler. Create it with
// New; it is safe for concurrent use. Mount it as the catch-all of every
// HTTP listener, behind the listener's authentication.
type Handler struct {
	backend Backend
	opts    Options
	static  staticFiles
	status  *statusHub

	closing   chan struct{}
	closeOnce sync.Once
	names     sync.Map // reverse-lookup cache: IP string -> name
}

// New returns a Handler driving backend (normally a *supervisor.Supervisor).
func New(backend Backend, opts Options) *Handler {
	if opts.PollInterval <= 0 {
		opts.PollInterval = time.Second
	}
	if opts.KeepAlive <= 0 {
		opts.KeepAlive = 20 * time.Second
	}
	h := &Handler{
		backend: backend,
		opts:    opts,
		static:  newStaticFiles(),
		closing: make(chan struct{}),
	}
	h.status = newStatusHub(backend, opts.PollInterval, h.closing)
	return h
}

// Close ends every live event stream (they never end on their own) so that
// the HTTP server can shut down gracefully; call it before
// httpserver.Server.Shutdown. Pages and actions keep working afterwards.
func (h *Handler) Close() {
	h.closeOnce.Do(func() { close(h.closing) })
}

// Paths of the live event streams; 4.2.5 serves nothing there.
const (
	statusEventsPath = "events/status"
	tailEventsPath   = "events/tail"
)

// Handle routes like 4.2.5 after /RPC2 and the log tails: the views for
// GET and POST, then (ours) the event streams for GET, then static files
// for GET and HEAD, 400 for any other method and 404 for unknown files.
// Every route looks at the request path decoded once (see routePath).
func (h *Handler) Handle(w *httpserver.ResponseWriter, r *httpserver.Request) {
	if matchesView(r) {
		h.serveView(w, r)
		return
	}
	p := routePath(r)
	if r.Method == "GET" {
		switch p {
		case statusEventsPath:
			h.serveStatusEvents(w, r)
			return
		case tailEventsPath:
			h.serveTailEvents(w, r)
			return
		}
	}
	if r.Method != "GET" && r.Method != "HEAD" {
		w.Error(400)
		return
	}
	// 4.2.5's file handler decodes the path a second time.
	if strings.Contains(r.Path, "%") {
		p = strings.TrimLeft(py.Unquote(r.Path), "/")
	}
	h.static.serve(w, r, p, func() string {
		name, _ := h.serverName(r)
		return name
	})
}

// serveView answers a request the UI handler matched: it reads the form,
// then runs the view 4.2.5 would (see viewName). A view name that is no
// view (";params", a PATH_INFO field) gets no answer, as from 4.2.5, which
// leaves such a request waiting for ever; we close the connection.
func (h *Handler) serveView(w *httpserver.ResponseWriter, r *httpserver.Request) {
	f, ok := h.readFormOrFail(w, r)
	if !ok {
		return
	}
	switch viewName(r, f) {
	case statusView:
		h.serveStatus(w, r, f)
	case tailView:
		h.serveTail(w, r, f)
	case okView:
		writeBody(w, textType, false, []byte("OK"))
	default:
		w.Abort()
	}
}

// serverURL is 4.2.5's get_server_url: "http://" and the Host header
// (read as cgiHost does) without a port 80, or the listener's name and
// port when there is no Host.
func (h *Handler) serverURL(r *httpserver.Request) string {
	var host, port string
	if hdr := cgiHost(r); hdr != "" {
		host, port = splitPort(hdr)
	} else {
		host, port = h.serverName(r)
	}
	if port != "" && port != "80" {
		host += ":" + port
	}
	return strings.TrimSuffix("http://"+host, "/")
}

// splitPort splits "host:port" where port is all digits, like Python's
// urllib.splitport; "host:" is host with no port.
func splitPort(hostport string) (host, port string) {
	i := strings.LastIndexByte(hostport, ':')
	if i < 0 {
		return hostport, ""
	}
	for _, c := range hostport[i+1:] {
		if c < '0' || c > '9' {
			return hostport, ""
		}
	}
	return hostport[:i], hostport[i+1:]
}

// serverName returns the listener's name and port (Options.ServerName, or
// derived from the connection's local address).
func (h *Handler) serverName(r *httpserver.Request) (name, port string) {
	if h.opts.ServerName != nil {
		return h.opts.ServerName(r)
	}
	switch a := r.Context().Value(httpserver.LocalAddrContextKey).(type) {
	case *net.UnixAddr:
		return "<unix domain socket>", a.Name
	case *net.TCPAddr:
		return h.reverseName(a.IP), strconv.Itoa(a.Port)
	}
	return "localhost", "80"
}

// reverseName is the host name of ip as 4.2.5 finds it (reverse lookup,
// /etc/hosts first), cached; the address itself when the lookup fails.
func (h *Handler) reverseName(ip net.IP) string {
	key := ip.String()
	if v, ok := h.names.Load(key); ok {
		return v.(string)
	}
	name := key
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if names, err := net.DefaultResolver.LookupAddr(ctx, key); err == nil && len(names) > 0 {
		name = strings.TrimSuffix(names[0], ".")
	}
	h.names.Store(key, name)
	return name
}

// fail answers 500 for err and reports it, unless the client is gone.
func (h *Handler) fail(w *httpserver.ResponseWriter, r *httpserver.Request, err error) {
	if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
		return // the browser went away; nobody reads an answer
	}
	if h.opts.ErrorLog != nil {
		h.opts.ErrorLog("Web interface error: " + err.Error())
	}
	w.Error(500)
}

// pageCommon are the fields every page uses.
type pageCommon struct {
	Assets  string // asset version for cache-busting links
	Version string // supervisor version in the footer
}

func (h *Handler) common() pageCommon {
	return pageCommon{Assets: h.static.version, Version: supervisor.Version}
}
