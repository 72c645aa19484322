package xmlrpc

import (
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kolo/xmlrpc"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const mc = "<methodCall><methodName>a.b</methodName><params>"
const mcEnd = "</params></methodCall>"

func p1(value string) string { return mc + "<param>" + value + "</param>" + mcEnd }

// decodeCases are bodies whose decoding must match 4.2.5's decoder.
var decodeCases = map[string]string{
	"empty body":                  "",
	"not xml":                     "this is not xml",
	"no method name":              "<?xml version='1.0'?><methodCall><methodName></methodName></methodCall>",
	"missing method name":         "<methodCall><params/></methodCall>",
	"method name only":            "<methodCall><methodName>a.b</methodName></methodCall>",
	"root not checked":            "<foo><methodName>a.b</methodName></foo>",
	"last method name wins":       "<methodCall><methodName>a.b</methodName><methodName>c.d</methodName></methodCall>",
	"last params win":             mc + "</params><params><param><value>x</value></param>" + mcEnd,
	"declared latin-1":            "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>" + p1("<value>h\u00e9</value>"),
	"declared utf-16":             "<?xml version=\"1.0\" encoding=\"UTF-16\"?><methodCall><methodName>a.b</methodName></methodCall>",
	"declared bogus":              "<?xml version=\"1.0\" encoding=\"bogus\"?><methodCall><methodName>a.b</methodName></methodCall>",
	"junk after root":             "<methodCall><methodName>a.b</methodName></methodCall><x/>",
	"text after root":             "<methodCall><methodName>a.b</methodName></methodCall>x",
	"space after root":            "<methodCall><methodName>a.b</methodName></methodCall>\n \n",
	"declaration not at start":    " <?xml version=\"1.0\"?><methodCall><methodName>a.b</methodName></methodCall>",
	"comment in name":             "<methodCall><methodName>a<!-- c -->.b</methodName></methodCall>",
	"cdata name":                  "<methodCall><methodName><![CDATA[a.b]]></methodName></methodCall>",
	"default namespace":           "<methodCall xmlns=\"urn:x\"><methodName>a.b</methodName></methodCall>",
	"unbound prefix":              "<methodCall><x:methodName>a.b</x:methodName></methodCall>",
	"namespaced name ignored":     "<methodCall><x:methodName xmlns:x=\"u\">a.b</x:methodName><methodName>c.d</methodName></methodCall>",
	"unknown types":               p1("<value><ex:nil xmlns:ex=\"u\"/></value></param><param><value><nil/></value></param><param><value><i8>5</i8></value>"),
	"python int text":             p1("<value><int> 5 </int></value></param><param><value><int>1_0</int></value></param><param><value><i4>+7</i4></value></param><param><value><int>-0</int></value>"),
	"bad int":                     p1("<value><int>0x10</int></value>"),
	"empty int":                   p1("<value><int/></value>"),
	"int with space after sign":   p1("<value><int>- 5</int></value>"),
	"double underscore int":       p1("<value><int>1__0</int></value>"),
	"booleans":                    p1("<value><boolean>1</boolean></value></param><param><value><boolean>true</boolean></value></param><param><value><boolean> 1</boolean></value></param><param><value><boolean/></value>"),
	"doubles":                     p1("<value><double> 1e5 </double></value></param><param><value><double>inf</double></value></param><param><value><double>-Infinity</double></value></param><param><value><double>.5</double></value></param><param><value><double>5.</double></value></param><param><value><double>1_0.2_5</double></value></param><param><value><double>1e400</double></value></param><param><value><double>-0.0</double></value>"),
	"hex double":                  p1("<value><double>0x1p-2</double></value>"),
	"empty double":                p1("<value><double></double></value>"),
	"array":                       p1("<value><array><data><value><int>1</int></value><value>two</value><value><array><data/></array></value></data></array></value>"),
	"array of value":              p1("<value><array><value><int>1</int></value></array></value>"),
	"array two datas":             p1("<value><array><data><value>1</value></data><data><value>2</value></data></array></value>"),
	"empty array":                 p1("<value><array/></value>"),
	"struct":                      p1("<value><struct><member><name>a</name><value>1</value></member><member><name>b</name><value><int>2</int></value></member></struct></value>"),
	"struct duplicates":           p1("<value><struct><member><name>a</name><value>1</value></member><member><name>b</name><value>x</value></member><member><name>a</name><value>2</value></member><member><name/><value>3</value></member></struct></value>"),
	"struct value then name":      p1("<value><struct><member><value>1</value><name>a</name></member></struct></value>"),
	"struct member missing value": p1("<value><struct><member><name>a</name></member></struct></value>"),
	"empty struct":                p1("<value><struct/></value>"),
	"base64":                      p1("<value><base64>aGVsbG8=</base64></value></param><param><value><base64>\naGVs\nbG8=\n</base64></value></param><param><value><base64/></value></param><param><value><base64>aGVs!!bG8=junk</base64></value>"),
	"base64 bad padding":          p1("<value><base64>aGVsbG8</base64></value>"),
	"base64 4n+1":                 p1("<value><base64>aGVsb</base64></value>"),
	"base64 not utf-8":            p1("<value><base64>/w==</base64></value>"),
	"datetime":                    p1("<value><dateTime.iso8601>20240102T03:04:05</dateTime.iso8601></value></param><param><value><dateTime.iso8601>2024112T1:2:3</dateTime.iso8601></value>"),
	"datetime iso dashes":         p1("<value><dateTime.iso8601>2024-01-02T03:04:05Z</dateTime.iso8601></value>"),
	"datetime feb 30":             p1("<value><dateTime.iso8601>20240230T03:04:05</dateTime.iso8601></value>"),
	"datetime leap second":        p1("<value><dateTime.iso8601>20240101T23:59:60</dateTime.iso8601></value>"),
	"untyped values":              p1("<value>  <string>x</string>  </value></param><param><value>  x  </value></param><param><value/></param><param><value><string/></value>"),
	"raw control character":       p1("<value>\x1b</value>"),
	"control character ref":       p1("<value>&#27;</value>"),
	"line ends normalised":        p1("<value>a\r\nb\rc</value>"),
	"character references":        p1("<value>&#233;&#x2603;&amp;&lt;&gt;&quot;&apos;&#10;&#13;&#9;</value>"),
	"unknown entity":              p1("<value>&nbsp;</value>"),
	"bom":                         "\ufeff<methodCall><methodName>a.b</methodName></methodCall>",
	"empty param":                 p1(""),
	"params of values":            mc + "<value>x</value><value><int>1</int></value>" + mcEnd,
	"text and tail in value":      p1("<value>abc<string>x</string>def</value>"),
	"attributes ignored":          "<methodCall a=\"1\"><methodName b='2'>a.b</methodName><params><param><value><int c=\"3\">4</int></value></param></params></methodCall>",
	"duplicate attribute":         "<methodCall a=\"1\" a=\"2\"><methodName>a.b</methodName></methodCall>",
	"mismatched tags":             "<methodCall><methodName>a.b</methodCall></methodName>",
	"unclosed":                    "<methodCall><methodName>a.b</methodName>",
	"processing instruction":      "<methodCall><?pi data?><methodName>a.b</methodName></methodCall>",
	"whitespace name":             "<methodCall><methodName> </methodName></methodCall>",
	"nested unknown":              p1("<value><foo><int>1</int></foo></value>"),
	"value in string":             p1("<value><string>a<b/>c</string></value>"),
}

// knownDecodeDifferences are cases where we deliberately differ from
// 4.2.5's decoder (documented in the README).
var knownDecodeDifferences = map[string]string{
	"doctype entity": "<!DOCTYPE x [<!ENTITY a \"hello\">]><methodCall><methodName>&a;</methodName></methodCall>",
	"big int":        p1("<value><int>99999999999999999999</int></value>"),
}

func requestFiles(t testing.TB) map[string][]byte {
	files, err := filepath.Glob("testdata/requests/*.xml")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	out := make(map[string][]byte, len(files))
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		out[filepath.Base(f)] = b
	}
	return out
}

func TestDecodeCallMatchesPython(t *testing.T) {
	bodies := map[string][]byte{}
	for name, b := range requestFiles(t) {
		bodies[name] = b
	}
	for name, s := range decodeCases {
		bodies[name] = []byte(s)
	}
	for _, c := range koloCalls(t) {
		bodies[c.name] = c.body
	}
	// A struct big enough for the decoder's indexed de-duplication.
	var members strings.Builder
	for i := range 40 {
		fmt.Fprintf(&members, "<member><name>k%d</name><value><int>%d</int></value></member>", i%25, i)
	}
	bodies["large struct with duplicates"] = []byte(p1("<value><struct>" + members.String() + "</struct></value>"))
	var names []string
	var inputs []string
	for name, b := range bodies {
		names = append(names, name)
		inputs = append(inputs, base64.StdEncoding.EncodeToString(b))
	}
	results := python(t, "loads", inputs)
	for i, name := range names {
		t.Run(name, func(t *testing.T) {
			want := normJSON(t, results[i])
			call, err := DecodeCall(bodies[name])
			if strings.Contains(want, `"error"`) {
				require.Error(t, err, "4.2.5 rejects this body: %s", want)
				if want == `{"error":"nomethod"}` {
					assert.ErrorIs(t, err, ErrNoMethod)
				} else {
					var se *SyntaxError
					assert.ErrorAs(t, err, &se)
				}
				return
			}
			require.NoError(t, err, "4.2.5 accepts this body: %s", want)
			params := make([]any, len(call.Params))
			for j, p := range call.Params {
				params[j] = canon(p)
			}
			got := jsonOf(t, map[string]any{"method": call.Method, "params": params})
			assert.Equal(t, want, got)
		})
	}
}

func TestDecodeCallKnownDifferences(t *testing.T) {
	for name, body := range knownDecodeDifferences {
		t.Run(name, func(t *testing.T) {
			res := python(t, "loads", []string{base64.StdEncoding.EncodeToString([]byte(body))})
			assert.NotContains(t, string(res[0]), `"error"`, "4.2.5 accepts it")
			_, err := DecodeCall([]byte(body))
			var se *SyntaxError
			assert.ErrorAs(t, err, &se, "we reject it")
		})
	}
}

func TestDecodeCallValues(t *testing.T) {
	call, err := DecodeCall([]byte(p1("<value><dateTime.iso8601>20240102T03:04:05</dateTime.iso8601></value></param><param><value><struct><member><name>k</name><value><array><data><value><double>1.5</double></value><value><nil/></value></data></array></value></member></struct></value>")))
	require.NoError(t, err)
	assert.Equal(t, "a.b", call.Method)
	assert.Equal(t, []any{
		time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC),
		Struct{{"k", []any{1.5, nil}}},
	}, call.Params)

	call, err = DecodeCall([]byte("<methodCall><methodName>x.y</methodName></methodCall>"))
	require.NoError(t, err)
	assert.Nil(t, call.Params, "a call without <params> has no parameters")
}

func TestDecodeCallLimits(t *testing.T) {
	deep := strings.Repeat("<value><array><data>", MaxDepth) + strings.Repeat("</data></array></value>", MaxDepth)
	_, err := DecodeCall([]byte(p1(deep)))
	var se *SyntaxError
	require.ErrorAs(t, err, &se)
	assert.Contains(t, se.Msg, "nested deeper")

	var b strings.Builder
	b.WriteString(mc + "<param><value><array><data>")
	for range MaxElements {
		b.WriteString("<value/>")
	}
	b.WriteString("</data></array></value></param>" + mcEnd)
	_, err = DecodeCall([]byte(b.String()))
	require.ErrorAs(t, err, &se)
	assert.Contains(t, se.Msg, "more than")

	// Just under the limits decodes fine.
	ok := strings.Repeat("<array><data><value>", 30) + strings.Repeat("</value></data></array>", 30)
	_, err = DecodeCall([]byte(p1("<value>" + ok + "</value>")))
	require.NoError(t, err)
}

func TestDecodeCallHostile(t *testing.T) {
	for name, body := range map[string]string{
		"billion laughs":  `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><methodCall><methodName>&lol2;</methodName></methodCall>`,
		"external entity": `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><methodCall><methodName>a.b</methodName><params><param><value>&xxe;</value></param></params></methodCall>`,
		"doctype only":    `<!DOCTYPE methodCall><methodCall><methodName>a.b</methodName></methodCall>`,
		"invalid utf-8":   "<methodCall><methodName>a.b</methodName><params><param><value>\xff</value></param></params></methodCall>",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := DecodeCall([]byte(body))
			var se *SyntaxError
			assert.ErrorAs(t, err, &se)
		})
	}
}

type namedBody struct {
	name string
	body []byte
}

// koloCalls are request bodies as github.com/kolo/xmlrpc writes them.
func koloCalls(t *testing.T) []namedBody {
	var out []namedBody
	for i, c := range []struct {
		method string
		args   []any
	}{
		{"supervisor.getVersion", nil},
		{"supervisor.startProcess", []any{"p", true}},
		{"supervisor.readLog", []any{0, 100}},
		{"supervisor.sendProcessStdin", []any{"cat", "a\nb\r\n\t<&>\"'é"}},
		{"system.multicall", []any{[]any{map[string]any{"methodName": "supervisor.getState", "params": []any{}}}}},
		{"a.types", []any{1.5, uint8(7), nil, time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)}},
	} {
		body, err := xmlrpc.EncodeMethodCall(c.method, c.args...)
		require.NoError(t, err)
		out = append(out, namedBody{"kolo-" + string(rune('a'+i)) + "-" + c.method, body})
	}
	return out
}

func TestDecodeCallErrorsAreTyped(t *testing.T) {
	_, err := DecodeCall([]byte("<methodCall><methodName/></methodCall>"))
	assert.True(t, errors.Is(err, ErrNoMethod))
	_, err = DecodeCall([]byte("<"))
	var se *SyntaxError
	assert.ErrorAs(t, err, &se)
}
