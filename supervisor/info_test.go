package supervisor

import (
	"testing"
	"time"

	"github.com/gosupervisord/gosupervisord/supervisor/faults"
	"github.com/stretchr/testify/assert"
)

// TestDescribe checks the description rules of reference §2.8.
func TestDescribe(t *testing.T) {
	stop := time.Date(2026, 11, 22, 7, 46, 0, 0, time.Local).Unix()
	cases := []struct {
		pi   ProcessInfo
		want string
	}{
		{ProcessInfo{State: Running, PID: 10522, Start: 1000, Now: 1016}, "pid 10522, uptime 0:00:16"},
		{ProcessInfo{State: Running, PID: 1, Start: 1000, Now: 1000 + 12*3600 + 3*60 + 4}, "pid 1, uptime 12:03:04"},
		{ProcessInfo{State: Running, PID: 1, Start: 0, Now: 86400 + 2*3600 + 3*60 + 4}, "pid 1, uptime 1 day, 2:03:04"},
		{ProcessInfo{State: Running, PID: 1, Start: 0, Now: 3*86400 + 5}, "pid 1, uptime 3 days, 0:00:05"},
		{ProcessInfo{State: Running, PID: 1, Start: 2000, Now: 1000}, "pid 1, uptime 0:00:00"},
		{ProcessInfo{State: Running, PID: 4194304, Start: 0, Now: 100*86400 + 23*3600 + 59*60 + 59}, "pid 4194304, uptime 100 days, 23:59:59"},
		{ProcessInfo{State: Running, PID: 7, Start: 0, Now: 9999*86400 + 10*3600 + 60}, "pid 7, uptime 9999 days, 10:01:00"},
		{ProcessInfo{State: Fatal, Name: "x", SpawnErr: "Exited too quickly (process log may have details)"}, "Exited too quickly (process log may have details)"},
		{ProcessInfo{State: Backoff, Name: "x"}, `unknown error (try "tail x")`},
		{ProcessInfo{State: Stopped}, "Not started"},
		{ProcessInfo{State: Exited, Start: 1, Stop: stop}, "Nov 22 07:46 AM"},
		{ProcessInfo{State: Stopped, Start: 1, Stop: time.Date(2026, 1, 2, 19, 5, 0, 0, time.Local).Unix()}, "Jan 02 07:05 PM"},
		{ProcessInfo{State: Starting}, ""},
		{ProcessInfo{State: Stopping}, ""},
		{ProcessInfo{State: Unknown}, ""},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, tc.pi.Describe())
	}
	assert.Equal(t, int64(2147483647), cappedInt(1<<40))
}

func TestFaultString(t *testing.T) {
	assert.Equal(t, "SHUTDOWN_STATE", BareFault(faults.ShutdownState).Error())
	assert.Equal(t, "BAD_NAME: ", NewFault(faults.BadName, "").Error())
	assert.Equal(t, "UNKNOWN", faults.Code(12345).String())
}
