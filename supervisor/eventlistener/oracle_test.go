package eventlistener

import (
	"bytes"
	"encoding/json"
	"math/rand"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// referencePython is the interpreter that has supervisor 4.2.5 installed.
const referencePython = "/usr/bin/python3"

// oracleOp is an operation in testdata/protocol_oracle.py's input format.
type oracleOp struct {
	Feed     *string `json:"feed,omitempty"`
	Dispatch bool    `json:"dispatch,omitempty"`
}

// latin1 maps bytes to code points 0-255, so any bytes survive JSON.
func latin1(s string) string {
	r := make([]rune, len(s))
	for i := 0; i < len(s); i++ {
		r[i] = rune(s[i])
	}
	return string(r)
}

// runOracle runs the cases through 4.2.5's PEventListenerDispatcher.
func runOracle(t *testing.T, cases [][]op) [][]string {
	t.Helper()
	if err := exec.Command(referencePython, "-c", "import supervisor.dispatchers").Run(); err != nil {
		t.Skipf("supervisor 4.2.5 not importable by %s (run make deps): %v", referencePython, err)
	}
	in := make([][]oracleOp, len(cases))
	for i, c := range cases {
		for _, o := range c {
			if o.dispatch {
				in[i] = append(in[i], oracleOp{Dispatch: true})
			} else {
				f := latin1(o.feed)
				in[i] = append(in[i], oracleOp{Feed: &f})
			}
		}
	}
	b, err := json.Marshal(in)
	require.NoError(t, err)
	cmd := exec.Command(referencePython, "testdata/protocol_oracle.py")
	cmd.Stdin = bytes.NewReader(b)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, stderr.String())
	var got [][]string
	require.NoError(t, json.Unmarshal(out, &got))
	require.Len(t, got, len(cases))
	return got
}

// vocabulary is what generated listeners write: protocol tokens whole and
// in pieces, results that accept, reject or do not parse, and garbage.
// There is no negative length (see the package documentation).
var vocabulary = []string{
	"READY\n", "READY\n", "READY\n", "READY", "\n", "READ", "Y\n",
	"RESULT 2\nOK", "RESULT 2\nOK", "RESULT 4\nFAIL", "RESULT 2\n", "OK", "RESULT 0\n",
	"RESULT x\n", "RESULT \xff\n", "RESULT  1_0 \r\n0123456789", "RESULT 3\nO", "K\n",
	"XXXXXXX2\nOK", "RESULT +2\nOK", "garbage\n", "\xff\xfe\xfd\xfc\xfb\xfa", "RESULT",
}

// generated returns n random conversations (fixed seed): tokens cut at
// random points, with the pool dispatching now and then.
func generated(n int) [][]op {
	rng := rand.New(rand.NewSource(425))
	var cases [][]op
	for range n {
		var ops []op
		var stream strings.Builder
		for range 1 + rng.Intn(8) {
			stream.WriteString(vocabulary[rng.Intn(len(vocabulary))])
		}
		s := stream.String()
		for len(s) > 0 {
			if rng.Intn(3) == 0 {
				ops = append(ops, dispatch)
			}
			cut := 1 + rng.Intn(len(s))
			ops = append(ops, feed(s[:cut]))
			s = s[cut:]
		}
		ops = append(ops, dispatch)
		cases = append(cases, ops)
	}
	return cases
}

// TestMatchesReference compares every step, log line and state with 4.2.5's
// own dispatcher, for hand-written and generated conversations.
func TestMatchesReference(t *testing.T) {
	cases := [][]op{
		{feed("READY\n"), dispatch, feed("RESULT 2\nOK")},
		{feed("READY\n"), dispatch, feed("RESULT 4\nFAILREADY\n"), dispatch, feed("RESULT 2\nOKREADY\n")},
		{feed("READY\nREADY\n")},
		{feed("READY\n"), dispatch, feed("RESULT 0\n"), feed("READY\n")},
		{feed("READY\n"), dispatch, feed("RESULT \xff\n")},
		{feed("READY\r\n")},
		{feed("READY\n"), dispatch, feed("garbage\n")},
	}
	cases = append(cases, generated(600)...)
	want := runOracle(t, cases)
	for i, c := range cases {
		if !assert.Equal(t, want[i], transcript(c), "case %d: %q", i, c) {
			break
		}
	}
}
