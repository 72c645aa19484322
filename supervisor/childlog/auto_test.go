package childlog

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAutoName(t *testing.T) {
	dir := t.TempDir()
	seen := map[string]bool{}
	for i := 0; i < 50; i++ {
		p, err := AutoName(dir, "sleeper", "stdout", "mysup")
		require.NoError(t, err)
		assert.Regexp(t, regexp.MustCompile(`^`+regexp.QuoteMeta(dir)+`/sleeper-stdout---mysup-[a-z0-9_]{8}\.log$`), p)
		st, err := os.Stat(p)
		require.NoError(t, err)
		assert.Equal(t, int64(0), st.Size())
		assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())
		assert.False(t, seen[p])
		seen[p] = true
	}
	// a relative dir gives an absolute path, like mkstemp
	wd, err := os.Getwd()
	require.NoError(t, err)
	rel, err := filepath.Rel(wd, dir)
	require.NoError(t, err)
	p, err := AutoName(rel, "a", "stderr", "supervisor")
	require.NoError(t, err)
	assert.True(t, filepath.IsAbs(p))
	assert.Equal(t, dir, filepath.Dir(p))

	_, err = AutoName(filepath.Join(dir, "missing"), "a", "stdout", "supervisor")
	assert.ErrorIs(t, err, os.ErrNotExist)
}

// TestCleanAutoPatternMatchesReference compares our pattern with 4.2.5's
// re.match of `.+?---<identifier>-\S+\.log\.{0,1}\d{0,4}`.
func TestCleanAutoPatternMatchesReference(t *testing.T) {
	requireReference(t)
	names := []string{
		"sleeper-stdout---supervisor-5l9b4tga.log", "sleeper-stdout---supervisor-5l9b4tga.log.1",
		"sleeper-stdout---supervisor-5l9b4tga.log.12345", "a---supervisor-x.log", "---supervisor-x.log",
		"a---supervisor-.log", "a---supervisor-x y.log", "a---supervisor-x\vy.log", "a---supervisor-x\u00a0y.log",
		"a---supervisor-x\x1cy.log", "a---supervisor-x.logfile", "a---supervisor-x.txt", "supervisord.log",
		"a---supervisorX-x.log", "a---supervisor-x.LOG", "a-b---supervisor-c---supervisor-d.log",
		"x---my.sup-y.log", "x---myXsup-y.log", "x---a+b-y.log", "x---aab-y.log", "ü---supervisor-é.log",
	}
	for _, id := range []string{"supervisor", "my.sup", "a+b"} {
		want := runReadOracle(t, nil, names, id).Clean
		re := autoLogPattern(id)
		for i, n := range names {
			assert.Equal(t, want[i], re.MatchString(n), "identifier %q name %q", id, n)
		}
	}
}

func TestCleanAuto(t *testing.T) {
	dir := t.TempDir()
	keep := []string{"supervisord.log", "other---elsewhere-x.log", "notes.txt"}
	for _, n := range keep {
		require.NoError(t, os.WriteFile(filepath.Join(dir, n), nil, 0o644))
	}
	var made []string
	for _, ch := range []string{"stdout", "stderr"} {
		p, err := AutoName(dir, "prog", ch, "supervisor")
		require.NoError(t, err)
		made = append(made, p)
		require.NoError(t, os.WriteFile(p+".1", nil, 0o644))
	}
	require.NoError(t, CleanAuto(dir, "supervisor"))
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var left []string
	for _, e := range entries {
		left = append(left, e.Name())
	}
	sort.Strings(keep)
	assert.Equal(t, keep, left)

	err = CleanAuto(filepath.Join(dir, "missing"), "supervisor")
	var ce *CleanError
	require.True(t, errors.As(err, &ce))
	assert.Equal(t, []string{"Could not clear childlog dir"}, ce.Warnings)
	assert.ErrorIs(t, err, os.ErrNotExist)

	// a matching directory cannot be removed: 4.2.5's warning text
	sub := filepath.Join(dir, "x---supervisor-d.log")
	require.NoError(t, os.MkdirAll(filepath.Join(sub, "inner"), 0o700))
	err = CleanAuto(dir, "supervisor")
	require.True(t, errors.As(err, &ce))
	assert.Equal(t, []string{"Failed to clean up '" + sub + "'"}, ce.Warnings)
}
