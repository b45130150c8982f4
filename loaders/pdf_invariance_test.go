package loaders_test

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/minsheng/minsheng/corpus"
	"github.com/minsheng/minsheng/extract"
	"github.com/minsheng/minsheng/loaders"
)

// The records extracted from the PDF rendering of a seed's table must equal
// those extracted from the seed text's table, provenance aside: what the
// reader rebuilds from positioned glyphs and ruling lines is the table the
// text holds. The PDFs are LibreOffice renderings of the seed tables made by
// testdata/fixtures/pdf/make.sh.
func TestPDFTableInvariance(t *testing.T) {
	for _, tc := range []struct {
		seed, pdf string
		table     int // the table's index in the seed
	}{
		{"yuhuan-2021-q3-bulletin.txt", "yuhuan-q3-table.pdf", 2},
		{"yuhuan-2021-q3-bulletin.txt", "yuhuan-q3-table-truetype.pdf", 2},
		{"wenzhou-2022-candidates.md", "wenzhou-responsibility.pdf", 1},
	} {
		t.Run(tc.pdf, func(t *testing.T) {
			seed, err := loaders.Load(filepath.Join("..", "testdata", "seeds", tc.seed), loaders.Options{})
			if err != nil {
				t.Fatal(err)
			}
			doc, err := loaders.Load(filepath.Join("..", "testdata", "fixtures", "pdf", tc.pdf), loaders.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if n := len(doc.Tables()); n != 1 {
				t.Fatalf("the PDF gives %d tables, want 1 (a table over pages must stay one)", n)
			}
			want := tableRecords(extract.Extract(seed), tc.table)
			got := tableRecords(extract.Extract(doc), 1)
			if len(want) == 0 {
				t.Fatal("no records from the seed's table")
			}
			for i := 0; i < max(len(got), len(want)); i++ {
				var g, w string
				if i < len(got) {
					g = got[i]
				}
				if i < len(want) {
					w = want[i]
				}
				if g != w {
					t.Errorf("record %d:\n got %s\nwant %s", i+1, g, w)
				}
			}
		})
	}
}

// tableRecords returns the comparable fields of the records from table n.
func tableRecords(recs []corpus.Record, n int) []string {
	var out []string
	for _, r := range recs {
		if r.Provenance.Table == nil || *r.Provenance.Table != n {
			continue
		}
		key := struct {
			ItemNo    *string
			Metric    *string
			Value     *float64
			Unit      *string
			Qualifier *string
			Lead      []string
			Deadline  *corpus.Deadline
			Progress  *corpus.Progress
		}{r.ItemNo, r.Metric, r.Target.Value, r.Target.Unit, r.Target.Qualifier, r.LeadUnits, r.Deadline, r.Progress}
		b, err := json.Marshal(key)
		if err != nil {
			panic(err)
		}
		out = append(out, strings.TrimSpace(fmt.Sprint(string(b))))
	}
	return out
}
