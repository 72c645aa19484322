// Package supervisorapi is the supervisor.* XML-RPC namespace of
// gosupervisord: the 37 method names of supervisord 4.2.5's
// SupervisorNamespaceRPCInterface (aliases included) on top of the
// supervision core's internal API (package supervisor), with 4.2.5's
// parameters, return structures, fault codes and texts, and its answers to
// arguments of the wrong type.
//
// It also opens the HTTP servers of a configuration (OpenServers, the
// supervisor.OpenServersFunc of the daemon): one listener per
// [unix_http_server*] and [inet_http_server*] section, each serving
// /RPC2 (system.* and, when the configuration has an [rpcinterface:x]
// section with 4.2.5's main factory, the x.* namespace), /logtail,
// /mainlogtail and the web UI.
//
// Where 4.2.5 fails in a way no client can use, this package answers
// better but compatibly:
//
//   - log data that is not valid UTF-8 (a binary child, or a tail that
//     starts inside a multi-byte character) makes 4.2.5 answer HTTP 500;
//     we send the text with each invalid byte replaced by U+FFFD (the
//     XML-RPC encoder does this for every string), so supervisorctl tail
//     shows the log instead of a ProtocolError;
//   - integers beyond the XML-RPC int range (an *_maxbytes of 3GB in
//     getAllConfigInfo) make 4.2.5 answer HTTP 500; we send them as <i8>,
//     which Python's and Go's clients read.
package supervisorapi
