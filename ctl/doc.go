// Package ctl is a supervisorctl that behaves like supervisor 4.2.5's: the
// same command line, config lookup, interactive shell, commands, output
// lines and exit codes, talking XML-RPC (and the chunked /logtail streams)
// to supervisord over unix:// or http:// URLs.
//
// Where 4.2.5 prints a Python exception caught by its command loop
// ("error: <class 'X'>, message: file: F line: N"), this package prints the
// same line, file and line number included, for the failures it can
// recognise (see PyError). The help texts are our own words, laid out like
// 4.2.5's.
package ctl
