package ctl

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/gosupervisord/gosupervisord/internal/py"
)

// logStream is one streaming GET of /logtail/<name>/<channel> or
// /mainlogtail, like 4.2.5's hand-written http_client.HTTPHandler: it
// writes the body to out as it arrives (chunk by chunk) and reports
// problems as "<url> <message>" lines on errOut. It ends when the server
// closes the connection or close is called.
type logStream struct {
	url    string
	out    io.Writer
	errOut io.Writer

	mu     sync.Mutex
	conn   net.Conn
	closed bool
}

// streamAuth is the Authorization value http_client sends: only when the
// password is non-empty, with Python's None for a missing username, and
// base64 wrapped every 76 characters as encodestring does.
func streamAuth(username, password *string) string {
	if password == nil || *password == "" {
		return ""
	}
	user := pyNone
	if username != nil {
		user = *username
	}
	enc := base64.StdEncoding.EncodeToString([]byte(user + ":" + *password))
	var lines []string
	for len(enc) > 76 {
		lines = append(lines, enc[:76])
		enc = enc[76:]
	}
	lines = append(lines, enc)
	return "Basic " + strings.Join(lines, "\n")
}

// startLogStream connects and sends the request; the returned stream's run
// method reads the reply. A connection failure is reported like
// HTTPHandler.handle_error and gives a nil stream.
func startLogStream(serverURL, path string, username, password *string, out, errOut io.Writer) *logStream {
	s := &logStream{url: serverURL + path, out: out, errOut: errOut}
	u, _ := urlSplit(s.url)
	host := u.Netloc
	var network, address string
	if strings.HasPrefix(serverURL, "unix://") || u.Scheme == "unix" {
		network, address = "unix", serverURL[len("unix://"):]
	} else {
		hostname, port := host, "80"
		if h, p, ok := strings.Cut(host, ":"); ok {
			if _, err := strconv.Atoi(p); err != nil {
				s.fail(fmt.Sprintf("Cannot connect, error: <class 'ValueError'> (invalid literal for int() with base 10: %s)", py.Repr(p)))
				return nil
			}
			hostname, port = h, p
		}
		network, address = "tcp4", net.JoinHostPort(hostname, port)
	}
	conn, err := net.Dial(network, address)
	if err != nil {
		msg := err.Error()
		if perr, ok := osError(err, pySite{}); ok {
			msg = fmt.Sprintf("<class '%s'> (%s)", perr.Class, perr.Msg)
		}
		s.fail("Cannot connect, error: " + msg)
		return nil
	}
	var req strings.Builder
	fmt.Fprintf(&req, "GET %s HTTP/1.1\r\nHost: %s\r\n", path, host)
	req.WriteString("Accept-Encoding: chunked\r\nAccept: */*\r\nUser-agent: " + userAgent + "\r\n")
	if auth := streamAuth(username, password); auth != "" {
		req.WriteString("Authorization: " + auth + "\r\n")
	}
	req.WriteString("\r\n\r\n")
	if _, err := io.WriteString(conn, req.String()); err != nil {
		conn.Close()
		s.fail("Cannot connect, error: " + err.Error())
		return nil
	}
	s.conn = conn
	return s
}

func (s *logStream) fail(msg string) { fmt.Fprintf(s.errOut, "%s %s\n", s.url, msg) }

// close ends the stream; run returns soon after.
func (s *logStream) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		s.closed = true
		s.conn.Close()
	}
}

func (s *logStream) isClosed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closed
}

// run reads the reply until the server closes the connection or close is
// called.
func (s *logStream) run() {
	defer s.close()
	r := bufio.NewReaderSize(s.conn, 65536)
	line, err := readCRLFLine(r)
	if err != nil {
		return
	}
	parts := strings.Fields(line)
	if len(parts) < 3 {
		s.fail(fmt.Sprintf("Cannot connect, error: <class 'ValueError'> (not enough values to unpack (expected 3, got %d))", len(parts)))
		return
	}
	status, err := strconv.Atoi(parts[1])
	if err != nil {
		s.fail(fmt.Sprintf("Cannot connect, error: <class 'ValueError'> (invalid literal for int() with base 10: %s)", py.BytesRepr([]byte(parts[1]))))
		return
	}
	if !strings.HasPrefix(parts[0], "HTTP/") {
		s.fail(fmt.Sprintf("Cannot connect, error: <class 'ValueError'> (%s)", py.BytesRepr([]byte(line))))
		return
	}
	if status != 200 {
		s.fail(fmt.Sprintf("Cannot read, status code %d", status))
		return
	}
	chunked, length := false, 0
	for {
		h, err := readCRLFLine(r)
		if err != nil {
			return
		}
		if h == "" {
			break
		}
		name, value, ok := strings.Cut(h, ":")
		if !ok {
			s.fail("Cannot connect, error: <class 'ValueError'> (not enough values to unpack (expected 2, got 1))")
			return
		}
		value = strings.TrimSpace(value)
		if name == "" || value == "" {
			continue
		}
		switch strings.ToLower(name) {
		case "transfer-encoding":
			chunked = value == "chunked"
		case "content-length":
			if n, err := strconv.Atoi(value); err == nil {
				length = n
			}
		}
	}
	if chunked {
		s.readChunks(r)
	} else {
		s.readBody(r, length)
	}
}

// readChunks feeds each complete chunk to the output.
func (s *logStream) readChunks(r *bufio.Reader) {
	for {
		line, err := readCRLFLine(r)
		if err != nil {
			return
		}
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		size, err := strconv.ParseInt(f[0], 16, 64)
		if err != nil {
			s.fail(fmt.Sprintf("Cannot connect, error: <class 'ValueError'> (invalid literal for int() with base 16: %s)", py.BytesRepr([]byte(f[0]))))
			return
		}
		if size == 0 {
			// 4.2.5 waits for a trailer it never recognises: the stream
			// only ends when the server closes.
			io.Copy(io.Discard, r)
			return
		}
		data := make([]byte, size)
		if _, err := io.ReadFull(r, data); err != nil {
			return
		}
		s.feed(data)
	}
}

// readBody feeds a plain body as it arrives: everything until the server
// closes when there is no Content-Length, else length bytes plus whatever
// came with them in the same read (4.2.5's asynchat keeps feeding its
// buffer after the length is reached).
func (s *logStream) readBody(r *bufio.Reader, length int) {
	buf := make([]byte, 65536)
	for left := length; length == 0 || left > 0; {
		want := len(buf)
		if length > 0 && left < want {
			want = left
		}
		n, err := r.Read(buf[:want])
		if n > 0 {
			s.feed(buf[:n])
			left -= n
		}
		if err != nil {
			return
		}
	}
	if n := r.Buffered(); n > 0 {
		rest, _ := r.Peek(n)
		s.feed(rest)
	}
}

// feed writes data like http_client.Listener.feed: as UTF-8 text, or as
// Python's "Undecodable: b'...'" when it is not valid UTF-8.
func (s *logStream) feed(data []byte) {
	if s.isClosed() {
		return
	}
	if utf8.Valid(data) {
		s.out.Write(data)
	} else {
		io.WriteString(s.out, "Undecodable: "+py.BytesRepr(data))
	}
}

// readCRLFLine reads one line ended by CRLF (asynchat's terminator) and
// returns it without the terminator.
func readCRLFLine(r *bufio.Reader) (string, error) {
	var line []byte
	for {
		b, err := r.ReadBytes('\n')
		line = append(line, b...)
		if err != nil {
			return "", err
		}
		if bytes.HasSuffix(line, []byte("\r\n")) {
			return string(line[:len(line)-2]), nil
		}
	}
}
