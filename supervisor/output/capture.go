package output

// Capture-mode tokens (4.2.5's ProcessCommunicationEvent tokens).
const (
	BeginToken = "<!--XSUPERVISOR:BEGIN-->"
	EndToken   = "<!--XSUPERVISOR:END-->"
)

// boundBuffer is 4.2.5's BoundIO: a write that would take the buffer past
// max first drops as many of the oldest bytes as the write is long (so the
// buffer may still exceed max when one write is longer than max).
type boundBuffer struct {
	max int64
	buf []byte
}

func (b *boundBuffer) write(p []byte) {
	if int64(len(b.buf))+int64(len(p)) > b.max {
		drop := min(len(p), len(b.buf))
		b.buf = append(b.buf[:0], b.buf[drop:]...)
	}
	b.buf = append(b.buf, p...)
}

// take returns the captured bytes (a fresh copy) and empties the buffer.
func (b *boundBuffer) take() []byte {
	out := append([]byte(nil), b.buf...)
	b.buf = b.buf[:0]
	if cap(b.buf) > 1<<20 {
		b.buf = nil
	}
	return out
}

// findPrefixAtEnd returns the length of the longest proper prefix of token
// that data ends with (medusa's find_prefix_at_end).
func findPrefixAtEnd(data []byte, token string) int {
	for l := len(token) - 1; l > 0; l-- {
		if len(data) >= l && string(data[len(data)-l:]) == token[:l] {
			return l
		}
	}
	return 0
}
