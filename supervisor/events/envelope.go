package events

import "strconv"

// AppendEnvelope appends what a listener of pool reads for m (4.2.5's
// _eventEnvelope): the header line "ver:3.0 server:<server>
// serial:<serial> pool:<pool> poolserial:<poolSerial> eventname:<NAME>
// len:<n>" and the payload, n being its length in characters (Python's
// len() of the text), the bytes UTF-8.
func AppendEnvelope(b []byte, server, pool string, serial, poolSerial int, m Message) []byte {
	payload := m.Payload()
	b = append(b, "ver:3.0 server:"...)
	b = append(b, server...)
	b = append(b, " serial:"...)
	b = strconv.AppendInt(b, int64(serial), 10)
	b = append(b, " pool:"...)
	b = append(b, pool...)
	b = append(b, " poolserial:"...)
	b = strconv.AppendInt(b, int64(poolSerial), 10)
	b = append(b, " eventname:"...)
	b = append(b, m.Type().String()...)
	b = append(b, " len:"...)
	b = strconv.AppendInt(b, int64(PayloadLen(payload)), 10)
	b = append(b, '\n')
	return append(b, payload...)
}
