package webui

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var jsonSeeds = []string{
	"", "plain", tricky, "\"\\/", "\b\f\n\r\t\v\x00\x01\x1f\x7f", "<>&", "\u2028\u2029\u202a",
	"é€😀", "\xff", "a\xc3", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\uFFFD", "\xe2\x80", "end\xe2\x80\xa8",
}

func TestJSONStringMatchesEncodingJSON(t *testing.T) {
	for _, s := range jsonSeeds {
		want, err := json.Marshal(s)
		require.NoError(t, err)
		assert.Equal(t, string(want), string(appendJSONString(nil, s)), "%q", s)
	}
}

func FuzzJSONStringMatchesEncodingJSON(f *testing.F) {
	for _, s := range jsonSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, err := json.Marshal(s)
		require.NoError(t, err)
		require.Equal(t, string(want), string(appendJSONString(nil, s)), "%q", s)
	})
}

func TestLiveStatusJSONMatchesEncodingJSON(t *testing.T) {
	zero, up := int64(0), int64(3723)
	for _, ls := range []liveStatus{
		{},
		{Rows: []liveRow{}},
		{Rows: []liveRow{}, Error: tricky},
		{Error: "cannot read the process table: x"},
		{Rows: []liveRow{
			{NS: "web1", HTML: "<tr data-ns=\"web1\">\n</tr>", Desc: "pid 1, uptime 0:00:01", PID: 1, Uptime: &up},
			{NS: tricky, HTML: tricky, Desc: tricky},
			{NS: "z", PID: -7, Uptime: &zero},
			{Uptime: &zero},
			{PID: 123456789},
		}},
	} {
		want, err := json.Marshal(ls)
		require.NoError(t, err)
		assert.Equal(t, string(want), string(ls.appendJSON(nil)))
	}
}
