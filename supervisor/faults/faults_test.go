package faults

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestString(t *testing.T) {
	for code, want := range map[Code]string{
		BadName:       "BAD_NAME",
		ShutdownState: "SHUTDOWN_STATE",
		Success:       "SUCCESS",
		CantReread:    "CANT_REREAD",
		5:             "UNKNOWN",
		0:             "UNKNOWN",
	} {
		assert.Equal(t, want, code.String(), int(code))
	}
}
