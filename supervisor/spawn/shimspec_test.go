package spawn

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func ptr[T any](v T) *T { return &v }

// TestShimSpecRoundTrip encodes specs with awkward strings and numbers and
// decodes them back. The text must carry any bytes (a directory may hold
// tabs, newlines, quotes, invalid UTF-8; NUL cannot reach execve but must
// not truncate the environment variable either) and never contain NUL.
func TestShimSpecRoundTrip(t *testing.T) {
	cases := []struct {
		name string
		sp   shimSpec
		text string // the encoding, when pinned
	}{
		{name: "minimal", sp: shimSpec{Path: "/bin/sleep"},
			text: "\"/bin/sleep\"\t-\t-\t0\t0\t0\t-\t\"\""},
		{name: "everything", sp: shimSpec{Path: "/bin/sleep", Dir: ptr("/tmp"), Umask: ptr(0o022), UID: 1000,
			SetCred: true, GID: 1000, Groups: []uint32{1000, 27}},
			text: "\"/bin/sleep\"\t\"/tmp\"\t18\t1000\t1\t1000\t1000,27\t\"\""},
		{name: "empty strings", sp: shimSpec{Path: "", Dir: ptr(""), Umask: ptr(0)}},
		{name: "absent marker as a value", sp: shimSpec{Path: "-", Dir: ptr("-"), CredFail: "-"}},
		{name: "separators and quotes", sp: shimSpec{Path: "/a b\tc\nd\r\"e\"\\f'g`h", Dir: ptr("\t\t"), CredFail: "\"\t\""}},
		{name: "NUL and control bytes", sp: shimSpec{Path: "/x\x00y\x01\x7f", Dir: ptr("\x00"), CredFail: "\x1b[0m"}},
		{name: "invalid UTF-8", sp: shimSpec{Path: "/caf\xe9", Dir: ptr("\xff\xfe"), CredFail: "\xc3"}},
		{name: "UTF-8", sp: shimSpec{Path: "/données/日本", Dir: ptr("/tmp/é")}},
		{name: "percent, equals, comma", sp: shimSpec{Path: "/a=b,c%d", Dir: ptr("K=V"), CredFail: "Can't find uid 1234"}},
		{name: "extreme numbers", sp: shimSpec{Path: "/p", Umask: ptr(-1), UID: -2147483648, SetCred: true,
			GID: 4294967295, Groups: []uint32{0, 4294967295}}},
		{name: "credentials failure", sp: shimSpec{Path: "/p", UID: 1234, CredFail: "Can't drop privilege as nonroot user"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			text := tc.sp.encode()
			if tc.text != "" {
				assert.Equal(t, tc.text, text)
			}
			assert.NotContains(t, text, "\x00")
			got, err := decodeShimSpec(text)
			require.NoError(t, err)
			assert.Equal(t, &tc.sp, got)
		})
	}
}

// TestShimSpecDecodeErrors checks text encode cannot produce is refused.
func TestShimSpecDecodeErrors(t *testing.T) {
	good := strings.Split(shimSpec{Path: "/p", Dir: ptr("/d"), Umask: ptr(2), SetCred: true, Groups: []uint32{1}}.encode(), "\t")
	with := func(i int, v string) string {
		f := append([]string(nil), good...)
		f[i] = v
		return strings.Join(f, "\t")
	}
	cases := []struct{ name, text string }{
		{"empty", ""},
		{"too few fields", strings.Join(good[:7], "\t")},
		{"too many fields", strings.Join(append(good, `""`), "\t")},
		{"unquoted path", with(0, "/p")},
		{"single-quoted path", with(0, `'p'`)},
		{"raw string path", with(0, "`p`")},
		{"unterminated path", with(0, `"/p`)},
		{"trailing text after a string", with(0, `"/p"x`)},
		{"bad escape", with(1, `"\q"`)},
		{"empty umask", with(2, "")},
		{"octal umask", with(2, "0o22")},
		{"huge uid", with(3, "99999999999999999999")},
		{"setcred", with(4, "true")},
		{"negative gid", with(5, "-1")},
		{"gid too big", with(5, "4294967296")},
		{"empty group", with(6, "1,,2")},
		{"empty groups", with(6, "")},
		{"unquoted credfail", with(7, "x")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := decodeShimSpec(tc.text)
			assert.ErrorContains(t, err, "bad spawn spec")
		})
	}
}

// TestShimCarriesAwkwardDir runs the shim (a umask forces it) in a
// directory whose name needs quoting, and checks the program ran there.
func TestShimCarriesAwkwardDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a b\tc\nd\"e\\f\xff=g")
	require.NoError(t, os.Mkdir(dir, 0o755))
	umask := 0o022
	ws, out, errOut := run(t, &Attr{Path: "/bin/sh", Argv: []string{"sh", "-c", `printf %s "$(pwd)"; env | grep -c GOSUPERVISORD_SPAWN_SHIM`},
		Dir: &dir, Umask: &umask})
	require.True(t, ws.Exited(), errOut)
	assert.Equal(t, 0, ws.ExitStatus()&^1, errOut) // grep -c exits 1 on no match
	assert.Equal(t, dir+"0\n", out, "the program runs in dir and does not see the spec")
}

// FuzzDecodeShimSpec feeds the decoder garbage: it must never panic, and
// what it accepts must encode back to text it decodes to the same spec.
func FuzzDecodeShimSpec(f *testing.F) {
	f.Add(shimSpec{Path: "/bin/sleep"}.encode())
	f.Add(shimSpec{Path: "/bin/sleep", Dir: ptr("/t\tmp"), Umask: ptr(18), UID: 1000, SetCred: true, GID: 1000,
		Groups: []uint32{1000, 27}, CredFail: "x\x00y"}.encode())
	f.Add("\"\"\t-\t-\t0\t0\t0\t-\t\"\"")
	f.Add("\t\t\t\t\t\t\t")
	f.Add("\"\\x")
	f.Fuzz(func(t *testing.T, text string) {
		sp, err := decodeShimSpec(text)
		if err != nil {
			return
		}
		again, err := decodeShimSpec(sp.encode())
		require.NoError(t, err)
		assert.Equal(t, sp, again)
	})
}
