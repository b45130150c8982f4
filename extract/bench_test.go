package extract_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/minsheng/minsheng/extract"
	"github.com/minsheng/minsheng/loaders"
)

// BenchmarkExtract reads and extracts every sample document; throughput is
// in bytes of source text.
func BenchmarkExtract(b *testing.B) {
	var raws [][]byte
	var names []string
	total := 0
	for _, name := range seeds(b) {
		raw, err := os.ReadFile(filepath.Join("..", "testdata", "seeds", name))
		if err != nil {
			b.Fatal(err)
		}
		raws = append(raws, raw)
		names = append(names, name)
		total += len(raw)
	}
	b.SetBytes(int64(total))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for k, raw := range raws {
			doc, err := loaders.LoadBytes(names[k], raw, loaders.Options{})
			if err != nil {
				b.Fatal(err)
			}
			extract.Extract(doc)
		}
	}
}
