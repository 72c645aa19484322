package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// Every expectation in this file was produced by 4.2.5's
// supervisor.datatypes functions under Python 3.11.

func TestBoolean(t *testing.T) {
	tests := []struct {
		in      string
		want    bool
		wantErr string
	}{
		{"true", true, ""},
		{"Yes", true, ""},
		{"ON", true, ""},
		{"1", true, ""},
		{"false", false, ""},
		{"no", false, ""},
		{"OFF", false, ""},
		{"0", false, ""},
		{"maybe", false, "not a valid boolean value: 'maybe'"},
		{"", false, "not a valid boolean value: ''"},
		{" true", false, "not a valid boolean value: ' true'"},
	}
	for _, tt := range tests {
		got, err := boolean(tt.in)
		checkResult(t, tt.in, tt.want, got, tt.wantErr, err)
	}
}

func TestInteger(t *testing.T) {
	tests := []struct {
		in      string
		want    int
		wantErr string
	}{
		{"5", 5, ""},
		{" 5 ", 5, ""},
		{"+3", 3, ""},
		{"-7", -7, ""},
		{"1_000", 1000, ""},
		{"007", 7, ""},
		{"١٢", 12, ""},
		{"1.5", 0, "invalid literal for int() with base 10: '1.5'"},
		{"1__0", 0, "invalid literal for int() with base 10: '1__0'"},
		{"_1", 0, "invalid literal for int() with base 10: '_1'"},
		{"1_", 0, "invalid literal for int() with base 10: '1_'"},
		{"", 0, "invalid literal for int() with base 10: ''"},
		{"0x10", 0, "invalid literal for int() with base 10: '0x10'"},
		{" ", 0, "invalid literal for int() with base 10: ' '"},
	}
	for _, tt := range tests {
		got, err := pyInteger(tt.in)
		checkResult(t, tt.in, tt.want, got, tt.wantErr, err)
	}
	// Python accepts integers of any size; gosupervisord stops at 64 bits.
	_, err := pyInteger("99999999999999999999")
	assert.EqualError(t, err, "'99999999999999999999' is outside the 64-bit integer range gosupervisord supports")
}

func TestByteSize(t *testing.T) {
	tests := []struct {
		in      string
		want    int64
		wantErr string
	}{
		{"50MB", 52428800, ""},
		{"50mb", 52428800, ""},
		{"1KB", 1024, ""},
		{"3GB", 3221225472, ""},
		{" 5 MB", 5242880, ""},
		{"1024", 1024, ""},
		{"0", 0, ""},
		{"-1", -1, ""},
		{"50M", 0, "invalid literal for int() with base 10: '50m'"},
		{"1.5MB", 0, "invalid literal for int() with base 10: '1.5'"},
		{"KB", 0, "invalid literal for int() with base 10: ''"},
		{"kb", 0, "invalid literal for int() with base 10: ''"},
		{"b", 0, "invalid literal for int() with base 10: 'b'"},
		{"", 0, "invalid literal for int() with base 10: ''"},
		{"1 kb", 1024, ""},
	}
	for _, tt := range tests {
		got, err := byteSize(tt.in)
		checkResult(t, tt.in, tt.want, got, tt.wantErr, err)
	}
}

func TestOctalType(t *testing.T) {
	tests := []struct {
		in      string
		want    int
		wantErr string
	}{
		{"022", 18, ""},
		{"22", 18, ""},
		{"0o22", 18, ""},
		{"777", 511, ""},
		{"8", 0, "8 can not be converted to an octal type"},
		{"0x1", 0, "0x1 can not be converted to an octal type"},
		{"-7", -7, ""},
		{" 7 ", 7, ""},
		{"0o", 0, "0o can not be converted to an octal type"},
		{"0_7", 7, ""},
		{"", 0, " can not be converted to an octal type"},
	}
	for _, tt := range tests {
		got, err := octalType(tt.in)
		checkResult(t, tt.in, tt.want, got, tt.wantErr, err)
	}
}

func TestListOfExitcodes(t *testing.T) {
	tests := []struct {
		in      string
		want    []int
		wantErr string
	}{
		{"0", []int{0}, ""},
		{"0,2", []int{0, 2}, ""},
		{" 1 , 2 ", []int{1, 2}, ""},
		{"", []int{}, ""},
		{"256", nil, "not a valid list of exit codes: '256'"},
		{"-1", nil, "not a valid list of exit codes: '-1'"},
		{"a", nil, "not a valid list of exit codes: 'a'"},
		{"0,", nil, "not a valid list of exit codes: '0,'"},
		{"1,,2", nil, "not a valid list of exit codes: '1,,2'"},
	}
	for _, tt := range tests {
		got, err := listOfExitcodes(tt.in)
		checkResult(t, tt.in, tt.want, got, tt.wantErr, err)
	}
}

func TestAutoRestart(t *testing.T) {
	tests := []struct {
		in      string
		want    AutoRestart
		wantErr string
	}{
		{"true", AutoRestartAlways, ""},
		{"FALSE", AutoRestartNever, ""},
		{"unexpected", AutoRestartUnexpected, ""},
		{"Unexpected", AutoRestartUnexpected, ""},
		{"yes", AutoRestartAlways, ""},
		{"0", AutoRestartNever, ""},
		{"sometimes", 0, "invalid 'autorestart' value 'sometimes'"},
		{"", 0, "invalid 'autorestart' value ''"},
	}
	for _, tt := range tests {
		got, err := autoRestart(tt.in)
		checkResult(t, tt.in, tt.want, got, tt.wantErr, err)
	}
}

func TestLoggingLevel(t *testing.T) {
	tests := []struct {
		in      string
		want    Level
		wantErr string
	}{
		{"critical", 50, ""},
		{"ERROR", 40, ""},
		{"warn", 30, ""},
		{"info", 20, ""},
		{"debug", 10, ""},
		{"trace", 5, ""},
		{"Blather", 3, ""},
		{"warning", 0, "bad logging level name 'warning'"},
		{"crit", 0, "bad logging level name 'crit'"},
		{"", 0, "bad logging level name ''"},
	}
	for _, tt := range tests {
		got, err := loggingLevel(tt.in)
		checkResult(t, tt.in, tt.want, got, tt.wantErr, err)
	}
}

func TestProcessOrGroupName(t *testing.T) {
	tests := []struct {
		in, want, wantErr string
	}{
		{"web", "web", ""},
		{" web ", "web", ""},
		{"a b", "", "Invalid name: 'a b' because of character: ' '"},
		{"a:b", "", "Invalid name: 'a:b' because of character: ':'"},
		{"a/b", "", "Invalid name: 'a/b' because of character: '/'"},
		{"", "", ""},
		{" ", "", ""},
		{"　x　", "x", ""},
	}
	for _, tt := range tests {
		got, err := processOrGroupName(tt.in)
		checkResult(t, tt.in, tt.want, got, tt.wantErr, err)
	}
}

func TestInetAddress(t *testing.T) {
	tests := []struct {
		in, host string
		port     int
		wantErr  string
	}{
		{"9001", "", 9001, ""},
		{":9001", "", 9001, ""},
		{"*:9001", "", 9001, ""},
		{"LocalHost:9001", "localhost", 9001, ""},
		{"[::1]:9001", "[::1]", 9001, ""},
		{"0", "", 0, "not a valid port number: '0' "},
		{"70000", "", 0, "not a valid port number: '70000' "},
		{"localhost:", "", 0, "no port number specified in ''"},
		{"http", "", 0, "not a valid port number: 'http' "},
		{"a:b:9001", "a:b", 9001, ""},
		{" 9001 ", "", 9001, ""},
		{"host:0", "", 0, "0 is below lower bound (1)"},
	}
	for _, tt := range tests {
		host, port, err := inetAddress(tt.in)
		checkResult(t, tt.in, []any{tt.host, tt.port}, []any{host, port}, tt.wantErr, err)
	}
}

func TestDictOfKeyValuePairs(t *testing.T) {
	tests := []struct {
		in      string
		want    Env
		wantErr string
	}{
		{"A=1", Env{{"A", "1"}}, ""},
		{"A=\"1\",B='2'", Env{{"A", "1"}, {"B", "2"}}, ""},
		{"Q=\"a,b\"", Env{{"Q", "a,b"}}, ""},
		{"T=x#y", Env{{"T", "x"}}, ""},
		{"T=x#y\n,U=1", Env{{"T", "x"}, {"U", "1"}}, ""},
		{"A=1 B=2", nil, "Unexpected end of key/value pairs in value 'A=1 B=2'"},
		{"A=x@y", nil, "Unexpected end of key/value pairs in value 'A=x@y'"},
		{"A=", nil, "Unexpected end of key/value pairs in value 'A='"},
		{"A=\"\"", Env{{"A", ""}}, ""},
		{"A=\"unterminated", nil, "No closing quotation"},
		{"A=1;B=2", Env{{"A", "1"}, {"B", "2"}}, ""},
		{"A=1,A=2,B=3", Env{{"A", "2"}, {"B", "3"}}, ""},
		{"\"K\"=v", Env{{"\"K\"", "v"}}, ""},
		{"A=é", Env{{"A", "é"}}, ""},
		{"A=éé", Env{{"A", "é"}}, ""},
		{"A=/usr/bin:/bin", Env{{"A", "/usr/bin:/bin"}}, ""},
		{"A=\"1\",\n   B=\"2\"", Env{{"A", "1"}, {"B", "2"}}, ""},
		{"", Env{}, ""},
		{"  ", Env{}, ""},
		{"A = 1 , B = 2", Env{{"A", "1"}, {"B", "2"}}, ""},
		{"A=x\"y z\"", Env{{"A", "x\"y"}}, ""},
	}
	for _, tt := range tests {
		got, err := dictOfKeyValuePairs(tt.in)
		checkResult(t, tt.in, tt.want, got, tt.wantErr, err)
	}
}

// checkResult asserts either the error text or the value.
func checkResult(t *testing.T, in string, want, got any, wantErr string, err error) {
	t.Helper()
	if wantErr != "" {
		assert.EqualError(t, err, wantErr, "%q", in)
		return
	}
	if assert.NoError(t, err, "%q", in) {
		assert.Equal(t, want, got, "%q", in)
	}
}
