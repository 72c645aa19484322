package config

import (
	"sort"
	"strconv"
	"strings"

	"github.com/gosupervisord/gosupervisord/internal/py"
)

// Names is the dictionary a value is %-expanded with: names mapped to str
// or int values, in insertion order like a Python dict (the order shows
// when a bare "%s" formats the whole dictionary). Setting an existing name
// keeps its position.
type Names struct {
	keys []string
	vals map[string]nameValue
}

type nameValue struct {
	s     string
	i     int64
	isInt bool
}

// NewNames returns an empty Names.
func NewNames() *Names { return &Names{vals: map[string]nameValue{}} }

// EnvNames returns the ENV_<key> names of environ ("KEY=value" entries, in
// order), as 4.2.5 builds its environ_expansions from os.environ: entries
// without "=" are skipped and, as in Python's os.environ, the first of
// duplicate keys wins.
func EnvNames(environ []string) *Names {
	n := NewNames()
	for _, kv := range environ {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			continue
		}
		if _, dup := n.vals["ENV_"+k]; !dup {
			n.SetString("ENV_"+k, v)
		}
	}
	return n
}

func (n *Names) set(key string, v nameValue) {
	if _, ok := n.vals[key]; !ok {
		n.keys = append(n.keys, key)
	}
	n.vals[key] = v
}

// SetString sets name key to the str value v.
func (n *Names) SetString(key, v string) { n.set(key, nameValue{s: v}) }

// SetInt sets name key to the int value v.
func (n *Names) SetInt(key string, v int64) { n.set(key, nameValue{i: v, isInt: true}) }

// Update sets every name of o in n, in o's order (Python's dict.update).
func (n *Names) Update(o *Names) {
	if o == nil {
		return
	}
	for _, k := range o.keys {
		n.set(k, o.vals[k])
	}
}

// Clone returns a copy of n.
func (n *Names) Clone() *Names {
	c := NewNames()
	c.Update(n)
	return c
}

// Keys returns the names in insertion order.
func (n *Names) Keys() []string { return append([]string(nil), n.keys...) }

// Len returns the number of names.
func (n *Names) Len() int { return len(n.keys) }

// Lookup returns the value of key as a string (ints in decimal).
func (n *Names) Lookup(key string) (string, bool) {
	v, ok := n.vals[key]
	if !ok {
		return "", false
	}
	return v.str(), true
}

func (v nameValue) str() string {
	if v.isInt {
		return strconv.FormatInt(v.i, 10)
	}
	return v.s
}

func (v nameValue) repr() string {
	if v.isInt {
		return strconv.FormatInt(v.i, 10)
	}
	return py.Repr(v.s)
}

// repr renders n as Python's repr() of the dict.
func (n *Names) repr() string {
	var b strings.Builder
	b.WriteByte('{')
	for i, k := range n.keys {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(py.Repr(k))
		b.WriteString(": ")
		b.WriteString(n.vals[k].repr())
	}
	b.WriteByte('}')
	return b.String()
}

func (n *Names) sortedKeys() []string {
	keys := n.Keys()
	sort.Strings(keys)
	return keys
}
