package main

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"regexp"
	"strconv"
	"time"
)

// tailScenario: a child prints "TS=<unix time> SEQ=n" every 100 ms; the
// benchmark follows /logtail/ticker/stdout exactly as `supervisorctl tail -f`
// does and measures arrival time minus TS per line.
type tailScenario struct{}

func (tailScenario) name() string { return "tail" }

func (tailScenario) metrics() []metricDef {
	return []metricDef{
		{name: "tail_latency_ms", unit: "ms", better: "lower",
			desc: "child write (timestamp in the line, every 100 ms) -> line received on " +
				"GET /logtail/ticker/stdout (inet port, chunked), median over 5 s (4 s quick)"},
		{name: "tail_latency_mean_ms", unit: "ms", better: "lower", agg: "mean",
			desc:   "same, mean (4.2.5 is bimodal: ~0.5 ms or ~100 ms)",
			target: absTarget(true, false, 2)},
		{name: "tail_latency_p90_ms", unit: "ms", better: "lower", desc: "same, p90"},
	}
}

func (tailScenario) reps(cfg *config) int {
	if cfg.quick {
		return 1
	}
	return 3
}

// tailRequest is byte for byte what supervisorctl's http_client sends.
func tailRequest(path string, port int) []byte {
	return fmt.Appendf(nil, "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nAccept-Encoding: chunked\r\n"+
		"Accept: */*\r\nUser-agent: Supervisor HTTP Client\r\n\r\n\r\n", path, port)
}

// openTail connects to the inet port, sends the logtail request and reads
// the response head; it returns the connection, the head and the body bytes
// read past the head.
func openTail(port int, path string) (net.Conn, responseHead, []byte, error) {
	conn, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), 5*time.Second)
	if err != nil {
		return nil, responseHead{}, nil, err
	}
	conn.(*net.TCPConn).SetNoDelay(true)
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := conn.Write(tailRequest(path, port)); err != nil {
		conn.Close()
		return nil, responseHead{}, nil, err
	}
	var buf []byte
	tmp := make([]byte, 65536)
	for range 1000 {
		if i := bytes.Index(buf, []byte("\r\n\r\n")); i >= 0 {
			head, err := parseHead(buf[:i])
			if err != nil {
				conn.Close()
				return nil, head, nil, err
			}
			return conn, head, buf[i+4:], nil
		}
		n, err := conn.Read(tmp)
		if n == 0 && err != nil {
			conn.Close()
			return nil, responseHead{}, nil, fmt.Errorf("logtail: connection closed before headers: %v", err)
		}
		buf = append(buf, tmp[:n]...)
	}
	conn.Close()
	return nil, responseHead{}, nil, fmt.Errorf("logtail: no header end")
}

var tsRE = regexp.MustCompile(`TS=(\d+\.\d+) SEQ=(\d+)`)

// lineTimestamps extracts the TS value (unix seconds) of complete lines in
// data; it returns them and the trailing incomplete line.
func lineTimestamps(data []byte) ([]float64, []byte) {
	var ts []float64
	for {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			return ts, data
		}
		if m := tsRE.FindSubmatch(data[:i]); m != nil {
			if v, err := strconv.ParseFloat(string(m[1]), 64); err == nil {
				ts = append(ts, v)
			}
		}
		data = data[i+1:]
	}
}

// unixSeconds is t as fractional unix seconds.
func unixSeconds(t time.Time) float64 { return float64(t.UnixNano()) / 1e9 }

func (tailScenario) trial(cfg *config, tpl, label string) map[string]obs {
	res := map[string]obs{}
	names := []string{"tail_latency_ms", "tail_latency_mean_ms", "tail_latency_p90_ms"}
	window := 5 * time.Second
	if cfg.quick {
		window = 4 * time.Second
	}
	ticker := program{name: "ticker"}
	ticker.set("command", fmt.Sprintf("%s %s 600", cfg.exe, childTickerCmd))
	ticker.set("startsecs", "0")
	ticker.set("autorestart", "false")
	d, err := newDaemon(tpl, label, []program{ticker})
	if err != nil {
		setFail(res, err, names...)
		return res
	}
	defer d.stop(20 * time.Second)
	lat, err := func() ([]float64, error) {
		if _, err := d.start(20 * time.Second); err != nil {
			return nil, err
		}
		if _, err := d.waitAll("RUNNING", 1, 20*time.Second, 50*time.Millisecond); err != nil {
			var f *rpcFault
			if !errors.As(err, &f) {
				return nil, err
			}
			time.Sleep(time.Second) // no getAllProcessInfo: give it a second
		}
		const path = "/logtail/ticker/stdout"
		var conn net.Conn
		var head responseHead
		var rest []byte
		for range 30 { // the log file appears with the first line
			time.Sleep(200 * time.Millisecond)
			conn, head, rest, err = openTail(d.port, path)
			if err != nil {
				return nil, fmt.Errorf("logtail connect: %v", err)
			}
			if head.status == 200 {
				break
			}
			conn.Close()
			conn = nil
		}
		if conn == nil {
			return nil, fmt.Errorf("GET %s -> HTTP %d", path, head.status)
		}
		defer conn.Close()
		tConn := unixSeconds(time.Now())
		chunked := bytes.Contains(bytes.ToLower([]byte(head.headers["transfer-encoding"])), []byte("chunked"))
		var dc dechunker
		decode := func(b []byte) ([]byte, error) {
			if !chunked {
				return b, nil
			}
			return dc.feed(b)
		}
		pending, err := decode(rest)
		if err != nil {
			return nil, err
		}
		var lat []float64
		deadline := time.Now().Add(window)
		tmp := make([]byte, 65536)
		for range 100000 {
			if !time.Now().Before(deadline) {
				break
			}
			conn.SetReadDeadline(deadline)
			n, rerr := conn.Read(tmp)
			now := unixSeconds(time.Now())
			if n > 0 {
				more, err := decode(tmp[:n])
				if err != nil {
					return nil, err
				}
				var ts []float64
				ts, pending = lineTimestamps(append(pending, more...))
				for _, t := range ts {
					if t > tConn {
						lat = append(lat, (now-t)*1000)
					}
				}
			}
			if rerr != nil {
				break // deadline reached or stream closed
			}
		}
		expected := window.Seconds() * 10
		if float64(len(lat)) < expected*0.5 {
			return nil, fmt.Errorf("only %d lines arrived via logtail in %v (expected ~%.0f)", len(lat), window, expected)
		}
		return lat, nil
	}()
	if err != nil {
		setFail(res, err, names...)
		return res
	}
	res["tail_latency_ms"] = many(lat)
	res["tail_latency_mean_ms"] = many(lat)
	res["tail_latency_p90_ms"] = one(percentile(lat, 90))
	return res
}
