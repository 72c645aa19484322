package events

// Bus delivers published events synchronously to the subscribers of their
// type or of one of its abstract parents, in subscription order (4.2.5's
// events.notify). A Bus is not safe for concurrent use: the supervisor's
// event loop owns it.
type Bus struct {
	subs      []subscription
	nextID    int
	published uint64 // Publish calls so far, never reset
}

type subscription struct {
	id int
	t  Type
	fn func(Message)
}

// Subscribe registers fn for events of type t (and its subtypes) and
// returns an id for Unsubscribe.
func (b *Bus) Subscribe(t Type, fn func(Message)) int {
	b.nextID++
	b.subs = append(b.subs, subscription{id: b.nextID, t: t, fn: fn})
	return b.nextID
}

// Unsubscribe removes a subscription.
func (b *Bus) Unsubscribe(id int) {
	for i, s := range b.subs {
		if s.id == id {
			b.subs = append(b.subs[:i:i], b.subs[i+1:]...)
			return
		}
	}
}

// Clear removes every subscription (4.2.5's events.clear at restart).
func (b *Bus) Clear() { b.subs = nil }

// Publish delivers m to every matching subscriber. A subscriber that
// subscribed twice (say to EVENT and to TICK_5) gets it twice, as in 4.2.5.
func (b *Bus) Publish(m Message) {
	b.published++
	subs := b.subs // subscribers added during delivery wait for the next event
	for _, s := range subs {
		if m.Type().Is(s.t) {
			s.fn(m)
		}
	}
}

// Published returns how many events were published so far. While a
// subscriber runs it identifies the event being delivered, so that
// subscribers can tell one event delivered twice (subscribed to a type and
// its parent) from two equal events (listener pools share one serial per
// event).
func (b *Bus) Published() uint64 { return b.published }

// Wants reports whether an event of type t would reach a subscriber.
func (b *Bus) Wants(t Type) bool {
	for _, s := range b.subs {
		if t.Is(s.t) {
			return true
		}
	}
	return false
}
