package browser

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/gosupervisord/gosupervisord/compat/harness"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// webConf has a unix socket without auth (for the harness) and an inet
// server behind Basic auth (for the browser).
var webConf = harness.AddCredentials(harness.Conf(`
[program:web1]
command=sh -c 'echo web1-says-hi; exec sleep 1000'
startsecs=1
stopwaitsecs=2

[program:web2]
command=sleep 1000
autostart=false
startsecs=2
stopwaitsecs=2

[program:ticker]
command=sh -c 'i=0; while :; do echo "tick $i"; i=$((i+1)); sleep 0.25; done'
startsecs=0
stopwaitsecs=2

[program:g3]
command=sleep 1000
startsecs=0
stopwaitsecs=2

[group:tools]
programs=g3
`), "admin", "s3cret", "inet_http_server")

// startDaemon starts impl's supervisord on webConf, or skips (fails when
// GOSUPERVISORD_REQUIRE_BROWSER=1) when it cannot run yet.
func startDaemon(t *testing.T, impl harness.Impl) (*harness.Daemon, string) {
	t.Helper()
	if err := harness.Available(impl); err != nil {
		if os.Getenv(requireEnv) == "1" || impl == harness.Python {
			t.Fatalf("%s supervisord is not usable: %v", impl, err)
		}
		t.Skipf("our supervisord is not usable yet: %v", err)
	}
	d := harness.Start(t, impl, webConf)
	for _, ns := range []string{"web1", "ticker", "tools:g3"} {
		d.WaitProcess(t, ns, "RUNNING")
	}
	return d, fmt.Sprintf("http://127.0.0.1:%d/", d.Port)
}

// stateJS is the state shown in the row of ns ("" without one).
func stateJS(ns string) string {
	return fmt.Sprintf(`(function(){var tr=document.querySelector('tr[data-ns=%q]');`+
		`return tr ? tr.querySelector('td.state span').textContent : ''})()`, ns)
}

// stillJS is true while the page is the one the marker was set on.
const stillJS = `window.__notReloaded === true`

func TestWebUILive(t *testing.T) {
	d, base := startDaemon(t, harness.Go)
	b := newBrowser(t, 1280, 820)

	// Without credentials the browser only gets the 401.
	b.do("open without login", 20*time.Second, chromedp.Navigate(base))
	assert.Contains(t, eval[string](b, `document.body.innerText`), "Error code 401")
	assert.Positive(t, b.challenges.Load(), "the server asked for credentials")

	b.login("admin", "s3cret")
	b.do("open the status page", 20*time.Second, chromedp.Navigate(base))
	assert.Equal(t, "Supervisor Status", eval[string](b, `document.title`))
	b.waitJS("live updates", `!document.getElementById('live').hidden && document.getElementById('live').textContent === 'live'`, 10*time.Second)
	eval[bool](b, `window.__notReloaded = true`)

	waitState := func(ns, state string, timeout time.Duration) {
		t.Helper()
		b.waitJS(ns+" "+state+" without a reload", stateJS(ns)+` === '`+state+`' && `+stillJS, timeout)
	}
	waitMessage := func(msg string) {
		t.Helper()
		b.waitJS("message "+msg, `document.getElementById('status-message').textContent === '`+msg+`' && `+stillJS, 15*time.Second)
	}
	click := func(ns, action string) {
		t.Helper()
		b.do("click "+action+" of "+ns, 10*time.Second,
			chromedp.Click(chromedp.CSS(fmt.Sprintf(`tr[data-ns=%q] a[name=%q]`, ns, action))))
	}
	waitState("web1", "running", 5*time.Second)
	waitState("web2", "stopped", 5*time.Second)
	waitState("tools:g3", "running", 5*time.Second)

	// Start: the row goes through STARTING (startsecs=2) to RUNNING.
	click("web2", "Start")
	waitState("web2", "starting", 5*time.Second)
	waitState("web2", "running", 10*time.Second)
	waitMessage("Process web2 started")
	assert.Equal(t, "RUNNING", d.ProcessInfo(t, "web2")["statename"])

	// Stop.
	click("web2", "Stop")
	waitState("web2", "stopped", 10*time.Second)
	waitMessage("Process web2 stopped")
	assert.Equal(t, "STOPPED", d.ProcessInfo(t, "web2")["statename"])

	// Restart: a new pid.
	pid := d.ProcessInfo(t, "web1")["pid"]
	click("web1", "Restart")
	waitMessage("Process web1 restarted")
	waitState("web1", "running", 10*time.Second)
	newPID := d.ProcessInfo(t, "web1")["pid"]
	assert.NotEqual(t, pid, newPID)
	b.waitJS("the new pid", fmt.Sprintf(`document.querySelector('tr[data-ns="web1"] td.desc').textContent.indexOf('pid %v,') === 0`, newPID), 5*time.Second)

	// A change made by another client shows up too.
	_, err := d.RPC().Call("supervisor.stopProcess", "tools:g3")
	require.NoError(t, err)
	waitState("tools:g3", "stopped", 5*time.Second)
	_, err = d.RPC().Call("supervisor.startProcess", "tools:g3")
	require.NoError(t, err)
	waitState("tools:g3", "running", 5*time.Second)

	// Uptimes tick in the page.
	desc := eval[string](b, `document.querySelector('tr[data-ns="ticker"] td.desc').textContent`)
	require.Regexp(t, `^pid \d+, uptime \d+:\d\d:\d\d$`, desc)
	b.waitJS("the uptime to move", `document.querySelector('tr[data-ns="ticker"] td.desc').textContent !== '`+desc+`' && `+stillJS, 5*time.Second)
	b.screenshot("status")

	// The tail view follows the log.
	b.do("open the tail view", 20*time.Second, chromedp.Navigate(base+"tail.html?processname=ticker"))
	assert.Equal(t, "Supervisor tail of process ticker", eval[string](b, `document.title`))
	b.waitJS("live tail", `!document.getElementById('live').hidden && document.getElementById('live').textContent === 'live'`, 10*time.Second)
	eval[bool](b, `window.__notReloaded = true`)
	const lastTick = `(function(){var m=document.getElementById('tail').textContent.match(/tick (\d+)\n$/);return m?+m[1]:-1})()`
	first := eval[int](b, lastTick)
	require.GreaterOrEqual(t, first, 0, "the tail shows ticks")
	b.waitJS("new output", lastTick+` >= `+strconv.Itoa(first+4)+` && `+stillJS, 10*time.Second)
	assert.True(t, eval[bool](b, `(function(){var p=document.getElementById('tail');return p.scrollHeight-p.scrollTop-p.clientHeight<4})()`),
		"the view follows the end")
	b.screenshot("tail")

	// On a phone the rows become cards.
	b.do("phone viewport", 10*time.Second, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2)), chromedp.Navigate(base))
	b.waitJS("live updates", `document.getElementById('live').textContent === 'live'`, 10*time.Second)
	assert.Equal(t, "none", eval[string](b, `getComputedStyle(document.querySelector('#processes thead')).display`))
	assert.LessOrEqual(t, eval[int](b, `document.documentElement.scrollWidth`), 390, "no sideways scrolling")
	b.screenshot("status-phone")
}

// TestWebUIWithoutJavaScript drives the page as plain links and redirects,
// as a browser without JavaScript (or 4.2.5's page) does: on both daemons.
func TestWebUIWithoutJavaScript(t *testing.T) {
	for _, impl := range harness.EnabledDaemons() {
		t.Run(string(impl), func(t *testing.T) {
			d, base := startDaemon(t, impl)
			b := newBrowser(t, 1100, 800)
			b.login("admin", "s3cret")
			_, err := chromedp.Call(b.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
			require.NoError(t, err)
			b.do("open the status page", 20*time.Second, chromedp.Navigate(base))

			for _, step := range []struct{ href, message, state string }{
				{"index.html?processname=web2&action=start", "Process web2 started", "RUNNING"},
				{"index.html?processname=web2&action=stop", "Process web2 stopped", "STOPPED"},
			} {
				b.clickAndLoad("click "+step.href, chromedp.CSS(fmt.Sprintf(`a[href=%q]`, step.href)))
				b.waitJS("redirect with message", `location.search.indexOf('?message=') === 0 && `+
					`document.querySelector('.status_msg') && document.querySelector('.status_msg').textContent === '`+step.message+`'`, 15*time.Second)
				assert.Equal(t, step.state, d.ProcessInfo(t, "web2")["statename"])
			}
			if impl == harness.Go {
				b.screenshot("status-nojs")
			}
		})
	}
}

// clickAndLoad clicks and waits for the page that the click leads to.
func (b *browser) clickAndLoad(what string, sel chromedp.CSS) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	_, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(sel)))
	require.NoError(b.t, err, what)
}
