package rpc

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gosupervisord/gosupervisord/rpc/xmlrpc"
	"github.com/gosupervisord/gosupervisord/supervisor/faults"
)

// fakeSupervisor registers a few supervisor.* methods that use their
// arguments the way 4.2.5's do, enough to check the dispatcher's rules.
func fakeSupervisor(t *testing.T) *Registry {
	t.Helper()
	r := NewRegistry()
	version := Method{Name: "getAPIVersion", Doc: "Return the API version.", Returns: TypeString, ReturnDoc: "version",
		Func: func(context.Context, Args) (any, error) { return "3.0", nil }}
	alias := version
	alias.Name = "getVersion"
	name := Param{Name: "name", Type: TypeString, Doc: "Process name."}
	require.NoError(t, r.Register("supervisor",
		version, alias,
		Method{Name: "getState", Doc: "State.", Returns: TypeStruct, ReturnDoc: "state",
			Func: func(context.Context, Args) (any, error) {
				return xmlrpc.Struct{{Name: "statecode", Value: 1}, {Name: "statename", Value: "RUNNING"}}, nil
			}},
		Method{Name: "getProcessInfo", Doc: "Info.", Params: []Param{name}, Returns: TypeStruct, ReturnDoc: "info",
			Func: func(_ context.Context, a Args) (any, error) {
				n, err := a.Name(0)
				if err != nil {
					return nil, err
				}
				if n != "p" {
					return nil, NewFault(faults.BadName, n)
				}
				return xmlrpc.Struct{{Name: "name", Value: "p"}}, nil
			}},
		Method{Name: "startProcess", Doc: "Start.", Params: []Param{name, {Name: "wait", Type: TypeBoolean, Doc: "Wait.", Optional: true}},
			Returns: TypeBoolean, ReturnDoc: "true",
			Func: func(ctx context.Context, a Args) (any, error) {
				if _, err := a.Name(0); err != nil {
					return nil, err
				}
				if a.Bool(1, true) {
					return nil, NewFault(faults.AlreadyStarted, "p")
				}
				return true, nil
			}},
		Method{Name: "readLog", Doc: "Read.", Params: []Param{{Name: "offset", Type: TypeInt}, {Name: "length", Type: TypeInt}},
			Returns: TypeString, ReturnDoc: "log",
			Func: func(_ context.Context, a Args) (any, error) {
				off, err := a.Int(0)
				if err != nil {
					return nil, err
				}
				n, err := a.Int(1)
				if err != nil {
					return nil, err
				}
				return fmt.Sprintf("%d:%d", off, n), nil
			}},
		Method{Name: "sendProcessStdin", Doc: "Send.", Params: []Param{name, {Name: "chars", Type: TypeString}},
			Returns: TypeBoolean, ReturnDoc: "true",
			Func: func(_ context.Context, a Args) (any, error) {
				if _, ok := a.Value(1).(string); !ok {
					return nil, NewFault(faults.IncorrectParameters, PyStr(a.Value(1)))
				}
				return true, nil
			}},
		Method{Name: "waitForever", Doc: "Block until cancelled.", Returns: TypeBoolean, ReturnDoc: "never",
			Func: func(ctx context.Context, _ Args) (any, error) {
				<-ctx.Done()
				return nil, ctx.Err()
			}},
		Method{Name: "broken", Doc: "Return an unexpected error.", Returns: TypeBoolean, ReturnDoc: "never",
			Func: func(context.Context, Args) (any, error) { return nil, errors.New("disk on fire") }},
		Method{Name: "domainFault", Doc: "Return a Faulter.", Returns: TypeBoolean, ReturnDoc: "never",
			Func: func(context.Context, Args) (any, error) { return nil, fmt.Errorf("wrapped: %w", domainFault{}) }},
	))
	return r
}

type domainFault struct{}

func (domainFault) Error() string          { return "no such process" }
func (domainFault) FaultCode() faults.Code { return faults.BadName }
func (domainFault) FaultString() string    { return "BAD_NAME: nosuch" }

func fault(code faults.Code, text string) *Fault { return &Fault{code, text} }

func TestCallNameRules(t *testing.T) {
	r := fakeSupervisor(t)
	for _, name := range []string{
		"supervisor.nope", "nonamespace", "a.b.c", "supervisor._update", "supervisor.__init__",
		"system.nope", "nosuchns.getState", ".getState", "supervisor.", "supervisor.getState.x",
		"system._listMethods", "",
	} {
		_, err := r.Call(context.Background(), name, nil)
		assert.Equal(t, fault(1, "UNKNOWN_METHOD"), err, name)
	}
}

func TestCallArity(t *testing.T) {
	r := fakeSupervisor(t)
	for _, c := range []struct {
		name   string
		params []any
	}{
		{"supervisor.getState", []any{1}},
		{"supervisor.startProcess", nil},
		{"supervisor.startProcess", []any{"p", true, 1}},
		{"supervisor.getProcessInfo", []any{"a", "b"}},
		{"supervisor.readLog", []any{0}},
		{"system.listMethods", []any{"x"}},
		{"system.multicall", nil},
	} {
		_, err := r.Call(context.Background(), c.name, c.params)
		assert.Equal(t, fault(2, "INCORRECT_PARAMETERS"), err, "%s%v", c.name, c.params)
	}
	v, err := r.Call(context.Background(), "supervisor.startProcess", []any{"p", false})
	require.NoError(t, err)
	assert.Equal(t, true, v)
}

// TestCallArgumentTypes follows the conformance scenario rpc_faults: the
// outcome of a wrongly typed argument depends on how the method uses it.
func TestCallArgumentTypes(t *testing.T) {
	r := fakeSupervisor(t)
	internal := func(class string) func(*testing.T, any, error) {
		return func(t *testing.T, _ any, err error) {
			var ie *InternalError
			require.ErrorAs(t, err, &ie)
			assert.Equal(t, class, ie.Class)
		}
	}
	is := func(want any) func(*testing.T, any, error) {
		return func(t *testing.T, v any, err error) {
			require.NoError(t, err)
			assert.Equal(t, want, v)
		}
	}
	isFault := func(code faults.Code, text string) func(*testing.T, any, error) {
		return func(t *testing.T, _ any, err error) { assert.Equal(t, fault(code, text), err) }
	}
	for _, c := range []struct {
		name   string
		params []any
		check  func(*testing.T, any, error)
	}{
		{"supervisor.startProcess", []any{123}, internal("AttributeError")},
		{"supervisor.getProcessInfo", []any{[]any{"p"}}, internal("AttributeError")},
		{"supervisor.getProcessInfo", []any{nil}, internal("AttributeError")},
		{"supervisor.readLog", []any{"a", "b"}, internal("ValueError")},
		{"supervisor.readLog", []any{"0", "24"}, is("0:24")},
		{"supervisor.readLog", []any{" +7 ", 2.9}, is("7:2")},
		{"supervisor.readLog", []any{true, false}, is("1:0")},
		{"supervisor.readLog", []any{0, []any{1}}, isFault(2, "INCORRECT_PARAMETERS")},
		{"supervisor.readLog", []any{0, xmlrpc.Struct{}}, isFault(2, "INCORRECT_PARAMETERS")},
		{"supervisor.readLog", []any{0, nil}, isFault(2, "INCORRECT_PARAMETERS")},
		{"supervisor.readLog", []any{0, time.Now()}, isFault(2, "INCORRECT_PARAMETERS")},
		{"supervisor.readLog", []any{"99999999999999999999", 0}, internal("OverflowError")},
		{"supervisor.startProcess", []any{"p", "not-a-bool"}, isFault(60, "ALREADY_STARTED: p")},
		{"supervisor.startProcess", []any{"p", 0}, is(true)},
		{"supervisor.startProcess", []any{"p", ""}, is(true)},
		{"supervisor.startProcess", []any{"p", []any{}}, is(true)},
		{"supervisor.startProcess", []any{"p", 1}, isFault(60, "ALREADY_STARTED: p")},
		{"supervisor.sendProcessStdin", []any{"cat", 5}, isFault(2, "INCORRECT_PARAMETERS: 5")},
		{"supervisor.sendProcessStdin", []any{"cat", []any{1, "a", nil, true}}, isFault(2, "INCORRECT_PARAMETERS: [1, 'a', None, True]")},
		{"supervisor.broken", nil, func(t *testing.T, _ any, err error) {
			assert.EqualError(t, err, "disk on fire")
			_, isF := AsFault(err)
			assert.False(t, isF)
		}},
		{"supervisor.domainFault", nil, isFault(10, "BAD_NAME: nosuch")},
	} {
		t.Run(fmt.Sprintf("%s%v", c.name, c.params), func(t *testing.T) {
			v, err := r.Call(context.Background(), c.name, c.params)
			c.check(t, v, err)
		})
	}
}

func TestSystemIntrospection(t *testing.T) {
	r := fakeSupervisor(t)
	ctx := context.Background()
	v, err := r.Call(ctx, "system.listMethods", nil)
	require.NoError(t, err)
	assert.Equal(t, []string{
		"supervisor.broken", "supervisor.domainFault", "supervisor.getAPIVersion", "supervisor.getProcessInfo",
		"supervisor.getState", "supervisor.getVersion", "supervisor.readLog", "supervisor.sendProcessStdin",
		"supervisor.startProcess", "supervisor.waitForever",
		"system.listMethods", "system.methodHelp", "system.methodSignature", "system.multicall",
	}, v)

	for name, want := range map[string][]string{
		"supervisor.getState":     {"struct"},
		"supervisor.startProcess": {"boolean", "string", "boolean"},
		"supervisor.readLog":      {"string", "int", "int"},
		"supervisor.getVersion":   {"string"},
		"system.listMethods":      {"array"},
		"system.methodHelp":       {"string", "string"},
		"system.methodSignature":  {"array", "string"},
		"system.multicall":        {"array", "array"},
	} {
		v, err := r.Call(ctx, "system.methodSignature", []any{name})
		require.NoError(t, err)
		assert.Equal(t, want, v, name)
	}
	for _, bad := range []any{"supervisor.nosuch", "nosuch.method", 5, nil, "supervisor._x"} {
		_, err := r.Call(ctx, "system.methodSignature", []any{bad})
		assert.Equal(t, fault(4, "SIGNATURE_UNSUPPORTED"), err)
		_, err = r.Call(ctx, "system.methodHelp", []any{bad})
		assert.Equal(t, fault(4, "SIGNATURE_UNSUPPORTED"), err)
	}

	v, err = r.Call(ctx, "system.methodHelp", []any{"supervisor.startProcess"})
	require.NoError(t, err)
	assert.Equal(t, "Start.\n\n@param string name Process name.\n@param boolean wait Wait.\n@return boolean true\n", v)
	for _, name := range r.MethodNames() {
		m, _ := r.Lookup(name)
		assert.Equal(t, m.Signature(), signatureFromHelp(m.Help()), "help tags and signature agree for %s", name)
	}
}

// signatureFromHelp reads the @param/@return tags as 4.2.5's gettags does,
// so a client deriving types from help text sees the declared signature.
func signatureFromHelp(help string) []string {
	var ret string
	var params []string
	for _, line := range strings.Split(help, "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) >= 2 && f[0] == "@return":
			ret = f[1]
		case len(f) >= 2 && f[0] == "@param":
			params = append(params, f[1])
		}
	}
	return append([]string{ret}, params...)
}

func call(m string, params ...any) xmlrpc.Struct {
	return xmlrpc.Struct{{Name: "methodName", Value: m}, {Name: "params", Value: params}}
}

func faultStruct(code int, text string) xmlrpc.Struct {
	return xmlrpc.Struct{{Name: "faultCode", Value: code}, {Name: "faultString", Value: text}}
}

func TestMulticall(t *testing.T) {
	r := fakeSupervisor(t)
	ctx := context.Background()

	// The reference's observed multicall (reference §2.11).
	v, err := r.Call(ctx, "system.multicall", []any{[]any{
		call("supervisor.getAPIVersion"),
		call("supervisor.getProcessInfo", "nosuch"),
		call("supervisor.startProcess", "p", false),
		call("supervisor.startProcess", "p", 0),
		call("system.multicall", []any{}),
		xmlrpc.Struct{{Name: "params", Value: []any{}}},
		call("supervisor.getState", "extra-arg"),
		call("supervisor.nope"),
	}})
	require.NoError(t, err)
	assert.Equal(t, []any{
		"3.0",
		faultStruct(10, "BAD_NAME: nosuch"),
		true, true,
		faultStruct(2, "INCORRECT_PARAMETERS: Recursive system.multicall forbidden"),
		faultStruct(2, "INCORRECT_PARAMETERS: No methodName"),
		faultStruct(2, "INCORRECT_PARAMETERS"),
		faultStruct(1, "UNKNOWN_METHOD"),
	}, v)

	// Observed against 4.2.5 (see the report): unexpected errors become
	// FAILED faults; odd params are splatted as Python's *params does.
	v, err = r.Call(ctx, "system.multicall", []any{[]any{
		call("supervisor.startProcess", 123),
		xmlrpc.Struct{{Name: "methodName", Value: "supervisor.getProcessInfo"}, {Name: "params", Value: "p"}},
		xmlrpc.Struct{{Name: "methodName", Value: 5}},
		xmlrpc.Struct{{Name: "methodName", Value: "supervisor.getState"}, {Name: "params", Value: 5}},
		xmlrpc.Struct{{Name: "methodName", Value: "supervisor.getState"}, {Name: "params", Value: xmlrpc.Struct{}}},
		xmlrpc.Struct{{Name: "methodName", Value: "supervisor.readLog"}, {Name: "params", Value: xmlrpc.Struct{{Name: "1", Value: 0}, {Name: "2", Value: 0}}}},
		call("supervisor.readLog", "a", "b"),
		call("supervisor.readLog", 0, []any{1}),
		xmlrpc.Struct{{Name: "methodName", Value: "supervisor.nope"}, {Name: "params", Value: 5}},
		xmlrpc.Struct{{Name: "methodName", Value: "supervisor.getState"}, {Name: "params", Value: nil}},
		xmlrpc.Struct{{Name: "methodName", Value: nil}},
		call("supervisor.broken"),
	}})
	require.NoError(t, err)
	assert.Equal(t, []any{
		faultStruct(30, "FAILED: <class 'AttributeError'>:'int' object has no attribute 'split'"),
		xmlrpc.Struct{{Name: "name", Value: "p"}},
		faultStruct(30, "FAILED: <class 'AttributeError'>:'int' object has no attribute 'split'"),
		faultStruct(2, "INCORRECT_PARAMETERS"),
		xmlrpc.Struct{{Name: "statecode", Value: 1}, {Name: "statename", Value: "RUNNING"}},
		"1:2",
		faultStruct(30, "FAILED: <class 'ValueError'>:invalid literal for int() with base 10: 'a'"),
		faultStruct(2, "INCORRECT_PARAMETERS"),
		faultStruct(1, "UNKNOWN_METHOD"),
		faultStruct(2, "INCORRECT_PARAMETERS"),
		faultStruct(2, "INCORRECT_PARAMETERS: No methodName"),
		faultStruct(30, "FAILED: <class 'Exception'>:disk on fire"),
	}, v)

	for _, c := range []struct {
		arg   any
		check func(t *testing.T, v any, err error)
	}{
		{[]any{}, func(t *testing.T, v any, err error) { require.NoError(t, err); assert.Equal(t, []any{}, v) }},
		{"", func(t *testing.T, v any, err error) { require.NoError(t, err); assert.Equal(t, []any{}, v) }},
		{"not-a-list", func(t *testing.T, _ any, err error) {
			var ie *InternalError
			assert.ErrorAs(t, err, &ie)
		}},
		{[]any{"x"}, func(t *testing.T, _ any, err error) {
			var ie *InternalError
			assert.ErrorAs(t, err, &ie)
		}},
		{xmlrpc.Struct{{Name: "a", Value: 1}}, func(t *testing.T, _ any, err error) { assert.Equal(t, fault(2, "INCORRECT_PARAMETERS"), err) }},
		{5, func(t *testing.T, _ any, err error) { assert.Equal(t, fault(2, "INCORRECT_PARAMETERS"), err) }},
		{nil, func(t *testing.T, _ any, err error) { assert.Equal(t, fault(2, "INCORRECT_PARAMETERS"), err) }},
	} {
		v, err := r.Call(ctx, "system.multicall", []any{c.arg})
		c.check(t, v, err)
	}
}

func TestMulticallStopsWhenContextEnds(t *testing.T) {
	r := fakeSupervisor(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := r.Call(ctx, "system.multicall", []any{[]any{call("supervisor.getAPIVersion"), call("supervisor.waitForever"), call("supervisor.getAPIVersion")}})
		done <- err
	}()
	cancel()
	select {
	case err := <-done:
		assert.ErrorIs(t, err, context.Canceled)
	case <-time.After(10 * time.Second):
		t.Fatal("multicall did not stop when its context ended")
	}
}

func TestRegisterRejectsBadDeclarations(t *testing.T) {
	ok := func(context.Context, Args) (any, error) { return true, nil }
	for name, c := range map[string]struct {
		ns string
		m  Method
	}{
		"system namespace":    {"system", Method{Name: "x", Returns: TypeBoolean, Func: ok}},
		"dotted namespace":    {"a.b", Method{Name: "x", Returns: TypeBoolean, Func: ok}},
		"underscore method":   {"a", Method{Name: "_x", Returns: TypeBoolean, Func: ok}},
		"dotted method":       {"a", Method{Name: "x.y", Returns: TypeBoolean, Func: ok}},
		"no func":             {"a", Method{Name: "x", Returns: TypeBoolean}},
		"no return type":      {"a", Method{Name: "x", Func: ok}},
		"required after opt":  {"a", Method{Name: "x", Returns: TypeBoolean, Func: ok, Params: []Param{{Name: "a", Optional: true}, {Name: "b"}}}},
		"registered already":  {"supervisor", Method{Name: "getState", Returns: TypeBoolean, Func: ok}},
		"empty method name":   {"a", Method{Name: "", Returns: TypeBoolean, Func: ok}},
		"empty namespace":     {"", Method{Name: "x", Returns: TypeBoolean, Func: ok}},
		"digit first":         {"1a", Method{Name: "x", Returns: TypeBoolean, Func: ok}},
		"space in method":     {"a", Method{Name: "x y", Returns: TypeBoolean, Func: ok}},
		"unicode in method":   {"a", Method{Name: "é", Returns: TypeBoolean, Func: ok}},
		"namespace with dash": {"a-b", Method{Name: "x", Returns: TypeBoolean, Func: ok}},
	} {
		assert.Error(t, fakeSupervisor(t).Register(c.ns, c.m), name)
	}
	r := NewRegistry()
	require.NoError(t, r.Register("b", Method{Name: "x", Returns: TypeBoolean, Func: ok}))
	require.NoError(t, r.Register("a", Method{Name: "x", Returns: TypeBoolean, Func: ok}))
	require.NoError(t, r.Register("b", Method{Name: "y", Returns: TypeBoolean, Func: ok}))
	assert.Equal(t, []string{"b", "a"}, r.Namespaces())
}

func TestPyStr(t *testing.T) {
	for _, c := range []struct {
		v    any
		want string
	}{
		{5, "5"}, {true, "True"}, {nil, "None"}, {1.5, "1.5"}, {1e16, "1e+16"}, {"it's", "it's"},
		{[]any{"it's", 1.0, []any{}}, `["it's", 1.0, []]`},
		{xmlrpc.Struct{{Name: "a", Value: xmlrpc.Struct{}}}, "{'a': {}}"},
		{time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), "2024-01-02 03:04:05"},
		{[]any{time.Date(2024, 1, 2, 3, 4, 0, 0, time.UTC)}, "[datetime.datetime(2024, 1, 2, 3, 4)]"},
	} {
		assert.Equal(t, c.want, PyStr(c.v))
	}
}
