package config

import (
	"errors"
	"fmt"
	"strings"
)

// errNoClosingQuotation is shlex's error for an unterminated quote.
var errNoClosingQuotation = errors.New("No closing quotation")

// shlexNonPosix splits s into tokens like Python's shlex.shlex(s) in its
// default non-POSIX mode, with "/.+-():" added to the word characters (as
// 4.2.5's dict_of_key_value_pairs does):
//
//   - words are runs of [A-Za-z0-9_/.+-():]; quotes inside a word are
//     part of it;
//   - a quoted string starting a token is one token, quotes included, and
//     ends at the matching quote; there are no escapes;
//   - '#' starts a comment up to the end of the line (inside a word the
//     word then continues on the next line);
//   - space, tab, CR and LF separate tokens; every other character is a
//     token of its own.
func shlexNonPosix(s string) ([]string, error) {
	const whitespace = " \t\r\n"
	isWord := func(r rune) bool {
		return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') ||
			strings.ContainsRune("_/.+-():", r)
	}
	in := []rune(s)
	pos := 0
	skipLine := func() {
		for pos < len(in) {
			pos++
			if in[pos-1] == '\n' {
				return
			}
		}
	}
	var tokens []string
	var pushback []string
	for {
		if len(pushback) > 0 {
			tokens = append(tokens, pushback[0])
			pushback = pushback[1:]
			continue
		}
		token := ""
		state := ' '
	read:
		for {
			if pos >= len(in) {
				if state == '\'' || state == '"' {
					return nil, errNoClosingQuotation
				}
				break read
			}
			c := in[pos]
			pos++
			switch state {
			case ' ':
				switch {
				case strings.ContainsRune(whitespace, c):
					if token != "" {
						break read
					}
				case c == '#':
					skipLine()
				case isWord(c):
					token, state = string(c), 'a'
				case c == '\'' || c == '"':
					token, state = string(c), c
				default:
					token = string(c)
					break read
				}
			case '\'', '"':
				token += string(c)
				if c == state {
					break read
				}
			case 'a':
				switch {
				case strings.ContainsRune(whitespace, c):
					break read
				case c == '#':
					skipLine()
				case isWord(c) || c == '\'' || c == '"':
					token += string(c)
				default:
					pushback = append(pushback, string(c))
					break read
				}
			}
		}
		if token == "" {
			return tokens, nil
		}
		tokens = append(tokens, token)
	}
}

// dictOfKeyValuePairs is 4.2.5's datatypes.dict_of_key_value_pairs: the
// shlex tokens must be KEY = VALUE triples, each followed by any single
// separator token; quotes are stripped from both ends of values (keys keep
// theirs). A later duplicate key replaces the value in place.
func dictOfKeyValuePairs(s string) (Env, error) {
	tokens, err := shlexNonPosix(s)
	if err != nil {
		return nil, err
	}
	env := Env{}
	for i := 0; i < len(tokens); i += 4 {
		if i+3 > len(tokens) || tokens[i+1] != "=" {
			return nil, fmt.Errorf("Unexpected end of key/value pairs in value '%s'", s)
		}
		env.Set(tokens[i], strings.Trim(tokens[i+2], `'"`))
	}
	return env, nil
}
