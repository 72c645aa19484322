package spawn

import (
	"fmt"
	"strconv"
	"strings"
)

// shimSpec is what the shim needs besides argv (its own) and the
// environment (its own, minus shimEnv).
type shimSpec struct {
	Path     string
	Dir      *string // nil: keep the cwd
	Umask    *int    // nil: inherit the umask
	UID      int     // for the messages, and setuid when SetCred
	SetCred  bool    // switch to GID, Groups and UID
	GID      uint32
	Groups   []uint32
	CredFail string // 4.2.5's reason privileges cannot be dropped, if any
}

// The spec travels in an environment variable, so its text must hold no
// NUL byte. It is its eight fields in order, each followed by a tab but
// the last:
//
//	path dir umask uid setcred gid groups credfail
//
// Strings are Go-quoted (strconv.Quote), which carries any bytes (NUL,
// tabs, newlines, invalid UTF-8) as printable text without a tab; numbers
// are decimal; setcred is 0 or 1; groups are comma-separated; an absent dir
// or umask and an empty groups list are "-". For example (tabs shown as
// spaces):
//
//	"/bin/sleep" "/tmp" 18 1000 1 1000 1000,27 ""
const (
	specSep    = "\t"
	specAbsent = "-"
)

// encode returns sp as text for the shim's environment.
func (sp shimSpec) encode() string {
	dir, umask, setcred, groups := specAbsent, specAbsent, "0", specAbsent
	if sp.Dir != nil {
		dir = strconv.Quote(*sp.Dir)
	}
	if sp.Umask != nil {
		umask = strconv.Itoa(*sp.Umask)
	}
	if sp.SetCred {
		setcred = "1"
	}
	if len(sp.Groups) > 0 {
		g := make([]string, len(sp.Groups))
		for i, id := range sp.Groups {
			g[i] = strconv.FormatUint(uint64(id), 10)
		}
		groups = strings.Join(g, ",")
	}
	return strings.Join([]string{
		strconv.Quote(sp.Path), dir, umask, strconv.Itoa(sp.UID), setcred,
		strconv.FormatUint(uint64(sp.GID), 10), groups, strconv.Quote(sp.CredFail),
	}, specSep)
}

// decodeShimSpec parses the text encode produced. It fails on anything
// else: a wrong number of fields or a malformed one.
func decodeShimSpec(text string) (*shimSpec, error) {
	f := strings.Split(text, specSep)
	if len(f) != 8 {
		return nil, fmt.Errorf("bad spawn spec: %d fields, not 8", len(f))
	}
	var d specDecoder
	sp := &shimSpec{Path: d.str(f[0]), UID: d.int(f[3]), GID: d.uint32(f[5]), CredFail: d.str(f[7])}
	if f[1] != specAbsent {
		dir := d.str(f[1])
		sp.Dir = &dir
	}
	if f[2] != specAbsent {
		umask := d.int(f[2])
		sp.Umask = &umask
	}
	switch f[4] {
	case "0":
	case "1":
		sp.SetCred = true
	default:
		d.fail(f[4])
	}
	if f[6] != specAbsent {
		for g := range strings.SplitSeq(f[6], ",") {
			sp.Groups = append(sp.Groups, d.uint32(g))
		}
	}
	if d.err != nil {
		return nil, d.err
	}
	return sp, nil
}

// specDecoder parses a spec's fields, keeping the first error.
type specDecoder struct{ err error }

func (d *specDecoder) fail(field string) {
	if d.err == nil {
		d.err = fmt.Errorf("bad spawn spec: malformed field %q", field)
	}
}

// str parses a Go-quoted string.
func (d *specDecoder) str(field string) string {
	s, err := strconv.Unquote(field)
	if err != nil || !strings.HasPrefix(field, `"`) {
		d.fail(field)
	}
	return s
}

// int parses a decimal int.
func (d *specDecoder) int(field string) int {
	n, err := strconv.Atoi(field)
	if err != nil {
		d.fail(field)
	}
	return n
}

// uint32 parses a decimal uint32.
func (d *specDecoder) uint32(field string) uint32 {
	n, err := strconv.ParseUint(field, 10, 32)
	if err != nil {
		d.fail(field)
	}
	return uint32(n)
}
