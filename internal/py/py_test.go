package py

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

// The expected values below are what Python 3.11 answers.

func TestParseInt(t *testing.T) {
	for in, want := range map[string]int64{
		" 12 ": 12, "+7": 7, "-0": 0, "1_000": 1000, "007": 7, "\u00a012\u2003": 12, "-9223372036854775808": math.MinInt64,
	} {
		got, err := ParseInt(in)
		assert.NoError(t, err, "%q", in)
		assert.Equal(t, want, got, "%q", in)
	}
	for _, in := range []string{"1__0", "_1", "1_", "0x10", "", "-", " - 5", "\x1c5", "1.0", "+-1"} {
		_, err := ParseInt(in)
		assert.ErrorIs(t, err, ErrSyntax, "%q", in)
	}
	_, err := ParseInt("99999999999999999999")
	assert.ErrorIs(t, err, ErrRange, "Python takes it; we do not")
}

func TestParseFloat(t *testing.T) {
	for in, want := range map[string]float64{
		"1e5": 1e5, " .5 ": 0.5, "5.": 5, "inf": math.Inf(1), "-Infinity": math.Inf(-1),
		"1_0.2_5": 10.25, "1e400": math.Inf(1), "1.5E-3": 0.0015, "+1.0": 1,
	} {
		got, err := ParseFloat(in)
		assert.NoError(t, err, "%q", in)
		assert.Equal(t, want, got, "%q", in)
	}
	for _, in := range []string{"nan", "NaN"} {
		got, err := ParseFloat(in)
		assert.NoError(t, err)
		assert.True(t, math.IsNaN(got))
	}
	for _, in := range []string{"0x1p-2", "1e", "e5", ".", "1_e5", "", "infinit", "1.0.0"} {
		_, err := ParseFloat(in)
		assert.ErrorIs(t, err, ErrSyntax, "%q", in)
	}
}

func TestDecodeBase64(t *testing.T) {
	for in, want := range map[string]string{
		"aGVsbG8=": "hello", "aGVs!!bG8=": "hello", "YQ==junk": "a", "=YQ==": "a", "YW=Jj": "abc", "": "",
		"aGVs\nbG8=\n": "hello",
	} {
		got, err := DecodeBase64([]byte(in))
		assert.NoError(t, err, "%q", in)
		assert.Equal(t, want, string(got), "%q", in)
	}
	for in, want := range map[string]error{
		"aGVsbG8": ErrBase64Padding, "YQ=junk": ErrBase64Padding, "YQ": ErrBase64Padding,
		"aGVsb": ErrBase64Length, "Y": ErrBase64Length, "YWJj0": ErrBase64Length,
	} {
		_, err := DecodeBase64([]byte(in))
		assert.ErrorIs(t, err, want, "%q", in)
	}
}

func TestAppendFloat(t *testing.T) {
	for f, want := range map[float64]string{
		0: "0.0", 1: "1.0", 0.1: "0.1", 100: "100.0", 1e15: "1000000000000000.0", 1e16: "1e+16",
		9999999999999998: "9999999999999998.0", 1e-4: "0.0001", 1e-5: "1e-05", 2.5e-7: "2.5e-07",
		1.7976931348623157e308: "1.7976931348623157e+308", 5e-324: "5e-324", -1.5: "-1.5",
		math.Inf(1): "inf", math.Inf(-1): "-inf", 123456789012345678: "1.2345678901234568e+17",
	} {
		assert.Equal(t, want, string(AppendFloat(nil, f)), "%v", f)
	}
	assert.Equal(t, "-0.0", string(AppendFloat(nil, math.Copysign(0, -1))))
	assert.Equal(t, "nan", string(AppendFloat(nil, math.NaN())))
}
