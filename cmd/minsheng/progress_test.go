package main

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
)

// Off a terminal, a batch says how it goes every progressEvery documents.
func TestProgressLinesOffTerminal(t *testing.T) {
	old := progressEvery
	progressEvery = 4
	defer func() { progressEvery = old }()
	notices := distinctNotices(t, 10)
	db := t.TempDir() + "/m.db"
	_, errOut, code := runCLI(t, "ingest", "--db", db, notices)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	re := regexp.MustCompile(`(?m)^minsheng ingest: (\d+)/10 documents, 0 failed, [0-9.]+ MB/s, \S+ left$`)
	var got []string
	for _, m := range re.FindAllStringSubmatch(errOut, -1) {
		got = append(got, m[1])
	}
	if strings.Join(got, " ") != "4 8" {
		t.Errorf("progress lines at %v, want at 4 and 8:\n%s", got, errOut)
	}
	// A small batch says nothing.
	_, errOut, _ = runCLI(t, "extract", seedPaths(t)[0])
	if strings.Contains(errOut, "documents,") {
		t.Errorf("progress for one file: %q", errOut)
	}
}

// On a terminal, the bar is redrawn in place and messages go above it.
func TestProgressBar(t *testing.T) {
	var b bytes.Buffer
	p := &progress{w: &b, total: 2, tty: true, start: time.Now().Add(-time.Second)}
	p.step(1 << 20)
	p.countFailure()
	fmt.Fprintf(p, "minsheng: x.txt: no target records found\n")
	p.step(1 << 20)
	p.done()
	out := b.String()
	for _, want := range []string{
		`^\r\x1b\[K\[============            \] 1/2 documents, 0 failed, [0-9.]+ MB/s, \d+s left`,
		`\r\x1b\[Kminsheng: x.txt: no target records found\n\r\x1b\[K\[============            \] 1/2 documents, 1 failed`,
		`\r\x1b\[K\[========================\] 2/2 documents, 1 failed, [0-9.]+ MB/s\r\x1b\[K$`,
	} {
		if !regexp.MustCompile(want).MatchString(out) {
			t.Errorf("bar output does not match %q:\n%q", want, out)
		}
	}
	if !strings.HasSuffix(out, "\r\033[K") {
		t.Errorf("the bar is not cleared at the end: %q", out)
	}
}
