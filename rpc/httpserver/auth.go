package httpserver

import (
	"crypto/sha1"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/gosupervisord/gosupervisord/internal/py"
)

// BasicAuth guards a handler with HTTP Basic authentication the way
// 4.2.5's supervisor_auth_handler does, for every path of a listener:
//
//   - the header must read "Authorization: <scheme> <token>" (colon and
//     one space; the scheme up to the first space), else 401;
//   - the scheme is compared case-insensitively with "basic", else 401;
//   - the token is base64, decoded leniently as Python does; text that is
//     not base64 or not UTF-8 gives 400;
//   - the text is split at its first ':' (passwords may contain colons); no
//     colon at all gives 500, as in 4.2.5;
//   - the password must equal the configured one, or, when that starts
//     with "{SHA}", its SHA-1 in lowercase hex must equal the rest.
//
// A 401 carries "Connection: close" and 'WWW-Authenticate: Basic
// realm="default"', and the connection is closed after it (Medusa leaves it
// open but ignores anything sent on it).
type BasicAuth struct {
	Username, Password string
	Handler            Handler
	// Stderr receives the two diagnostics 4.2.5 writes to its standard
	// error for malformed credentials; nil discards them.
	Stderr io.Writer
}

// Handle checks the credentials and calls the wrapped handler.
func (a *BasicAuth) Handle(w *ResponseWriter, r *Request) {
	scheme, token, ok := authorization(r.Header)
	if !ok {
		unauthorized(w, r)
		return
	}
	if !strings.EqualFold(scheme, "basic") {
		a.diag("unknown/unsupported auth method: %s\n", strings.ToLower(scheme))
		unauthorized(w, r)
		return
	}
	decoded, err := py.DecodeBase64([]byte(token))
	if err != nil || !utf8.Valid(decoded) {
		a.diag("malformed authorization info <%s>\n", token)
		w.Error(400)
		return
	}
	user, pass, ok := strings.Cut(string(decoded), ":")
	if !ok {
		w.Error(500)
		return
	}
	if !a.authorize(user, pass) {
		unauthorized(w, r)
		return
	}
	a.Handler.Handle(w, r)
}

func (a *BasicAuth) authorize(user, pass string) bool {
	if user != a.Username {
		return false
	}
	if hash, ok := strings.CutPrefix(a.Password, "{SHA}"); ok {
		sum := sha1.Sum([]byte(pass))
		return subtle.ConstantTimeCompare([]byte(hash), []byte(hex.EncodeToString(sum[:]))) == 1
	}
	return subtle.ConstantTimeCompare([]byte(a.Password), []byte(pass)) == 1
}

func (a *BasicAuth) diag(format string, args ...any) {
	if a.Stderr != nil {
		fmt.Fprintf(a.Stderr, format, args...)
	}
}

// authorization finds the first header line Medusa's pattern
// "Authorization: ([^ ]+) (.*)" matches.
func authorization(h Header) (scheme, token string, ok bool) {
	const prefix = "authorization: "
	for _, line := range h {
		if len(line) < len(prefix) || !strings.EqualFold(line[:len(prefix)], prefix) {
			continue
		}
		rest := line[len(prefix):]
		if i := strings.IndexByte(rest, ' '); i > 0 {
			return rest[:i], rest[i+1:], true
		}
	}
	return "", "", false
}

func unauthorized(w *ResponseWriter, r *Request) {
	// Take the body the client is still sending before closing: Python's
	// http.client writes it after the headers, and on a unix socket closed
	// under it gets EPIPE instead of reading this 401.
	_, _ = io.CopyN(io.Discard, r.Body, maxDiscard)
	w.Set("Connection", "close")
	w.Set("WWW-Authenticate", `Basic realm="default"`)
	w.SetClose()
	w.Error(401)
}

// Route sends requests whose URI starts with Prefix to Handler.
type Route struct {
	Prefix  string
	Handler Handler
}

// Mux routes requests by URI prefix, trying Routes in order, as Medusa
// tries its handlers. Requests no route takes go to Default, or get 404.
type Mux struct {
	Routes  []Route
	Default Handler
}

// Handle routes r.
func (m *Mux) Handle(w *ResponseWriter, r *Request) {
	for _, rt := range m.Routes {
		if strings.HasPrefix(r.URI, rt.Prefix) {
			rt.Handler.Handle(w, r)
			return
		}
	}
	if m.Default != nil {
		m.Default.Handle(w, r)
		return
	}
	w.Error(404)
}
