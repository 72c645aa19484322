package supervisor

import "context"

// waiter is an API request that answers once a condition holds (4.2.5's
// deferred callbacks): the loop evaluates check after every event it
// handles, and the requesting goroutine waits on done.
type waiter struct {
	done    chan struct{}
	check   func() bool // nil: finished as soon as started
	results []Result
	group   bool
	err     error
	// timed is set while a check runs because time passed (a timer's
	// markDirty) rather than because a process changed state.
	timed bool
}

func newWaiter() *waiter { return &waiter{done: make(chan struct{})} }

// start evaluates a freshly set up waiter on the loop: it finishes at once
// or is registered for later evaluation.
func (s *Supervisor) startWaiter(w *waiter) {
	if w.check == nil || w.check() {
		close(w.done)
		return
	}
	s.waiters[w] = struct{}{}
}

// markDirty asks for the waiters to be re-evaluated after the current
// event because time passed (a report is due): every pending process
// operation is looked at again, changed or not.
func (s *Supervisor) markDirty() {
	s.dirty = true
	s.timedDirty = true
}

// checkWaiters re-evaluates every pending waiter after an event that
// changed something.
func (s *Supervisor) checkWaiters() {
	if !s.dirty {
		return
	}
	timed := s.timedDirty
	s.dirty, s.timedDirty = false, false
	for w := range s.waiters {
		w.timed = timed
		if w.check() {
			delete(s.waiters, w)
			close(w.done)
		}
	}
}

// wait runs setup on the loop and waits for the waiter it set up.
func (s *Supervisor) wait(ctx context.Context, setup func(w *waiter) error) (*waiter, error) {
	w := newWaiter()
	err := s.call(ctx, func() error {
		if err := setup(w); err != nil {
			return err
		}
		s.startWaiter(w)
		return nil
	})
	if err != nil {
		return nil, err
	}
	select {
	case <-w.done:
		return w, w.err
	case <-ctx.Done():
		s.post(func() { delete(s.waiters, w) })
		return nil, ctx.Err()
	case <-s.quit:
		return nil, ErrNotServing
	}
}

// waitOne is wait for the calls that answer true or, for a "g:*" name, an
// array.
func (s *Supervisor) waitOne(ctx context.Context, setup func(w *waiter) error) ([]Result, bool, error) {
	w, err := s.wait(ctx, setup)
	if err != nil {
		return nil, false, err
	}
	return w.results, w.group, nil
}

// waitAll is wait for the group and "all" calls.
func (s *Supervisor) waitAll(ctx context.Context, setup func(w *waiter) error) ([]Result, error) {
	w, err := s.wait(ctx, setup)
	if err != nil {
		return nil, err
	}
	return w.results, nil
}

// opCallback reports whether a per-process operation has finished and
// with which fault (4.2.5's onwait callbacks).
type opCallback func() (done bool, f *Fault)

// single makes w wait for one process operation.
func (w *waiter) single(cb opCallback) {
	if cb == nil {
		return
	}
	w.check = func() bool {
		done, f := cb()
		if done && f != nil {
			w.err = f
		}
		return done
	}
}

// perProcess is one process operation of a group or "all" call: it
// returns a callback to wait on (nil when done) or a fault.
type perProcess func(p *process, name string) (opCallback, *Fault)

// runAll is 4.2.5's make_allfunc: op runs for each process matching pred,
// in order; results are recorded in the order the operations complete.
func (w *waiter) runAll(procs []*process, pred func(*process) bool, op perProcess) {
	type pending struct {
		p  *process
		cb opCallback
		// seen is p.changes when cb last ran (valid once ran): a
		// process that has not changed state since can only be done, or
		// have a report due, if time passed.
		seen uint64
		ran  bool
	}
	var waiting []pending
	w.group = true
	w.results = []Result{}
	for _, p := range procs {
		if !pred(p) {
			continue
		}
		cb, f := op(p, p.namespec())
		switch {
		case f != nil:
			w.results = append(w.results, faultResult(p.group.cfg.Name, p.cfg.Name, f))
		case cb != nil:
			waiting = append(waiting, pending{p: p, cb: cb})
		default:
			w.results = append(w.results, successResult(p.group.cfg.Name, p.cfg.Name))
		}
	}
	if len(waiting) == 0 {
		return
	}
	w.check = func() bool {
		kept := waiting[:0]
		for _, pw := range waiting {
			if pw.ran && pw.p.changes == pw.seen && !w.timed {
				kept = append(kept, pw) // unchanged: still not done
				continue
			}
			pw.seen, pw.ran = pw.p.changes, true
			done, f := pw.cb()
			switch {
			case !done:
				kept = append(kept, pw)
			case f != nil:
				w.results = append(w.results, faultResult(pw.p.group.cfg.Name, pw.p.cfg.Name, f))
			default:
				w.results = append(w.results, successResult(pw.p.group.cfg.Name, pw.p.cfg.Name))
			}
		}
		waiting = kept
		return len(waiting) == 0
	}
}
