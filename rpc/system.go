package rpc

import (
	"context"
	"errors"

	"github.com/gosupervisord/gosupervisord/rpc/xmlrpc"
	"github.com/gosupervisord/gosupervisord/supervisor/faults"
)

// systemMethods are the system namespace: introspection and multicall.
func (r *Registry) systemMethods() []Method {
	return []Method{{
		Name:      "listMethods",
		Doc:       "List the names of all the methods this server publishes, sorted.",
		Returns:   TypeArray,
		ReturnDoc: "result The method names (strings).",
		Func: func(context.Context, Args) (any, error) {
			return r.MethodNames(), nil
		},
	}, {
		Name:      "methodHelp",
		Doc:       "Describe a method: what it does, its parameters and its result.",
		Params:    []Param{{Name: "name", Type: TypeString, Doc: "The full method name, e.g. supervisor.getState."}},
		Returns:   TypeString,
		ReturnDoc: "result The help text.",
		Func: func(_ context.Context, args Args) (any, error) {
			if m, ok := r.lookupAny(args.Value(0)); ok {
				return m.Help(), nil
			}
			return nil, BareFault(faults.SignatureUnsupported)
		},
	}, {
		Name:      "methodSignature",
		Doc:       "Give the types of a method's result and parameters, as an array [result type, parameter types...].",
		Params:    []Param{{Name: "name", Type: TypeString, Doc: "The full method name."}},
		Returns:   TypeArray,
		ReturnDoc: "result The type names (strings).",
		Func: func(_ context.Context, args Args) (any, error) {
			if m, ok := r.lookupAny(args.Value(0)); ok {
				return m.Signature(), nil
			}
			return nil, BareFault(faults.SignatureUnsupported)
		},
	}, {
		Name: "multicall",
		Doc: "Run several calls in one request, one after the other, and return their results in order. " +
			"Each call is a struct {'methodName': string, 'params': array}. Each result is the call's return " +
			"value itself (not wrapped in an array, unlike the common multicall convention), or a struct " +
			"{'faultCode': int, 'faultString': string} for a call that failed. A call that waits delays the " +
			"ones after it.",
		Params:    []Param{{Name: "calls", Type: TypeArray, Doc: "The calls to make."}},
		Returns:   TypeArray,
		ReturnDoc: "result One result per call.",
		Func:      r.multicall,
	}}
}

// lookupAny finds a method by a name given as an XML-RPC value: anything
// but a string never matches, as in 4.2.5's comparison.
func (r *Registry) lookupAny(v any) (*Method, bool) {
	name, ok := v.(string)
	if !ok {
		return nil, false
	}
	return r.Lookup(name)
}

// multicall implements system.multicall with 4.2.5's semantics, including
// its handling of malformed input (see the cases below).
func (r *Registry) multicall(ctx context.Context, args Args) (any, error) {
	var calls []any
	switch v := args.Value(0).(type) {
	case []any:
		calls = v
	case string:
		// 4.2.5 copies the argument with [:] and pops calls off the copy:
		// an empty string is an empty list, any other string has no pop.
		if v != "" {
			return nil, Internalf("AttributeError", "'str' object has no attribute 'pop'")
		}
	default:
		// [:] on a dict, number, boolean, date or None is a TypeError.
		return nil, BareFault(faults.IncorrectParameters)
	}
	results := make([]any, 0, len(calls))
	for _, c := range calls {
		call, ok := c.(xmlrpc.Struct)
		if !ok {
			return nil, Internalf("AttributeError", "'%s' object has no attribute 'get'", PyTypeName(c))
		}
		v, err := r.callOne(ctx, call)
		if err != nil {
			if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
				return nil, err
			}
			f, ok := AsFault(err)
			if !ok {
				f = failedFault(err)
			}
			v = xmlrpc.Struct{{Name: "faultCode", Value: int(f.Code)}, {Name: "faultString", Value: f.Text}}
		}
		results = append(results, v)
	}
	return results, nil
}

// callOne makes one call of a multicall.
func (r *Registry) callOne(ctx context.Context, call xmlrpc.Struct) (any, error) {
	nameValue, _ := call.Get("methodName")
	if nameValue == nil {
		return nil, NewFault(faults.IncorrectParameters, "No methodName")
	}
	name, ok := nameValue.(string)
	if !ok {
		return nil, Internalf("AttributeError", "'%s' object has no attribute 'split'", PyTypeName(nameValue))
	}
	if name == "system.multicall" {
		return nil, NewFault(faults.IncorrectParameters, "Recursive system.multicall forbidden")
	}
	if _, err := r.resolve(name); err != nil {
		return nil, err
	}
	var params []any
	p, given := call.Get("params")
	switch p := p.(type) {
	case []any:
		params = p
	case string:
		// 4.2.5 calls method(*params): a string passes its characters.
		for _, c := range p {
			params = append(params, string(c))
		}
	case xmlrpc.Struct:
		// ... and a dict passes its keys.
		for _, mem := range p {
			params = append(params, mem.Name)
		}
	default:
		if given {
			return nil, BareFault(faults.IncorrectParameters)
		}
	}
	return r.Call(ctx, name, params)
}
