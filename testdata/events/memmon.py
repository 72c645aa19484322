"""A memmon-style event listener: wakes on TICK events and asks supervisord
for getAllProcessInfo through supervisor.childutils.getRPCInterface
(SUPERVISOR_SERVER_URL, and SUPERVISOR_USERNAME/PASSWORD when set), writing
one line per tick to OUTFILE.

Usage: memmon.py OUTFILE
"""
import os
import sys

from supervisor import childutils


def main():
    out = sys.argv[1]
    rpc = childutils.getRPCInterface(os.environ)
    while True:
        headers, payload = childutils.listener.wait(sys.stdin, sys.stdout)
        if headers['eventname'].startswith('TICK_'):
            infos = rpc.supervisor.getAllProcessInfo()
            states = ' '.join('%s:%s=%s' % (i['group'], i['name'], i['statename']) for i in infos)
            with open(out, 'a') as f:
                f.write('%s %s %s\n' % (headers['eventname'], payload.split(':')[0], states))
        childutils.listener.ok(sys.stdout)


if __name__ == '__main__':
    main()
