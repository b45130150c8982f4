package extract_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/minsheng/minsheng/extract"
	"github.com/minsheng/minsheng/loaders"
)

// FuzzExtract feeds arbitrary text through the text reader and the extractor:
// it must never panic, and every record must be valid UTF-8 JSON with a name.
func FuzzExtract(f *testing.F) {
	for _, name := range []string{"yuhuan-2021-q3-bulletin.txt", "wenzhou-2022-candidates.md", "cangnan-2023-q1-progress-mojibake.txt", "hangzhou-livelihood-lists.txt"} {
		raw, err := os.ReadFile(filepath.Join("..", "testdata", "seeds", name))
		if err != nil {
			f.Fatal(err)
		}
		// small slices from the head and the tail (where the tables are) keep
		// each run fast enough for the mutator to explore
		f.Add(raw[:min(len(raw), 1500)])
		f.Add(raw[max(0, len(raw)-1500):])
	}
	f.Add([]byte("序号\n\n项目\n\n牵头单位\n\n1\n\n新增托位300个\n\n市卫健局"))
	f.Add([]byte("| 序号 | 项目内容 | 牵头单位 |\n| 1 | 建设5G基站400个,完成率129% | 市经信局 |"))
	// an item of punctuation alone, with a labelled line after it
	f.Add([]byte("0000年某区民生实事项目0\n0.。\n进展:"))
	// the shapes of testdata/shapes, cut to the same size
	shapes, _ := filepath.Glob(filepath.Join("..", "testdata", "shapes", "*.txt"))
	for _, p := range shapes {
		raw, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw[:min(len(raw), 1500)])
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		doc, err := loaders.LoadBytes("fuzz.txt", raw, loaders.Options{})
		if err != nil {
			return
		}
		for _, r := range extract.Extract(doc) {
			b, err := json.Marshal(r.Normalized())
			if err != nil {
				t.Fatalf("record does not marshal: %v", err)
			}
			if !utf8.Valid(b) {
				t.Fatalf("record is not UTF-8: %q", b)
			}
			if r.Name == "" {
				t.Fatalf("record without a name: %s", b)
			}
		}
	})
}
