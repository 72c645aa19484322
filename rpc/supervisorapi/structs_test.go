package supervisorapi

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gosupervisord/gosupervisord/rpc/xmlrpc"
	"github.com/gosupervisord/gosupervisord/supervisor"
)

// TestProcessInfoListEncoding checks that getAllProcessInfo's direct
// encoding is byte for byte the generic encoding of the same structs.
func TestProcessInfoListEncoding(t *testing.T) {
	running := supervisor.ProcessInfo{Name: "web", Group: "web", Start: 1795444583, Now: 1795444855,
		State: supervisor.Running, StdoutLogfile: "/var/log/web.log", StderrLogfile: "/var/log/web-err.log",
		PID: 4242, Description: "pid 4242, uptime 0:04:32"}
	cases := []struct {
		name string
		list processInfoList
	}{
		{"empty", processInfoList{}},
		{"nil", nil},
		{"one", processInfoList{running}},
		{"every state", func() processInfoList {
			var l processInfoList
			for _, st := range []supervisor.ProcessState{supervisor.Stopped, supervisor.Starting, supervisor.Running,
				supervisor.Backoff, supervisor.Stopping, supervisor.Exited, supervisor.Fatal, supervisor.Unknown} {
				pi := running
				pi.State = st
				l = append(l, pi)
			}
			return l
		}()},
		{"escaping and odd text", processInfoList{{Name: "a&b<c>", Group: "g\"'", SpawnErr: "bad\x01byte \xff é \u2603",
			State: supervisor.Fatal, ExitStatus: -1, Description: "<&>", StdoutLogfile: "\t\r\n"}}},
		{"extremes", processInfoList{{Start: math.MaxInt32, Stop: math.MinInt32, Now: math.MaxInt32,
			PID: math.MaxInt32, ExitStatus: 255}}},
		{"many", func() processInfoList {
			l := make(processInfoList, 300)
			for i := range l {
				l[i] = running
				l[i].Name = fmt.Sprintf("p%03d", i)
				l[i].PID = 1000 + i
			}
			return l
		}()},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			want, err := xmlrpc.AppendResponse(nil, tc.list.structs())
			require.NoError(t, err)
			got, err := xmlrpc.AppendResponse(nil, tc.list)
			require.NoError(t, err)
			assert.Equal(t, string(want), string(got))
			// Inside another value (a multicall result) too.
			want, err = xmlrpc.AppendValue(nil, []any{tc.list.structs(), 1})
			require.NoError(t, err)
			got, err = xmlrpc.AppendValue(nil, []any{tc.list, 1})
			require.NoError(t, err)
			assert.Equal(t, string(want), string(got))
		})
	}
}

// benchInfos is a getAllProcessInfo result for n processes.
func benchInfos(n int) processInfoList {
	l := make(processInfoList, n)
	for i := range l {
		l[i] = supervisor.ProcessInfo{Name: fmt.Sprintf("p%04d", i), Group: fmt.Sprintf("p%04d", i),
			Start: 1795444583, Now: 1795444855, State: supervisor.Running,
			StdoutLogfile: fmt.Sprintf("/tmp/svb/childlogs/p%04d-stdout---supervisor-abcdef.log", i),
			StderrLogfile: fmt.Sprintf("/tmp/svb/childlogs/p%04d-stderr---supervisor-abcdef.log", i),
			PID:           10000 + i, Description: fmt.Sprintf("pid %d, uptime 0:04:32", 10000+i)}
	}
	return l
}

// BenchmarkProcessInfoList encodes getAllProcessInfo for 200 processes,
// directly and through generic structs.
func BenchmarkProcessInfoList(b *testing.B) {
	l := benchInfos(200)
	var buf []byte
	b.Run("direct", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			buf, _ = xmlrpc.AppendResponse(buf[:0], processInfos(l))
		}
		b.SetBytes(int64(len(buf)))
	})
	b.Run("structs", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			buf, _ = xmlrpc.AppendResponse(buf[:0], l.structs())
		}
		b.SetBytes(int64(len(buf)))
	})
}
