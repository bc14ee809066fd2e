package live

import (
	"encoding/json"
	"strconv"
	"time"
	"unicode/utf8"
)

// EventKind says what an Event reports.
type EventKind int

// The kinds of Event a master emits.
const (
	EventLog     EventKind = iota + 1 // a line the master logged
	EventSpawn                        // a worker process started
	EventExit                         // a worker process ended
	EventRequest                      // a worker answered a request
)

// Event is something the master saw happen, delivered to Config.OnEvent as it
// happens. Which fields are set depends on Kind.
type Event struct {
	Kind       EventKind
	At         time.Time
	Pid        int           // the worker's pid (every kind but EventLog)
	Slot       int           // the worker's slot (every kind but EventLog)
	Generation int           // EventSpawn: 0 for a first worker, more for a replacement
	Level      string        // EventLog: INFO, WARNING or ERROR
	Text       string        // EventLog: the message; EventExit: how the worker ended
	Request    RequestRecord // EventRequest
}

// RequestRecord is one answered request as its worker reports it to the
// master. Free text (method, path, target, agent) is cut to recordTextMax
// bytes.
type RequestRecord struct {
	Method   string        `json:"m"`
	Target   string        `json:"t"`           // path and query as sent, e.g. /get?k=user
	Path     string        `json:"p"`           // /set, /get, /incr, /state, ...
	Key      string        `json:"k,omitempty"` // the parsed k of /set, /get, /incr
	Value    string        `json:"v,omitempty"` // /set: the value stored
	Atomic   bool          `json:"a,omitempty"` // /incr: atomic=1
	Status   int           `json:"s"`
	Size     int           `json:"n"`
	Duration time.Duration `json:"d"`
	Agent    string        `json:"ua,omitempty"` // the client's User-Agent
}

// recordTextMax bounds the free text of a RequestRecord (the target and the
// agent); keys and values are already bounded by the views.
const recordTextMax = 256

// encodeRecord renders r as one line of the worker-to-master pipe.
func encodeRecord(r RequestRecord) []byte {
	r.Method = cut(r.Method, 16)
	r.Path = cut(r.Path, recordTextMax)
	r.Target = cut(r.Target, recordTextMax)
	r.Agent = cut(r.Agent, recordTextMax)
	b, _ := json.Marshal(r) // a struct of strings and numbers always encodes
	return append(b, '\n')
}

// decodeRecord reads one line of the pipe written by encodeRecord.
func decodeRecord(line []byte) (RequestRecord, bool) {
	var r RequestRecord
	if err := json.Unmarshal(line, &r); err != nil || r.Status == 0 {
		return RequestRecord{}, false
	}
	return r, true
}

// cut shortens s to at most n bytes (never splitting a UTF-8 character),
// saying how much was left out.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…(" + strconv.Itoa(len(s)-n) + " more bytes)"
}
