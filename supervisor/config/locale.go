package config

import (
	"bytes"
	"os"
	"strings"
)

// CoerceCLocale does to the process environment what Python 3.11 does at
// start-up (PEP 538), and so what 4.2.5 runs with: when LC_ALL is unset or
// empty and the LC_CTYPE locale would be the C locale (LC_CTYPE and LANG
// unset, "C", "POSIX", or naming a locale that is not installed), it sets
// LC_CTYPE=C.UTF-8. 4.2.5 then has an ENV_LC_CTYPE name and its children
// inherit LC_CTYPE. PYTHONCOERCECLOCALE=0 turns it off, as in Python.
// Call it first thing in main, before reading the environment.
func CoerceCLocale() {
	if needsLocaleCoercion(os.Getenv, localeInstalled) {
		os.Setenv("LC_CTYPE", "C.UTF-8")
	}
}

// needsLocaleCoercion is Python's _Py_LegacyLocaleDetected plus its
// PYTHONCOERCECLOCALE switch.
func needsLocaleCoercion(getenv func(string) string, installed func(string) bool) bool {
	if getenv("PYTHONCOERCECLOCALE") == "0" || getenv("LC_ALL") != "" {
		return false
	}
	ctype := getenv("LC_CTYPE")
	if ctype == "" {
		ctype = getenv("LANG")
	}
	switch ctype {
	case "", "C", "POSIX":
		return true
	}
	return !installed(ctype)
}

// localeInstalled reports whether glibc's setlocale would accept name:
// the built-in C.UTF-8, a compiled locale directory, or an entry of the
// locale archive.
func localeInstalled(name string) bool {
	norm := normalizeLocale(name)
	switch norm {
	case "C.utf8":
		return true
	}
	for _, n := range []string{name, norm} {
		if st, err := os.Stat("/usr/lib/locale/" + n); err == nil && st.IsDir() {
			return true
		}
	}
	archive, err := os.ReadFile("/usr/lib/locale/locale-archive")
	return err == nil && bytes.Contains(archive, []byte("\x00"+norm+"\x00"))
}

// normalizeLocale is glibc's codeset normalisation: "en_US.UTF-8" becomes
// "en_US.utf8" (the codeset lower-cased without punctuation).
func normalizeLocale(name string) string {
	lang, rest, ok := strings.Cut(name, ".")
	if !ok {
		return name
	}
	codeset, modifier, hasMod := strings.Cut(rest, "@")
	var b strings.Builder
	for _, r := range strings.ToLower(codeset) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	out := lang + "." + b.String()
	if hasMod {
		out += "@" + modifier
	}
	return out
}
