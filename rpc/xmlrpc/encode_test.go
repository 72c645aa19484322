package xmlrpc

import (
	"encoding/base64"
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/kolo/xmlrpc"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pythonCompatibleValues encode to exactly Python's bytes.
var pythonCompatibleValues = []any{
	"", "3.0", "plain text", `<&>"'`, "h\u00e9llo \u2603 \U0001d11e", "tab\tnewline\ncr\r",
	"]]>", "&amp; already escaped",
	0, 1, -1, 20, math.MaxInt32, math.MinInt32,
	true, false,
	0.0, math.Copysign(0, -1), 1.0, 0.1, 100.0, 1.5, -2.25, 1e15, 1e16, 9999999999999998.0,
	123456789012345678.0, 1e22, 1e-4, 1e-5, 0.00012345, 2.5e-7, 5e-324,
	math.MaxFloat64, math.SmallestNonzeroFloat64, 1.0 / 3, math.Inf(1), math.Inf(-1),
	[]byte{}, []byte("hello"), []byte(strings.Repeat("0123456789", 20)), []byte{0, 0xff, 0x10},
	time.Date(2024, 2, 29, 23, 59, 58, 0, time.UTC), time.Date(999, 1, 2, 3, 4, 5, 0, time.UTC),
	[]any{}, []any{1, "a", []any{true, 2.5}}, []string{"a", "b"}, []int{1, 2},
	Struct{}, Struct{{"statecode", 1}, {"statename", "RUNNING"}},
	Struct{{"z", 1}, {"a", Struct{{"<&>", []any{}}}}},
	[]Struct{{{"name", "p"}}, {{"name", "q"}}},
	map[string]any{"b": 1, "a": "x"},
}

func canonValue(v any) any {
	switch v := v.(type) {
	case []string:
		l := make([]any, len(v))
		for i := range v {
			l[i] = v[i]
		}
		return canon(l)
	case []int:
		l := make([]any, len(v))
		for i := range v {
			l[i] = v[i]
		}
		return canon(l)
	case []Struct:
		l := make([]any, len(v))
		for i := range v {
			l[i] = v[i]
		}
		return canon(l)
	case map[string]any:
		s := Struct{{"a", v["a"]}, {"b", v["b"]}}
		return canon(s)
	case time.Time:
		return map[string]any{"dateTime": v.Format(dateTimeLayout)}
	}
	return canon(v)
}

func TestAppendResponseMatchesPythonDumps(t *testing.T) {
	inputs := make([]any, len(pythonCompatibleValues))
	for i, v := range pythonCompatibleValues {
		inputs[i] = canonValue(v)
	}
	results := python(t, "dumps", inputs)
	for i, v := range pythonCompatibleValues {
		var b64 string
		require.NoError(t, json.Unmarshal(results[i], &b64))
		want, err := base64.StdEncoding.DecodeString(b64)
		require.NoError(t, err)
		got, err := AppendResponse(nil, v)
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got), "value %#v", v)
	}
}

func TestAppendFaultMatchesPython(t *testing.T) {
	cases := [][]any{{10, "BAD_NAME: nosuch"}, {2, "INCORRECT_PARAMETERS"}, {1, "UNKNOWN_METHOD"}, {30, "FAILED: <class 'X'>:a & b"}}
	results := python(t, "fault", cases)
	for i, c := range cases {
		var b64 string
		require.NoError(t, json.Unmarshal(results[i], &b64))
		want, _ := base64.StdEncoding.DecodeString(b64)
		assert.Equal(t, string(want), string(AppendFault(nil, c[0].(int), c[1].(string))))
	}
	// The reference's captured fault body, byte for byte.
	assert.Equal(t, "<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n<member>\n<name>faultCode</name>\n<value><int>10</int></value>\n</member>\n<member>\n<name>faultString</name>\n<value><string>BAD_NAME: nosuch</string></value>\n</member>\n</struct></value>\n</fault>\n</methodResponse>\n",
		string(AppendFault(nil, 10, "BAD_NAME: nosuch")))
}

func TestAppendCallMatchesPython(t *testing.T) {
	results := python(t, "call", []any{
		[]any{"supervisor.getVersion", []any{}},
		[]any{"supervisor.startProcess", []any{canon("p"), canon(true)}},
	})
	for i, c := range []struct {
		method string
		params []any
	}{{"supervisor.getVersion", nil}, {"supervisor.startProcess", []any{"p", true}}} {
		var b64 string
		require.NoError(t, json.Unmarshal(results[i], &b64))
		want, _ := base64.StdEncoding.DecodeString(b64)
		got, err := AppendCall(nil, c.method, c.params...)
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got))
	}
}

// TestResponsesParsedByPythonClient checks that what we send, including
// values where we deliberately differ from 4.2.5, parses in Python's
// xmlrpc.client the way supervisorctl's transport feeds it.
func TestResponsesParsedByPythonClient(t *testing.T) {
	cases := []struct {
		v    any
		want any // canonical value Python must see
	}{
		{"plain", canon("plain")},
		{int64(3 << 30), map[string]any{"int": "3221225472"}},
		{int64(math.MinInt64), map[string]any{"int": "-9223372036854775808"}},
		{uint64(math.MaxInt64), map[string]any{"int": "9223372036854775807"}},
		{"\x1b[31mred\x1b[0m", canon("\uFFFD[31mred\uFFFD[0m")},
		{"bad \xff utf-8 \xc3", canon("bad \uFFFD utf-8 \uFFFD")},
		{"nul\x00 and \ufffe \uffff", canon("nul\uFFFD and \uFFFD \uFFFD")},
		{"cr\r\nlf", canon("cr\nlf")}, // XML parsers normalise CR, as with 4.2.5
		{Struct{{"k\x01", []any{1.5, []byte("x")}}}, canon(Struct{{"k\uFFFD", []any{1.5, []byte("x")}}})},
	}
	var inputs []string
	for _, c := range cases {
		b, err := AppendResponse(nil, c.v)
		require.NoError(t, err)
		inputs = append(inputs, base64.StdEncoding.EncodeToString(b))
	}
	b := AppendFault(nil, 10, "BAD_NAME: \x07bell")
	inputs = append(inputs, base64.StdEncoding.EncodeToString(b))
	results := python(t, "parse", inputs)
	for i, c := range cases {
		assert.Equal(t, jsonOf(t, map[string]any{"value": c.want}), normJSON(t, results[i]), "value %q", c.v)
	}
	assert.Equal(t, `{"fault":[10,"BAD_NAME: `+"\uFFFD"+`bell"]}`, normJSON(t, results[len(cases)]))
}

func TestAppendResponseParsedByKolo(t *testing.T) {
	b, err := AppendResponse(nil, Struct{
		{"name", "p"}, {"pid", 42}, {"big", int64(1) << 40}, {"ok", true}, {"f", 2.5},
		{"list", []any{"a", "b"}},
	})
	require.NoError(t, err)
	var got struct {
		Name string   `xmlrpc:"name"`
		Pid  int      `xmlrpc:"pid"`
		Big  int64    `xmlrpc:"big"`
		OK   bool     `xmlrpc:"ok"`
		F    float64  `xmlrpc:"f"`
		List []string `xmlrpc:"list"`
	}
	require.NoError(t, xmlrpc.Response(b).Unmarshal(&got))
	assert.Equal(t, "p", got.Name)
	assert.Equal(t, 42, got.Pid)
	assert.Equal(t, int64(1)<<40, got.Big)
	assert.True(t, got.OK)
	assert.Equal(t, 2.5, got.F)
	assert.Equal(t, []string{"a", "b"}, got.List)

	fault := xmlrpc.Response(AppendFault(nil, 10, "BAD_NAME: x")).Err()
	var fe xmlrpc.FaultError
	require.ErrorAs(t, fault, &fe)
	assert.Equal(t, 10, fe.Code)
	assert.Equal(t, "BAD_NAME: x", fe.String)
}

type selfEncoding struct{}

func (selfEncoding) AppendXMLRPC(dst []byte) ([]byte, error) {
	return append(dst, "<value><int>7</int></value>\n"...), nil
}

func TestAppendValueErrors(t *testing.T) {
	for _, v := range []any{nil, []any{1, nil}, Struct{{"a", nil}}, struct{}{}, uint64(math.MaxUint64), map[int]int{}} {
		b, err := AppendResponse([]byte("prefix"), v)
		assert.Error(t, err, "%#v", v)
		assert.Equal(t, "prefix", string(b), "dst is left as it was")
	}
	_, err := AppendValue(nil, nil)
	assert.ErrorIs(t, err, ErrNil)
	b, err := AppendValue(nil, []any{selfEncoding{}})
	require.NoError(t, err)
	assert.Equal(t, "<value><array><data>\n<value><int>7</int></value>\n</data></array></value>\n", string(b))
}

func BenchmarkAppendResponseProcessInfo(b *testing.B) {
	infos := make([]any, 200)
	for i := range infos {
		infos[i] = Struct{
			{"name", "proc"}, {"group", "grp"}, {"start", 1795444583}, {"stop", 0},
			{"now", 1795444855}, {"state", 20}, {"statename", "RUNNING"}, {"spawnerr", ""},
			{"exitstatus", 0}, {"logfile", "/var/log/supervisor/proc-stdout---supervisor-abc.log"},
			{"stdout_logfile", "/var/log/supervisor/proc-stdout---supervisor-abc.log"},
			{"stderr_logfile", "/var/log/supervisor/proc-stderr---supervisor-abc.log"},
			{"pid", 4242}, {"description", "pid 4242, uptime 0:04:32"},
		}
	}
	var buf []byte
	b.ReportAllocs()
	for b.Loop() {
		var err error
		buf, err = AppendResponse(buf[:0], infos)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(len(buf)))
}
