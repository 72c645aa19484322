package output

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gosupervisord/gosupervisord/supervisor/childlog"
	"github.com/gosupervisord/gosupervisord/supervisor/config"
	"github.com/gosupervisord/gosupervisord/supervisor/logger"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// referencePython is the interpreter that has supervisor 4.2.5 installed.
const referencePython = "/usr/bin/python3"

// requireReference skips when the 4.2.5 oracle is not installed (make deps
// installs it).
func requireReference(t *testing.T) {
	t.Helper()
	if err := exec.Command(referencePython, "-c", "import supervisor.dispatchers").Run(); err != nil {
		t.Skipf("supervisor 4.2.5 not importable by %s (run make deps): %v", referencePython, err)
	}
}

// oracleCase is one input for testdata/dispatcher_oracle.py.
type oracleCase struct {
	Name            string   `json:"name"`
	Channel         string   `json:"channel"`
	Chunks          []string `json:"chunks"` // bytes as latin-1 code points
	Logfile         *string  `json:"logfile"`
	MaxBytes        int64    `json:"maxbytes"`
	Backups         int      `json:"backups"`
	CaptureMaxBytes int64    `json:"capture_maxbytes"`
	StripAnsi       bool     `json:"strip_ansi"`
	LogLevel        int      `json:"loglevel"`
	Events          bool     `json:"events"`
}

type oracleResult struct {
	Events  [][2]string `json:"events"`
	MainLog string      `json:"mainlog"`
}

// latin1 maps bytes to code points 0-255 and back, so any bytes survive JSON.
func latin1(b []byte) string {
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return string(r)
}

func unLatin1(s string) []byte {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r))
	}
	return b
}

func runOracle(t *testing.T, cases []oracleCase) []oracleResult {
	t.Helper()
	in, err := json.Marshal(cases)
	require.NoError(t, err)
	cmd := exec.Command(referencePython, "testdata/dispatcher_oracle.py")
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, stderr.String())
	var res []oracleResult
	require.NoError(t, json.Unmarshal(out, &res))
	require.Len(t, res, len(cases))
	return res
}

var mainLogStamp = regexp.MustCompile(`(?m)^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (CRIT|ERRO|WARN|INFO|DEBG|TRAC|BLAT) `)

// runOurs drains the case's chunks with our Drain, logging into dir.
func runOurs(t *testing.T, c oracleCase, logfile string) oracleResult {
	t.Helper()
	var chunks [][]byte
	for _, s := range c.Chunks {
		chunks = append(chunks, unLatin1(s))
	}
	mainPath := logfile + ".main"
	ml, err := logger.New(logger.Options{Path: mainPath, Level: config.Level(c.LogLevel)})
	require.NoError(t, err)
	defer ml.Close()
	var res oracleResult
	cfg := Config{
		ProcName: c.Name, Channel: c.Channel, StripAnsi: c.StripAnsi,
		CaptureMaxBytes: c.CaptureMaxBytes, MainLog: ml,
		OnCapture: func(b []byte) { res.Events = append(res.Events, [2]string{"comm", latin1(b)}) },
	}
	if c.Events {
		cfg.OnLog = func(b []byte) { res.Events = append(res.Events, [2]string{"log", latin1(b)}) }
	}
	if c.Logfile != nil {
		f, err := childlog.Open(logfile, c.MaxBytes, c.Backups)
		require.NoError(t, err)
		defer f.Close()
		cfg.Log = f
	}
	require.NoError(t, Drain(&chunkReader{chunks: chunks}, cfg))
	b, err := os.ReadFile(mainPath)
	require.NoError(t, err)
	res.MainLog = mainLogStamp.ReplaceAllString(string(b), "$1 ")
	return res
}

// logFiles returns the contents of path and its backups .1 .. .9.
func logFiles(path string) map[string]string {
	out := map[string]string{}
	for i := 0; i < 10; i++ {
		p := path
		if i > 0 {
			p = fmt.Sprintf("%s.%d", path, i)
		}
		if b, err := os.ReadFile(p); err == nil {
			out[filepath.Ext(p)] = string(b)
		}
	}
	return out
}

// splitAt cuts s at the given offsets, dropping empty pieces (a pipe read
// never returns 0 bytes before EOF).
func splitAt(s string, cuts ...int) []string {
	var out []string
	prev := 0
	for _, c := range append(cuts, len(s)) {
		if c > prev {
			out = append(out, s[prev:c])
			prev = c
		}
	}
	return out
}

func everyN(s string, n int) []string {
	var out []string
	for len(s) > n {
		out = append(out, s[:n])
		s = s[n:]
	}
	return append(out, s)
}

// oracleCases builds the comparison table: capture tokens split at every
// position, short chunks, overflow, ANSI stripping, undecodable output,
// rotation and random inputs.
func oracleCases() []oracleCase {
	yes := "x"
	base := oracleCase{Name: "p", Channel: "stdout", Logfile: &yes, LogLevel: 20, Events: true, CaptureMaxBytes: 1000}
	var cases []oracleCase
	add := func(mod func(c *oracleCase)) {
		c := base
		mod(&c)
		cases = append(cases, c)
	}
	comm := "pre<!--XSUPERVISOR:BEGIN-->captured text<!--XSUPERVISOR:END-->post\n"
	for i := 0; i <= len(comm); i++ {
		add(func(c *oracleCase) { c.Chunks = splitAt(comm, i) })
	}
	for i := 0; i <= len(comm); i += 3 {
		for j := i; j <= len(comm); j += 5 {
			add(func(c *oracleCase) { c.Chunks = splitAt(comm, i, j); c.LogLevel = 10 })
		}
	}
	for _, n := range []int{1, 2, 5, 21, 22, 23, 24, 25, 26} {
		add(func(c *oracleCase) { c.Chunks = everyN(comm+comm, n) })
	}
	// tokens without capture mode are logged verbatim
	add(func(c *oracleCase) { c.CaptureMaxBytes = 0; c.Chunks = splitAt(comm, 10, 30) })
	// overflow of the capture buffer drops the oldest bytes
	add(func(c *oracleCase) {
		c.CaptureMaxBytes = 5
		c.Chunks = []string{"<!--XSUPERVISOR:BEGIN-->", "0123456789", "abc", "defgh", "<!--XSUPERVISOR:END-->tail\n"}
	})
	add(func(c *oracleCase) {
		c.CaptureMaxBytes = 8
		c.Chunks = everyN("a<!--XSUPERVISOR:BEGIN-->0123456789abcdefghij<!--XSUPERVISOR:END-->b<!--XSUPERVISOR:END--><!--XSUPERVISOR:BEGIN-->z<!--XSUPERVISOR:BEGIN--><!--XSUPERVISOR:END-->\n", 7)
	})
	// short output held back in capture mode, then EOF
	add(func(c *oracleCase) { c.Chunks = []string{"ok\n"} })
	add(func(c *oracleCase) { c.Chunks = []string{"ok\n", "<!--XSUPERV"} })
	// ANSI stripping, with and without capture, sequences split by reads
	ansi := "\x1b[31mred\x1b[0m plain \x1b[1;32Hpos\x1b[2J\x1b[?25lcursor\x1b[K end\x1b[unterminated"
	for _, capture := range []int64{0, 1000} {
		for i := 0; i <= len(ansi); i += 4 {
			add(func(c *oracleCase) {
				c.StripAnsi = true
				c.CaptureMaxBytes = capture
				c.Chunks = splitAt(ansi, i)
				c.LogLevel = 10
			})
		}
	}
	add(func(c *oracleCase) {
		c.StripAnsi = true
		c.Chunks = []string{"a<!--XSUPERVISOR:BEGIN-->\x1b[31mred\x1b[0m<!--XSUPERVISOR:END-->\x1b[1mb\n"}
	})
	// debug echo: undecodable bytes, quotes in names, stderr, UTF-8
	for _, name := range []string{"p", "it's", `say "hi"`, `both ' and "`, "tab\there", "ünï"} {
		add(func(c *oracleCase) {
			c.Name = name
			c.Channel = "stderr"
			c.LogLevel = 10
			c.CaptureMaxBytes = 0
			c.Chunks = []string{"ok\n", "\xff\xfe'\"\\\x00\x7f\t\r\n", "caf\xc3\xa9\n", "\xc3", "\xa9"}
		})
	}
	add(func(c *oracleCase) { c.LogLevel = 5; c.Chunks = splitAt(comm, 30) }) // TRAC: echo too
	add(func(c *oracleCase) { c.LogLevel = 20; c.Events = false; c.Chunks = splitAt(comm, 30) })
	add(func(c *oracleCase) { c.Logfile = nil; c.LogLevel = 10; c.Chunks = splitAt(comm, 30) })
	// rotation of the child log, compared file by file
	for _, mb := range []int64{1, 7, 10, 64} {
		add(func(c *oracleCase) {
			c.CaptureMaxBytes = 0
			c.MaxBytes = mb
			c.Backups = 3
			c.Chunks = everyN(strings.Repeat("0123456789abcdef\n", 20), 13)
		})
	}
	add(func(c *oracleCase) { c.MaxBytes = 10; c.Backups = 0; c.Chunks = everyN(comm+comm+comm, 9) })
	// random inputs built from token pieces, escapes and odd bytes
	rng := rand.New(rand.NewSource(42))
	pieces := []string{"<!--XSUPERVISOR:BEGIN-->", "<!--XSUPERVISOR:END-->", "<!--XSUP", "ERVISOR:", "END-->", "BEGIN-->",
		"\x1b[", "31m", "m", "[", "\x1b", "text", "\n", "\xff", "é", "<", "-->", " "}
	for k := 0; k < 150; k++ {
		var sb strings.Builder
		for n := rng.Intn(25); n >= 0; n-- {
			sb.WriteString(pieces[rng.Intn(len(pieces))])
		}
		s := sb.String()
		var cuts []int
		for p := 0; p < len(s); p += 1 + rng.Intn(30) {
			cuts = append(cuts, p)
		}
		add(func(c *oracleCase) {
			c.Chunks = splitAt(s, cuts...)
			c.StripAnsi = rng.Intn(2) == 0
			c.CaptureMaxBytes = []int64{0, 3, 40, 1000}[rng.Intn(4)]
			c.LogLevel = []int{10, 20}[rng.Intn(2)]
			c.MaxBytes = []int64{0, 0, 15}[rng.Intn(3)]
			c.Backups = 2
		})
	}
	return cases
}

// TestDrainMatchesReference runs every case through 4.2.5's
// POutputDispatcher and through Drain and compares the log files, the
// events and the main log.
func TestDrainMatchesReference(t *testing.T) {
	requireReference(t)
	cases := oracleCases()
	pyDir, goDir := t.TempDir(), t.TempDir()
	pyCases := make([]oracleCase, len(cases))
	for i, c := range cases {
		pyCases[i] = c
		for k, s := range c.Chunks { // JSON needs valid strings: map bytes to latin-1
			pyCases[i].Chunks[k] = latin1([]byte(s))
		}
		if c.Logfile != nil {
			p := filepath.Join(pyDir, fmt.Sprintf("case%d.log", i))
			pyCases[i].Logfile = &p
		}
	}
	want := runOracle(t, pyCases)
	for i, c := range cases {
		goLog := filepath.Join(goDir, fmt.Sprintf("case%d.log", i))
		got := runOurs(t, pyCases[i], goLog)
		desc := fmt.Sprintf("case %d: %q capture=%d strip=%v", i, c.Chunks, c.CaptureMaxBytes, c.StripAnsi)
		assert.Equal(t, want[i].Events, got.Events, desc)
		assert.Equal(t, want[i].MainLog, got.MainLog, desc)
		if c.Logfile != nil {
			assert.Equal(t, logFiles(*pyCases[i].Logfile), logFiles(goLog), desc)
		} else {
			assert.NoFileExists(t, goLog, desc)
		}
	}
}
