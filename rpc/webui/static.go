package webui

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"os"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/gosupervisord/gosupervisord/rpc/httpserver"
)

//go:embed assets/static
var staticFS embed.FS

// staticFiles serves the embedded assets (stylesheets/, images/, scripts/)
// the way 4.2.5's file handler serves its ui/ directory.
type staticFiles struct {
	root    fs.FS
	modTime time.Time // Last-Modified of every asset
	version string    // short content hash, for cache-busting links
}

func newStaticFiles() staticFiles {
	root, err := fs.Sub(staticFS, "assets/static")
	if err != nil {
		panic(err) // the embed pattern guarantees the directory
	}
	return staticFiles{root: root, modTime: assetsModTime(), version: contentVersion(root)}
}

// assetsModTime is the Last-Modified of the embedded files: the modification
// time of the running binary (a new build is a new time), else now.
func assetsModTime() time.Time {
	if exe, err := os.Executable(); err == nil {
		if st, err := os.Stat(exe); err == nil {
			return st.ModTime().Truncate(time.Second)
		}
	}
	return time.Now().Truncate(time.Second)
}

// contentVersion hashes every embedded file, so pages can link assets with
// ?v=<hash> and browsers never use a stale copy after an upgrade.
func contentVersion(root fs.FS) string {
	h := sha256.New()
	_ = fs.WalkDir(root, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(root, p)
		if err != nil {
			return err
		}
		h.Write([]byte(p))
		h.Write(b)
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))[:12]
}

// mimeTypes maps extensions to the types 4.2.5's handler (Python's
// mimetypes) sends; anything else is text/plain.
var mimeTypes = map[string]string{
	".css":  "text/css",
	".png":  "image/png",
	".gif":  "image/gif",
	".svg":  "image/svg+xml",
	".ico":  "image/vnd.microsoft.icon",
	".js":   "text/javascript",
	".html": "text/html",
	".txt":  "text/plain",
}

// serve answers a GET or HEAD for the unquoted path p (leading slashes
// already stripped): the file with Last-Modified, Content-Length and its
// type; 304 when If-Modified-Since is not older than the file (and its
// "; length=n", if any, is the file's size); a 301 to
// "http://<serverName()>/<p>/" for a directory named without its slash;
// 404 otherwise.
func (s staticFiles) serve(w *httpserver.ResponseWriter, r *httpserver.Request, p string, serverName func() string) {
	name := path.Clean("/" + p)[1:]
	if name == "" {
		name = "."
	}
	st, err := fs.Stat(s.root, name)
	if err != nil {
		w.Error(404)
		return
	}
	if st.IsDir() {
		if p != "" && !strings.HasSuffix(p, "/") {
			redirect(w, r, "http://"+serverName()+"/"+p+"/", false)
			return
		}
		w.Error(404) // no index files, as 4.2.5's ui/
		return
	}
	body, err := fs.ReadFile(s.root, name)
	if err != nil {
		w.Error(404)
		return
	}
	if date, length, ok := ifModifiedSince(r); ok && (length < 0 || length == int64(len(body))) {
		if ims, err := httpserver.ParseHTTPDate(date); err == nil && !s.modTime.After(ims) {
			w.WriteHeader(304)
			return
		}
	}
	w.Set("Last-Modified", httpserver.HTTPDate(s.modTime))
	w.Set("Content-Length", strconv.Itoa(len(body)))
	ctype, ok := mimeTypes[path.Ext(p)]
	if !ok {
		ctype = "text/plain"
	}
	w.Set("Content-Type", ctype)
	w.WriteHeader(200)
	if r.Method != "HEAD" {
		_, _ = w.Write(body)
	}
}
