package events

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestPublished checks that subscribers can tell one event delivered twice
// from two equal events.
func TestPublished(t *testing.T) {
	var b Bus
	var seen []uint64
	b.Subscribe(Event, func(Message) { seen = append(seen, b.Published()) })
	b.Subscribe(RemoteCommunication, func(Message) { seen = append(seen, b.Published()) })
	m := RemoteCommunicationMessage{CommType: "t", Data: "d"}
	b.Publish(m)
	b.Publish(m)
	assert.Equal(t, []uint64{1, 1, 2, 2}, seen)
	b.Clear()
	b.Publish(m)
	assert.Equal(t, uint64(3), b.Published(), "never reset")
}
