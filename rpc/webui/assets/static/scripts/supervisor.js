// gosupervisord web UI: live updates for the status and tail pages.
// Without this script both pages work as plain links, like supervisord's.
(function () {
	'use strict';

	var live = document.getElementById('live');

	function setLive(ok, label) {
		if (!live) return;
		live.hidden = false;
		live.textContent = label || (ok ? 'live' : 'reconnecting');
		live.classList.toggle('offline', !ok);
	}

	function follow(url, handlers) {
		var es = new EventSource(url);
		es.onopen = function () { setLive(true); };
		es.onerror = function () { setLive(false); };
		Object.keys(handlers).forEach(function (name) {
			es.addEventListener(name, function (e) { handlers[name](JSON.parse(e.data), es); });
		});
		return es;
	}

	// ---- status page -------------------------------------------------

	var rows = document.getElementById('process-rows');
	var msg = document.getElementById('status-message');

	function showMessage(text) {
		msg.textContent = text;
		msg.className = 'status_msg';
		msg.hidden = false;
	}

	// Python's str(timedelta) of whole seconds: "1 day, 2:03:04".
	function uptime(s) {
		var d = Math.floor(s / 86400), r = s % 86400;
		var hms = Math.floor(r / 3600) + ':' + pad(Math.floor(r % 3600 / 60)) + ':' + pad(r % 60);
		if (d === 0) return hms;
		return d + (d === 1 ? ' day, ' : ' days, ') + hms;
	}
	function pad(n) { return n < 10 ? '0' + n : '' + n; }

	var received = 0; // Date.now() when the last status arrived

	function describe(tr) {
		var r = tr.liveRow, cell = tr.querySelector('td.desc');
		if (!r || !cell) return;
		var text = r.desc;
		if (r.uptime !== undefined && r.uptime !== null) {
			text = 'pid ' + r.pid + ', uptime ' + uptime(r.uptime + Math.floor((Date.now() - received) / 1000));
		}
		if (cell.textContent !== text) cell.textContent = text;
	}

	function rowFrom(html) {
		var t = document.createElement('tbody');
		t.innerHTML = html;
		var tr = t.firstElementChild;
		tr.liveHTML = html;
		return tr;
	}

	function applyStatus(s) {
		received = Date.now();
		if (s.error) showMessage(s.error);
		document.getElementById('processes').hidden = s.rows.length === 0;
		document.getElementById('no-programs').hidden = s.rows.length !== 0;
		var old = {};
		Array.prototype.forEach.call(rows.children, function (tr) { old[tr.dataset.ns] = tr; });
		var prev = null;
		s.rows.forEach(function (r) {
			var tr = old[r.ns];
			delete old[r.ns];
			if (!tr || tr.liveHTML !== r.html) {
				var fresh = rowFrom(r.html);
				if (tr) {
					if (tr.classList.contains('busy')) fresh.classList.add('busy');
					rows.replaceChild(fresh, tr);
				}
				tr = fresh;
			}
			var want = prev ? prev.nextElementSibling : rows.firstElementChild;
			if (want !== tr) rows.insertBefore(tr, want);
			tr.liveRow = r;
			describe(tr);
			prev = tr;
		});
		Object.keys(old).forEach(function (ns) { old[ns].remove(); });
	}

	function rowOf(ns) {
		return Array.prototype.find.call(rows.children, function (tr) { return tr.dataset.ns === ns; });
	}

	// Run an action link in the background; the server answers with
	// supervisord's redirect to /?message=..., whose text we show.
	function runAction(a, url) {
		var ns = url.searchParams.get('processname');
		var tr = ns !== null ? rowOf(ns) : null;
		if (tr) tr.classList.add('busy'); else document.body.classList.add('busy');
		fetch(url.href, { credentials: 'same-origin', cache: 'no-store' }).then(function (resp) {
			var m = new URL(resp.url).searchParams.get('message');
			if (m !== null) showMessage(m);
			else if (!resp.ok) showMessage('ERROR: ' + resp.status + ' ' + resp.statusText);
		}).catch(function () {
			location.href = url.href; // let the browser do it the plain way
		}).then(function () {
			var t = ns !== null ? rowOf(ns) : null;
			if (t) t.classList.remove('busy');
			document.body.classList.remove('busy');
		});
	}

	if (rows && window.EventSource && window.fetch) {
		document.addEventListener('click', function (e) {
			if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
			var a = e.target.closest('a[href]');
			if (!a || a.target) return;
			var url = new URL(a.getAttribute('href'), location.href);
			if (url.origin !== location.origin || !/\/(index\.html)?$/.test(url.pathname)) return;
			if (!url.searchParams.get('action')) return;
			e.preventDefault();
			runAction(a, url);
		});
		follow('events/status', { message: applyStatus });
		setInterval(function () { Array.prototype.forEach.call(rows.children, describe); }, 1000);
	}

	// ---- tail page ---------------------------------------------------

	var pre = document.getElementById('tail');
	var MAX_CHARS = 1 << 20;

	if (pre && pre.dataset.processname !== undefined && window.EventSource) {
		var followBox = document.getElementById('tail-follow');
		document.getElementById('tail-follow-label').hidden = false;
		var chars = pre.textContent.length;
		var stick = function () { if (followBox.checked) pre.scrollTop = pre.scrollHeight; };
		followBox.addEventListener('change', stick);
		// Scrolling up stops following; scrolling back to the end resumes.
		pre.addEventListener('scroll', function () {
			followBox.checked = pre.scrollHeight - pre.scrollTop - pre.clientHeight < 4;
		});
		stick();
		var url = 'events/tail?processname=' + encodeURIComponent(pre.dataset.processname) +
			'&limit=' + encodeURIComponent(pre.dataset.limit);
		follow(url, {
			reset: function (text) { pre.textContent = text; chars = text.length; stick(); },
			append: function (text) {
				pre.appendChild(document.createTextNode(text));
				chars += text.length;
				if (chars > MAX_CHARS) {
					pre.textContent = pre.textContent.slice(-MAX_CHARS / 2);
					chars = pre.textContent.length;
				}
				stick();
			},
			fatal: function (text, es) { pre.textContent = text; es.close(); setLive(false, 'stopped'); }
		});
	}
})();
