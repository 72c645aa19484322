package harness

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kolo/xmlrpc"
)

// UnixTransport returns an http.RoundTripper that sends every request to
// the unix socket at path, whatever host the request URL names. Use URLs
// like http://localhost/RPC2 with it (supervisorctl sends Host: localhost).
func UnixTransport(path string) *http.Transport {
	return &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "unix", path)
		},
		DisableCompression:  true,
		MaxIdleConnsPerHost: 4,
	}
}

// RPC is an XML-RPC client for one daemon endpoint. Requests are encoded by
// kolo/xmlrpc; replies are decoded either by kolo into a typed value
// (CallInto) or into plain Go values by Call.
type RPC struct {
	// URL is the request URL, e.g. http://localhost/RPC2 (unix) or
	// http://127.0.0.1:9001/RPC2.
	URL string
	// HTTP is the client; over unix sockets its Transport is UnixTransport.
	HTTP *http.Client
	// Username and Password, when Username is not empty, are sent as HTTP
	// Basic credentials.
	Username, Password string
}

// NewUnixRPC returns an RPC client for the unix socket at path.
func NewUnixRPC(path string) *RPC {
	return &RPC{
		URL:  "http://localhost/RPC2",
		HTTP: &http.Client{Transport: UnixTransport(path), Timeout: 30 * time.Second},
	}
}

// NewInetRPC returns an RPC client for http://host:port/RPC2.
func NewInetRPC(host string, port int) *RPC {
	return &RPC{
		URL:  fmt.Sprintf("http://%s/RPC2", net.JoinHostPort(host, strconv.Itoa(port))),
		HTTP: &http.Client{Transport: &http.Transport{DisableCompression: true}, Timeout: 30 * time.Second},
	}
}

// Kolo returns a kolo/xmlrpc client (net/rpc style) on the same endpoint.
// Note kolo's quirks: faults and non-200 statuses come back as plain
// rpc.ServerError strings ("Fault(10): BAD_NAME: x"), and an empty
// <string></string> decodes to nil when the target is an interface{}.
func (r *RPC) Kolo() (*xmlrpc.Client, error) {
	return xmlrpc.NewClient(r.URL, r.HTTP.Transport)
}

// Fault is an XML-RPC fault reply.
type Fault struct {
	Code   int    `xmlrpc:"faultCode"`
	String string `xmlrpc:"faultString"`
}

// Error formats the fault as <Fault CODE: "STRING">.
func (f *Fault) Error() string { return fmt.Sprintf("<Fault %d: %q>", f.Code, f.String) }

// StatusError is a reply whose HTTP status was not 200.
type StatusError struct {
	Code   int
	Status string // e.g. "401 Unauthorized"
	Body   []byte
}

// Error is "HTTP " and the status line's code and reason.
func (e *StatusError) Error() string { return "HTTP " + e.Status }

// Raw posts an XML-RPC call and returns the reply body of a 200 answer.
func (r *RPC) Raw(method string, args ...any) ([]byte, error) {
	body, err := xmlrpc.EncodeMethodCall(method, args...)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequest("POST", r.URL, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "text/xml")
	if r.Username != "" {
		req.SetBasicAuth(r.Username, r.Password)
	}
	resp, err := r.HTTP.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, &StatusError{Code: resp.StatusCode, Status: resp.Status, Body: data}
	}
	return data, nil
}

// CallInto makes a call and decodes the reply into reply (a pointer) with
// kolo/xmlrpc. A fault reply returns a *Fault.
func (r *RPC) CallInto(reply any, method string, args ...any) error {
	data, err := r.Raw(method, args...)
	if err != nil {
		return err
	}
	if f, ok := faultOf(data); ok {
		return f
	}
	return xmlrpc.Response(data).Unmarshal(reply)
}

// Call makes a call and returns the reply as plain Go values: string, int,
// bool, float64, time.Time, []byte (base64), []any and map[string]any
// (empty strings stay ""). A fault reply returns a *Fault.
func (r *RPC) Call(method string, args ...any) (any, error) {
	data, err := r.Raw(method, args...)
	if err != nil {
		return nil, err
	}
	return DecodeResponse(data)
}

// MustCall is Call that fails the test on any error.
func (r *RPC) MustCall(t testing.TB, method string, args ...any) any {
	t.Helper()
	v, err := r.Call(method, args...)
	if err != nil {
		t.Fatalf("harness: %s: %v", method, err)
	}
	return v
}

func faultOf(data []byte) (*Fault, bool) {
	if !bytes.Contains(data, []byte("<fault>")) {
		return nil, false
	}
	_, err := DecodeResponse(data)
	var f *Fault
	return f, errors.As(err, &f)
}

// DecodeResponse decodes an XML-RPC methodResponse body into plain Go values
// (see Call). A <fault> is returned as a *Fault error.
func DecodeResponse(data []byte) (any, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := d.Token()
		if err != nil {
			return nil, fmt.Errorf("harness: bad XML-RPC reply: %w", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "fault":
			v, err := decodeNextValue(d)
			if err != nil {
				return nil, err
			}
			m, _ := v.(map[string]any)
			code, _ := m["faultCode"].(int)
			str, _ := m["faultString"].(string)
			return nil, &Fault{Code: code, String: str}
		case "value":
			return decodeValue(d)
		}
	}
}

// decodeNextValue skips to the next <value> and decodes it.
func decodeNextValue(d *xml.Decoder) (any, error) {
	for {
		tok, err := d.Token()
		if err != nil {
			return nil, err
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "value" {
			return decodeValue(d)
		}
	}
}

// decodeValue decodes the content of a <value> whose start tag was read,
// up to and including its end tag.
func decodeValue(d *xml.Decoder) (any, error) {
	var text strings.Builder
	for {
		tok, err := d.Token()
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.CharData:
			text.Write(t)
		case xml.EndElement: // </value> without a type element: a string
			return text.String(), nil
		case xml.StartElement:
			v, err := decodeTyped(d, t.Name.Local)
			if err != nil {
				return nil, err
			}
			return v, d.Skip() // the rest of <value>
		}
	}
}

func decodeTyped(d *xml.Decoder, typ string) (any, error) {
	switch typ {
	case "array":
		var out []any
		for {
			tok, err := d.Token()
			if err != nil {
				return nil, err
			}
			switch t := tok.(type) {
			case xml.StartElement:
				if t.Name.Local == "value" {
					v, err := decodeValue(d)
					if err != nil {
						return nil, err
					}
					out = append(out, v)
				}
			case xml.EndElement:
				if t.Name.Local == "array" {
					if out == nil {
						out = []any{}
					}
					return out, nil
				}
			}
		}
	case "struct":
		out := map[string]any{}
		var name string
		for {
			tok, err := d.Token()
			if err != nil {
				return nil, err
			}
			switch t := tok.(type) {
			case xml.StartElement:
				switch t.Name.Local {
				case "name":
					var s string
					if err := d.DecodeElement(&s, &t); err != nil {
						return nil, err
					}
					name = s
				case "value":
					v, err := decodeValue(d)
					if err != nil {
						return nil, err
					}
					out[name] = v
				}
			case xml.EndElement:
				if t.Name.Local == "struct" {
					return out, nil
				}
			}
		}
	case "nil":
		return nil, d.Skip()
	}
	var s string
	if err := d.DecodeElement(&s, &xml.StartElement{Name: xml.Name{Local: typ}}); err != nil {
		return nil, err
	}
	switch typ {
	case "string":
		return s, nil
	case "int", "i4", "i8":
		return strconv.Atoi(strings.TrimSpace(s))
	case "boolean":
		switch strings.TrimSpace(s) {
		case "1":
			return true, nil
		case "0":
			return false, nil
		}
		return nil, fmt.Errorf("harness: bad boolean %q", s)
	case "double":
		return strconv.ParseFloat(strings.TrimSpace(s), 64)
	case "base64":
		return base64.StdEncoding.DecodeString(strings.TrimSpace(s))
	case "dateTime.iso8601":
		return time.Parse("20060102T15:04:05", strings.TrimSpace(s))
	}
	return nil, fmt.Errorf("harness: unknown XML-RPC type <%s>", typ)
}

// FaultCode returns the code of the XML-RPC fault err holds, or 0.
func FaultCode(err error) int {
	var f *Fault
	if errors.As(err, &f) {
		return f.Code
	}
	return 0
}
