package ctl

import (
	"os"
	"os/signal"
	"sync"
	"syscall"
)

// sigRouter delivers SIGINT (Ctrl-C) to whoever is waiting for it: a
// streaming tail or fg while it runs, else the stray handler (the shell
// exits), else the process dies by SIGINT as an uncaught KeyboardInterrupt
// kills Python.
type sigRouter struct {
	mu      sync.Mutex
	ch      chan os.Signal
	sub     chan os.Signal
	onStray func()
}

func newSigRouter() *sigRouter {
	r := &sigRouter{ch: make(chan os.Signal, 1)}
	signal.Notify(r.ch, os.Interrupt)
	go r.loop()
	return r
}

func (r *sigRouter) loop() {
	for range r.ch {
		r.mu.Lock()
		sub, stray := r.sub, r.onStray
		r.mu.Unlock()
		switch {
		case sub != nil:
			select {
			case sub <- os.Interrupt:
			default:
			}
		case stray != nil:
			stray()
		default:
			signal.Reset(os.Interrupt)
			syscall.Kill(os.Getpid(), syscall.SIGINT)
		}
	}
}

// subscribe routes SIGINT to the returned channel until release is called.
func (r *sigRouter) subscribe() (<-chan os.Signal, func()) {
	ch := make(chan os.Signal, 1)
	r.mu.Lock()
	prev := r.sub
	r.sub = ch
	r.mu.Unlock()
	return ch, func() {
		r.mu.Lock()
		r.sub = prev
		r.mu.Unlock()
	}
}

// setStray sets what a SIGINT does when nobody subscribed.
func (r *sigRouter) setStray(f func()) {
	r.mu.Lock()
	r.onStray = f
	r.mu.Unlock()
}
