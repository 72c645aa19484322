"""Make XML-RPC calls with Python's own xmlrpc.client and print what it
gets, one line per call, for comparing supervisord implementations.

usage: calls.py URL CALLS_JSON
CALLS_JSON is a list of [method, arg...]. A method prefixed with "sorted:"
has its (array) result sorted by name, for calls whose result order is the
order processes happened to finish in. A method prefixed with "settled:"
(getProcessInfo) is repeated until the process is in a stable state, so a
transitional state that only one daemon's timing shows is never compared.
"""
import json
import sys
import time
import xmlrpc.client

VOLATILE = ('start', 'stop', 'now', 'pid')
TRANSITIONAL = (10, 30, 40)  # STARTING, BACKOFF, STOPPING


def mask(v, key=None):
    if isinstance(v, dict):
        return {k: mask(x, k) for k, x in v.items()}
    if isinstance(v, list):
        return [mask(x) for x in v]
    if key in VOLATILE and isinstance(v, int) and v != 0:
        return '<%s>' % key
    return v


def main():
    proxy = xmlrpc.client.ServerProxy(sys.argv[1])
    for call in json.loads(sys.argv[2]):
        method, args = call[0], call[1:]
        order = method.startswith('sorted:')
        settled = method.startswith('settled:')
        method = method.split(':')[-1]
        label = '%s%r' % (method, tuple(args))
        try:
            result = getattr(proxy, method)(*args)
            deadline = time.monotonic() + 15
            while (settled and result['state'] in TRANSITIONAL
                   and time.monotonic() < deadline):
                time.sleep(0.05)
                result = getattr(proxy, method)(*args)
            if method == 'supervisor.getPID':
                result = '<pid>'
            if order:
                result = sorted(result, key=lambda r: (r['group'], r['name']))
            print(label, '->', repr(mask(result)))
        except xmlrpc.client.Fault as e:
            print(label, '-> Fault', e.faultCode, repr(e.faultString))
        except xmlrpc.client.ProtocolError as e:
            print(label, '-> ProtocolError', e.errcode, e.errmsg)
        sys.stdout.flush()


main()
