package loaders_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/minsheng/minsheng/loaders"
)

// PDFs whose cross-reference table is wrong, as poppler reads them: the
// table is rebuilt from the objects in the file.
func TestPDFXrefRepairs(t *testing.T) {
	orig := filepath.Join("..", "testdata", "fixtures", "pdf", "yuhuan-q3-table.pdf")
	raw, err := os.ReadFile(orig)
	if err != nil {
		t.Fatal(err)
	}
	want := records(t, orig, nil)
	nl := bytes.IndexByte(raw, '\n') + 1
	for name, broken := range map[string][]byte{
		// pdfunite (poppler 22.12): a trailer /Size smaller than the table
		"size too small": bytes.Replace(raw, []byte("/Size 32/Root"), []byte("/Size 12/Root"), 1),
		// every offset off by 7 bytes: a comment line added after the header
		"offsets off": append(append(append([]byte{}, raw[:nl]...), "%%%%%%\n"...), raw[nl:]...),
	} {
		t.Run(name, func(t *testing.T) {
			if bytes.Equal(broken, raw) {
				t.Fatal("the fixture was not broken")
			}
			path := filepath.Join(t.TempDir(), "broken.pdf")
			if err := os.WriteFile(path, broken, 0o644); err != nil {
				t.Fatal(err)
			}
			doc, err := loaders.Load(path, loaders.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if doc.Repairs["pdf_xref_rebuilt"] != 1 {
				t.Errorf("repairs %v, want pdf_xref_rebuilt", doc.Repairs)
			}
			got := records(t, path, nil)
			if len(got) != len(want) || len(want) == 0 {
				t.Fatalf("%d records, want %d", len(got), len(want))
			}
			for i := range got {
				if g, w := essenceOf(got[i]), essenceOf(want[i]); g != w {
					t.Errorf("record %d\n got: %s\nwant: %s", i, g, w)
				}
			}
		})
	}
	// A sound file is read as it is.
	doc, err := loaders.Load(orig, loaders.Options{})
	if err != nil || doc.Repairs["pdf_xref_rebuilt"] != 0 {
		t.Errorf("sound file: repairs %v, %v", doc.Repairs, err)
	}
}
