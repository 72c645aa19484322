package py

import "unicode"

// Decimal returns the decimal digit value of r (0..9) for any Unicode
// decimal digit (category Nd), as Python's int() and unicodedata.decimal
// read them, or -1 when r is not one.
func Decimal(r rune) int {
	if r >= '0' && r <= '9' {
		return int(r - '0')
	}
	if r < 0x80 || !unicode.Is(unicode.Nd, r) {
		return -1
	}
	// Every Nd range of the Unicode tables is made of whole runs of ten
	// digits starting with a zero.
	for _, rg := range unicode.Nd.R16 {
		if r >= rune(rg.Lo) && r <= rune(rg.Hi) {
			return int(r-rune(rg.Lo)) % 10
		}
	}
	for _, rg := range unicode.Nd.R32 {
		if r >= rune(rg.Lo) && r <= rune(rg.Hi) {
			return int(r-rune(rg.Lo)) % 10
		}
	}
	return -1
}
