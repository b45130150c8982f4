package extract_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/minsheng/minsheng/corpus"
	"github.com/minsheng/minsheng/extract"
	"github.com/minsheng/minsheng/loaders"
	"github.com/minsheng/minsheng/loaders/render"
)

// sharedCorpus is the development corpus beside the repository.
const sharedCorpus = "../../shared/corpus"

// formats are the renderings every document is read back from.
var formats = []struct {
	name, ext string
	render    func(*corpus.Document) []byte
}{
	{"html-gbk", ".html", func(d *corpus.Document) []byte { return render.HTML(d, "gbk") }},
	{"docx", ".docx", render.DOCX},
	{"pdf", ".pdf", render.PDF},
}

// knownFormatDiffs are the documents whose rendering in a format gives other
// records than their text, keyed by file name and format, with the reason.
var knownFormatDiffs = map[string]string{}

// TestFormatInvarianceRendered renders each document of the shared corpus
// and of testdata/shapes as a government web page in GBK, a Word document
// and a PDF, reads each rendering back and requires the records its text
// gives (provenance and the format aside).
func TestFormatInvarianceRendered(t *testing.T) {
	t.Run("corpus", func(t *testing.T) {
		if _, err := os.Stat(sharedCorpus); err != nil {
			t.Skipf("SKIPPED: the shared corpus %s is absent (%v): format invariance is checked on testdata/shapes only", sharedCorpus, err)
		}
		checkFormats(t, sharedCorpus)
	})
	t.Run("shapes", func(t *testing.T) {
		checkFormats(t, filepath.Join("..", "testdata", "shapes"))
	})
}

func checkFormats(t *testing.T, dir string) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no %s/*.txt (%v)", dir, err)
	}
	for _, path := range paths {
		base := filepath.Base(path)
		doc, err := loaders.Load(path, loaders.Options{})
		if err != nil {
			t.Errorf("%s: %v", base, err)
			continue
		}
		want := summaries(extract.Extract(doc))
		for _, f := range formats {
			key := base + " " + f.name
			raw := f.render(doc)
			name := strings.TrimSuffix(base, ".txt") + f.ext
			rdoc, err := loaders.LoadBytes(name, raw, loaders.Options{Meta: loaders.Meta{Source: path}})
			if err != nil {
				t.Errorf("%s: reading the rendering: %v", key, err)
				continue
			}
			got := summaries(extract.Extract(rdoc))
			i, g, w, differ := firstDifference(got, want)
			why, known := knownFormatDiffs[key]
			switch {
			case differ && known:
				t.Logf("%s: known difference (%s): record %d of %d", key, why, i+1, len(want))
			case differ:
				t.Errorf("%s: %d records, the text gives %d; record %d:\n got %s\nwant %s", key, len(got), len(want), i+1, g, w)
			case known:
				t.Logf("%s: gives the text's records now; drop it from knownFormatDiffs (%s)", key, why)
			}
		}
	}
}

func summaries(recs []corpus.Record) []string {
	var out []string
	for _, r := range recs {
		out = append(out, summary(r))
	}
	return out
}
