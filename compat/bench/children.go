package main

import (
	"fmt"
	"os"
	"strconv"
	"time"
)

// The benchmark binary doubles as the child programs the daemons run, so no
// other interpreter is needed: "bench child-writer N" and "bench
// child-ticker N" (dispatched in main before flag parsing).

const (
	childWriterCmd = "child-writer"
	childTickerCmd = "child-ticker"
)

// runChild runs a child-program mode if args names one; it reports whether
// it did (and then the process should exit with the returned code).
func runChild(args []string) (bool, int) {
	if len(args) < 1 {
		return false, 0
	}
	switch args[0] {
	case childWriterCmd:
		return true, childWriter(args[1:])
	case childTickerCmd:
		return true, childTicker(args[1:])
	}
	return false, 0
}

// writerBlock is 10485 lines of 99 'x' and a newline: 1,048,500 bytes.
func writerBlock() []byte {
	line := make([]byte, 100)
	for i := range 99 {
		line[i] = 'x'
	}
	line[99] = '\n'
	b := make([]byte, 0, 100*10485)
	for range 10485 {
		b = append(b, line...)
	}
	return b
}

// childWriter writes N bytes of writerBlock lines to stdout in ~1 MB writes.
func childWriter(args []string) int {
	if len(args) != 1 {
		fmt.Fprintln(os.Stderr, "usage: child-writer BYTES")
		return 2
	}
	total, err := strconv.ParseInt(args[0], 10, 64)
	if err != nil || total < 0 {
		fmt.Fprintln(os.Stderr, "child-writer: bad byte count")
		return 2
	}
	block := writerBlock()
	for left := total; left > 0; {
		n := min(left, int64(len(block)))
		if _, err := os.Stdout.Write(block[:n]); err != nil {
			fmt.Fprintln(os.Stderr, "child-writer:", err)
			return 1
		}
		left -= n
	}
	return 0
}

// childTicker prints "TS=<unix time, µs> SEQ=n" every 100 ms, N times.
func childTicker(args []string) int {
	count := 600
	if len(args) == 1 {
		if n, err := strconv.Atoi(args[0]); err == nil {
			count = n
		}
	}
	next := time.Now()
	for i := range count {
		now := time.Now()
		fmt.Fprintf(os.Stdout, "TS=%d.%06d SEQ=%d\n", now.Unix(), now.Nanosecond()/1000, i)
		next = next.Add(100 * time.Millisecond)
		if d := time.Until(next); d > 0 {
			time.Sleep(d)
		}
	}
	return 0
}
