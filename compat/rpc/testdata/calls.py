"""Make XML-RPC calls with Python's own xmlrpc.client and print what it
gets, one line per call, for comparing supervisord implementations.

usage: calls.py URL CALLS_JSON
CALLS_JSON is a list of [method, arg...]. A method prefixed with "sorted:"
has its (array) result sorted by name, for calls whose result order is the
order processes happened to finish in.
"""
import json
import sys
import xmlrpc.client

VOLATILE = ('start', 'stop', 'now', 'pid')


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
        method = method.split(':')[-1]
        label = '%s%r' % (method, tuple(args))
        try:
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
