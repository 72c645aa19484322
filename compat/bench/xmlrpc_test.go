package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDecodeResponse(t *testing.T) {
	tests := []struct {
		name string
		body string
		want any
	}{
		{"struct", `<?xml version='1.0'?>
<methodResponse><params><param><value><struct>
<member><name>statecode</name><value><int>1</int></value></member>
<member><name>statename</name><value><string>RUNNING</string></value></member>
</struct></value></param></params></methodResponse>`,
			map[string]any{"statecode": 1, "statename": "RUNNING"}},
		{"untyped string and bool", `<methodResponse><params><param><value><array><data>
<value>plain</value><value><boolean>1</boolean></value><value><i4>-3</i4></value><value><double>1.5</double></value>
</data></array></value></param></params></methodResponse>`,
			[]any{"plain", true, -3, 1.5}},
		{"escaped", `<methodResponse><params><param><value><string>a &amp; &lt;b&gt;</string></value></param></params></methodResponse>`,
			"a & <b>"},
		{"empty array", `<methodResponse><params><param><value><array><data/></array></value></param></params></methodResponse>`,
			[]any(nil)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := decodeResponse([]byte(tt.body))
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestDecodeFault(t *testing.T) {
	body := `<?xml version='1.0'?>
<methodResponse><fault><value><struct>
<member><name>faultCode</name><value><int>10</int></value></member>
<member><name>faultString</name><value><string>BAD_NAME: nope</string></value></member>
</struct></value></fault></methodResponse>`
	_, err := decodeResponse([]byte(body))
	var f *rpcFault
	require.ErrorAs(t, err, &f)
	assert.Equal(t, 10, f.Code)
	assert.Equal(t, "BAD_NAME: nope", f.String)
}

func TestDecodeMalformed(t *testing.T) {
	_, err := decodeResponse([]byte("<methodResponse><params><param><value><int>x</int></value>"))
	assert.Error(t, err)
	_, err = decodeResponse([]byte("<html>"))
	assert.Error(t, err)
}

func TestEncodeCallRoundTrip(t *testing.T) {
	body := string(encodeCall("supervisor.startProcess", "a&b", true, 7))
	assert.Contains(t, body, "<methodName>supervisor.startProcess</methodName>")
	assert.Contains(t, body, "<string>a&amp;b</string>")
	assert.Contains(t, body, "<boolean>1</boolean>")
	assert.Contains(t, body, "<int>7</int>")
}

func TestGoodResponse(t *testing.T) {
	ok := []byte("<?xml version='1.0'?>\n<methodResponse><params>...</params></methodResponse>\n")
	assert.NoError(t, goodResponse(200, ok))
	assert.Error(t, goodResponse(500, ok))
	assert.Error(t, goodResponse(200, []byte("<methodResponse><fault>...</fault></methodResponse>")))
	assert.Error(t, goodResponse(200, ok[:40]))
}
