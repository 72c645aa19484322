package xmlrpc

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gosupervisord/gosupervisord/internal/py"
)

// python runs testdata/pyxmlrpc.py (supervisord 4.2.5's decoder and
// Python's xmlrpc.client) in the given mode and returns its results.
func python(t *testing.T, mode string, inputs any) []json.RawMessage {
	t.Helper()
	req, err := json.Marshal(map[string]any{"mode": mode, "inputs": inputs})
	require.NoError(t, err)
	cmd := exec.Command("/usr/bin/python3", "testdata/pyxmlrpc.py")
	cmd.Stdin = bytes.NewReader(req)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, "pyxmlrpc.py (needs Debian's supervisor 4.2.5, see make deps): %s", stderr.String())
	var res []json.RawMessage
	require.NoError(t, json.Unmarshal(out, &res))
	return res
}

// canon is the Go side of pyxmlrpc.py's canonical value form.
func canon(v any) any {
	switch v := v.(type) {
	case nil:
		return map[string]any{"nil": true}
	case bool:
		return map[string]any{"boolean": v}
	case int:
		return map[string]any{"int": strconv.Itoa(v)}
	case int64:
		return map[string]any{"int": strconv.FormatInt(v, 10)}
	case float64:
		return map[string]any{"double": string(py.AppendFloat(nil, v))}
	case string:
		return map[string]any{"string": v}
	case time.Time:
		return map[string]any{"dateTime": v.Format(dateTimeLayout)}
	case []byte:
		return map[string]any{"base64": base64.StdEncoding.EncodeToString(v)}
	case []any:
		list := make([]any, len(v))
		for i := range v {
			list[i] = canon(v[i])
		}
		return map[string]any{"array": list}
	case Struct:
		members := make([]any, len(v))
		for i, m := range v {
			members[i] = []any{m.Name, canon(m.Value)}
		}
		return map[string]any{"struct": members}
	}
	panic(fmt.Sprintf("canon: %T", v))
}

// jsonEqual compares a Go value with a JSON document by their JSON forms.
func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

func normJSON(t *testing.T, raw json.RawMessage) string {
	t.Helper()
	var v any
	require.NoError(t, json.Unmarshal(raw, &v))
	return jsonOf(t, v)
}
