package webui

import (
	"net/http"
	"testing"
	"time"

	"github.com/gosupervisord/gosupervisord/rpc/httpserver"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStaticFiles(t *testing.T) {
	t.Parallel()
	d := startDaemon(t, "", Options{ServerName: func(*httpserver.Request) (string, string) { return "localhost", "9001" }})
	for _, tc := range []struct {
		method, path string
		status       int
		ctype        string
		location     string
	}{
		{"GET", "/stylesheets/supervisor.css", 200, "text/css", ""},
		{"GET", "/images/icon.png", 200, "image/png", ""},
		{"GET", "/images/icon.png?x=1", 200, "image/png", ""},
		{"GET", "/images/icon%2Epng", 200, "image/png", ""},
		{"GET", "/images/../images/icon.png", 200, "image/png", ""},
		{"GET", "//images/icon.png", 200, "image/png", ""},
		{"GET", "/images/icon.png/", 200, "text/plain", ""}, // 4.2.5 guesses the type from the name
		{"GET", "/scripts/supervisor.js", 200, "text/javascript", ""},
		{"HEAD", "/images/icon.png", 200, "image/png", ""},
		{"GET", "/images", 301, "text/html", "http://localhost/images/"},
		{"GET", "/stylesheets", 301, "text/html", "http://localhost/stylesheets/"},
		{"GET", "/images/", 404, "text/html", ""},
		{"GET", "/nonexistent.html", 404, "text/html", ""},
		{"GET", "/IMAGES/icon.png", 404, "text/html", ""},
		{"GET", "/../../etc/passwd", 404, "text/html", ""},
		{"POST", "/stylesheets/supervisor.css", 400, "text/html", ""},
		{"PUT", "/images/icon.png", 400, "text/html", ""},
		{"POST", "/events/status", 400, "text/html", ""},
	} {
		r := d.do(tc.method, tc.path, "")
		assert.Equal(t, tc.status, r.status, "%s %s", tc.method, tc.path)
		assert.Equal(t, tc.ctype, r.header.Get("Content-Type"), "%s %s", tc.method, tc.path)
		assert.Equal(t, tc.location, r.header.Get("Location"), "%s %s", tc.method, tc.path)
		if tc.status == 200 {
			assert.NotEmpty(t, r.header.Get("Last-Modified"), tc.path)
			assert.NotEqual(t, "0", r.header.Get("Content-Length"), tc.path)
			if tc.method == "GET" {
				assert.NotEmpty(t, r.body, tc.path)
			} else {
				assert.Empty(t, r.body, tc.path)
			}
		}
	}
	png := d.get("/images/icon.png")
	assert.Equal(t, "\x89PNG\r\n\x1a\n", png.body[:8])

	lm, err := http.ParseTime(png.header.Get("Last-Modified"))
	require.NoError(t, err)
	for _, tc := range []struct {
		ims    string
		status int
	}{
		{lm.Format(http.TimeFormat), http.StatusNotModified},
		{lm.Add(time.Hour).Format(http.TimeFormat), http.StatusNotModified},
		{lm.Add(-time.Second).Format(http.TimeFormat), http.StatusOK},
		{"garbage", http.StatusOK},
	} {
		r := d.get("/images/icon.png", "If-Modified-Since", tc.ims)
		assert.Equal(t, tc.status, r.status, tc.ims)
	}
}

func TestPagesLinkTheirAssets(t *testing.T) {
	t.Parallel()
	d := startDaemon(t, webConf, Options{})
	for _, page := range []string{"/", "/tail.html?processname=web1"} {
		body := d.get(page).body
		for _, asset := range []string{"stylesheets/supervisor.css", "images/icon.png", "scripts/supervisor.js"} {
			assert.Contains(t, body, asset, page)
			assert.Equal(t, http.StatusOK, d.get("/"+asset).status, asset)
		}
	}
}
