package oracle

import (
	"bytes"
	"encoding/json"
	"math/rand"
	"os/exec"
	"strings"
	"testing"

	"github.com/go-ini/ini"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gosupervisord/gosupervisord/supervisor/config"
)

// runPythonScript runs script under /usr/bin/python3 with input as JSON on
// stdin and decodes its JSON stdout into out.
func runPythonScript(t *testing.T, script string, input, out any) {
	t.Helper()
	in, err := json.Marshal(input)
	require.NoError(t, err)
	cmd := exec.Command(Python, "-c", script)
	cmd.Stdin = bytes.NewReader(in)
	cmd.Env = []string{"LC_ALL=C.UTF-8"}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	b, err := cmd.Output()
	require.NoError(t, err, stderr.String())
	require.NoError(t, json.Unmarshal(b, out))
}

// randomTexts builds n texts from tokens, deterministically.
func randomTexts(seed int64, n, maxTokens int, tokens []string, prefix func(r *rand.Rand) string) []string {
	r := rand.New(rand.NewSource(seed))
	texts := make([]string, n)
	for i := range texts {
		var b strings.Builder
		b.WriteString(prefix(r))
		for j := r.Intn(maxTokens) + 1; j > 0; j-- {
			b.WriteString(tokens[r.Intn(len(tokens))])
		}
		texts[i] = b.String()
	}
	return texts
}

// iniResult is a parse outcome: sections with their own keys, or an error.
type iniResult struct {
	Sections [][]any `json:"sections"`
	Err      string  `json:"err"`
}

const pythonINIScript = `
import configparser, io, json, sys
out = []
for text in json.load(sys.stdin):
    p = configparser.RawConfigParser(inline_comment_prefixes=(';', '#'), strict=False)
    try:
        p.read_file(io.TextIOWrapper(io.BytesIO(text.encode()), encoding='utf-8'), source='f.conf')
    except Exception as e:
        out.append({'sections': None, 'err': str(e)})
        continue
    secs = [['DEFAULT', [[k, v] for k, v in p._defaults.items()]]]
    for s in p.sections():
        secs.append([s, [[k, v] for k, v in p._sections[s].items()]])
    out.append({'sections': secs, 'err': ''})
json.dump(out, sys.stdout)
`

func ourINI(text string) iniResult {
	p, err := config.Parse(text, "f.conf")
	if err != nil {
		return iniResult{Err: err.Error()}
	}
	dump := func(name string, s *config.Section) []any {
		kv := [][]string{}
		for _, k := range s.Keys() {
			v, _ := s.Value(k)
			kv = append(kv, []string{k, v})
		}
		return []any{name, kv}
	}
	res := iniResult{Sections: [][]any{dump(config.DefaultSection, p.Defaults())}}
	for _, name := range p.Sections() {
		res.Sections = append(res.Sections, dump(name, p.Section(name)))
	}
	return res
}

// viaJSON round-trips r through JSON so it compares with decoded Python
// output.
func viaJSON(t *testing.T, r iniResult) iniResult {
	b, err := json.Marshal(r)
	require.NoError(t, err)
	var out iniResult
	require.NoError(t, json.Unmarshal(b, &out))
	return out
}

// goINI parses text with github.com/go-ini/ini set as close to
// RawConfigParser as its options allow.
func goINI(text string) iniResult {
	f, err := ini.LoadSources(ini.LoadOptions{
		InsensitiveKeys:            true,
		IgnoreContinuation:         true,
		AllowPythonMultilineValues: true,
		SpaceBeforeInlineComment:   true,
		PreserveSurroundedQuote:    true,
		KeyValueDelimiters:         "=:",
	}, []byte(text))
	if err != nil {
		return iniResult{Err: err.Error()}
	}
	res := iniResult{}
	for _, s := range f.Sections() {
		kv := [][]string{}
		for _, k := range s.Keys() {
			kv = append(kv, []string{k.Name(), k.Value()})
		}
		res.Sections = append(res.Sections, []any{s.Name(), kv})
	}
	return res
}

// TestINIDialectDifferential parses thousands of random texts made of the
// dialect's tricky tokens with Python's RawConfigParser and with
// config.Parse and requires identical sections, keys, values and error
// texts. It also measures github.com/go-ini/ini on the same texts (the
// reason README gives for not using it).
func TestINIDialectDifferential(t *testing.T) {
	if why := Available(); why != "" {
		t.Skip("oracle unavailable: " + why)
	}
	tokens := []string{"[", "]", "[a]", "[DEFAULT]", "[ b ]", "key", "Key", "k2", "=", ":", " = ", "v", "val ue",
		";", "#", " ;c", " #c", "\t#x", "\n", "\n", "\n", "\n  ", "\n    ", "\n\t", " ", "  ", "\r\n", "\r",
		"x#y", "a;b", "\u3000", "\x1c", "É", "İ", "%(here)s", `"`, "'", "[]", "[[x]]", "ΑΣ"}
	texts := randomTexts(1, 4000, 25, tokens, func(r *rand.Rand) string {
		if r.Intn(10) < 7 {
			return "[s]\n"
		}
		return ""
	})
	var want []iniResult
	runPythonScript(t, pythonINIScript, texts, &want)
	require.Len(t, want, len(texts))
	accepted, goIniSame, goIniRefused := 0, 0, 0
	for i, text := range texts {
		assert.Equal(t, want[i], viaJSON(t, ourINI(text)), "%q", text)
		if want[i].Err != "" {
			continue
		}
		accepted++
		g := viaJSON(t, goINI(text))
		switch {
		case g.Err != "":
			goIniRefused++
		case assert.ObjectsAreEqual(want[i].Sections, g.Sections):
			goIniSame++
		}
	}
	t.Logf("of %d texts RawConfigParser accepts, go-ini v1.67.0 (closest options) reads %d the same, "+
		"%d differently and refuses %d; config.Parse matches every text and error",
		accepted, goIniSame, accepted-goIniSame-goIniRefused, goIniRefused)
}

const pythonFormatScript = `
import json, sys
d = {'a': 'x', 'n': 5, 'm': -7, 'here': '/h \u00e9', 'u': "it's", 'b': 123456789012, 'z': 0}
out = []
for s in json.load(sys.stdin):
    try:
        out.append(['ok', s % d])
    except KeyError as e:
        out.append(['key', str(e)])
    except Exception as e:
        out.append(['err', str(e)])
json.dump(out, sys.stdout)
`

// TestFormatDifferential formats thousands of random format strings with
// Python's "%" operator and with config.Expand (same dictionary) and
// requires the same result or the same error text.
func TestFormatDifferential(t *testing.T) {
	if why := Available(); why != "" {
		t.Skip("oracle unavailable: " + why)
	}
	tokens := []string{"(b)", "(z)", "(n)", ".0", ".3", "#", "%", "%", "%", "(", ")", "a", "n", "m", "here", "x",
		"s", "d", "r", "0", "-", "+", " ", "#", "5", ".", "*", "l", "h", "c", "x", "X", "o", "e", "f", "g", "G",
		"E", "i", "u", "%%", "12", "b", "é", "\n", "z", "'", `"`}
	texts := randomTexts(2, 8000, 8, tokens, func(*rand.Rand) string { return "" })
	var want [][2]string
	runPythonScript(t, pythonFormatScript, texts, &want)
	require.Len(t, want, len(texts))
	names := config.NewNames()
	names.SetString("a", "x")
	names.SetInt("n", 5)
	names.SetInt("m", -7)
	names.SetString("here", "/h é")
	names.SetString("u", "it's")
	names.SetInt("b", 123456789012)
	names.SetInt("z", 0)
	keys := "Available names: a, b, here, m, n, u, z"
	for i, text := range texts {
		got, err := config.Expand(text, names, "opt")
		switch want[i][0] {
		case "ok":
			if assert.NoError(t, err, "%q", text) {
				assert.Equal(t, want[i][1], got, "%q", text)
			}
		case "key":
			assert.EqualError(t, err, "Format string "+config.PythonRepr(text)+" for 'opt' contains names ("+
				want[i][1]+") which cannot be expanded. "+keys, "%q", text)
		default:
			assert.EqualError(t, err, "Format string "+config.PythonRepr(text)+" for 'opt' is badly formatted: "+
				want[i][1], "%q", text)
		}
	}
}
