package rpc

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/gosupervisord/gosupervisord/supervisor/faults"
)

// Type is an XML-RPC type name as system.methodSignature reports it.
type Type string

// XML-RPC type names.
const (
	TypeString   Type = "string"
	TypeInt      Type = "int"
	TypeBoolean  Type = "boolean"
	TypeDouble   Type = "double"
	TypeArray    Type = "array"
	TypeStruct   Type = "struct"
	TypeBase64   Type = "base64"
	TypeDateTime Type = "dateTime.iso8601"
)

// Param declares one parameter of a method.
type Param struct {
	Name string
	Type Type
	Doc  string
	// Optional parameters may be left out by the caller (4.2.5's Python
	// defaults, e.g. wait=True). They must come after the required ones.
	Optional bool
}

// Func implements a method. ctx is cancelled when the client goes away or
// the server closes; a method that waits (wait=true) must stop waiting
// then. It returns a value the codec can encode (see xmlrpc.AppendValue)
// or an error: a *Fault (or Faulter) becomes an XML-RPC fault, anything
// else an HTTP 500 (see InternalError).
type Func func(ctx context.Context, args Args) (any, error)

// Method declares a method of a namespace.
type Method struct {
	// Name is the method name without its namespace, e.g. "startProcess".
	Name string
	// Doc says what the method does, in a sentence or a short paragraph.
	Doc    string
	Params []Param
	// Returns is the result type; ReturnDoc describes the result.
	Returns   Type
	ReturnDoc string
	Func      Func
}

// Help returns the method's help text, as system.methodHelp reports it: the
// description, a blank line, then one "@param type name text" line per
// parameter and an "@return type text" line, the JavaDoc-like tags 4.2.5's
// docstrings use and its methodSignature reads.
func (m *Method) Help() string {
	var b strings.Builder
	b.WriteString(m.Doc)
	b.WriteString("\n\n")
	for _, p := range m.Params {
		fmt.Fprintf(&b, "@param %s %s %s\n", p.Type, p.Name, p.Doc)
	}
	fmt.Fprintf(&b, "@return %s %s\n", m.Returns, m.ReturnDoc)
	return b.String()
}

// Signature returns [return type, parameter types...], as
// system.methodSignature reports it.
func (m *Method) Signature() []string {
	sig := make([]string, 0, len(m.Params)+1)
	sig = append(sig, string(m.Returns))
	for _, p := range m.Params {
		sig = append(sig, string(p.Type))
	}
	return sig
}

func (m *Method) required() int {
	n := 0
	for _, p := range m.Params {
		if !p.Optional {
			n++
		}
	}
	return n
}

// Registry is the set of namespaces and methods one server publishes. A new
// Registry holds the system namespace (listMethods, methodHelp,
// methodSignature, multicall); Register adds the others. It is safe for
// concurrent use; registration normally happens before serving.
type Registry struct {
	mu         sync.RWMutex
	methods    map[string]*Method // by full name, "namespace.method"
	namespaces []string           // in registration order, system excluded
}

// NewRegistry returns a registry holding the system namespace.
func NewRegistry() *Registry {
	r := &Registry{methods: map[string]*Method{}}
	for _, m := range r.systemMethods() {
		r.methods["system."+m.Name] = &m
	}
	return r
}

// Register adds methods to namespace (creating it if needed). Names must be
// valid identifiers that do not start with "_" and are not registered yet;
// every method needs a Func and a Returns type.
func (r *Registry) Register(namespace string, methods ...Method) error {
	if !validName(namespace) || namespace == "system" {
		return fmt.Errorf("rpc: invalid namespace %q", namespace)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for i := range methods {
		m := methods[i]
		full := namespace + "." + m.Name
		switch {
		case !validName(m.Name) || strings.HasPrefix(m.Name, "_"):
			return fmt.Errorf("rpc: invalid method name %q", full)
		case r.methods[full] != nil:
			return fmt.Errorf("rpc: method %q registered twice", full)
		case m.Func == nil || m.Returns == "":
			return fmt.Errorf("rpc: method %q needs a Func and a Returns type", full)
		}
		optional := false
		for _, p := range m.Params {
			if optional && !p.Optional {
				return fmt.Errorf("rpc: method %q: required parameter %q after an optional one", full, p.Name)
			}
			optional = p.Optional
		}
		r.methods[full] = &m
	}
	if !slices.Contains(r.namespaces, namespace) {
		r.namespaces = append(r.namespaces, namespace)
	}
	return nil
}

// Namespaces returns the registered namespaces other than system, in the
// order they were first registered.
func (r *Registry) Namespaces() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return slices.Clone(r.namespaces)
}

// Lookup returns the method with the full name "namespace.method".
func (r *Registry) Lookup(name string) (*Method, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	m, ok := r.methods[name]
	return m, ok
}

// MethodNames returns every full method name, sorted (system.listMethods).
func (r *Registry) MethodNames() []string {
	r.mu.RLock()
	names := make([]string, 0, len(r.methods))
	for n := range r.methods {
		names = append(names, n)
	}
	r.mu.RUnlock()
	slices.Sort(names)
	return names
}

func validName(s string) bool {
	if s == "" {
		return false
	}
	for i, c := range s {
		switch {
		case c == '_', c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case c >= '0' && c <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

// Call calls the method named name with params, applying 4.2.5's rules:
//
//   - the name must be exactly "namespace.method", the method part must not
//     start with "_", and the method must exist: otherwise the fault
//     UNKNOWN_METHOD;
//   - the number of parameters must fit the declared ones: otherwise the
//     fault INCORRECT_PARAMETERS;
//   - then the method runs with ctx.
//
// The error is nil, a *Fault, ctx's error, or another error meaning an
// unexpected failure (HTTP 500).
func (r *Registry) Call(ctx context.Context, name string, params []any) (any, error) {
	m, err := r.resolve(name)
	if err != nil {
		return nil, err
	}
	if len(params) < m.required() || len(params) > len(m.Params) {
		return nil, BareFault(faults.IncorrectParameters)
	}
	v, err := m.Func(ctx, Args(params))
	if err != nil {
		if f, ok := AsFault(err); ok {
			return nil, f
		}
		return nil, err
	}
	return v, nil
}

func (r *Registry) resolve(name string) (*Method, error) {
	ns, method, ok := strings.Cut(name, ".")
	if !ok || ns == "" || strings.Contains(method, ".") || strings.HasPrefix(method, "_") {
		return nil, BareFault(faults.UnknownMethod)
	}
	m, ok := r.Lookup(name)
	if !ok {
		return nil, BareFault(faults.UnknownMethod)
	}
	return m, nil
}
