package supervisor

import (
	"time"

	"github.com/gosupervisord/gosupervisord/supervisor/events"
)

// tickTypes are 4.2.5's TICK_EVENTS, in its order.
var tickTypes = []events.Type{events.Tick5, events.Tick60, events.Tick3600}

// ticker produces TICK_5/60/3600 events as 4.2.5's tick() does (an event
// when the wall-clock period rolls over, with the start of the new period),
// but only while someone subscribes to them: with no listener nothing
// wakes up.
type ticker struct {
	last   map[events.Type]int64
	timer  *time.Timer
	period int64 // the shortest period subscribed to: the timer's step
}

// timeslice is 4.2.5's timeslice: the start of when's period.
func timeslice(period, when int64) int64 { return when - when%period }

// subscribe adds an event subscription on the loop, starting the ticks if
// it is the first that wants them.
func (s *Supervisor) subscribe(t events.Type, fn func(events.Message)) int {
	id := s.bus.Subscribe(t, fn)
	s.updateTicks()
	return id
}

// unsubscribe removes a subscription, stopping the ticks if nobody wants
// them any more.
func (s *Supervisor) unsubscribe(id int) {
	s.bus.Unsubscribe(id)
	s.updateTicks()
}

// updateTicks starts or stops the tick timer as subscriptions require,
// stepping it by the shortest period subscribed to (TICK_60 alone wakes
// once a minute, not every 5 seconds).
func (s *Supervisor) updateTicks() {
	var period int64
	for _, t := range tickTypes {
		if s.bus.Wants(t) {
			period = t.TickPeriod()
			break
		}
	}
	tk := &s.ticks
	switch {
	case period != 0 && tk.timer == nil:
		now := time.Now().Unix()
		tk.last = map[events.Type]int64{}
		for _, t := range tickTypes {
			tk.last[t] = timeslice(t.TickPeriod(), now)
		}
		tk.period = period
		s.armTick()
	case period != 0 && period != tk.period:
		tk.timer.Stop()
		tk.period = period
		s.armTick()
	case period == 0 && tk.timer != nil:
		tk.timer.Stop()
		tk.timer = nil
	}
}

// armTick sets the timer for the next boundary of the ticker's period.
func (s *Supervisor) armTick() {
	now := time.Now()
	period := s.ticks.period
	next := time.Unix(timeslice(period, now.Unix())+period, 0)
	var t *time.Timer
	t = s.afterFunc(next.Sub(now)+time.Millisecond, func() {
		if s.ticks.timer != t {
			return
		}
		s.tick()
		s.armTick()
	})
	s.ticks.timer = t
}

// tick publishes the TICK events whose period rolled over.
func (s *Supervisor) tick() {
	now := time.Now().Unix()
	for _, t := range tickTypes {
		this := timeslice(t.TickPeriod(), now)
		if this != s.ticks.last[t] {
			s.ticks.last[t] = this
			s.bus.Publish(events.TickMessage{Period: t, When: this})
		}
	}
}
