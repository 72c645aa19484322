package server

import (
	"errors"
	"io"
	"strconv"
	"sync"

	"github.com/gosupervisord/gosupervisord/internal/py"
	"github.com/gosupervisord/gosupervisord/rpc"
	"github.com/gosupervisord/gosupervisord/rpc/httpserver"
	"github.com/gosupervisord/gosupervisord/rpc/xmlrpc"
)

// DefaultMaxRequestBytes is the largest XML-RPC request body accepted
// (413 beyond it). 4.2.5 has no limit; 4 MiB is far above anything a
// client sends (a sendProcessStdin of megabytes, a multicall of thousands
// of calls) while bounding what one request can make the daemon allocate.
const DefaultMaxRequestBytes = 4 << 20

// maxLoggedBody bounds the request text quoted in error log lines.
const maxLoggedBody = 4096

// rpcHandler serves XML-RPC on /RPC2 (and any path starting with it).
type rpcHandler struct {
	reg     *rpc.Registry
	log     Logger
	maxBody int64
}

// Handle answers one XML-RPC request the way 4.2.5 does: 400 for a method
// other than POST, 411 without Content-Length, 400 for a body that is not
// a call or names no method, faults in 200 responses, and 500 for an
// unexpected error or a result XML-RPC cannot carry. An invalid
// Content-Length gives 500 (4.2.5's int() failure); a negative one 400 and
// an oversized one 413, closing the connection (4.2.5 hangs on those).
func (h *rpcHandler) Handle(w *httpserver.ResponseWriter, r *httpserver.Request) {
	if r.Method != "POST" {
		w.Error(400)
		return
	}
	clText, ok := r.Header.Get("Content-Length")
	if !ok || clText == "" {
		w.Error(411)
		return
	}
	n, err := py.ParseInt(clText)
	switch {
	case err != nil:
		w.Error(500)
		return
	case n < 0:
		w.SetClose()
		w.Error(400)
		return
	case n > h.maxBody:
		w.SetClose()
		w.Error(413)
		return
	}

	body := getBuf(&bodyPool, int(n))
	defer putBuf(&bodyPool, body)
	if _, err := io.ReadFull(r.Body, body); err != nil {
		w.Abort() // the client is gone
		return
	}

	call, err := xmlrpc.DecodeCall(body)
	if err != nil {
		why := "unmarshallable"
		if errors.Is(err, xmlrpc.ErrNoMethod) {
			why = "no method name"
		}
		h.log.Errorf("XML-RPC request data %s is invalid: %s", quoteBody(body), why)
		w.Error(400)
		return
	}

	h.log.Tracef("XML-RPC method called: %s()", call.Method)
	v, err := h.reg.Call(r.Context(), call.Method, call.Params)
	resp := getBuf(&respPool, 0)
	defer func() { putBuf(&respPool, resp) }()
	switch f, isFault := rpc.AsFault(err); {
	case err == nil:
		var encErr error
		if resp, encErr = xmlrpc.AppendResponse(resp, v); encErr != nil {
			h.log.Critf("Handling XML-RPC request with data %s raised an unexpected exception: %v", quoteBody(body), encErr)
			w.Error(500)
			return
		}
		h.log.Tracef("XML-RPC method %s() returned successfully", call.Method)
	case isFault:
		resp = xmlrpc.AppendFault(resp, int(f.Code), f.Text)
		h.log.Tracef("XML-RPC method %s() returned fault: [%d] %s", call.Method, f.Code, f.Text)
	case r.Context().Err() != nil:
		w.Abort() // the client went away while the method waited
		return
	default:
		h.log.Critf("Handling XML-RPC request with data %s raised an unexpected exception: %v", quoteBody(body), err)
		w.Error(500)
		return
	}
	w.Set("Content-Type", "text/xml")
	w.Set("Content-Length", strconv.Itoa(len(resp)))
	w.Write(resp)
}

// Request and response buffers are pooled (sync.Pool lets the GC reclaim
// them), in separate pools so that a large response buffer (a
// getAllProcessInfo answer) is not handed out for a small request body
// and grown again for every response; buffers over 4 MiB are not kept.
const maxPooledBuf = 4 << 20

var (
	bodyPool = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}
	respPool = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}
)

// getBuf returns a buffer of length n from pool.
func getBuf(pool *sync.Pool, n int) []byte {
	b := *pool.Get().(*[]byte)
	if cap(b) < n {
		return make([]byte, n)
	}
	return b[:n]
}

func putBuf(pool *sync.Pool, b []byte) {
	if cap(b) <= maxPooledBuf {
		b = b[:0]
		pool.Put(&b)
	}
}

// quoteBody renders a request body for the log as 4.2.5's %r does, cut
// short when long.
func quoteBody(b []byte) string {
	if len(b) > maxLoggedBody {
		return py.Repr(string(b[:maxLoggedBody])) + "..."
	}
	return py.Repr(string(b))
}
