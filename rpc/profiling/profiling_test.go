package profiling

import (
	"context"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func get(t *testing.T, c *http.Client, url string) (int, string) {
	t.Helper()
	resp, err := c.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(body)
}

// TestListen serves the profiles on TCP and on a unix socket and checks a
// few routes answer.
func TestListen(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "pprof.sock")
	cases := []struct {
		name, addr string
	}{
		{"tcp", "127.0.0.1:0"},
		{"unix", sock},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Listen(tc.addr)
			require.NoError(t, err)
			defer s.Close()
			c := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
				var d net.Dialer
				return d.DialContext(ctx, s.Addr().Network(), s.Addr().String())
			}}}
			base := "http://x/debug/pprof/"
			if tc.name == "tcp" {
				assert.Equal(t, "http://"+s.Addr().String()+"/debug/pprof/", s.URL())
			} else {
				assert.Equal(t, "unix:"+sock, s.URL())
			}
			code, body := get(t, c, base)
			assert.Equal(t, 200, code)
			assert.Contains(t, body, "goroutine")
			code, body = get(t, c, base+"goroutine?debug=1")
			assert.Equal(t, 200, code)
			assert.Contains(t, body, "goroutine profile:")
			code, _ = get(t, c, base+"heap")
			assert.Equal(t, 200, code)
			code, _ = get(t, c, "http://x/other")
			assert.Equal(t, 404, code)
			require.NoError(t, s.Close())
		})
	}
	assert.NoFileExists(t, sock)
}

// TestListenErrors checks the failures: no address, an address in use.
func TestListenErrors(t *testing.T) {
	_, err := Listen("")
	assert.Error(t, err)
	s, err := Listen("127.0.0.1:0")
	require.NoError(t, err)
	defer s.Close()
	_, err = Listen(s.Addr().String())
	assert.Error(t, err)
}
