"""Runs supervisor 4.2.5's own POutputDispatcher on test cases and reports
what it did, for drain_oracle_test.go. Must run under /usr/bin/python3.

stdin: JSON list of cases {name, channel, chunks (latin-1 strings),
logfile, maxbytes, backups, capture_maxbytes, strip_ansi, loglevel,
events}. stdout: JSON list of {events: [[kind, data]], mainlog: str}.
After the EOF read, bytes 4.2.5 leaves in output_buffer are passed to
_log, which is what our Drain does at EOF (4.2.5 drops them)."""
import json
import sys

from supervisor import dispatchers, events, loggers


class RecordingHandler(loggers.Handler):
    def __init__(self, out):
        loggers.Handler.__init__(self)
        self.out = out

    def emit(self, record):
        d = record.asdict()
        if d['message'].startswith('fd ') and 'stopped monitoring' in d['message']:
            return  # the core logs channel closes, not Drain
        self.out.append('%s %s\n' % (d['levelname'], d['message']))


def run(case):
    chunks = [c.encode('latin-1') for c in case['chunks']]
    mainlog = []

    class Options:
        strip_ansi = case['strip_ansi']
        loglevel = case['loglevel']

        def getLogger(self, *a, **kw):
            return loggers.getLogger(*a, **kw)

        def readfd(self, fd):
            return chunks.pop(0) if chunks else b''

    opts = Options()
    opts.logger = loggers.Logger(case['loglevel'], [RecordingHandler(mainlog)])
    opts.logger.handlers[0].setLevel(case['loglevel'])

    class Config:
        pass

    cfg = Config()
    cfg.options = opts
    cfg.name = case['name']
    for ch in ('stdout', 'stderr'):
        setattr(cfg, ch + '_logfile', case['logfile'])
        setattr(cfg, ch + '_logfile_maxbytes', case['maxbytes'])
        setattr(cfg, ch + '_logfile_backups', case['backups'])
        setattr(cfg, ch + '_syslog', False)
        setattr(cfg, ch + '_capture_maxbytes', case['capture_maxbytes'])
        setattr(cfg, ch + '_events_enabled', case['events'])

    class Process:
        pid = 4242
        config = cfg

    seen = []

    def on_event(ev):
        kind = 'comm' if isinstance(ev, events.ProcessCommunicationEvent) else 'log'
        seen.append([kind, ev.data.decode('latin-1')])

    events.subscribe(events.ProcessLogEvent, on_event)
    events.subscribe(events.ProcessCommunicationEvent, on_event)
    try:
        etype = (events.ProcessCommunicationStdoutEvent if case['channel'] == 'stdout'
                 else events.ProcessCommunicationStderrEvent)
        d = dispatchers.POutputDispatcher(Process(), etype, 5)
        while not d.closed:
            d.handle_read_event()
        if d.output_buffer:
            d._log(d.output_buffer)
        for log in (d.normallog, d.capturelog):
            if log is not None:
                log.close()
    finally:
        events.clear()
    return {'events': seen, 'mainlog': ''.join(mainlog)}


print(json.dumps([run(c) for c in json.load(sys.stdin)]))
