package extract_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/minsheng/minsheng/extract"
	"github.com/minsheng/minsheng/loaders"
)

// BenchmarkExtract reads and extracts every sample document, with each
// scope; throughput is in bytes of source text.
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
	for _, scope := range []extract.Scope{extract.ScopeLivelihood, extract.ScopeAll} {
		b.Run("scope="+scope.String(), func(b *testing.B) {
			b.SetBytes(int64(total))
			for b.Loop() {
				for k, raw := range raws {
					doc, err := loaders.LoadBytes(names[k], raw, loaders.Options{})
					if err != nil {
						b.Fatal(err)
					}
					extract.ExtractWith(doc, extract.Options{Scope: scope})
				}
			}
		})
	}
}
