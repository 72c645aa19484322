"""Writes, one chunk at a time with pauses, plain, UTF-8 and non-UTF-8
output and XSUPERVISOR communication tokens on stdout and stderr, then
exits 0 (for the PROCESS_LOG / PROCESS_COMMUNICATION tests)."""
import sys
import time

out, err = sys.stdout.buffer, sys.stderr.buffer
for channel, data in [
        (out, b'plain line\n'),
        (out, 'd\u00e4t\u00e4 \u20ac\n'.encode('utf-8')),
        (out, b'bad \xff\xfe bytes\n'),
        (out, b'<!--XSUPERVISOR:BEGIN-->captured \xc3\xa9<!--XSUPERVISOR:END-->long enough after the token\n'),
        (err, b'err line\n'),
        (err, b'<!--XSUPERVISOR:BEGIN-->err comm\xff<!--XSUPERVISOR:END-->long enough after the token\n')]:
    channel.write(data)
    channel.flush()
    time.sleep(0.15)
