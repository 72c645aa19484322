package server

import (
	"bufio"
	"context"
	"io"
	"net"
	"strconv"
	"strings"
	"testing"

	"github.com/gosupervisord/gosupervisord/rpc"
	"github.com/gosupervisord/gosupervisord/rpc/xmlrpc"
	"github.com/gosupervisord/gosupervisord/supervisor/config"
)

// BenchmarkRPCRoundTrip measures complete XML-RPC calls over a keep-alive
// unix-socket connection: getVersion, and a 200-process
// getAllProcessInfo-shaped result.
func BenchmarkRPCRoundTrip(b *testing.B) {
	infos := make([]any, 200)
	for i := range infos {
		infos[i] = xmlrpc.Struct{
			{Name: "name", Value: "proc" + strconv.Itoa(i)}, {Name: "group", Value: "grp"},
			{Name: "start", Value: 1795444583}, {Name: "stop", Value: 0}, {Name: "now", Value: 1795444855},
			{Name: "state", Value: 20}, {Name: "statename", Value: "RUNNING"}, {Name: "spawnerr", Value: ""},
			{Name: "exitstatus", Value: 0}, {Name: "logfile", Value: "/var/log/supervisor/proc-stdout---supervisor-abc.log"},
			{Name: "stdout_logfile", Value: "/var/log/supervisor/proc-stdout---supervisor-abc.log"},
			{Name: "stderr_logfile", Value: "/var/log/supervisor/proc-stderr---supervisor-abc.log"},
			{Name: "pid", Value: 4242}, {Name: "description", Value: "pid 4242, uptime 0:04:32"},
		}
	}
	reg := rpc.NewRegistry()
	if err := reg.Register("supervisor",
		rpc.Method{Name: "getVersion", Doc: "v", Returns: rpc.TypeString, ReturnDoc: "v",
			Func: func(context.Context, rpc.Args) (any, error) { return "3.0", nil }},
		rpc.Method{Name: "getAllProcessInfo", Doc: "i", Returns: rpc.TypeArray, ReturnDoc: "i",
			Func: func(context.Context, rpc.Args) (any, error) { return infos, nil }},
	); err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	s, err := Listen([]config.ServerConfig{unixConfig(dir + "/s.sock")}, Options{Registry: reg})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	for _, method := range []string{"supervisor.getVersion", "supervisor.getAllProcessInfo"} {
		b.Run(method, func(b *testing.B) {
			c, err := net.Dial("unix", dir+"/s.sock")
			if err != nil {
				b.Fatal(err)
			}
			defer c.Close()
			body, _ := xmlrpc.AppendCall(nil, method)
			req := []byte("POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\nContent-Length: " +
				strconv.Itoa(len(body)) + "\r\n\r\n" + string(body))
			br := bufio.NewReaderSize(c, 64<<10)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.Write(req); err != nil {
					b.Fatal(err)
				}
				n := -1
				for {
					line, err := br.ReadString('\n')
					if err != nil {
						b.Fatal(err)
					}
					if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
						n, _ = strconv.Atoi(strings.TrimSpace(v))
					}
					if line == "\r\n" {
						break
					}
				}
				if _, err := io.CopyN(io.Discard, br, int64(n)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
