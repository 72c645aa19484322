package config

import (
	"fmt"
	"math"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/gosupervisord/gosupervisord/internal/py"
)

// DefaultSection is the name of the section whose keys every other section
// inherits.
const DefaultSection = "DEFAULT"

// Parser reads INI files exactly as Python 3.11's
// configparser.RawConfigParser(inline_comment_prefixes=(';', '#'),
// strict=False) does, which is what supervisord 4.2.5 uses. Several files
// may be read into the same Parser; sections that appear again are merged
// and a later value of a key wins.
//
// The zero value is not usable; call NewParser.
type Parser struct {
	defaults *Section
	sections []*Section
	byName   map[string]*Section
	// sectionFile maps a section to the file that first defined it, for
	// sections defined by Read (not ReadString); 4.2.5's section_to_file.
	sectionFile map[string]string
}

// Section is one [name] section: its keys in first-definition order.
type Section struct {
	// Name is the text between the brackets, unchanged.
	Name   string
	keys   []string
	values map[string]string
	// pending holds the lines of values being read; joined at the end of
	// each read like RawConfigParser._join_multiline_values.
	pending map[string][]string
}

func newSection(name string) *Section {
	return &Section{Name: name, values: map[string]string{}}
}

func (s *Section) setLines(key string, lines []string) {
	if _, ok := s.values[key]; !ok {
		if _, ok := s.pending[key]; !ok {
			s.keys = append(s.keys, key)
		}
	}
	delete(s.values, key)
	if s.pending == nil {
		s.pending = map[string][]string{}
	}
	s.pending[key] = lines
}

func (s *Section) set(key, value string) {
	if _, ok := s.values[key]; !ok {
		if _, ok := s.pending[key]; !ok {
			s.keys = append(s.keys, key)
		}
	}
	delete(s.pending, key)
	s.values[key] = value
}

func (s *Section) join() {
	for _, k := range s.keys {
		if lines, ok := s.pending[k]; ok {
			s.values[k] = py.TrimRightSpace(strings.Join(lines, "\n"))
		}
	}
	s.pending = nil
}

// Keys returns the section's own keys (lower-cased) in definition order.
func (s *Section) Keys() []string { return append([]string(nil), s.keys...) }

// Value returns the section's own value of key, without [DEFAULT].
func (s *Section) Value(key string) (string, bool) {
	v, ok := s.values[key]
	return v, ok
}

// NewParser returns an empty Parser.
func NewParser() *Parser {
	return &Parser{
		defaults:    newSection(DefaultSection),
		byName:      map[string]*Section{},
		sectionFile: map[string]string{},
	}
}

// ParseFile reads one file into a new Parser, like RawConfigParser.read_file
// on the opened file (so errors name the file as path is written).
func ParseFile(path string) (*Parser, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	p := NewParser()
	if err := p.ReadString(string(data), path); err != nil {
		return nil, err
	}
	return p, nil
}

// Parse reads data into a new Parser; source names it in error messages.
func Parse(data, source string) (*Parser, error) {
	p := NewParser()
	if err := p.ReadString(data, source); err != nil {
		return nil, err
	}
	return p, nil
}

// Read reads the file filename into p like RawConfigParser.read as
// supervisor's UnhosedConfigParser overrides it: a file that cannot be
// opened is silently skipped (ok is false), and the sections it defines
// first are recorded as coming from filename.
func (p *Parser) Read(filename string) (ok bool, err error) {
	data, rerr := os.ReadFile(filename)
	if rerr != nil {
		return false, nil
	}
	before := make(map[string]bool, len(p.sections))
	for _, s := range p.sections {
		before[s.Name] = true
	}
	err = p.ReadString(string(data), filename)
	for _, s := range p.sections {
		if !before[s.Name] {
			p.sectionFile[s.Name] = filename
		}
	}
	return err == nil, err
}

// ReadString parses data (the text of a file) into p. source is the name
// used in error messages. The error is a *ParsingError,
// a *MissingSectionHeaderError or a *DecodeError.
func (p *Parser) ReadString(data, source string) error {
	if !utf8.ValidString(data) {
		return newDecodeError(data)
	}
	// Universal newlines, as Python's text files read them.
	data = strings.ReplaceAll(data, "\r\n", "\n")
	data = strings.ReplaceAll(data, "\r", "\n")
	var perr *ParsingError
	var cursect *Section
	optname := ""
	haveOpt := false
	indentLevel := 0
	lineno := 0
	for len(data) > 0 {
		lineno++
		var line string
		if i := strings.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i+1], data[i+1:]
		} else {
			line, data = data, ""
		}
		rs := []rune(line)
		commentStart := inlineCommentStart(rs)
		if st := py.TrimSpace(line); strings.HasPrefix(st, "#") || strings.HasPrefix(st, ";") {
			commentStart = 0
		}
		var value string
		if commentStart == math.MaxInt {
			value = py.TrimSpace(line)
		} else {
			value = py.TrimSpace(string(rs[:commentStart]))
		}
		if value == "" {
			// Blank lines are kept inside values, unless they held a
			// comment.
			if commentStart == math.MaxInt && cursect != nil && haveOpt && optname != "" {
				if lines, ok := cursect.pending[optname]; ok {
					cursect.pending[optname] = append(lines, "")
				}
			}
			continue
		}
		curIndent := 0
		for curIndent < len(rs) && py.IsSpace(rs[curIndent]) {
			curIndent++
		}
		if curIndent == len(rs) {
			curIndent = 0
		}
		if cursect != nil && haveOpt && optname != "" && curIndent > indentLevel {
			if lines, ok := cursect.pending[optname]; ok {
				cursect.pending[optname] = append(lines, value)
			}
			continue
		}
		indentLevel = curIndent
		if header, ok := sectionHeader(value); ok {
			if s, ok := p.byName[header]; ok {
				cursect = s
			} else if header == DefaultSection {
				cursect = p.defaults
			} else {
				cursect = newSection(header)
				p.sections = append(p.sections, cursect)
				p.byName[header] = cursect
			}
			haveOpt, optname = false, ""
			continue
		}
		if cursect == nil {
			return &MissingSectionHeaderError{Source: source, Line: lineno, Text: line}
		}
		d := strings.IndexAny(value, "=:")
		if d < 0 {
			perr = perr.add(source, lineno, line)
			continue
		}
		name := py.TrimRightSpace(value[:d])
		if name == "" {
			perr = perr.add(source, lineno, line)
		}
		optname, haveOpt = py.Lower(name), true
		cursect.setLines(optname, []string{py.TrimSpace(value[d+1:])})
	}
	p.defaults.join()
	for _, s := range p.sections {
		s.join()
	}
	if perr != nil {
		return perr
	}
	return nil
}

// inlineCommentStart returns the index (in code points) where an inline
// comment starts in line, or math.MaxInt. It follows RawConfigParser's
// loop literally: every prefix advances to its next occurrence in lock
// step and the loop stops at the first round that finds a prefix at the
// start of the line or after whitespace, taking the smallest such index of
// that round only.
func inlineCommentStart(line []rune) int {
	type cand struct {
		prefix rune
		index  int
	}
	commentStart := math.MaxInt
	prefixes := []cand{{';', -1}, {'#', -1}}
	for commentStart == math.MaxInt && len(prefixes) > 0 {
		next := prefixes[:0:0]
		for _, c := range prefixes {
			idx := -1
			for i := c.index + 1; i < len(line); i++ {
				if line[i] == c.prefix {
					idx = i
					break
				}
			}
			if idx == -1 {
				continue
			}
			next = append(next, cand{c.prefix, idx})
			if idx == 0 || py.IsSpace(line[idx-1]) {
				commentStart = min(commentStart, idx)
			}
		}
		prefixes = next
	}
	return commentStart
}

// sectionHeader matches RawConfigParser's SECTCRE: "[" + at least one
// character + "]", greedy, anything after the last "]" ignored.
func sectionHeader(value string) (string, bool) {
	if !strings.HasPrefix(value, "[") {
		return "", false
	}
	j := strings.LastIndexByte(value, ']')
	if j < 2 {
		return "", false
	}
	return value[1:j], true
}

// Sections returns the section names in first-definition order, without
// [DEFAULT].
func (p *Parser) Sections() []string {
	names := make([]string, len(p.sections))
	for i, s := range p.sections {
		names[i] = s.Name
	}
	return names
}

// Section returns the named section (not [DEFAULT]) or nil.
func (p *Parser) Section(name string) *Section { return p.byName[name] }

// Defaults returns the [DEFAULT] section.
func (p *Parser) Defaults() *Section { return p.defaults }

// HasSection reports whether the section exists; [DEFAULT] does not count.
func (p *Parser) HasSection(name string) bool {
	_, ok := p.byName[name]
	return ok
}

// HasOption reports whether section (or [DEFAULT]) sets option.
func (p *Parser) HasOption(section, option string) bool {
	_, ok := p.Get(section, option)
	return ok
}

// Get returns the value of option in section, falling back to [DEFAULT].
// The option name is lower-cased first, as RawConfigParser.get does.
func (p *Parser) Get(section, option string) (string, bool) {
	option = py.Lower(option)
	if s, ok := p.byName[section]; ok {
		if v, ok := s.values[option]; ok {
			return v, true
		}
	} else if section != DefaultSection {
		return "", false
	}
	v, ok := p.defaults.values[option]
	return v, ok
}

// Options returns the keys of section followed by the [DEFAULT] keys it
// does not set itself, like RawConfigParser.options.
func (p *Parser) Options(section string) []string {
	s, ok := p.byName[section]
	if !ok {
		return nil
	}
	keys := s.Keys()
	for _, k := range p.defaults.keys {
		if _, ok := s.values[k]; !ok {
			keys = append(keys, k)
		}
	}
	return keys
}

// items returns the keys of RawConfigParser.items(section): the [DEFAULT]
// keys first, then the section's own new keys.
func (p *Parser) items(section string) []string {
	s := p.byName[section]
	keys := p.defaults.Keys()
	for _, k := range s.keys {
		if _, ok := p.defaults.values[k]; !ok {
			keys = append(keys, k)
		}
	}
	return keys
}

// Set sets option in section (or [DEFAULT]).
func (p *Parser) Set(section, option, value string) {
	option = py.Lower(option)
	if section == "" || section == DefaultSection {
		p.defaults.set(option, value)
		return
	}
	if s, ok := p.byName[section]; ok {
		s.set(option, value)
	}
}

// SectionFile returns the file that defined section when it came from Read
// (an included file); ok is false for sections of the main file.
func (p *Parser) SectionFile(section string) (string, bool) {
	f, ok := p.sectionFile[section]
	return f, ok
}

// ExpandHere replaces every literal "%(here)s" in every value of every
// section (values inherited from [DEFAULT] included, which thereby become
// the section's own) with here, like UnhosedConfigParser.expand_here.
func (p *Parser) ExpandHere(here string) {
	const hereFormat = "%(here)s"
	for _, s := range p.sections {
		for _, k := range p.items(s.Name) {
			v, _ := p.Get(s.Name, k)
			if strings.Contains(v, hereFormat) {
				s.set(k, strings.ReplaceAll(v, hereFormat, here))
			}
		}
	}
}

// ParsingError is configparser.ParsingError: the lines of a file that are
// neither a section header, an option, a comment nor a continuation.
type ParsingError struct {
	Source string
	Errors []ParsingErrorLine
}

// ParsingErrorLine is one offending line of a ParsingError.
type ParsingErrorLine struct {
	Line int
	Text string // the raw line, with its newline
}

func (e *ParsingError) add(source string, lineno int, line string) *ParsingError {
	if e == nil {
		e = &ParsingError{Source: source}
	}
	e.Errors = append(e.Errors, ParsingErrorLine{lineno, line})
	return e
}

// Error returns Python's message, e.g.
// "Source contains parsing errors: 'f.conf'\n\t[line  3]: 'x\n'".
func (e *ParsingError) Error() string {
	var b strings.Builder
	b.WriteString("Source contains parsing errors: ")
	b.WriteString(py.Repr(e.Source))
	for _, l := range e.Errors {
		fmt.Fprintf(&b, "\n\t[line %2d]: %s", l.Line, py.Repr(l.Text))
	}
	return b.String()
}

// MissingSectionHeaderError is configparser.MissingSectionHeaderError: a
// line that is not a comment before the first section header.
type MissingSectionHeaderError struct {
	Source string
	Line   int
	Text   string
}

// Error returns Python's message.
func (e *MissingSectionHeaderError) Error() string {
	return fmt.Sprintf("File contains no section headers.\nfile: %s, line: %d\n%s",
		py.Repr(e.Source), e.Line, py.Repr(e.Text))
}

// DecodeError reports a file that is not valid UTF-8. Python 4.2.5 dies
// with a UnicodeDecodeError traceback; we report that exception's text.
type DecodeError struct {
	Start, End int  // byte offsets of the undecodable sequence (inclusive)
	Byte       byte // its first byte
	Reason     string
}

func newDecodeError(data string) *DecodeError {
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRuneInString(data[i:])
		if r != utf8.RuneError || n != 1 {
			i += n
			continue
		}
		c := data[i]
		need, lo, hi := 0, byte(0x80), byte(0xbf)
		switch {
		case c >= 0xc2 && c <= 0xdf:
			need = 1
		case c == 0xe0:
			need, lo = 2, 0xa0
		case c == 0xed:
			need, hi = 2, 0x9f
		case c >= 0xe1 && c <= 0xef:
			need = 2
		case c == 0xf0:
			need, lo = 3, 0x90
		case c == 0xf4:
			need, hi = 3, 0x8f
		case c >= 0xf1 && c <= 0xf3:
			need = 3
		default:
			return &DecodeError{Start: i, End: i, Byte: c, Reason: "invalid start byte"}
		}
		k := 0
		for k < need && i+1+k < len(data) {
			b := data[i+1+k]
			if b < lo || b > hi {
				break
			}
			lo, hi = 0x80, 0xbf
			k++
		}
		reason := "invalid continuation byte"
		if i+1+k == len(data) {
			reason = "unexpected end of data"
		}
		return &DecodeError{Start: i, End: i + k, Byte: c, Reason: reason}
	}
	return &DecodeError{Reason: "invalid start byte"}
}

// Error returns Python's UnicodeDecodeError text.
func (e *DecodeError) Error() string {
	if e.End > e.Start {
		return fmt.Sprintf("'utf-8' codec can't decode bytes in position %d-%d: %s", e.Start, e.End, e.Reason)
	}
	return fmt.Sprintf("'utf-8' codec can't decode byte 0x%02x in position %d: %s", e.Byte, e.Start, e.Reason)
}
