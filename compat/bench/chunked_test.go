package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDechunkerWhole(t *testing.T) {
	var d dechunker
	out, err := d.feed([]byte("4\r\nWiki\r\n6;ext=1\r\npedia \r\nE\r\nin \r\n\r\nchunks.\r\n0\r\n\r\n"))
	require.NoError(t, err)
	assert.Equal(t, "Wikipedia in \r\n\r\nchunks.", string(out))
	assert.True(t, d.done())
}

func TestDechunkerByteByByte(t *testing.T) {
	stream := "400\r\n" + string(make([]byte, 0x400)) + "\r\n18\r\nTS=1.000000 SEQ=1\nTS=2.0\r\n0\r\n\r\n"
	var d dechunker
	var got []byte
	for i := 0; i < len(stream); i++ {
		out, err := d.feed([]byte{stream[i]})
		require.NoError(t, err)
		got = append(got, out...)
	}
	assert.Equal(t, 0x400+0x18, len(got))
	assert.Equal(t, "TS=1.000000 SEQ=1\nTS=2.0", string(got[0x400:]))
	assert.True(t, d.done())
}

func TestDechunkerErrors(t *testing.T) {
	for _, s := range []string{"zz\r\n", "3\r\nabcX\r\n", "-1\r\n"} {
		var d dechunker
		_, err := d.feed([]byte(s))
		assert.Error(t, err, "%q", s)
	}
}

func TestParseHead(t *testing.T) {
	h, err := parseHead([]byte("HTTP/1.1 200 OK\r\nServer: Medusa/1.12\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain"))
	require.NoError(t, err)
	assert.Equal(t, 200, h.status)
	assert.Equal(t, "HTTP/1.1", h.proto)
	assert.Equal(t, "chunked", h.headers["transfer-encoding"])
	_, err = parseHead([]byte("garbage"))
	assert.Error(t, err)
}

func TestLineTimestamps(t *testing.T) {
	ts, rest := lineTimestamps([]byte("TS=1700000000.123456 SEQ=1\nnoise\nTS=1700000000.223456 SEQ=2\nTS=17"))
	assert.Equal(t, []float64{1700000000.123456, 1700000000.223456}, ts)
	assert.Equal(t, "TS=17", string(rest))
}
