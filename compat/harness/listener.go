package harness

import (
	"encoding/json"
	"testing"
)

// ListenerRecord is one event as testdata/events/listener.py records it:
// the header line without its newline, and the payload as read.
type ListenerRecord struct {
	Header  string `json:"header"`
	Payload string `json:"payload"`
}

// ListenerRecords waits (up to 15s) until listener.py has recorded at
// least n events in the file rel of the daemon's temp dir (its OUTFILE)
// and returns them in order.
func (d *Daemon) ListenerRecords(t testing.TB, rel string, n int) []ListenerRecord {
	t.Helper()
	lines := d.WaitLines(t, rel, n)
	out := make([]ListenerRecord, len(lines))
	for i, l := range lines {
		if err := json.Unmarshal([]byte(l), &out[i]); err != nil {
			t.Fatalf("harness: %s: %s line %d: %v: %q", d.Impl, rel, i+1, err, l)
		}
	}
	return out
}
