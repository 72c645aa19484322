// Command supervisord is a drop-in replacement for supervisord 4.2.5.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "supervisord: not implemented yet")
	os.Exit(1)
}
