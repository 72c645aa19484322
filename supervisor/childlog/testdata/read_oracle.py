"""Runs supervisor 4.2.5's readFile and tailFile and its AUTO-log cleanup
pattern on test inputs, for read_oracle_test.go. Must run under
/usr/bin/python3.

stdin: JSON {reads: [[path, offset, length]], names: [str],
identifier: str}. stdout: JSON {read: [[kind, data]], tail: [[data, size,
overflow]], clean: [bool]}; kind is "ok" or the ValueError text, data is
latin-1 text."""
import json
import re
import sys

from supervisor import options

req = json.load(sys.stdin)
out = {'read': [], 'tail': [], 'clean': []}
for path, offset, length in req['reads'] or []:
    try:
        out['read'].append(['ok', options.readFile(path, offset, length).decode('latin-1')])
    except ValueError as e:
        out['read'].append([e.args[0], ''])
    # tailFile decodes as UTF-8; the test files are ASCII
    out['tail'].append(options.tailFile(path, offset, length))
# the pattern of ServerOptions.clear_autochildlogdir
fnre = re.compile(r'.+?---%s-\S+\.log\.{0,1}\d{0,4}' % req['identifier'])
out['clean'] = [bool(fnre.match(n)) for n in req['names'] or []]
print(json.dumps(out))
