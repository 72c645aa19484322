package ctl

import (
	"fmt"

	"github.com/gosupervisord/gosupervisord/internal/py"
)

// Where 4.2.5's modules live on Debian 12 (Python 3.11). The error lines
// supervisorctl prints name the innermost frame of a Python traceback; we
// reproduce the frames of the failures we recognise.
const (
	pyLib  = "/usr/lib/python3.11/"
	supLib = "/usr/lib/python3/dist-packages/supervisor/"
)

// pySite is a source location in a Python traceback.
type pySite struct {
	file string
	line int
}

// The frames 4.2.5 reports for the exceptions we reproduce.
var (
	siteProtocolError   = pySite{supLib + "xmlrpc.py", 539} // SupervisorTransport.request: status != 200
	siteUnknownProtocol = pySite{supLib + "xmlrpc.py", 505} // SupervisorTransport.__init__
	siteUnixConnect     = pySite{supLib + "xmlrpc.py", 557} // UnixStreamHTTPConnection.connect
	siteTCPConnect      = pySite{pyLib + "socket.py", 836}  // socket.create_connection
	siteGetaddrinfo     = pySite{pyLib + "socket.py", 962}  // socket.getaddrinfo
	sitePortCast        = pySite{pyLib + "urllib/parse.py", 182}
	sitePortRange       = pySite{pyLib + "urllib/parse.py", 184}
	siteFault           = pySite{pyLib + "xmlrpc/client.py", 668} // Unmarshaller.close
	siteExpat           = pySite{pyLib + "xmlrpc/client.py", 451} // ExpatParser.feed
	siteOverflow        = pySite{pyLib + "xmlrpc/client.py", 552} // Marshaller.dump_long
	siteRemoteClosed    = pySite{pyLib + "http/client.py", 287}   // HTTPResponse._read_status
	siteBadStatusLine   = pySite{pyLib + "http/client.py", 300}
	siteGetpassEOF      = pySite{pyLib + "getpass.py", 148}
	siteUsernameEOF     = pySite{supLib + "supervisorctl.py", 212}
	siteShutdownEOF     = pySite{supLib + "supervisorctl.py", 987}
	siteReloadEOF       = pySite{supLib + "supervisorctl.py", 1027}
	siteStartResult     = pySite{supLib + "supervisorctl.py", 761}
	siteSignalResult    = pySite{supLib + "supervisorctl.py", 835}
	siteClearResult     = pySite{supLib + "supervisorctl.py", 1260}
	siteStreamScheme    = pySite{supLib + "http_client.py", 88}
)

// PyError is a failure that 4.2.5's supervisorctl reports as a Python
// exception caught by its command loop. Error() is the line it prints:
//
//	error: <class 'xmlrpc.client.Fault'>, <Fault 6: 'SHUTDOWN_STATE'>: file: ... line: ...
type PyError struct {
	// Class is the exception's qualified class name, e.g. "ConnectionRefusedError".
	Class string
	// Msg is str() of the exception.
	Msg string
	// Site is the innermost traceback frame.
	Site pySite
	// Errno is the OS error number for socket errors (0 otherwise).
	Errno int
}

// Error is the line 4.2.5's command loop prints for the exception.
func (e *PyError) Error() string {
	return fmt.Sprintf("error: <class '%s'>, %s: file: %s line: %d", e.Class, e.Msg, e.Site.file, e.Site.line)
}

// Fault is an XML-RPC fault reply.
type Fault struct {
	Code   int
	String string
}

// Error is str() of Python's xmlrpc.client.Fault.
func (f *Fault) Error() string { return fmt.Sprintf("<Fault %d: %s>", f.Code, py.Repr(f.String)) }

// asPyError is the exception line for f when nothing handles it.
func (f *Fault) asPyError() *PyError {
	return &PyError{Class: "xmlrpc.client.Fault", Msg: f.Error(), Site: siteFault}
}

// ProtocolError is an RPC reply whose HTTP status was not 200.
type ProtocolError struct {
	Code   int
	Reason string
}

// pyError is the exception line for e when nothing handles it.
func (e *ProtocolError) pyError() *PyError {
	return &PyError{
		Class: "xmlrpc.client.ProtocolError",
		Msg:   fmt.Sprintf("<ProtocolError for 127.0.0.1/RPC2: %d %s>", e.Code, e.Reason),
		Site:  siteProtocolError,
	}
}

// Error is the line 4.2.5 prints for the unhandled ProtocolError.
func (e *ProtocolError) Error() string { return e.pyError().Error() }

// valueError is a Python ValueError raised at site.
func valueError(site pySite, msg string) *PyError {
	return &PyError{Class: "ValueError", Msg: msg, Site: site}
}

// unknownResult is _startresult's/_signalresult's/_clearresult's complaint
// about a status code it does not know.
func unknownResult(site pySite, code int, name string) *PyError {
	return valueError(site, fmt.Sprintf("Unknown result code %d for %s", code, name))
}

// eofError is the EOFError input() raises at end of input.
func eofError(site pySite) *PyError {
	return &PyError{Class: "EOFError", Msg: "EOF when reading a line", Site: site}
}
