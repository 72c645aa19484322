// Command supervisorctl controls a supervisord (ours or 4.2.5's) from the
// command line, like supervisor 4.2.5's supervisorctl.
package main

import (
	"os"

	"github.com/gosupervisord/gosupervisord/ctl"
)

func main() {
	os.Exit(ctl.Main(os.Args, os.Environ(), os.Stdin, os.Stdout, os.Stderr))
}
