"""A crashmail-style event listener (the way superlance's crashmail reads
events): supervisor.childutils' listener protocol and eventdata, reporting
every unexpected PROCESS_STATE_EXITED to OUTFILE instead of mailing it.

Usage: crashmail.py OUTFILE
"""
import sys

from supervisor import childutils


def main():
    out = sys.argv[1]
    while True:
        headers, payload = childutils.listener.wait(sys.stdin, sys.stdout)
        if headers['eventname'] == 'PROCESS_STATE_EXITED':
            pheaders, _ = childutils.eventdata(payload + '\n')
            if not int(pheaders['expected']):
                with open(out, 'a') as f:
                    f.write('Process %s in group %s exited unexpectedly (pid %s) from state %s [%s]\n' % (
                        pheaders['processname'], pheaders['groupname'], pheaders['pid'],
                        pheaders['from_state'], headers['pool']))
        childutils.listener.ok(sys.stdout)


if __name__ == '__main__':
    main()
