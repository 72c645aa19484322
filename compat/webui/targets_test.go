package webui

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"net"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/gosupervisord/gosupervisord/compat/harness"
)

// targetConf has two stopped programs, one in a group (grp:cat), so the
// actions the cases run (refresh, clearlog, start of unknown names) never
// change any state the other cases see.
var targetConf = harness.Conf(`
[program:plain]
command=sleep 1000
autostart=false

[program:cat]
command=sleep 1000
autostart=false

[group:grp]
programs=cat
`)

// targetCase is one raw request.
type targetCase struct {
	name   string
	method string   // "" is GET
	target string   // the request target, as sent
	header []string // nil is "Host: web.example"; empty sends none
	body   string   // for POST; a Content-Length is added unless header has one
}

// request is tc as bytes on the wire (HTTP/1.0: both servers close after
// the answer).
func (tc targetCase) request() string {
	method := tc.method
	if method == "" {
		method = "GET"
	}
	header := tc.header
	if header == nil {
		header = []string{"Host: web.example"}
	}
	var b strings.Builder
	b.WriteString(method + " " + tc.target + " HTTP/1.0\r\n")
	hasLength := false
	for _, h := range header {
		b.WriteString(h + "\r\n")
		hasLength = hasLength || strings.HasPrefix(strings.ToLower(strings.TrimSpace(h)), "content-length")
	}
	if tc.body != "" && !hasLength {
		b.WriteString("Content-Length: " + strconv.Itoa(len(tc.body)) + "\r\n")
	}
	b.WriteString("\r\n" + tc.body)
	return b.String()
}

// targetCases are the request targets, queries, forms and headers the
// test sends to both daemons.
var targetCases = []targetCase{
	// Paths: 4.2.5 %-decodes the path before it routes.
	{name: "root", target: "/"},
	{name: "index", target: "/index.html"},
	{name: "encoded dot", target: "/index%2Ehtml"},
	{name: "encoded slash", target: "/%2Findex.html"},
	{name: "double slash", target: "//index.html"},
	{name: "encoded i", target: "/%69ndex.html?message=m"},
	{name: "double encoded", target: "/index%252Ehtml"},
	{name: "upper case", target: "/INDEX.HTML"},
	{name: "trailing slash", target: "/index.html/"},
	{name: "no leading slash", target: "index.html?message=rel"},
	{name: "only a query", target: "?action=refresh"},
	{name: "absolute form", target: "http://foo/index.html?action=refresh"},
	{name: "absolute form tail", target: "http://foo/tail.html?processname=plain"},
	{name: "encoded query mark", target: "/index.html%3Faction=refresh"},
	{name: "encoded query mark and query", target: "/tail.html%3Fprocessname=plain?limit=5"},
	{name: "encoded hash", target: "/index.html%23frag"},
	{name: "bad escape in path", target: "/index.html%zz"},
	{name: "unicode path", target: "/index.html\u00e9"},
	// 4.2.5 decodes the whole request head as UTF-8 and drops the
	// connection when it cannot.
	{name: "raw invalid utf8 query", target: "/index.html?message=\xff"},
	{name: "raw invalid utf8 path", target: "/stylesheets/supervisor.css\xff"},
	{name: "raw invalid utf8 header", target: "/index.html?message=m", header: []string{"Host: web.example", "X: \xff"}},
	// Fragments never reach the query.
	{name: "fragment after query", target: "/index.html?action=refresh#x"},
	{name: "fragment only", target: "/index.html#action=refresh"},
	{name: "fragment on tail", target: "/tail.html?processname=plain#frag"},
	// ";params": 4.2.5 matches the view, then looks it up with the
	// params and finds nothing (it never answers).
	{name: "params", target: "/index.html;x"},
	{name: "params on root", target: "/;x?action=refresh"},
	{name: "encoded params", target: "/index.html%3Bx"},
	{name: "params on ok", target: "/ok.html;"},
	// Queries: parse_qs, first value of a repeated name.
	{name: "message split by decoded marks", target: "/index.html?message=a%3Fb%26c?d"},
	{name: "message plus", target: "/index.html?message=hello+world%2B"},
	{name: "message unicode", target: "/index.html?message=%E2%9C%93+caf\u00e9"},
	{name: "message semicolon", target: "/index.html?message=a;b"},
	{name: "message with equals", target: "/index.html?message=a=b"},
	{name: "message repeated", target: "/index.html?message=first&message=second"},
	{name: "message empty", target: "/index.html?message="},
	{name: "message bare", target: "/index.html?message"},
	{name: "message empty then set", target: "/index.html?message=&message=set"},
	{name: "message stray ampersands", target: "/index.html?&&message=m&&"},
	{name: "message bad escape", target: "/index.html?message=%zz%4"},
	{name: "message invalid utf8", target: "/index.html?message=%ff%fe-%C3-%E2%9C"},
	{name: "message encoded name", target: "/index.html?m%65ssage=enc&x"},
	{name: "message space name", target: "/index.html?message+=x&message=y"},
	{name: "empty action", target: "/index.html?action="},
	{name: "action repeated", target: "/index.html?action=refresh&action=stopall"},
	{name: "unknown action", target: "/index.html?action=bogus"},
	{name: "unknown action with name", target: "/index.html?action=bogus&processname=plain"},
	{name: "clearlog", target: "/index.html?action=clearlog&processname=plain"},
	{name: "clearlog colon", target: "/index.html?processname=grp:cat&action=clearlog"},
	{name: "clearlog encoded colon", target: "/index.html?processname=grp%3Acat&action=clearlog"},
	{name: "clearlog encoded name", target: "/index.html?processname=pl%61in&action=clearlog"},
	{name: "start unknown", target: "/index.html?action=start&processname=no+such%20one"},
	{name: "start unicode", target: "/index.html?action=start&processname=caf%C3%A9"},
	{name: "start raw unicode", target: "/index.html?action=start&processname=caf\u00e9"},
	{name: "start group only", target: "/index.html?action=start&processname=grp"},
	{name: "start bad escape", target: "/index.html?action=start&processname=%zz"},
	{name: "start invalid utf8", target: "/index.html?action=start&processname=%ff%fe"},
	{name: "stop stopped", target: "/index.html?action=stop&processname=grp%3Acat"},
	{name: "PATH_INFO to tail", target: "/index.html?PATH_INFO=tail.html&processname=plain"},
	{name: "PATH_INFO to ok", target: "/tail.html?PATH_INFO=/ok.html"},
	{name: "PATH_INFO unknown", target: "/index.html?PATH_INFO=nope"},
	{name: "PATH_INFO empty", target: "/ok.html?PATH_INFO="},
	{name: "SERVER_URL ignored", target: "/index.html?action=refresh&SERVER_URL=http://evil"},
	// The tail page.
	{name: "tail", target: "/tail.html?processname=plain"},
	{name: "tail colon", target: "/tail.html?processname=grp:cat&limit=5"},
	{name: "tail encoded colon", target: "/tail.html?processname=grp%3Acat"},
	{name: "tail no name", target: "/tail.html"},
	{name: "tail empty name", target: "/tail.html?processname="},
	{name: "tail plus", target: "/tail.html?processname=a+b"},
	{name: "tail unknown unicode", target: "/tail.html?processname=caf%C3%A9"},
	{name: "tail repeated", target: "/tail.html?processname=x&processname=plain"},
	{name: "tail bad limit", target: "/tail.html?processname=plain&limit=abc"},
	{name: "ok", target: "/ok.html?x=1"},
	// Static files: the path decoded once more.
	{name: "css", target: "/stylesheets/supervisor.css"},
	{name: "css encoded slash", target: "/stylesheets%2Fsupervisor.css"},
	{name: "css query and fragment", target: "/stylesheets/supervisor.css?x=1#y"},
	{name: "css params", target: "/stylesheets/supervisor.css;v=1"},
	{name: "css double encoded", target: "/stylesheets%252Fsupervisor.css"},
	{name: "css dot dot", target: "/images/../stylesheets/supervisor.css"},
	{name: "absolute form css", target: "http://foo/stylesheets/supervisor.css"},
	{name: "directory", target: "/stylesheets"},
	{name: "HEAD index", method: "HEAD", target: "/index.html"},
	{name: "PUT index", method: "PUT", target: "/index.html"},
	// Host decides the redirect's server URL: any spacing after the
	// colon, the first non-empty one, port 80 dropped.
	{name: "host no space", target: "/index.html?action=refresh", header: []string{"Host:nospace.example"}},
	{name: "host port 80", target: "/index.html?action=refresh", header: []string{"Host: h.example:80"}},
	{name: "host other port", target: "/index.html?action=refresh", header: []string{"Host: h.example:8080"}},
	{name: "host empty then set", target: "/index.html?action=refresh", header: []string{"Host:", "Host: second.example"}},
	{name: "host twice", target: "/index.html?action=refresh", header: []string{"Host: one.example", "Host: two.example"}},
	{name: "host spaced name", target: "/index.html?action=refresh", header: []string{"Host : spaced.example"}},
	{name: "host upper case", target: "/index.html?action=refresh", header: []string{"HOST:   upper.example  "}},
	{name: "host with slash", target: "/index.html?action=refresh", header: []string{"Host: slash.example/"}},
	{name: "no host", target: "/index.html?action=refresh", header: []string{}},
	{name: "header without colon", target: "/index.html", header: []string{"Host: web.example", "Bogus"}},
	{name: "header without colon on css", target: "/stylesheets/supervisor.css", header: []string{"Bogus"}},
	// POST forms: the body's fields, the last of a repeated name, win
	// over the query's; Content-Length must be "Content-Length: n".
	{name: "post action", method: "POST", target: "/index.html", body: "action=refresh"},
	{name: "post overrides query", method: "POST", target: "/index.html?message=query", body: "message=body"},
	{name: "post last wins", method: "POST", target: "/index.html", body: "message=one&message=two"},
	{name: "post name from body", method: "POST", target: "/index.html?processname=plain&action=start", body: "processname=other+one"},
	{name: "post empty value", method: "POST", target: "/index.html?message=query", body: "message="},
	{name: "post no length", method: "POST", target: "/index.html?action=refresh", body: "", header: []string{"Host: web.example"}},
	{name: "post length no space", method: "POST", target: "/index.html?message=q", body: "action=refresh&processname=x",
		header: []string{"Host: web.example", "content-length:27"}},
	{name: "post length two spaces", method: "POST", target: "/index.html", body: "message=two",
		header: []string{"Host: web.example", "Content-Length:  11"}},
	{name: "post length upper case", method: "POST", target: "/index.html", body: "message=up",
		header: []string{"Host: web.example", "CONTENT-LENGTH: 10"}},
	{name: "post length spaced name", method: "POST", target: "/index.html", body: "message=sp",
		header: []string{"Host: web.example", "Content-Length : 10"}},
	{name: "post to tail", method: "POST", target: "/tail.html", body: "processname=grp%3Acat"},
	{name: "post to ok", method: "POST", target: "/ok.html", body: "x=1"},
	{name: "post params", method: "POST", target: "/index.html;p", body: "message=x"},
	{name: "post PATH_INFO", method: "POST", target: "/index.html", body: "PATH_INFO=ok.html"},
	{name: "post length zero", method: "POST", target: "/index.html?action=refresh",
		header: []string{"Host: web.example", "Content-Length: 0"}},
	{name: "post length bad", method: "POST", target: "/index.html", body: "message=x",
		header: []string{"Host: web.example", "Content-Length: 9x"}},
	{name: "post header without colon", method: "POST", target: "/index.html", body: "message=x",
		header: []string{"Host: web.example", "Bogus", "Content-Length: 9"}},
	{name: "post header without colon no length", method: "POST", target: "/index.html", header: []string{"Bogus"}},
	{name: "post invalid utf8 body", method: "POST", target: "/index.html", body: "message=\xff"},
	{name: "post encoded invalid utf8 body", method: "POST", target: "/index.html", body: "message=%ff+%C3"},
}

// observation is the meaning of one answer.
type observation struct {
	Status   int    // 0: no answer before the connection closed or the deadline
	Location string // normalised
	Page     string // for a 200: "status", "tail", "ok", else the Content-Type
	Message  string // status page: the message shown, "-" for none
	Title    string // tail page: the title
	Tail     string // tail page: the text shown
}

// silence is how long a request may go unanswered before it counts as no
// answer (4.2.5 leaves some requests hanging for ever).
const silence = 4 * time.Second

var (
	titleRE   = regexp.MustCompile(`(?s)<title>(.*?)</title>`)
	messageRE = regexp.MustCompile(`(?s)<div[^>]*class="status_msg"[^>]*>(.*?)</div>`)
	preRE     = regexp.MustCompile(`(?s)<pre[^>]*>(.*?)</pre>`)
	// time.ctime() as urllib.parse.quote writes it.
	quotedCtimeRE = regexp.MustCompile(`(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)%20` +
		`(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)%20(?:%20)?\d{1,2}%20\d\d%3A\d\d%3A\d\d%20\d{4}`)
)

// send sends tc to the daemon's inet port and reads the meaning of the
// answer.
func send(t *testing.T, d *harness.Daemon, tc targetCase) observation {
	conn, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", d.Port), 5*time.Second)
	if err != nil {
		t.Errorf("%s: dial: %v", tc.name, err)
		return observation{}
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(silence))
	if _, err := io.WriteString(conn, tc.request()); err != nil {
		t.Errorf("%s: write: %v", tc.name, err)
		return observation{}
	}
	raw, _ := io.ReadAll(conn) // ends at close, reset or the deadline
	return parseAnswer(d, raw)
}

// parseAnswer extracts the observation from a raw HTTP/1.0 answer.
func parseAnswer(d *harness.Daemon, raw []byte) observation {
	head, body, ok := bytes.Cut(raw, []byte("\r\n\r\n"))
	if !ok {
		return observation{}
	}
	lines := strings.Split(string(head), "\r\n")
	fields := strings.Fields(lines[0])
	if len(fields) < 2 {
		return observation{}
	}
	var o observation
	o.Status, _ = strconv.Atoi(fields[1])
	var ctype string
	for _, l := range lines[1:] {
		name, value, _ := strings.Cut(l, ":")
		value = strings.TrimSpace(value)
		switch strings.ToLower(name) {
		case "location":
			o.Location = d.Normalize(quotedCtimeRE.ReplaceAllString(value, "<CTIME>"))
		case "content-type":
			ctype = value
		}
	}
	if o.Status != 200 {
		return o
	}
	text := string(body)
	title := ""
	if m := titleRE.FindStringSubmatch(text); m != nil {
		title = html.UnescapeString(strings.TrimSpace(m[1]))
	}
	switch {
	case title == "Supervisor Status":
		o.Page, o.Message = "status", "-"
		if m := messageRE.FindStringSubmatch(text); m != nil {
			o.Message = d.Normalize(html.UnescapeString(m[1]))
		}
	case strings.HasPrefix(title, "Supervisor tail of process"):
		o.Page, o.Title = "tail", title
		if m := preRE.FindStringSubmatch(text); m != nil {
			o.Tail = d.Normalize(html.UnescapeString(m[1]))
		}
	case text == "OK":
		o.Page = "ok"
	default:
		o.Page = strings.ReplaceAll(ctype, " ", "")
	}
	return o
}

// TestRequestTargets sends every targetCase to 4.2.5 and to ours and
// requires the same observation.
func TestRequestTargets(t *testing.T) {
	pair := harness.StartPair(t, targetConf)
	var got [2][]observation
	var wg sync.WaitGroup
	for i, d := range pair {
		got[i] = make([]observation, len(targetCases))
		for j, tc := range targetCases {
			wg.Add(1)
			go func() {
				defer wg.Done()
				got[i][j] = send(t, d, tc)
			}()
		}
	}
	wg.Wait()
	for j, tc := range targetCases {
		assert.Equal(t, got[0][j], got[1][j], "%s: %q", tc.name, tc.request())
	}
}
