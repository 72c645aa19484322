package ctl

import (
	"fmt"
	"net/netip"
	"regexp"
	"strconv"
	"strings"

	"github.com/gosupervisord/gosupervisord/internal/py"
)

// pyURL is the result of Python 3.11's urllib.parse.urlsplit, which 4.2.5
// uses to validate -s/serverurl and to pick the host and port to dial.
type pyURL struct {
	Scheme, Netloc, Path, Query, Fragment string
}

const schemeChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-."

// urlSplit splits s like urllib.parse.urlsplit. Its errors are the
// ValueErrors Python raises.
func urlSplit(s string) (pyURL, *PyError) {
	var u pyURL
	s = strings.TrimLeft(s, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
	s = strings.NewReplacer("\t", "", "\r", "", "\n", "").Replace(s)
	if i := strings.IndexByte(s, ':'); i > 0 && isASCIILetter(s[0]) && strings.Trim(s[:i], schemeChars) == "" {
		u.Scheme, s = strings.ToLower(s[:i]), s[i+1:]
	}
	if strings.HasPrefix(s, "//") {
		end := len(s)
		for _, c := range "/?#" {
			if j := strings.IndexRune(s[2:], c); j >= 0 && j+2 < end {
				end = j + 2
			}
		}
		u.Netloc, s = s[2:end], s[end:]
		open, closed := strings.Contains(u.Netloc, "["), strings.Contains(u.Netloc, "]")
		if open != closed {
			return u, valueError(pySite{pyLib + "urllib/parse.py", 514}, "Invalid IPv6 URL")
		}
		if open {
			if err := checkBracketedNetloc(u.Netloc); err != nil {
				return u, err
			}
		}
	}
	if i := strings.IndexByte(s, '#'); i >= 0 {
		s, u.Fragment = s[:i], s[i+1:]
	}
	if i := strings.IndexByte(s, '?'); i >= 0 {
		s, u.Query = s[:i], s[i+1:]
	}
	u.Path = s
	return u, nil
}

func isASCIILetter(c byte) bool { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') }

var ipvFuture = regexp.MustCompile(`\Av[a-fA-F0-9]+\..+\z`)

func checkBracketedNetloc(netloc string) *PyError {
	parse := func(line int) pySite { return pySite{pyLib + "urllib/parse.py", line} }
	hostport := netloc[strings.LastIndexByte(netloc, '@')+1:]
	before, bracketed, ok := strings.Cut(hostport, "[")
	if !ok {
		return nil
	}
	if before != "" {
		return valueError(parse(447), "Invalid IPv6 URL")
	}
	host, port, _ := strings.Cut(bracketed, "]")
	if port != "" && !strings.HasPrefix(port, ":") {
		return valueError(parse(451), "Invalid IPv6 URL")
	}
	if strings.HasPrefix(host, "v") {
		if !ipvFuture.MatchString(host) {
			return valueError(parse(461), "IPvFuture address is invalid")
		}
		return nil
	}
	addr, err := netip.ParseAddr(host)
	if err != nil {
		return valueError(pySite{pyLib + "ipaddress.py", 54}, py.Repr(host)+" does not appear to be an IPv4 or IPv6 address")
	}
	if addr.Is4() {
		return valueError(parse(465), "An IPv4 address cannot be in brackets")
	}
	return nil
}

// hostinfo returns the host and port parts of the netloc (port "" = None).
func (u pyURL) hostinfo() (host, port string) {
	hostinfo := u.Netloc[strings.LastIndexByte(u.Netloc, '@')+1:]
	if _, bracketed, ok := strings.Cut(hostinfo, "["); ok {
		host, rest, _ := strings.Cut(bracketed, "]")
		_, port, _ = strings.Cut(rest, ":")
		return host, port
	}
	host, port, _ = strings.Cut(hostinfo, ":")
	return host, port
}

// Hostname is urlsplit(...).hostname: lower-cased, "" for None.
func (u pyURL) Hostname() string {
	h, _ := u.hostinfo()
	name, zone, found := strings.Cut(h, "%")
	if found {
		return strings.ToLower(name) + "%" + zone
	}
	return strings.ToLower(name)
}

// Port is urlsplit(...).port: ok=false for None, or Python's ValueError.
func (u pyURL) Port() (port int, ok bool, err *PyError) {
	_, p := u.hostinfo()
	if p == "" {
		return 0, false, nil
	}
	if strings.Trim(p, "0123456789") != "" {
		return 0, false, valueError(sitePortCast, "Port could not be cast to integer value as "+py.Repr(p))
	}
	n, convErr := strconv.Atoi(p)
	if convErr != nil || n > 65535 {
		return 0, false, valueError(sitePortRange, "Port out of range 0-65535")
	}
	return n, true, nil
}

// validURL is 4.2.5's datatypes.url: the -s value must have a scheme and a
// netloc or a path.
func validURL(value string) error {
	u, perr := urlSplit(value)
	if perr != nil {
		return fmt.Errorf("%s", perr.Msg)
	}
	if u.Scheme != "" && (u.Netloc != "" || u.Path != "") {
		return nil
	}
	return fmt.Errorf("value %s is not a URL", py.Repr(value))
}
