package ctl

import (
	"bytes"
	"errors"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestHandleFault(t *testing.T) {
	messages := map[int]string{faultBadName: "ERROR: no such process"}
	cases := []struct {
		name     string
		err      error
		returned bool   // handleFault hands err back
		output   string // what it prints
		exit     int    // the exit status it leaves (from 0)
	}{
		{"fault with a message", &Fault{Code: faultBadName, String: "BAD_NAME: x"}, false, "ERROR: no such process\n", exitGeneric},
		{"fault without one", &Fault{Code: faultFailed, String: "FAILED"}, true, "", exitGeneric},
		{"wrapped fault", errors.Join(&Fault{Code: faultBadName}), false, "ERROR: no such process\n", exitGeneric},
		{"not a fault", &PyError{Class: "OSError", Msg: "x"}, true, "", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out bytes.Buffer
			ctl := &Controller{stdout: &out}
			err := ctl.handleFault(c.err, messages)
			if c.returned {
				assert.Equal(t, c.err, err)
			} else {
				assert.NoError(t, err)
			}
			assert.Equal(t, c.output, out.String())
			assert.Equal(t, c.exit, ctl.exitStatus)
		})
	}
}

func TestOSErrorClasses(t *testing.T) {
	for errno, class := range map[syscall.Errno]string{
		syscall.ECONNREFUSED: "ConnectionRefusedError",
		syscall.ENOENT:       "FileNotFoundError",
		syscall.EPERM:        "PermissionError",
		syscall.EWOULDBLOCK:  "BlockingIOError",
		syscall.EHOSTUNREACH: "OSError",
	} {
		assert.Equal(t, class, osErrorClass(errno), "%v", errno)
	}
	for _, e := range []struct {
		err  *PyError
		isOS bool
	}{
		{&PyError{Class: "TimeoutError", Msg: "timed out"}, true},
		{&PyError{Class: "http.client.RemoteDisconnected"}, true},
		{&PyError{Class: "socket.gaierror", Errno: -2}, true},
		{&PyError{Class: "OSError", Errno: 113}, true},
		{&PyError{Class: "ValueError"}, false},
		{&PyError{Class: "xmlrpc.client.Fault"}, false},
	} {
		assert.Equal(t, e.isOS, e.err.isOSError(), e.err.Class)
	}
}
