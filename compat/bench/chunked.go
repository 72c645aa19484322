package main

import (
	"bytes"
	"fmt"
	"strconv"
)

// dechunker incrementally decodes an HTTP/1.1 "Transfer-Encoding: chunked"
// body: feed it bytes as they arrive, it returns the payload bytes decoded so
// far. Chunk extensions and trailers are ignored.
type dechunker struct {
	buf   []byte
	state int // stSize, stData, stCRLF, stDone
	left  int
}

const (
	stSize = iota
	stData
	stCRLF
	stDone
)

// done reports whether the terminating zero-size chunk was seen.
func (c *dechunker) done() bool { return c.state == stDone }

// feed decodes data and returns the payload it completes.
func (c *dechunker) feed(data []byte) ([]byte, error) {
	c.buf = append(c.buf, data...)
	var out []byte
	for c.state != stDone {
		switch c.state {
		case stSize:
			i := bytes.Index(c.buf, []byte("\r\n"))
			if i < 0 {
				if len(c.buf) > 4096 {
					return out, fmt.Errorf("chunk size line too long")
				}
				return out, nil
			}
			line, _, _ := bytes.Cut(c.buf[:i], []byte(";"))
			line = bytes.TrimSpace(line)
			c.buf = c.buf[i+2:]
			if len(line) == 0 {
				continue // tolerate a stray CRLF
			}
			n, err := strconv.ParseInt(string(line), 16, 64)
			if err != nil || n < 0 {
				return out, fmt.Errorf("bad chunk size %q", line)
			}
			if n == 0 {
				c.state = stDone
				return out, nil
			}
			c.left = int(n)
			c.state = stData
		case stData:
			if len(c.buf) == 0 {
				return out, nil
			}
			k := min(c.left, len(c.buf))
			out = append(out, c.buf[:k]...)
			c.buf = c.buf[k:]
			c.left -= k
			if c.left == 0 {
				c.state = stCRLF
			}
		case stCRLF:
			if len(c.buf) < 2 {
				return out, nil
			}
			if c.buf[0] != '\r' || c.buf[1] != '\n' {
				return out, fmt.Errorf("missing CRLF after chunk data")
			}
			c.buf = c.buf[2:]
			c.state = stSize
		}
	}
	return out, nil
}
