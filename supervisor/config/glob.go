package config

import (
	"os"
	"sort"
	"strings"

	"github.com/gosupervisord/gosupervisord/internal/py"
)

// This file is Python 3.11's glob.glob (non-recursive) and fnmatch, which
// 4.2.5 uses for [include] files: '*' and '?' do not match a leading dot
// unless the pattern component starts with one, '[...]' classes with '!'
// negation, no escapes, and a pattern without magic characters matches
// itself if the path exists (even as a dangling symlink).

// hasMagic is glob.has_magic.
func hasMagic(s string) bool { return strings.ContainsAny(s, "*?[") }

// pySplitPath is os.path.split.
func pySplitPath(p string) (head, tail string) {
	i := strings.LastIndexByte(p, '/') + 1
	head, tail = p[:i], p[i:]
	if head != "" && head != strings.Repeat("/", len(head)) {
		head = strings.TrimRight(head, "/")
	}
	return head, tail
}

// glob returns the paths matching pattern, unsorted (in directory order).
func (e Environment) glob(pattern string) []string {
	return e.iglob(pattern, false)
}

func (e Environment) iglob(pattern string, dirOnly bool) []string {
	dirname, basename := pySplitPath(pattern)
	if !hasMagic(pattern) {
		if basename != "" {
			if e.lexists(pattern) {
				return []string{pattern}
			}
		} else if e.isDir(dirname) {
			return []string{pattern}
		}
		return nil
	}
	if dirname == "" {
		return e.glob1(e.Cwd, basename, dirOnly)
	}
	dirs := []string{dirname}
	if dirname != pattern && hasMagic(dirname) {
		dirs = e.iglob(dirname, true)
	}
	var out []string
	for _, d := range dirs {
		var names []string
		if hasMagic(basename) {
			names = e.glob1(d, basename, dirOnly)
		} else {
			names = e.glob0(d, basename)
		}
		for _, n := range names {
			out = append(out, pyJoin(d, n))
		}
	}
	return out
}

// glob1 lists dir and keeps the names matching pattern.
func (e Environment) glob1(dir, pattern string, dirOnly bool) []string {
	entries, err := os.ReadDir(e.resolve(dir))
	if err != nil {
		return nil
	}
	var out []string
	for _, ent := range entries {
		name := ent.Name()
		if dirOnly && !e.isDir(pyJoin(dir, name)) {
			continue
		}
		if name[0] == '.' && pattern[0] != '.' {
			continue
		}
		if fnmatch(name, pattern) {
			out = append(out, name)
		}
	}
	return out
}

// glob0 is the literal basename case.
func (e Environment) glob0(dir, basename string) []string {
	if basename != "" {
		if e.lexists(pyJoin(dir, basename)) {
			return []string{basename}
		}
	} else if e.isDir(dir) {
		return []string{basename}
	}
	return nil
}

// includeGlob is what [include] does with one pattern: glob, sorted.
func (e Environment) includeGlob(pattern string) []string {
	names := e.glob(pattern)
	sort.Strings(names)
	return names
}

// fnItem is one element of a translated fnmatch pattern.
type fnItem struct {
	kind   int // fnLiteral, fnAny, fnStar, fnClass, fnNever
	r      rune
	negate bool
	ranges [][2]rune
}

const (
	fnLiteral = iota
	fnAny
	fnStar
	fnClass
	fnNever
)

// fnTranslate is fnmatch.translate as a list of items instead of a regexp.
func fnTranslate(pat []rune) []fnItem {
	var items []fnItem
	i, n := 0, len(pat)
	for i < n {
		c := pat[i]
		i++
		switch c {
		case '*':
			if len(items) == 0 || items[len(items)-1].kind != fnStar {
				items = append(items, fnItem{kind: fnStar})
			}
		case '?':
			items = append(items, fnItem{kind: fnAny})
		case '[':
			j := i
			if j < n && pat[j] == '!' {
				j++
			}
			if j < n && pat[j] == ']' {
				j++
			}
			for j < n && pat[j] != ']' {
				j++
			}
			if j >= n {
				items = append(items, fnItem{kind: fnLiteral, r: '['})
				continue
			}
			items = append(items, fnClassItem(pat, i, j))
			i = j + 1
		default:
			items = append(items, fnItem{kind: fnLiteral, r: c})
		}
	}
	return items
}

// fnClassItem builds the character class pat[i:j] (the text between the
// brackets) the way fnmatch.translate does, including its removal of empty
// ranges such as "z-a".
func fnClassItem(pat []rune, i, j int) fnItem {
	stuff := pat[i:j]
	var chunks [][]rune
	if !containsRune(stuff, '-') {
		chunks = [][]rune{append([]rune(nil), stuff...)}
	} else {
		k := i + 1
		if pat[i] == '!' {
			k = i + 2
		}
		for {
			k = indexRune(pat, '-', k, j)
			if k < 0 {
				break
			}
			chunks = append(chunks, append([]rune(nil), pat[i:k]...))
			i = k + 1
			k += 3
		}
		chunk := append([]rune(nil), pat[i:j]...)
		if len(chunk) > 0 {
			chunks = append(chunks, chunk)
		} else {
			chunks[len(chunks)-1] = append(chunks[len(chunks)-1], '-')
		}
		for k := len(chunks) - 1; k > 0; k-- {
			prev := chunks[k-1]
			if prev[len(prev)-1] > chunks[k][0] {
				chunks[k-1] = append(prev[:len(prev)-1], chunks[k][1:]...)
				chunks = append(chunks[:k], chunks[k+1:]...)
			}
		}
	}
	// Chunks are joined by range hyphens: the last rune of a chunk and the
	// first of the next one delimit a range; other runes stand for
	// themselves.
	total := 0
	for _, c := range chunks {
		total += len(c)
	}
	if total == 0 {
		return fnItem{kind: fnNever}
	}
	if total == 1 && chunks[0][0] == '!' {
		return fnItem{kind: fnAny}
	}
	item := fnItem{kind: fnClass}
	if chunks[0][0] == '!' {
		item.negate = true
		chunks[0] = chunks[0][1:]
	}
	var flat []rune
	var rangeAt []bool // rangeAt[x]: flat[x] starts a range with flat[x+1]
	for ci, c := range chunks {
		for _, r := range c {
			flat = append(flat, r)
			rangeAt = append(rangeAt, false)
		}
		if ci < len(chunks)-1 && len(flat) > 0 {
			rangeAt[len(flat)-1] = true
		}
	}
	for x := 0; x < len(flat); x++ {
		if rangeAt[x] && x+1 < len(flat) {
			item.ranges = append(item.ranges, [2]rune{flat[x], flat[x+1]})
			x++
			continue
		}
		item.ranges = append(item.ranges, [2]rune{flat[x], flat[x]})
	}
	return item
}

func containsRune(rs []rune, r rune) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

func indexRune(rs []rune, r rune, from, to int) int {
	for k := from; k < to && k < len(rs); k++ {
		if rs[k] == r {
			return k
		}
	}
	return -1
}

// fnmatch is fnmatch.fnmatchcase(name, pattern).
func fnmatch(name, pattern string) bool {
	return fnMatchItems(py.Runes(name), fnTranslate([]rune(pattern)))
}

// fnMatchItems matches name against items in linear time, backtracking
// only to the most recent star (each non-star item matches one rune).
func fnMatchItems(name []rune, items []fnItem) bool {
	p, n := 0, 0
	starP, starN := -1, 0
	for p < len(items) || n < len(name) {
		if p < len(items) {
			it := items[p]
			if it.kind == fnStar {
				starP, starN = p, n+1
				p++
				continue
			}
			if n < len(name) && it.matches(name[n]) {
				p++
				n++
				continue
			}
		}
		if starP >= 0 && starN <= len(name) {
			p, n = starP+1, starN
			starN++
			continue
		}
		return false
	}
	return true
}

func (it fnItem) matches(r rune) bool {
	switch it.kind {
	case fnLiteral:
		return r == it.r
	case fnAny:
		return true
	case fnNever:
		return false
	}
	in := false
	for _, rg := range it.ranges {
		if r >= rg[0] && r <= rg[1] {
			in = true
			break
		}
	}
	return in != it.negate
}
