package loaders

import "testing"

// A document's pages share the fonts they name: each font object is parsed
// once, on the first page that uses it.
func TestPDFFontsParsedOncePerDocument(t *testing.T) {
	raw := pdfFixture(t, "wenzhou-responsibility.pdf")
	r, err := openPDF(raw)
	if err != nil {
		t.Fatal(err)
	}
	n, err := numPages(r)
	if err != nil || n < 3 {
		t.Fatalf("%d pages, %v", n, err)
	}
	cache := pdfFontCache{}
	var first map[pdfObjID]*pdfFont
	for p := 1; p <= n; p++ {
		if _, err := readPDFPage(r, p, cache); err != nil {
			t.Fatalf("page %d: %v", p, err)
		}
		if p == 1 {
			first = map[pdfObjID]*pdfFont{}
			for k, v := range cache {
				first[k] = v
			}
		}
	}
	if len(first) == 0 {
		t.Fatal("no font of page 1 was cached")
	}
	for k, f := range first {
		if k == (pdfObjID{}) {
			t.Errorf("a font cached without its object number")
		}
		if cache[k] != f {
			t.Errorf("font object %v parsed again after page 1", k)
		}
	}
	t.Logf("%d pages, %d font objects", n, len(cache))
}
