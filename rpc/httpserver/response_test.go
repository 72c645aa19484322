package httpserver

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// medusaPhrases are the codes whose phrase Medusa words its own way.
var medusaPhrases = map[int]string{
	302: "Moved Temporarily", 408: "Request Time-out", 413: "Request Entity Too Large",
	414: "Request-URI Too Large", 504: "Gateway Time-out", 505: "HTTP Version not supported",
}

func TestStatusText(t *testing.T) {
	for code := 0; code < 1000; code++ {
		want, ok := medusaPhrases[code]
		if !ok {
			want = http.StatusText(code)
		}
		assert.Equal(t, want, StatusText(code), "%d", code)
	}
}

func TestHTTPDate(t *testing.T) {
	at := time.Date(2022, 11, 5, 7, 2, 3, 0, time.FixedZone("X", 3600))
	assert.Equal(t, "Sat, 05 Nov 2022 06:02:03 GMT", HTTPDate(at))
	assert.Equal(t, at.UTC().Format(http.TimeFormat), HTTPDate(at))
	for _, s := range []string{
		"Sat, 05 Nov 2022 06:02:03 GMT", "Saturday, 05-Nov-22 06:02:03 GMT", "Sat Nov  5 06:02:03 2022",
		"Sat, 05 Nov 2022 06:02:03 UTC", "", "garbage", "Sat, 05 Nov 2022 06:02:03", " Sat, 05 Nov 2022 06:02:03 GMT",
	} {
		want, wantErr := http.ParseTime(s)
		got, err := ParseHTTPDate(s)
		assert.Equal(t, wantErr == nil, err == nil, "%q", s)
		assert.True(t, want.Equal(got), "%q: %v, want %v", s, got, want)
	}
}
