package ctl

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"strconv"
	"strings"

	"github.com/kolo/xmlrpc"
)

// userAgent is the User-Agent of our XML-RPC requests.
const userAgent = "gosupervisorctl/4.2.5"

// serverProxy is one XML-RPC connection to supervisord, like 4.2.5's
// ServerProxy over a SupervisorTransport: a persistent HTTP/1.1 connection
// made on first use (to the unix socket or host:port named by the server
// URL), POST /RPC2, HTTP Basic auth when both username and password are
// set. 4.2.5 makes a new proxy, so a new connection, for most steps of a
// command; so do we.
type serverProxy struct {
	network, address string // for net.Dial
	hostHeader       string
	connectSite      pySite
	auth             string // Authorization header value, or ""

	conn net.Conn
	br   *bufio.Reader
}

// newServerProxy prepares a proxy for serverURL. Like SupervisorTransport's
// constructor it fails for URLs that are neither http:// nor unix://, and
// for an http:// URL whose port is not a number in range.
func newServerProxy(serverURL string, username, password *string) (*serverProxy, error) {
	p := &serverProxy{}
	switch {
	case strings.HasPrefix(serverURL, "http://"):
		u, perr := urlSplit(serverURL)
		if perr != nil {
			return nil, perr
		}
		host := u.Hostname()
		port, ok, perr2 := u.Port()
		if perr2 != nil {
			return nil, perr2
		}
		if !ok {
			port = 80
		}
		p.network, p.address = "tcp", net.JoinHostPort(host, strconv.Itoa(port))
		p.connectSite = siteTCPConnect
		p.hostHeader = host
		if strings.Contains(host, ":") {
			p.hostHeader = "[" + host + "]"
		}
		if port != 80 {
			p.hostHeader += ":" + strconv.Itoa(port)
		}
	case strings.HasPrefix(serverURL, "unix://"):
		p.network, p.address = "unix", serverURL[len("unix://"):]
		p.connectSite = siteUnixConnect
		p.hostHeader = "localhost"
	default:
		return nil, valueError(siteUnknownProtocol, "Unknown protocol for serverurl "+serverURL)
	}
	if username != nil && password != nil {
		p.auth = "Basic " + base64.StdEncoding.EncodeToString([]byte(*username+":"+*password))
	}
	return p, nil
}

// close drops the connection.
func (p *serverProxy) close() {
	if p.conn != nil {
		p.conn.Close()
		p.conn, p.br = nil, nil
	}
}

// call invokes method with args and decodes the reply into reply (a
// pointer, or nil to ignore it). Errors are *Fault, *ProtocolError or
// *PyError, as 4.2.5's client would raise them.
func (p *serverProxy) call(reply any, method string, args ...any) error {
	for _, a := range args {
		if n, ok := a.(int); ok && (n > math.MaxInt32 || n < math.MinInt32) {
			return &PyError{Class: "OverflowError", Msg: "int exceeds XML-RPC limits", Site: siteOverflow}
		}
	}
	body, err := xmlrpc.EncodeMethodCall(method, args...)
	if err != nil {
		return &PyError{Class: "TypeError", Msg: err.Error(), Site: siteOverflow}
	}
	data, err := p.post(body)
	if err != nil {
		return err
	}
	if perr := checkReply(data); perr != nil {
		return perr
	}
	resp := xmlrpc.Response(data)
	if ferr := resp.Err(); ferr != nil {
		if f, ok := ferr.(xmlrpc.FaultError); ok {
			return &Fault{Code: f.Code, String: f.String}
		}
		return &PyError{Class: "xml.parsers.expat.ExpatError", Msg: ferr.Error(), Site: siteExpat}
	}
	if reply == nil {
		return nil
	}
	if err := resp.Unmarshal(reply); err != nil {
		return &PyError{Class: "TypeError", Msg: err.Error(), Site: siteFault}
	}
	return nil
}

// post sends one request on the (possibly reused) connection and returns
// the body of a 200 reply.
func (p *serverProxy) post(body []byte) ([]byte, error) {
	if p.conn == nil {
		conn, err := net.Dial(p.network, p.address)
		if err != nil {
			if perr, ok := osError(err, p.connectSite); ok {
				return nil, perr
			}
			return nil, &PyError{Class: "OSError", Msg: err.Error(), Site: p.connectSite}
		}
		p.conn, p.br = conn, bufio.NewReader(conn)
	}
	var req bytes.Buffer
	fmt.Fprintf(&req, "POST /RPC2 HTTP/1.1\r\nHost: %s\r\nAccept-Encoding: identity\r\n", p.hostHeader)
	fmt.Fprintf(&req, "User-Agent: %s\r\nContent-Type: text/xml\r\nAccept: text/xml\r\n", userAgent)
	if p.auth != "" {
		fmt.Fprintf(&req, "Authorization: %s\r\n", p.auth)
	}
	fmt.Fprintf(&req, "Content-Length: %d\r\n\r\n", len(body))
	req.Write(body)
	if _, err := p.conn.Write(req.Bytes()); err != nil {
		p.close()
		return nil, p.ioError(err)
	}
	resp, err := http.ReadResponse(p.br, nil)
	if err != nil {
		p.close()
		if isEOF(err) {
			return nil, remoteDisconnected()
		}
		if perr, ok := osError(err, siteRemoteClosed); ok {
			return nil, perr
		}
		return nil, &PyError{Class: "http.client.BadStatusLine", Msg: err.Error(), Site: siteBadStatusLine}
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		p.close()
		reason := strings.TrimSpace(strings.TrimPrefix(resp.Status, strconv.Itoa(resp.StatusCode)))
		return nil, &ProtocolError{Code: resp.StatusCode, Reason: reason}
	}
	data, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		p.close()
		return nil, p.ioError(err)
	}
	if resp.Close {
		p.close()
	}
	return data, nil
}

func (p *serverProxy) ioError(err error) error {
	if isEOF(err) {
		return remoteDisconnected()
	}
	if perr, ok := osError(err, siteRemoteClosed); ok {
		return perr
	}
	return &PyError{Class: "OSError", Msg: err.Error(), Site: siteRemoteClosed}
}
