package config

import (
	"strconv"
	"strings"
)

// DefaultGomaxprocs is [supervisord] gomaxprocs= when the key is absent.
const DefaultGomaxprocs = 1

// extraSupervisordKeys reads gosupervisord's own [supervisord] keys,
// pprof_addr= and gomaxprocs=. 4.2.5 never reads them, so no value may make
// the configuration fail: a value that cannot be used is dropped with a
// warning ("<key> ignored: <why>") and the default stays.
func (l *loader) extraSupervisordKeys(names *Names) {
	s := &l.cfg.Supervisord
	s.Gomaxprocs = DefaultGomaxprocs
	if v, ok := l.extraKey("pprof_addr", names); ok {
		s.PprofAddr = v
	}
	if v, ok := l.extraKey("gomaxprocs", names); ok {
		n, err := strconv.Atoi(v)
		switch {
		case err != nil || n < 0 || strings.HasPrefix(v, "+"):
			l.warnExtraKey("gomaxprocs", "not a number of CPUs (0 or more): "+strconv.Quote(v))
		default:
			s.Gomaxprocs = n
		}
	}
}

// extraKey returns the expanded, trimmed value of one of our own
// [supervisord] keys, and false when it is absent or cannot be expanded
// (then with a warning).
func (l *loader) extraKey(key string, names *Names) (string, bool) {
	raw, ok := l.parser.Get("supervisord", key)
	if !ok {
		return "", false
	}
	v, err := Expand(raw, names, "supervisord."+key)
	if err != nil {
		l.warnExtraKey(key, err.Error())
		return "", false
	}
	return strings.TrimSpace(v), true
}

// warnExtraKey records that one of our own keys was ignored.
func (l *loader) warnExtraKey(key, why string) {
	l.cfg.Warnings = append(l.cfg.Warnings, key+" ignored: "+why)
}
