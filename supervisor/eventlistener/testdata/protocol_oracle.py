"""Feed byte streams to supervisor 4.2.5's own PEventListenerDispatcher and
print what it does, for protocol_oracle_test.go.

stdin: a JSON list of cases; a case is a list of operations, each either
{"feed": <bytes as latin-1 text>} or {"dispatch": true} (what the pool does
when it sends an event: listener_state = BUSY, event set, if READY).

stdout: a JSON list with, per case, the list of records in order: the main
log lines ("DEBG text", "WARN text"), "REQUEUE" for every
EventRejectedEvent, and after each operation "STATE <name>" and
"EVENT <0|1>".
"""
import json
import sys

from supervisor import events
from supervisor.dispatchers import PEventListenerDispatcher, default_handler
from supervisor.states import EventListenerStates, getEventListenerStateDescription


class Logger:
    def __init__(self, out):
        self.out = out

    def _add(self, level, msg):
        self.out.append('%s %s' % (level, msg))

    def debug(self, msg):
        self._add('DEBG', msg)

    def warn(self, msg):
        self._add('WARN', msg)

    def info(self, msg):
        self._add('INFO', msg)

    def error(self, msg):
        self._add('ERRO', msg)

    def critical(self, msg):
        self._add('CRIT', msg)


class Options:
    strip_ansi = False

    def __init__(self, out):
        self.logger = Logger(out)


class Config:
    name = 'lst'
    stdout_logfile = None

    def __init__(self, out):
        self.options = Options(out)


class GroupConfig:
    result_handler = staticmethod(default_handler)


class Group:
    config = GroupConfig()


class Process:
    pid = 1
    group = Group()

    def __init__(self, out):
        self.config = Config(out)


def run_case(ops):
    out = []
    proc = Process(out)

    def rejected(ev):
        out.append('REQUEUE')

    events.clear()
    events.subscribe(events.EventRejectedEvent, rejected)
    d = PEventListenerDispatcher(proc, 'stdout', 5)
    for op in ops:
        if 'feed' in op:
            d.state_buffer += op['feed'].encode('latin-1')
            d.handle_listener_state_change()
        elif op.get('dispatch'):
            if proc.listener_state == EventListenerStates.READY:
                proc.listener_state = EventListenerStates.BUSY
                proc.event = object()
        out.append('STATE %s' % getEventListenerStateDescription(proc.listener_state))
        out.append('EVENT %d' % (proc.event is not None))
    return out


def main():
    cases = json.load(sys.stdin)
    json.dump([run_case(c) for c in cases], sys.stdout)


if __name__ == '__main__':
    main()
