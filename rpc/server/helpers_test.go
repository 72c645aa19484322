package server

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gosupervisord/gosupervisord/rpc"
	"github.com/gosupervisord/gosupervisord/rpc/xmlrpc"
	"github.com/gosupervisord/gosupervisord/supervisor/config"
	"github.com/gosupervisord/gosupervisord/supervisor/faults"
)

// shortTempDir returns a temporary directory with a path short enough for
// unix socket names (108 bytes).
func shortTempDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("/tmp", "rpcsrv")
	require.NoError(t, err)
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

func strp(s string) *string { return &s }

func unixConfig(path string) config.ServerConfig {
	return config.ServerConfig{Section: "unix_http_server", Family: config.FamilyUnix, File: path, Chmod: 0o700, ChownUID: -1, ChownGID: -1}
}

func inetConfig(port int, user, pass string) config.ServerConfig {
	c := config.ServerConfig{Section: "inet_http_server", Family: config.FamilyInet, Host: "127.0.0.1", Port: port}
	if user != "" {
		c.Username, c.Password = strp(user), strp(pass)
	}
	return c
}

// freePort returns a TCP port that was free a moment ago.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp4", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// memLogger records log lines.
type memLogger struct {
	mu    sync.Mutex
	lines []string
}

func (l *memLogger) add(level, format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, level+" "+fmt.Sprintf(format, args...))
}
func (l *memLogger) Critf(f string, a ...any)  { l.add("CRIT", f, a...) }
func (l *memLogger) Errorf(f string, a ...any) { l.add("ERRO", f, a...) }
func (l *memLogger) Warnf(f string, a ...any)  { l.add("WARN", f, a...) }
func (l *memLogger) Infof(f string, a ...any)  { l.add("INFO", f, a...) }
func (l *memLogger) Tracef(f string, a ...any) { l.add("TRAC", f, a...) }

func (l *memLogger) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.lines...)
}

// testRegistry has a supervisor namespace answering like 4.2.5 for the
// calls the wire tests make: getVersion/getAPIVersion "3.0", BAD_NAME for
// every process name, and a method that waits until cancelled.
type testRegistry struct {
	*rpc.Registry
	waiting   chan struct{} // receives when waitForever starts waiting
	cancelled chan struct{} // receives when its context ends
}

func newTestRegistry(t *testing.T) *testRegistry {
	t.Helper()
	tr := &testRegistry{Registry: rpc.NewRegistry(), waiting: make(chan struct{}, 10), cancelled: make(chan struct{}, 10)}
	version := rpc.Method{Name: "getAPIVersion", Doc: "The API version.", Returns: rpc.TypeString, ReturnDoc: "version",
		Func: func(context.Context, rpc.Args) (any, error) { return "3.0", nil }}
	alias := version
	alias.Name = "getVersion"
	name := rpc.Param{Name: "name", Type: rpc.TypeString, Doc: "A process name."}
	require.NoError(t, tr.Register("supervisor", version, alias,
		rpc.Method{Name: "getState", Doc: "The state.", Returns: rpc.TypeStruct, ReturnDoc: "state",
			Func: func(context.Context, rpc.Args) (any, error) {
				return xmlrpc.Struct{{Name: "statecode", Value: 1}, {Name: "statename", Value: "RUNNING"}}, nil
			}},
		rpc.Method{Name: "getProcessInfo", Doc: "Process info.", Params: []rpc.Param{name}, Returns: rpc.TypeStruct, ReturnDoc: "info",
			Func: func(_ context.Context, a rpc.Args) (any, error) {
				n, err := a.Name(0)
				if err != nil {
					return nil, err
				}
				return nil, rpc.NewFault(faults.BadName, n)
			}},
		rpc.Method{Name: "startProcess", Doc: "Start.", Params: []rpc.Param{name, {Name: "wait", Type: rpc.TypeBoolean, Doc: "Wait.", Optional: true}},
			Returns: rpc.TypeBoolean, ReturnDoc: "true",
			Func: func(_ context.Context, a rpc.Args) (any, error) {
				n, err := a.Name(0)
				if err != nil {
					return nil, err
				}
				return nil, rpc.NewFault(faults.BadName, n)
			}},
		rpc.Method{Name: "waitForever", Doc: "Wait until the client goes away.", Returns: rpc.TypeBoolean, ReturnDoc: "never",
			Func: func(ctx context.Context, _ rpc.Args) (any, error) {
				tr.waiting <- struct{}{}
				<-ctx.Done()
				tr.cancelled <- struct{}{}
				return nil, ctx.Err()
			}},
		rpc.Method{Name: "slow", Doc: "Answer after a moment.", Returns: rpc.TypeBoolean, ReturnDoc: "true",
			Func: func(ctx context.Context, _ rpc.Args) (any, error) {
				tr.waiting <- struct{}{}
				select {
				case <-time.After(300 * time.Millisecond):
					return true, nil
				case <-ctx.Done():
					return nil, ctx.Err()
				}
			}},
		rpc.Method{Name: "getSupervisorVersion", Doc: "The version.", Returns: rpc.TypeString, ReturnDoc: "version",
			Func: func(context.Context, rpc.Args) (any, error) { return "4.2.5", nil }},
		rpc.Method{Name: "ansi", Doc: "Return text with ANSI colour codes.", Returns: rpc.TypeString, ReturnDoc: "text",
			Func: func(context.Context, rpc.Args) (any, error) { return "\x1b[1mbold\x1b[0m", nil }},
		rpc.Method{Name: "returnNil", Doc: "Return a value XML-RPC cannot carry.", Returns: rpc.TypeBoolean, ReturnDoc: "nothing",
			Func: func(context.Context, rpc.Args) (any, error) { return nil, nil }},
		rpc.Method{Name: "echo", Doc: "Return the argument.", Params: []rpc.Param{{Name: "v", Type: rpc.TypeString}},
			Returns: rpc.TypeString, ReturnDoc: "v",
			Func: func(_ context.Context, a rpc.Args) (any, error) { return a.Value(0), nil }},
	))
	return tr
}

// startServers runs Listen and closes the servers when the test ends.
func startServers(t *testing.T, cfgs []config.ServerConfig, opts Options) *Servers {
	t.Helper()
	s, err := Listen(cfgs, opts)
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s
}

// exchange sends raw on a new connection and returns what comes back: the
// first complete response (or everything until the server closes) and
// whether the server closed the connection after it.
func exchange(t *testing.T, network, addr string, raw []byte) (resp []byte, closed bool) {
	t.Helper()
	c, err := net.Dial(network, addr)
	require.NoError(t, err)
	defer c.Close()
	_, err = c.Write(raw)
	require.NoError(t, err)
	return readResponses(t, c, 1)
}

// readResponses reads n complete responses (fewer if the server closes),
// then reports whether the server closes the connection soon after.
func readResponses(t *testing.T, c net.Conn, n int) (resp []byte, closed bool) {
	t.Helper()
	var buf bytes.Buffer
	tmp := make([]byte, 64<<10)
	deadline := time.Now().Add(10 * time.Second)
	for {
		if k := completeResponses(buf.Bytes()); k >= n {
			c.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
			m, err := c.Read(tmp)
			buf.Write(tmp[:m])
			return buf.Bytes(), errors.Is(err, io.EOF) || isReset(err)
		}
		c.SetReadDeadline(deadline)
		m, err := c.Read(tmp)
		buf.Write(tmp[:m])
		if err != nil {
			require.False(t, isTimeout(err), "timed out waiting for a response; got %q", buf.String())
			return buf.Bytes(), true
		}
	}
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func isReset(err error) bool {
	return err != nil && strings.Contains(err.Error(), "connection reset")
}

// completeResponses counts the complete HTTP responses at the start of b.
func completeResponses(b []byte) int {
	count := 0
	for {
		end := bytes.Index(b, []byte("\r\n\r\n"))
		if end < 0 {
			return count
		}
		head := string(b[:end])
		rest := b[end+4:]
		lower := strings.ToLower(head)
		switch {
		case strings.Contains(lower, "\r\ncontent-length: "):
			i := strings.Index(lower, "\r\ncontent-length: ") + len("\r\ncontent-length: ")
			j := strings.Index(lower[i:]+"\r\n", "\r\n")
			n, _ := strconv.Atoi(strings.TrimSpace(head[i : i+j]))
			if len(rest) < n {
				return count
			}
			b = rest[n:]
		case strings.Contains(lower, "transfer-encoding: chunked"):
			k := bytes.Index(rest, []byte("0\r\n\r\n"))
			if k < 0 {
				return count
			}
			b = rest[k+5:]
		default:
			return count
		}
		count++
	}
}

var dateRE = regexp.MustCompile(`(?m)^(Date|Last-Modified): [^\r]*\r$`)

// normalize blanks the dates of responses.
func normalize(b []byte) string {
	return dateRE.ReplaceAllString(string(b), "$1: <DATE>\r")
}

// post builds an XML-RPC POST request.
func post(path, version, extra string, body string) []byte {
	return []byte(fmt.Sprintf("POST %s HTTP/%s\r\nHost: localhost\r\nContent-Type: text/xml\r\n%sContent-Length: %d\r\n\r\n%s",
		path, version, extra, len(body), body))
}

func callBody(t *testing.T, method string, params ...any) string {
	t.Helper()
	b, err := xmlrpc.AppendCall(nil, method, params...)
	require.NoError(t, err)
	return string(b)
}

// readHead reads a response head from br.
func readHead(t *testing.T, br *bufio.Reader) string {
	t.Helper()
	var head strings.Builder
	for {
		line, err := br.ReadString('\n')
		require.NoError(t, err)
		head.WriteString(line)
		if line == "\r\n" {
			return head.String()
		}
	}
}

func sockPath(dir string) string { return filepath.Join(dir, "s.sock") }

type exitError struct{ code int }

func (e *exitError) Error() string { return "exit status " + strconv.Itoa(e.code) }

// runWithTimeout runs a command to completion and returns its combined
// output; a non-zero exit is an *exitError. The process is killed (by
// PID) if it outlives the timeout.
func runWithTimeout(t *testing.T, d time.Duration, name string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(name, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	require.NoError(t, cmd.Start())
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if ee, ok := err.(*exec.ExitError); ok {
			return out.String(), &exitError{ee.ExitCode()}
		}
		return out.String(), err
	case <-time.After(d):
		cmd.Process.Kill()
		<-done
		t.Fatalf("%s did not finish within %v: %s", name, d, out.String())
		return "", nil
	}
}
