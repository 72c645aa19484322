"""Render events with supervisor 4.2.5's own event classes and pool
envelope, for envelope_oracle_test.go.

stdin: a JSON list of cases {"type": NAME, "server", "pool", "serial",
"poolserial", and the fields of that event type}; output bytes ("data")
are given as latin-1 text. stdout: a JSON list of envelopes (text).
"""
import json
import sys

from supervisor import events
from supervisor.process import EventListenerPool
from supervisor.states import ProcessStates


class Obj:
    def __init__(self, **kw):
        self.__dict__.update(kw)


def process(c):
    return Obj(config=Obj(name=c['process']), group=Obj(config=Obj(name=c['group'])),
               backoff=c.get('tries', 0), pid=c.get('pid', 0))


def make(c):
    t = getattr(events.EventTypes, c['type'])
    if issubclass(t, events.ProcessStateEvent):
        frm = getattr(ProcessStates, c['from'])
        return t(process(c), frm, c.get('expected', True))
    if issubclass(t, (events.ProcessLogEvent, events.ProcessCommunicationEvent)):
        return t(process(c), c['pid'], c['data'].encode('latin-1'))
    if t is events.RemoteCommunicationEvent:
        return t(c['commtype'], c['data'])
    if issubclass(t, events.TickEvent):
        return t(c['when'], None)
    if issubclass(t, events.ProcessGroupEvent):
        return t(c['group'])
    return t()


def envelope(c):
    ev = make(c)
    pool = EventListenerPool.__new__(EventListenerPool)
    pool.config = Obj(name=c['pool'], options=Obj(identifier=c['server']))
    return pool._eventEnvelope(type(ev), c['serial'], c['poolserial'], ev.payload())


json.dump([envelope(c) for c in json.load(sys.stdin)], sys.stdout)
