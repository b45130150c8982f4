package loaders

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/minsheng/minsheng/corpus"
)

var update = flag.Bool("update", false, "rewrite the golden block-model dumps in ../testdata/golden/model")

const seedDir = "../testdata/seeds"

// seedFiles lists the seed documents (every file but the README).
func seedFiles(t testing.TB) []string {
	t.Helper()
	files, errs := Expand([]string{seedDir})
	for _, err := range errs {
		t.Fatal(err)
	}
	var out []string
	for _, f := range files {
		if !strings.EqualFold(filepath.Base(f), "README.md") {
			out = append(out, f)
		}
	}
	if len(out) < 5 {
		t.Fatalf("want 5 seeds in %s, found %d", seedDir, len(out))
	}
	return out
}

func seedName(path string) string {
	base := filepath.Base(path)
	return strings.TrimSuffix(base, filepath.Ext(base))
}

func loadSeed(t testing.TB, name string) *corpus.Document {
	t.Helper()
	for _, f := range seedFiles(t) {
		if strings.HasPrefix(seedName(f), name) {
			doc, err := Load(f, Options{})
			if err != nil {
				t.Fatal(err)
			}
			return doc
		}
	}
	t.Fatalf("no seed %s", name)
	return nil
}

func TestGoldenModel(t *testing.T) {
	for _, f := range seedFiles(t) {
		name := seedName(f)
		t.Run(name, func(t *testing.T) {
			doc, err := Load(f, Options{})
			if err != nil {
				t.Fatal(err)
			}
			checkModelGolden(t, f, filepath.Join("..", "testdata", "golden", "model", name+".txt"), doc)
		})
	}
}

// checkModelGolden compares the block model of doc, read from path, with the
// golden dump (rewritten with -update), and checks that reading path again
// gives the same model.
func checkModelGolden(t *testing.T, path, golden string, doc *corpus.Document) {
	t.Helper()
	var got bytes.Buffer
	if err := Dump(&got, doc); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./loaders -update)", err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("block model of %s differs from %s (run go test ./loaders -update and review the diff)\n%s", path, golden, firstDiff(got.String(), string(want)))
	}
	doc2, err := Load(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var again bytes.Buffer
	Dump(&again, doc2)
	if !bytes.Equal(got.Bytes(), again.Bytes()) {
		t.Errorf("second load of %s differs", path)
	}
}

func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var a, b string
		if i < len(g) {
			a = g[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if a != b {
			return "line " + strconv.Itoa(i+1) + ":\n got: " + a + "\nwant: " + b
		}
	}
	return ""
}
