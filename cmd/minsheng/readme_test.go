package main

import (
	"bufio"
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the generated parts of README.md")

// readmeBlocks renders the parts of the README that are generated from the
// program itself: the command reference from --help, and the worked examples
// from real runs on the sample corpus.
func readmeBlocks(t *testing.T) map[string]string {
	t.Helper()
	var help strings.Builder
	top, _, _ := runCLI(t, "help")
	help.WriteString("```text\n" + top + "```\n")
	for _, c := range commands() {
		if c.name == "version" {
			continue
		}
		_, errOut, code := runCLI(t, c.name, "--help")
		if code != exitOK {
			t.Fatalf("%s --help: exit %d", c.name, code)
		}
		help.WriteString("\n#### minsheng " + c.name + "\n\n```text\n" + errOut + "```\n")
	}

	yuhuan := filepath.Join(repo, "testdata", "seeds", "yuhuan-2021-q3-bulletin.txt")
	out, _, code := runCLI(t, "extract", "--source", "testdata/seeds/yuhuan-2021-q3-bulletin.txt", yuhuan)
	if code != exitOK {
		t.Fatalf("extract: exit %d", code)
	}
	example := ""
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		if strings.Contains(sc.Text(), `"metric":"新增托位"`) {
			example = sc.Text()
			break
		}
	}
	if example == "" {
		t.Fatal("the Yuhuan bulletin gave no 新增托位 record")
	}

	db := "sqlite:" + filepath.Join(t.TempDir(), "m.db")
	if _, e, c := runCLI(t, "ingest", "--db", db, "--source", "testdata/seeds/yuhuan-2021-q3-bulletin.txt", yuhuan); c != exitOK {
		t.Fatalf("ingest: %s", e)
	}
	report, e, c := runCLI(t, "report", "--db", db, "--region", "玉环", "--kind", "livelihood", "--behind")
	if c != exitOK {
		t.Fatalf("report: %s", e)
	}
	return map[string]string{
		"help":            help.String(),
		"example:extract": "```json\n" + example + "\n```\n",
		"example:report":  "```text\n" + report + "```\n",
	}
}

// TestReadmeIsCurrent checks the generated parts of README.md against the
// program; go test ./cmd/minsheng -update rewrites them.
func TestReadmeIsCurrent(t *testing.T) {
	path := filepath.Join(repo, "README.md")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	got := string(b)
	want := got
	for name, body := range readmeBlocks(t) {
		open := "<!-- " + name + " -->\n"
		i := strings.Index(want, open)
		if i < 0 {
			t.Fatalf("README.md has no %q marker", open)
		}
		j := strings.Index(want[i:], "<!-- end -->")
		if j < 0 {
			t.Fatalf("README.md: %q has no <!-- end -->", open)
		}
		want = want[:i+len(open)] + body + want[i+j:]
	}
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if got != want {
		gl, wl := strings.Split(got, "\n"), strings.Split(want, "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Fatalf("README.md line %d is out of date:\n have: %s\n want: %s\n(go test ./cmd/minsheng -update rewrites the generated parts)", i+1, gl[i], wl[i])
			}
		}
		t.Fatal("README.md is out of date (go test ./cmd/minsheng -update)")
	}
	if !bytes.Contains(b, []byte("go run ./cmd/minsheng demo\ngo test ./...")) {
		t.Fatal("README.md lost its two commands at the top")
	}
}
