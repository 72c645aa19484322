// Package xmlrpc is the XML-RPC codec of gosupervisord's server: it decodes
// method calls the way supervisord 4.2.5's own decoder does and encodes
// responses byte for byte as Python's xmlrpc.client.dumps writes them.
//
// The codec is independent of HTTP: it works on byte slices.
//
// Values are plain Go values. Decoding produces:
//
//	<int>, <i4>                 int
//	<boolean>                   bool (true only for the text "1")
//	<string>, untyped <value>   string
//	<double>                    float64
//	<dateTime.iso8601>          time.Time (naive, in UTC)
//	<base64>                    string (the decoded bytes, which must be UTF-8)
//	<array>                     []any
//	<struct>                    Struct
//	<nil/>                      nil
//	<i8> and other types        their text as a string, or nil if empty
//
// Encoding accepts those types and a few more (see AppendValue).
package xmlrpc

// Member is one name/value pair of a Struct.
type Member struct {
	Name  string
	Value any
}

// Struct is an XML-RPC struct whose members keep their order on the wire.
// supervisord's clients do not depend on member order, but 4.2.5 sends
// (for example) getProcessInfo's 14 keys in a fixed order and we send them
// in the same order.
type Struct []Member

// Get returns the value of the member called name and whether it exists.
// Decoded structs never hold duplicate names (a later duplicate replaces the
// earlier value, as in a Python dict).
func (s Struct) Get(name string) (any, bool) {
	for i := range s {
		if s[i].Name == name {
			return s[i].Value, true
		}
	}
	return nil, false
}

// set replaces the value of an existing member or appends a new one, the
// way assigning to a Python dict key does.
func (s *Struct) set(name string, v any) {
	for i := range *s {
		if (*s)[i].Name == name {
			(*s)[i].Value = v
			return
		}
	}
	*s = append(*s, Member{name, v})
}

// Marshaler is implemented by values that append their own XML-RPC
// encoding: exactly what AppendValue would append for the equivalent
// generic value, "<value>" through "</value>\n". Hot-path types (process
// info lists) can implement it to skip building a Struct per call.
type Marshaler interface {
	AppendXMLRPC(dst []byte) ([]byte, error)
}
