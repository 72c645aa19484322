package ctl

import (
	"context"
	"fmt"
	"os/exec"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gosupervisord/gosupervisord/compat/harness"
	"github.com/stretchr/testify/require"
)

// Help texts of each client, fetched once per test binary with `help CMD`.
var (
	helpOnce  sync.Once
	helpTexts map[harness.Impl]map[string]string
	helpErr   error
)

// helpCommands are the topics with a help text in 4.2.5.
var helpCommands = []string{"add", "avail", "clear", "exit", "fg", "maintail", "open", "pid", "quit",
	"reload", "remove", "reread", "restart", "shutdown", "signal", "start", "status", "stop", "tail",
	"update", "version", "help"}

// loadHelp fetches every help text of both clients (once per test binary,
// four clients at a time) and returns them by client and topic.
func loadHelp(t *testing.T) map[harness.Impl]map[string]string {
	t.Helper()
	helpOnce.Do(func() {
		type topic struct {
			impl harness.Impl
			cmd  string
		}
		var mu sync.Mutex
		var errs []error
		texts := map[harness.Impl]map[string]string{}
		for _, impl := range both {
			texts[impl] = map[string]string{}
		}
		work := make(chan topic)
		var wg sync.WaitGroup
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for tp := range work {
					out, err := helpText(tp.impl, tp.cmd)
					mu.Lock()
					if err != nil {
						errs = append(errs, err)
					}
					texts[tp.impl][tp.cmd] = out
					mu.Unlock()
				}
			}()
		}
		for _, impl := range both {
			for _, cmd := range helpCommands {
				work <- topic{impl, cmd}
			}
		}
		close(work)
		wg.Wait()
		if len(errs) > 0 {
			helpErr = errs[0]
			return
		}
		helpTexts = texts
	})
	require.NoError(t, helpErr)
	return helpTexts
}

// helpText runs `supervisorctl help cmd` of impl and returns its output.
func helpText(impl harness.Impl, cmd string) (string, error) {
	bin, err := harness.CtlPath(impl)
	if err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, bin, "-s", "unix:///nonexistent", "help", cmd).CombinedOutput()
	if err != nil || len(out) == 0 {
		return "", fmt.Errorf("%s help %s: %v: %q", impl, cmd, err, out)
	}
	return string(out), nil
}

// replaceHelp replaces the help blocks of impl in out by <HELP cmd>.
func replaceHelp(impl harness.Impl, out string) string {
	texts := helpTexts[impl]
	cmds := make([]string, 0, len(texts))
	for c := range texts {
		cmds = append(cmds, c)
	}
	sort.Slice(cmds, func(i, j int) bool { return len(texts[cmds[i]]) > len(texts[cmds[j]]) })
	for _, c := range cmds {
		out = strings.ReplaceAll(out, texts[c], "<HELP "+c+">\n")
	}
	return out
}
