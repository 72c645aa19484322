package supervisor

import (
	"fmt"
	"math"
	"sync/atomic"
	"syscall"

	"github.com/gosupervisord/gosupervisord/supervisor/eventlistener"
	"github.com/gosupervisord/gosupervisord/supervisor/events"
)

// This file is 4.2.5's EventListenerPool: an [eventlistener:x] group
// subscribes to its events= types, buffers what it gets (at most
// buffer_size events, dropping the oldest) and hands each event to the
// first member that is RUNNING and READY. The pool, its buffer and its
// members' protocol states are loop state; listener_reader.go reads the
// members' stdout and brings the bytes here.

// pooledEvent is one published event as the pools see it (4.2.5 attaches
// serial and pool_serials to the event object itself): every pool that
// accepts it shares its global serial.
type pooledEvent struct {
	msg         events.Message
	serial      int            // global serial, assigned by the first pool to accept it
	poolSerials map[string]int // per pool name
}

// eventSerials is the pools' state that outlives a configuration: 4.2.5's
// GlobalSerial survives in-process restarts.
type eventSerials struct {
	global   int    // the next global serial (the first is 0)
	delivery uint64 // bus.Published() of the event in current
	current  *pooledEvent
}

// listenerPool is an active [eventlistener:x] group.
type listenerPool struct {
	s       *Supervisor
	g       *group
	serial  int // the next pool serial (the first is 0)
	buffer  []*pooledEvent
	subs    []int
	members map[*process]*listener
}

// listener is the protocol state of one pool member since its last spawn
// (4.2.5 keeps listener_state and event on the process, and makes a new
// PEventListenerDispatcher at each spawn).
type listener struct {
	inst  *instance
	proto *eventlistener.Protocol
	event *pooledEvent // the event sent to it while BUSY
	// mute tells the stdout reader of inst to stop bringing bytes: the
	// listener is UNKNOWN and 4.2.5 ignores everything it says.
	mute *atomic.Bool
}

// newListenerPool makes the pool of group g and subscribes it to its
// events (4.2.5 subscribes when the group object is made, so a pool gets
// its own PROCESS_GROUP_ADDED).
func newListenerPool(s *Supervisor, g *group) (*listenerPool, error) {
	pl := &listenerPool{s: s, g: g, members: map[*process]*listener{}}
	for _, name := range g.cfg.Events {
		t, ok := events.ByName(name)
		if !ok {
			pl.close()
			return nil, fmt.Errorf("Unknown event type %s in [eventlistener:%s] events", name, g.cfg.Name)
		}
		pl.subs = append(pl.subs, s.subscribe(t, pl.notified))
	}
	return pl, nil
}

// close unsubscribes the pool (4.2.5's before_remove).
func (pl *listenerPool) close() {
	for _, id := range pl.subs {
		pl.s.unsubscribe(id)
	}
	pl.subs = nil
}

// notified is the pool's bus subscriber.
func (pl *listenerPool) notified(m events.Message) {
	pl.accept(pl.s.pooledEvent(m), false)
}

// pooledEvent returns the shared pool view of the event being delivered.
func (s *Supervisor) pooledEvent(m events.Message) *pooledEvent {
	es := &s.eventSerials
	if n := s.bus.Published(); es.current == nil || es.delivery != n {
		es.delivery = n
		es.current = &pooledEvent{msg: m, serial: -1}
	}
	return es.current
}

// nextSerial is 4.2.5's new_serial on a counter that holds the next
// serial: it hands it out and wraps to 0 after the largest int.
func nextSerial(next *int) int {
	n := *next
	if n == math.MaxInt {
		*next = 0
	} else {
		*next = n + 1
	}
	return n
}

// accept is 4.2.5's _acceptEvent: give the event its serials (once), then
// buffer it at the tail, or at the head for an event that comes back.
func (pl *listenerPool) accept(ev *pooledEvent, head bool) {
	name := pl.g.cfg.Name
	if ev.serial < 0 {
		ev.serial = nextSerial(&pl.s.eventSerials.global)
	}
	if ev.poolSerials == nil {
		ev.poolSerials = map[string]int{}
	}
	if _, ok := ev.poolSerials[name]; !ok {
		ev.poolSerials[name] = nextSerial(&pl.serial)
	} else {
		pl.s.log.Debugf("rebuffering event %d for pool %s (buf size=%d, max=%d)",
			ev.serial, name, len(pl.buffer), pl.g.cfg.BufferSize)
	}
	if len(pl.buffer) >= pl.g.cfg.BufferSize && len(pl.buffer) > 0 {
		discarded := pl.buffer[0]
		pl.buffer = pl.buffer[1:]
		pl.s.log.Errorf("pool %s event buffer overflowed, discarding event %d", name, discarded.serial)
	}
	if head {
		pl.buffer = append([]*pooledEvent{ev}, pl.buffer...)
	} else {
		pl.buffer = append(pl.buffer, ev)
	}
}

// dispatchEvents gives buffered events to ready listeners, in every pool
// that has some (4.2.5 does it in each pool's transition, every pass).
func (s *Supervisor) dispatchEvents() {
	for _, g := range s.groups {
		if pl := g.pool; pl != nil && len(pl.buffer) > 0 && pl.canDispatch() {
			pl.dispatch()
		}
	}
}

// ready reports whether member p can take an event: RUNNING and READY.
func (pl *listenerPool) ready(p *process) bool {
	m := pl.members[p]
	return p.state == Running && m != nil && m.proto.State() == eventlistener.Ready
}

// canDispatch reports whether some member is ready.
func (pl *listenerPool) canDispatch() bool {
	for _, p := range pl.g.processes {
		if pl.ready(p) {
			return true
		}
	}
	return false
}

// dispatch is 4.2.5's dispatch: send the oldest events until one finds no
// ready listener; that one goes back to the head.
func (pl *listenerPool) dispatch() {
	for len(pl.buffer) > 0 {
		ev := pl.buffer[0]
		pl.buffer = pl.buffer[1:]
		if !pl.dispatchEvent(ev) {
			pl.accept(ev, true)
			break
		}
	}
}

// dispatchEvent sends ev to the first ready member in pool order.
func (pl *listenerPool) dispatchEvent(ev *pooledEvent) bool {
	for _, p := range pl.g.processes {
		if !pl.ready(p) {
			continue
		}
		envelope := events.AppendEnvelope(nil, pl.s.cfg.Supervisord.Identifier, pl.g.cfg.Name,
			ev.serial, ev.poolSerials[pl.g.cfg.Name], ev.msg)
		if err := p.writeEvent(envelope); err != nil {
			pl.s.log.Debugf("epipe occurred while sending event %d to listener %s, listener state unchanged",
				ev.serial, p.name())
			continue
		}
		m := pl.members[p]
		m.proto.Dispatched()
		m.event = ev
		pl.s.log.Debugf("event %d sent to listener %s", ev.serial, p.name())
		return true
	}
	return false
}

// writeEvent writes an envelope to the listener's stdin without blocking
// (what the pipe does not take now is written in the background). Its
// error means the listener cannot be sent anything (4.2.5's EPIPE).
func (p *process) writeEvent(b []byte) error {
	if p.pid == 0 || p.killing || p.run == nil || p.run.stdin == nil {
		return syscall.EPIPE
	}
	return p.run.stdin.Write(b)
}

// spawned starts the protocol of a new child of member p (4.2.5's
// PEventListenerDispatcher constructor: ACKNOWLEDGED, no event).
func (pl *listenerPool) spawned(p *process, inst *instance) *atomic.Bool {
	m := &listener{inst: inst, proto: eventlistener.New(), mute: new(atomic.Bool)}
	pl.members[p] = m
	return m.mute
}

// output handles bytes a member wrote to its stdout.
func (pl *listenerPool) output(inst *instance, data []byte) {
	p := inst.p
	m := pl.members[p]
	if m == nil || m.inst != inst {
		return
	}
	for _, st := range m.proto.Feed(data) {
		for _, msg := range st.Messages(p.name()) {
			pl.s.log.Print(msg.Level, msg.Text)
		}
		switch st.Kind {
		case eventlistener.Requeue:
			pl.rejected(m)
		case eventlistener.Forget:
			m.event = nil
		}
	}
	if m.proto.State() == eventlistener.Unknown {
		m.mute.Store(true)
	}
}

// rejected puts the member's event back at the head of the buffer (4.2.5's
// EventRejectedEvent and handle_rejected).
func (pl *listenerPool) rejected(m *listener) {
	if m.event != nil {
		pl.accept(m.event, true)
	}
}

// finished is called when member p's child has been reaped: an event it
// was processing goes back to the buffer (4.2.5's finish).
func (pl *listenerPool) finished(p *process) {
	if m := pl.members[p]; m != nil && m.event != nil {
		pl.rejected(m)
		m.event = nil
	}
}
