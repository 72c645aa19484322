package server

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kolo/xmlrpc"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gosupervisord/gosupervisord/rpc"
	"github.com/gosupervisord/gosupervisord/supervisor/childlog"
	"github.com/gosupervisord/gosupervisord/supervisor/config"
	"github.com/gosupervisord/gosupervisord/supervisor/faults"
)

// logMap resolves namespecs to files for the client tests.
type logMap struct {
	files   map[string]string // "namespec/channel" -> path
	mainLog string
}

func (m *logMap) LookupLogfile(_ context.Context, name, channel string) (string, error) {
	if p, ok := m.files[name+"/"+channel]; ok {
		return p, nil
	}
	return "", rpc.NewFault(faults.BadName, name)
}

func (m *logMap) LookupMainLogfile(context.Context) (string, error) { return m.mainLog, nil }

// clientFixture runs our servers (unix without auth, inet with admin/s3cret)
// with the test registry and child logs written through childlog.
type clientFixture struct {
	dir, sock, inet string
	conf            string // a supervisorctl configuration naming no server
	reg             *testRegistry
	logs            *logMap
}

func newClientFixture(t *testing.T) *clientFixture {
	t.Helper()
	dir := shortTempDir(t)
	f := &clientFixture{dir: dir, sock: sockPath(dir), reg: newTestRegistry(t), logs: &logMap{files: map[string]string{}}}
	port := freePort(t)
	f.inet = "127.0.0.1:" + strconv.Itoa(port)
	startServers(t, []config.ServerConfig{unixConfig(f.sock), inetConfig(port, "admin", "s3cret")},
		Options{Registry: f.reg.Registry, Logs: f.logs})
	f.conf = filepath.Join(dir, "ctl.conf")
	require.NoError(t, os.WriteFile(f.conf, []byte("[supervisorctl]\n"), 0o644))
	return f
}

func (f *clientFixture) childLog(t *testing.T, name string) *childlog.File {
	t.Helper()
	lf, err := childlog.Open(filepath.Join(f.dir, name), 0, 0)
	require.NoError(t, err)
	t.Cleanup(func() { lf.Close() })
	return lf
}

func TestStockSupervisorctl(t *testing.T) {
	f := newClientFixture(t)
	ctl := func(args ...string) (string, error) {
		return runWithTimeout(t, 30*time.Second, "/usr/bin/supervisorctl", append([]string{"-c", f.conf}, args...)...)
	}

	out, err := ctl("-s", "unix://"+f.sock, "version")
	require.NoError(t, err, out)
	assert.Equal(t, "4.2.5\n", out)

	out, err = ctl("-s", "http://"+f.inet, "-u", "admin", "-p", "s3cret", "version")
	require.NoError(t, err, out)
	assert.Equal(t, "4.2.5\n", out)

	out, err = ctl("-s", "http://"+f.inet, "-u", "admin", "-p", "wrong", "version")
	var ee *exitError
	require.ErrorAs(t, err, &ee)
	assert.Equal(t, 1, ee.code)
	assert.Equal(t, "Server requires authentication\nerror: <class 'xmlrpc.client.ProtocolError'>, "+
		"<ProtocolError for 127.0.0.1/RPC2: 401 Unauthorized>: file: /usr/lib/python3/dist-packages/supervisor/xmlrpc.py line: 539\n", out)

	out, err = ctl("-s", "unix://"+f.sock, "tail", "-f", "nosuch")
	require.NoError(t, err, out)
	assert.Equal(t, "==> Press Ctrl-C to exit <==\nunix://"+f.sock+"/logtail/nosuch/stdout Cannot read, status code 404\n", out)
}

// follow runs a supervisorctl that streams (tail -f, maintail -f) and
// returns a reader of its standard output; it is killed by PID when the
// test ends.
func follow(t *testing.T, args ...string) *bufio.Reader {
	t.Helper()
	cmd := exec.Command("/usr/bin/supervisorctl", args...)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	cmd.Stderr = cmd.Stdout
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
	})
	return bufio.NewReader(stdout)
}

// expectOutput reads from r until want has arrived, failing after 15 s.
func expectOutput(t *testing.T, r *bufio.Reader, want string) {
	t.Helper()
	got := make([]byte, len(want))
	done := make(chan error, 1)
	go func() {
		_, err := io.ReadFull(r, got)
		done <- err
	}()
	select {
	case err := <-done:
		require.NoError(t, err)
		assert.Equal(t, want, string(got))
	case <-time.After(15 * time.Second):
		t.Fatalf("timed out waiting for %q", want)
	}
}

// TestStockSupervisorctlTailFollows proves that the stock client's tail -f
// and maintail -f follow our streams live, over both transports.
func TestStockSupervisorctlTailFollows(t *testing.T) {
	f := newClientFixture(t)
	out := f.childLog(t, "p.out")
	errLog := f.childLog(t, "p.err")
	mainLog := f.childLog(t, "supervisord.log")
	f.logs.files["p/stdout"] = out.Path()
	f.logs.files["grp:p/stderr"] = errLog.Path()
	f.logs.mainLog = mainLog.Path()
	_, err := out.Write([]byte("before\n"))
	require.NoError(t, err)
	_, err = mainLog.Write([]byte("main 1\n"))
	require.NoError(t, err)

	tail := follow(t, "-c", f.conf, "-s", "unix://"+f.sock, "tail", "-f", "p")
	expectOutput(t, tail, "==> Press Ctrl-C to exit <==\nbefore\n")
	for i := range 3 {
		line := fmt.Sprintf("live line %d\n", i)
		_, err := out.Write([]byte(line))
		require.NoError(t, err)
		expectOutput(t, tail, line)
	}

	tailErr := follow(t, "-c", f.conf, "-s", "http://"+f.inet, "-u", "admin", "-p", "s3cret", "tail", "-f", "grp:p", "stderr")
	expectOutput(t, tailErr, "==> Press Ctrl-C to exit <==\n")
	_, err = errLog.Write([]byte("an error\n"))
	require.NoError(t, err)
	expectOutput(t, tailErr, "an error\n")

	mainTail := follow(t, "-c", f.conf, "-s", "unix://"+f.sock, "maintail", "-f")
	expectOutput(t, mainTail, "==> Press Ctrl-C to exit <==\nmain 1\n")
	_, err = mainLog.Write([]byte("main 2\n"))
	require.NoError(t, err)
	expectOutput(t, mainTail, "main 2\n")
}

// TestPythonClient drives our server with Python's xmlrpc.client, as Cesi,
// Ansible and the exporters do.
func TestPythonClient(t *testing.T) {
	f := newClientFixture(t)
	script := `
import sys, xmlrpc.client
url = sys.argv[1]
p = xmlrpc.client.ServerProxy(url)
print(p.supervisor.getVersion())
print(p.supervisor.getState())
print(p.system.multicall([{'methodName': 'supervisor.getAPIVersion', 'params': []},
                          {'methodName': 'supervisor.getProcessInfo', 'params': ['nosuch']}]))
print(p.supervisor.echo('h\u00e9llo \u2603 <&>'))
print(p.supervisor.ansi())
try:
    p.supervisor.getProcessInfo('nosuch')
except xmlrpc.client.Fault as e:
    print(e.faultCode, e.faultString)
try:
    p.supervisor.returnNil()
except xmlrpc.client.ProtocolError as e:
    print(e.errcode, e.errmsg)
try:
    xmlrpc.client.ServerProxy(url.replace('s3cret', 'bad')).supervisor.getVersion()
except xmlrpc.client.ProtocolError as e:
    print(e.errcode, e.errmsg)
print(p.system.methodSignature('supervisor.startProcess'))
`
	out, err := runWithTimeout(t, 30*time.Second, "/usr/bin/python3", "-c", script, "http://admin:s3cret@"+f.inet+"/RPC2")
	require.NoError(t, err, out)
	assert.Equal(t, `3.0
{'statecode': 1, 'statename': 'RUNNING'}
['3.0', {'faultCode': 10, 'faultString': 'BAD_NAME: nosuch'}]
héllo ☃ <&>
`+"\uFFFD"+`[1mbold`+"\uFFFD"+`[0m
10 BAD_NAME: nosuch
500 Internal Server Error
401 Unauthorized
['boolean', 'string', 'boolean']
`, out)
}

// TestKoloClient checks the shapes from Go through kolo/xmlrpc.
func TestKoloClient(t *testing.T) {
	f := newClientFixture(t)
	c, err := xmlrpc.NewClient("http://admin:s3cret@"+f.inet+"/RPC2", nil)
	require.NoError(t, err)
	defer c.Close()

	var version string
	require.NoError(t, c.Call("supervisor.getVersion", nil, &version))
	assert.Equal(t, "3.0", version)

	var state struct {
		Code int    `xmlrpc:"statecode"`
		Name string `xmlrpc:"statename"`
	}
	require.NoError(t, c.Call("supervisor.getState", nil, &state))
	assert.Equal(t, 1, state.Code)
	assert.Equal(t, "RUNNING", state.Name)

	// kolo's client goes through net/rpc, which flattens the fault to text.
	err = c.Call("supervisor.getProcessInfo", "nosuch", nil)
	assert.EqualError(t, err, "Fault(10): BAD_NAME: nosuch")

	var methods []string
	require.NoError(t, c.Call("system.listMethods", nil, &methods))
	assert.Contains(t, methods, "system.multicall")
	assert.True(t, strings.HasPrefix(methods[0], "supervisor."))

	var echoed string
	require.NoError(t, c.Call("supervisor.echo", "line\nwith\ttabs & <tags>", &echoed))
	assert.Equal(t, "line\nwith\ttabs & <tags>", echoed)
}
