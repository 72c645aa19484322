#!/usr/bin/python3
"""Print the configuration supervisord 4.2.5 realises from a conf file.

Usage: /usr/bin/python3 dump_config.py [--hostname NAME] -- SUPERVISORD-ARGS
       /usr/bin/python3 dump_config.py --batch < REQUESTS

SUPERVISORD-ARGS are supervisord's own options (at least "-c FILE"). The
options object is realised exactly as supervisord does at startup, then
dumped as JSON on stdout; nothing is started. A configuration error is
printed as {"error": TEXT}, TEXT being what supervisord prints after
"Error: ".

With --batch, stdin is a JSON list of requests {"args": [...], "env":
[["K", "V"], ...], "cwd": DIR, "hostname": NAME} and stdout the JSON list
of results, all realised in this one process (os.environ, the working
directory and the host name are set for each). This is the oracle for gosupervisord's config loader (see
oracle_test.go), which marshals its own result into the same shape.
"""

import json
import os
import platform
import socket
import sys
import tempfile

from supervisor import datatypes, events
from supervisor.options import ServerOptions


class UsageError(Exception):
    pass


def logfile(value):
    if value is datatypes.Automatic:
        return "<AUTO>"
    if value is None:
        return "<NONE>"
    return value


def autorestart(value):
    if value is datatypes.RestartUnconditionally:
        return "always"
    if value is datatypes.RestartWhenExitUnexpected:
        return "unexpected"
    if value is False:
        return "never"
    return repr(value)


def spec(obj):
    return "%s:%s" % (obj.__module__, obj.__name__)


def process(pc):
    out = {"name": pc.name, "command": pc.command, "directory": pc.directory,
           "umask": pc.umask, "priority": pc.priority,
           "autostart": bool(pc.autostart),
           "autorestart": autorestart(pc.autorestart),
           "startsecs": pc.startsecs, "startretries": pc.startretries,
           "uid": pc.uid}
    for ch in ("stdout", "stderr"):
        out[ch + "_logfile"] = logfile(getattr(pc, ch + "_logfile"))
        for k in ("capture_maxbytes", "logfile_backups", "logfile_maxbytes"):
            out["%s_%s" % (ch, k)] = getattr(pc, "%s_%s" % (ch, k))
        for k in ("events_enabled", "syslog"):
            out["%s_%s" % (ch, k)] = bool(getattr(pc, "%s_%s" % (ch, k)))
    out.update({"stopsignal": int(pc.stopsignal),
                "stopwaitsecs": pc.stopwaitsecs,
                "stopasgroup": bool(pc.stopasgroup),
                "killasgroup": bool(pc.killasgroup),
                "exitcodes": list(pc.exitcodes),
                "redirect_stderr": bool(pc.redirect_stderr),
                "environment": [[k, v] for k, v in pc.environment.items()],
                "serverurl": pc.serverurl})
    return out


def socket_config(sc):
    if sc is None:
        return None
    out = {"url": sc.url, "backlog": sc.backlog}
    if isinstance(sc, datatypes.UnixStreamSocketConfig):
        out.update({"family": "unix", "path": sc.path, "mode": sc.mode,
                    "owner": list(sc.owner) if sc.owner else None})
    else:
        out.update({"family": "inet", "host": sc.host, "port": sc.port})
    return out


def group(gc):
    kind = type(gc).__name__
    out = {"name": gc.name, "priority": gc.priority,
           "kind": {"ProcessGroupConfig": "process",
                    "EventListenerPoolConfig": "eventlistener",
                    "FastCGIGroupConfig": "fcgi"}[kind],
           "processes": [process(pc) for pc in gc.process_configs]}
    if kind == "EventListenerPoolConfig":
        out["buffer_size"] = gc.buffer_size
        out["events"] = sorted(events.getEventNameByType(e)
                               for e in gc.pool_events)
        out["result_handler"] = spec(gc.result_handler)
    if kind == "FastCGIGroupConfig":
        out["socket"] = socket_config(gc.socket_config)
    return out


def server(sc):
    unix = sc["family"] == socket.AF_UNIX
    return {"section": sc["section"], "name": sc["name"],
            "family": "unix" if unix else "inet",
            "host": sc.get("host"), "port": sc.get("port"),
            "file": sc.get("file"), "chmod": sc.get("chmod"),
            "chown": list(sc["chown"]) if unix else None,
            "username": sc["username"], "password": sc["password"]}


def dump(o):
    sd = o.configroot.supervisord
    return {
        "supervisord": {
            "logfile": o.logfile, "logfile_maxbytes": o.logfile_maxbytes,
            "logfile_backups": o.logfile_backups, "loglevel": o.loglevel,
            "pidfile": o.pidfile, "umask": o.umask,
            "nodaemon": bool(o.nodaemon), "silent": bool(o.silent),
            "minfds": o.minfds, "minprocs": o.minprocs,
            "nocleanup": bool(o.nocleanup), "childlogdir": o.childlogdir,
            "user": o.user, "uid": o.uid, "gid": o.gid,
            "directory": o.directory, "strip_ansi": bool(o.strip_ansi),
            "identifier": o.identifier,
            "environment": [[k, v] for k, v in sd.environment.items()],
        },
        "server_url": o.serverurl,
        "servers": [server(sc) for sc in o.server_configs],
        "rpcinterfaces": [
            {"name": name, "factory": spec(factory),
             "extras": [[k, v] for k, v in extras.items()]}
            for name, factory, extras in o.rpcinterface_factories],
        "groups": [group(gc) for gc in o.process_group_configs],
        "criticals": o.parse_criticals,
        "warnings": o.parse_warnings,
        "infos": o.parse_infos,
    }


def realize(argv):
    o = ServerOptions()

    def usage(msg):
        raise UsageError(str(msg))
    o.usage = usage
    try:
        o.realize(args=argv, progname="supervisord")
    except UsageError as e:
        return {"error": str(e)}
    return dump(o)


def batch(requests):
    results = []
    for req in requests:
        os.environ.clear()
        os.environ.update(dict(req["env"]))
        os.chdir(req["cwd"])
        tempfile.tempdir = None
        platform.node = lambda name=req["hostname"]: name
        results.append(realize(req["args"]))
    return results


def main(argv):
    if argv == ["--batch"]:
        json.dump(batch(json.load(sys.stdin)), sys.stdout, ensure_ascii=False)
        return 0
    hostname = None
    if argv[:1] == ["--hostname"]:
        hostname, argv = argv[1], argv[2:]
    if argv[:1] == ["--"]:
        argv = argv[1:]
    if hostname is not None:
        platform.node = lambda: hostname
    json.dump(realize(argv), sys.stdout, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
