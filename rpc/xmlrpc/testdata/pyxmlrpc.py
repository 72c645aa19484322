"""Test helper: runs supervisord 4.2.5's and Python's XML-RPC code on inputs
from the Go tests, for differential testing. Run with /usr/bin/python3.

Reads one JSON object from stdin: {"mode": ..., "inputs": [...]} and writes
a JSON list of results, one per input.

Modes:
  loads  inputs are base64 request bodies; each result is what
         supervisor.xmlrpc.supervisor_xmlrpc_handler.loads makes of it:
         {"method": str, "params": [canon...]} or {"error": str}
         ("nomethod" when the method name is missing or empty).
  dumps  inputs are canonical values; each result is the base64 of
         xmlrpc.client.dumps((value,), methodresponse=True).
  fault  inputs are [code, string]; results are base64 fault responses.
  call   inputs are [method, [canon params]]; results are base64 of
         xmlrpc.client.dumps(params, method).
  parse  inputs are base64 response bodies; each result is
         {"value": canon} or {"fault": [code, string]} or {"error": str}
         as xmlrpc.client parses them (the way supervisorctl's transport
         does: after turning non-ASCII into character references).

Canonical values are single-key objects: {"nil": true}, {"boolean": b},
{"int": "decimal"}, {"double": "repr"}, {"string": s},
{"dateTime": "YYYYMMDDTHH:MM:SS"}, {"base64": "b64"}, {"array": [...]},
{"struct": [[name, value], ...]}.
"""
import base64
import datetime
import json
import sys
import xmlrpc.client

from supervisor.xmlrpc import supervisor_xmlrpc_handler


def canon(v):
    if v is None:
        return {"nil": True}
    if isinstance(v, bool):
        return {"boolean": v}
    if isinstance(v, int):
        return {"int": str(v)}
    if isinstance(v, float):
        return {"double": repr(v)}
    if isinstance(v, str):
        return {"string": v}
    if isinstance(v, datetime.datetime):
        return {"dateTime": v.strftime("%Y%m%dT%H:%M:%S")}
    if isinstance(v, xmlrpc.client.DateTime):
        return {"dateTime": v.value}
    if isinstance(v, (bytes, bytearray)):
        return {"base64": base64.b64encode(bytes(v)).decode()}
    if isinstance(v, xmlrpc.client.Binary):
        return {"base64": base64.b64encode(v.data).decode()}
    if isinstance(v, (list, tuple)):
        return {"array": [canon(x) for x in v]}
    if isinstance(v, dict):
        return {"struct": [[k, canon(x)] for k, x in v.items()]}
    raise TypeError("no canonical form for %r" % type(v))


def uncanon(c):
    (k, v), = c.items()
    if k == "nil":
        return None
    if k == "boolean":
        return bool(v)
    if k == "int":
        return int(v)
    if k == "double":
        return float(v)
    if k == "string":
        return v
    if k == "dateTime":
        return datetime.datetime.strptime(v, "%Y%m%dT%H:%M:%S")
    if k == "base64":
        return base64.b64decode(v)
    if k == "array":
        return [uncanon(x) for x in v]
    if k == "struct":
        return dict((n, uncanon(x)) for n, x in v)
    raise ValueError(k)


def do_loads(body):
    h = supervisor_xmlrpc_handler.__new__(supervisor_xmlrpc_handler)
    try:
        data = base64.b64decode(body).decode("utf-8")
        params, method = h.loads(data)
    except Exception as e:
        return {"error": "%s: %s" % (type(e).__name__, e)}
    if not method:
        return {"error": "nomethod"}
    return {"method": method, "params": [canon(p) for p in (params or ())]}


def b64(s):
    return base64.b64encode(s.encode("utf-8")).decode()


def do_parse(body):
    data = base64.b64decode(body).decode("utf-8")
    data = data.encode("ascii", "xmlcharrefreplace")
    try:
        p, u = xmlrpc.client.getparser(use_builtin_types=True)
        p.feed(data)
        p.close()
        result = u.close()
    except xmlrpc.client.Fault as f:
        return {"fault": [f.faultCode, f.faultString]}
    except Exception as e:
        return {"error": "%s: %s" % (type(e).__name__, e)}
    return {"value": canon(result[0])}


def main():
    req = json.load(sys.stdin)
    mode, inputs = req["mode"], req["inputs"]
    out = []
    for x in inputs:
        if mode == "loads":
            out.append(do_loads(x))
        elif mode == "dumps":
            out.append(b64(xmlrpc.client.dumps((uncanon(x),), methodresponse=True)))
        elif mode == "fault":
            out.append(b64(xmlrpc.client.dumps(xmlrpc.client.Fault(x[0], x[1]))))
        elif mode == "call":
            out.append(b64(xmlrpc.client.dumps(tuple(uncanon(p) for p in x[1]), x[0])))
        elif mode == "parse":
            out.append(do_parse(x))
        else:
            raise ValueError(mode)
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
