// Package browser holds the web UI's end-to-end test in a real browser:
// Debian's chromium, driven over the DevTools protocol by chromedp, against
// our supervisord started by compat/harness with an inet server behind
// Basic auth. The test logs in, starts, stops and restarts processes and
// watches each state change arrive without a reload, follows a tail view,
// checks the page without JavaScript, and saves screenshots.
//
// It needs /usr/bin/chromium (scripts/install-browser.sh installs it). With
// no browser, or while our daemon cannot start, it skips, unless
// GOSUPERVISORD_REQUIRE_BROWSER=1 (then it fails). Screenshots go to
// $GOSUPERVISORD_SCREENSHOT_DIR, or a temp dir whose path the test logs.
package browser
