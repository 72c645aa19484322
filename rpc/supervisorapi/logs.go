package supervisorapi

import (
	"context"
	"errors"
	"os"

	"github.com/gosupervisord/gosupervisord/rpc"
	"github.com/gosupervisord/gosupervisord/supervisor"
	"github.com/gosupervisord/gosupervisord/supervisor/childlog"
	"github.com/gosupervisord/gosupervisord/supervisor/faults"
)

// Log channels of a process.
const (
	stdout = "stdout"
	stderr = "stderr"
)

// readDoc explains the offset and length of the read methods.
const readDoc = " With offset >= 0 it reads length bytes from offset (to the end when length is 0); " +
	"with offset < 0 (and length 0) the last -offset bytes. BAD_ARGUMENTS for other " +
	"combinations, FAILED when the file cannot be read. Bytes that are not UTF-8 are sent as U+FFFD."

// tailDoc explains the tail methods.
const tailDoc = " It answers [bytes, offset, overflow]: the bytes from offset to the end of the " +
	"log, or only the last length of them with overflow set when there are more; offset is the " +
	"size of the log, where the next call should start. A log that does not exist gives ['', 0, false]."

// logMethods read, tail and clear the main log and the process logs.
func logMethods(s *supervisor.Supervisor) []rpc.Method {
	readLog := rpc.Method{
		Name:      "readLog",
		Doc:       "Read supervisord's main log." + readDoc + " NO_FILE when there is no log file.",
		Params:    []rpc.Param{paramOffset, paramLength},
		Returns:   rpc.TypeString,
		ReturnDoc: "result The bytes read.",
		Func: func(ctx context.Context, args rpc.Args) (any, error) {
			path, err := s.MainLogfile(ctx)
			if err != nil {
				return nil, rpcError(err)
			}
			return readFile(path, args, 0)
		},
	}
	readStdout := rpc.Method{
		Name: "readProcessStdoutLog",
		Doc: "Read a process's stdout log." + readDoc + " BAD_NAME for an unknown process; NO_FILE " +
			"when it has no stdout log file or the file does not exist.",
		Params:    []rpc.Param{paramProcess, paramOffset, paramLength},
		Returns:   rpc.TypeString,
		ReturnDoc: "result The bytes read.",
		Func:      readProcessLog(s, stdout),
	}
	tailStdout := rpc.Method{
		Name: "tailProcessStdoutLog",
		Doc: "Follow a process's stdout log: call it again with the offset it answered to get what " +
			"was written since." + tailDoc + " BAD_NAME for an unknown process.",
		Params: []rpc.Param{paramProcess,
			{Name: "offset", Type: rpc.TypeInt, Doc: "Where to start, in bytes from the start of the log."},
			{Name: "length", Type: rpc.TypeInt, Doc: "The most bytes to answer with."}},
		Returns:   rpc.TypeArray,
		ReturnDoc: "result [string bytes, int offset, boolean overflow].",
		Func:      tailProcessLog(s, stdout),
	}
	tailStderr := tailStdout
	tailStderr.Name = "tailProcessStderrLog"
	tailStderr.Doc = "Follow a process's stderr log, as tailProcessStdoutLog does for stdout." + tailDoc
	tailStderr.Func = tailProcessLog(s, stderr)
	clearProcess := rpc.Method{
		Name: "clearProcessLogs",
		Doc: "Empty a process's stdout and stderr log files (removing their backups) and reopen " +
			"them. BAD_NAME for an unknown process or a 'group:*' name; FAILED when a file cannot be " +
			"removed. A process that is not running has no open log to clear: nothing happens.",
		Params:    []rpc.Param{paramProcess},
		Returns:   rpc.TypeBoolean,
		ReturnDoc: "result True, unless there is an error.",
		Func: func(ctx context.Context, args rpc.Args) (any, error) {
			name, err := processName(ctx, s, args, 0)
			if err != nil {
				return nil, err
			}
			if err := s.ClearProcessLogs(ctx, name); err != nil {
				return nil, rpcError(err)
			}
			return true, nil
		},
	}
	return []rpc.Method{
		readLog,
		alias("readMainLog", readLog),
		{
			Name:      "clearLog",
			Doc:       "Empty supervisord's main log file and reopen it. NO_FILE when there is none, FAILED when it cannot be removed.",
			Returns:   rpc.TypeBoolean,
			ReturnDoc: "result True, unless there is an error.",
			Func: func(ctx context.Context, _ rpc.Args) (any, error) {
				if err := s.ClearLog(ctx); err != nil {
					return nil, rpcError(err)
				}
				return true, nil
			},
		},
		readStdout,
		alias("readProcessLog", readStdout),
		{
			Name: "readProcessStderrLog",
			Doc: "Read a process's stderr log." + readDoc + " BAD_NAME for an unknown process; NO_FILE " +
				"when it has no stderr log file or the file does not exist.",
			Params:    []rpc.Param{paramProcess, paramOffset, paramLength},
			Returns:   rpc.TypeString,
			ReturnDoc: "result The bytes read.",
			Func:      readProcessLog(s, stderr),
		},
		tailStdout,
		alias("tailProcessLog", tailStdout),
		tailStderr,
		clearProcess,
		alias("clearProcessLog", clearProcess),
		{
			Name:      "clearAllProcessLogs",
			Doc:       "Clear the logs of every process, as clearProcessLogs does, in priority order.",
			Returns:   rpc.TypeArray,
			ReturnDoc: "result " + resultsDoc,
			Func: func(ctx context.Context, _ rpc.Args) (any, error) {
				rs, err := s.ClearAllProcessLogs(ctx)
				return many(rs, err)
			},
		},
	}
}

// readProcessLog is readProcessStdoutLog or readProcessStderrLog.
func readProcessLog(s *supervisor.Supervisor, channel string) rpc.Func {
	return func(ctx context.Context, args rpc.Args) (any, error) {
		path, err := processLogfile(ctx, s, args, channel)
		if err != nil {
			return nil, err
		}
		return readFile(path, args, 1)
	}
}

// processLogfile returns the path of the channel's log of the process named
// by argument 0 ("" when it has none).
func processLogfile(ctx context.Context, s *supervisor.Supervisor, args rpc.Args, channel string) (string, error) {
	name, err := processName(ctx, s, args, 0)
	if err != nil {
		return "", err
	}
	path, err := s.ProcessLogfile(ctx, name, channel)
	return path, rpcError(err)
}

// readFile reads the log at path with the offset and length arguments at
// args[i] and args[i+1], in 4.2.5's order: the file must exist (NO_FILE
// with its path, or without a detail when there is no log file), then the
// arguments are converted, then the file is read.
func readFile(path string, args rpc.Args, i int) (any, error) {
	if path == "" {
		return nil, rpc.BareFault(faults.NoFile)
	}
	if !exists(path) {
		return nil, rpc.NewFault(faults.NoFile, path)
	}
	offset, err := args.Int(i)
	if err != nil {
		return nil, err
	}
	length, err := args.Int(i + 1)
	if err != nil {
		return nil, err
	}
	data, err := childlog.Read(path, int64(offset), int64(length))
	switch {
	case errors.Is(err, childlog.ErrBadArguments):
		return nil, rpc.BareFault(faults.BadArguments)
	case err != nil:
		return nil, rpc.BareFault(faults.Failed)
	}
	return string(data), nil
}

// tailProcessLog is tailProcessStdoutLog or tailProcessStderrLog.
func tailProcessLog(s *supervisor.Supervisor, channel string) rpc.Func {
	return func(ctx context.Context, args rpc.Args) (any, error) {
		path, err := processLogfile(ctx, s, args, channel)
		if err != nil {
			return nil, err
		}
		if path == "" || !exists(path) {
			return []any{"", 0, false}, nil
		}
		offset, err := args.Int(1)
		if err != nil {
			return nil, err
		}
		length, err := args.Int(2)
		if err != nil {
			return nil, err
		}
		data, size, overflow, err := childlog.Tail(path, int64(offset), int64(length))
		if err != nil {
			// 4.2.5 answers a log it cannot read with the caller's offset.
			return []any{"", offset, false}, nil
		}
		return []any{string(data), size, overflow}, nil
	}
}

// exists is Python's os.path.exists: the path (followed through symlinks)
// can be stat'ed.
func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
