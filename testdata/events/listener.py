"""A scriptable event listener for gosupervisord's tests.

Usage: listener.py OUTFILE [ACTIONS]

Speaks the READY/RESULT protocol by hand and appends every event it gets
to OUTFILE as a JSON line {"header": ..., "payload": ...}, the header line
without its newline and the payload exactly as read (len characters of
UTF-8 text, no newline translation).

ACTIONS is a comma-separated list, one per event received, used in turn
(the last one repeats): ok (RESULT 2 OK), fail (RESULT 4 FAIL), garbage
(writes a line that is not a result), die (exits without answering), hang
(never answers, keeps reading nothing), noread (never reads stdin again:
only says READY once more and sleeps). The default is ok.
"""
import io
import json
import os
import sys
import time


def main():
    out = sys.argv[1]
    actions = (sys.argv[2] if len(sys.argv) > 2 else 'ok').split(',')
    stdin = io.TextIOWrapper(sys.stdin.buffer, encoding='utf-8', newline='')
    stdout = sys.stdout.buffer
    n = 0
    while True:
        stdout.write(b'READY\n')
        stdout.flush()
        action = actions[min(n, len(actions) - 1)]
        if action == 'noread':
            time.sleep(3600)
        header = stdin.readline()
        if not header:
            return
        fields = dict(tok.split(':', 1) for tok in header.split())
        payload = stdin.read(int(fields['len']))
        with open(out, 'a', encoding='utf-8') as f:
            f.write(json.dumps({'header': header[:-1], 'payload': payload}) + '\n')
        n += 1
        if action == 'ok':
            stdout.write(b'RESULT 2\nOK')
        elif action == 'fail':
            stdout.write(b'RESULT 4\nFAIL')
        elif action == 'garbage':
            stdout.write(b'this is not a result\n')
        elif action == 'die':
            os._exit(3)
        elif action == 'hang':
            stdout.flush()
            time.sleep(3600)
        stdout.flush()


if __name__ == '__main__':
    main()
