package loaders

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/minsheng/minsheng/corpus"
)

const pdfFixtures = "../testdata/fixtures/pdf"

func pdfFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(pdfFixtures, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// miniPDF writes a PDF of one page per content stream. streamDict is added to
// each content stream's dictionary (a /Filter, say); extra objects follow the
// pages and are numbered from 3+2*len(pages); res is the pages' resources.
func miniPDF(contents []string, streamDict, res string, extra ...string) []byte {
	var objs []string
	objs = append(objs, "<< /Type /Catalog /Pages 2 0 R >>")
	var kids []string
	for i := range contents {
		kids = append(kids, fmt.Sprintf("%d 0 R", 3+2*i))
	}
	objs = append(objs, fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(contents)))
	for i, c := range contents {
		objs = append(objs, fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources %s /Contents %d 0 R >>", res, 4+2*i))
		objs = append(objs, fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", streamDict, len(c), c))
	}
	objs = append(objs, extra...)
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	x := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, x)
	return b.Bytes()
}

const helvetica = "<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >> >> >>"

func loadErr(t *testing.T, name string, raw []byte) *Error {
	t.Helper()
	doc, err := LoadBytes(name, raw, Options{})
	if err == nil {
		t.Fatalf("%s: no error; %d blocks", name, len(doc.Blocks))
	}
	var le *Error
	if !errors.As(err, &le) {
		t.Fatalf("%s: error of type %T: %v", name, err, err)
	}
	if !strings.HasPrefix(err.Error(), name+": ") {
		t.Errorf("error does not name the file: %v", err)
	}
	return le
}

func TestPDFBadInput(t *testing.T) {
	good := pdfFixture(t, "predefined-cmap.pdf")
	t.Run("zero bytes", func(t *testing.T) {
		if e := loadErr(t, "empty.pdf", pdfFixture(t, "bad-empty.pdf")); e.Kind != Empty {
			t.Errorf("kind %v", e.Kind)
		}
	})
	t.Run("truncated", func(t *testing.T) {
		e := loadErr(t, "cut.pdf", pdfFixture(t, "bad-truncated.pdf"))
		if e.Kind != Malformed || !errors.Is(e, ErrPDFTruncated) {
			t.Errorf("%v: %v", e.Kind, e)
		}
	})
	t.Run("encrypted", func(t *testing.T) {
		for _, enc := range []string{
			"/Encrypt << /Filter /Standard /V 5 /R 6 /Length 256 /O <00> /U <00> /P -4 >> /ID [<0123> <0123>]",
			"/Encrypt << /Filter /Standard /V 2 /R 3 /Length 128 /O <0000000000000000000000000000000000000000000000000000000000000000> /U <0000000000000000000000000000000000000000000000000000000000000000> /P -4 >> /ID [<0123> <0123>]",
			"/Encrypt << /Filter /FancyDRM >>",
		} {
			raw := bytes.Replace(good, []byte("trailer\n<< "), []byte("trailer\n<< "+enc+" "), 1)
			e := loadErr(t, "locked.pdf", raw)
			if e.Kind != Unsupported || !errors.Is(e, ErrPDFEncrypted) || !strings.Contains(e.Error(), "encrypted") {
				t.Errorf("%v: %v", e.Kind, e)
			}
		}
	})
	t.Run("mislabelled", func(t *testing.T) {
		// a PDF called .txt is read as a PDF; a text called .pdf as text
		doc, err := LoadBytes("notice.txt", good, Options{})
		if err != nil || doc.Info.Format != FormatPDF {
			t.Errorf("PDF named .txt: %v %+v", err, doc)
		}
		doc, err = LoadBytes("notice.pdf", []byte("一、新增托位7500个。\n"), Options{})
		if err != nil || doc.Info.Format != FormatText {
			t.Errorf("text named .pdf: %v", err)
		}
		e := loadErr(t, "junk.pdf", []byte("%PDF-1.4\n"+strings.Repeat("garbage ", 100)))
		if e.Kind != Malformed {
			t.Errorf("junk: %v %v", e.Kind, e)
		}
		e = loadErr(t, "v2.pdf", append([]byte("%PDF-2.0\n"), good[9:]...))
		if !strings.Contains(e.Error(), "%PDF-2.0") {
			t.Errorf("PDF 2.0: %v", e)
		}
	})
	t.Run("no text layer", func(t *testing.T) {
		raw := miniPDF([]string{"q 595 0 0 842 0 0 cm /Im1 Do Q"}, "", "<< /XObject << /Im1 5 0 R >> >>",
			"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 1 >>\nstream\n\x00\nendstream")
		e := loadErr(t, "scan.pdf", raw)
		if e.Kind != Unsupported || !errors.Is(e, ErrPDFNoText) || !strings.Contains(e.Error(), "OCR") {
			t.Errorf("%v: %v", e.Kind, e)
		}
	})
	t.Run("page the library cannot read", func(t *testing.T) {
		raw := miniPDF([]string{"BT /F1 12 Tf 72 700 Td (x) Tj ET"}, "/Filter /LZWDecode", helvetica)
		e := loadErr(t, "lzw.pdf", raw)
		if e.Kind != Malformed || !strings.Contains(e.Error(), "lzw.pdf: page 1: ") || !strings.Contains(e.Error(), "LZWDecode") {
			t.Errorf("%v: %v", e.Kind, e)
		}
	})
	t.Run("one bad page of two", func(t *testing.T) {
		raw := miniPDF([]string{"BT /F1 12 Tf 72 700 Td (Page one) Tj ET", "BT /F1 12 Tf 72 700 Td (Page two) Tj ET"}, "/Foo /Bar", helvetica)
		// the second page's stream gets a filter nobody knows, in place
		i := bytes.LastIndex(raw, []byte("/Foo /Bar"))
		copy(raw[i:], "/Filter/X")
		doc, err := LoadBytes("half.pdf", raw, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if doc.Repairs["pdf_path_failed"] != 1 || doc.Repairs["pdf_path_own"] != 1 || !strings.Contains(strings.Join(doc.Flags, ","), "pdf_pages_missing") {
			t.Errorf("repairs %v flags %v", doc.Repairs, doc.Flags)
		}
	})
	t.Run("encoding not held", func(t *testing.T) {
		defer func(p string) { pdftotextPath = p }(pdftotextPath)
		pdftotextPath = ""
		font := "<< /Font << /F1 << /Type /Font /Subtype /Type0 /BaseFont /HYSMyeongJo-Medium /Encoding /UniKS-UCS2-H /DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /HYSMyeongJo-Medium /CIDSystemInfo << /Registry (Adobe) /Ordering (Korea1) /Supplement 1 >> /DW 1000 >>] >> >> >>"
		raw := miniPDF([]string{"BT /F1 12 Tf 72 700 Td <D55CAE00> Tj ET"}, "", font)
		e := loadErr(t, "korean.pdf", raw)
		if e.Kind != Unsupported || !errors.Is(e, ErrPDFUndecodable) || !strings.Contains(e.Error(), "/UniKS-UCS2-H") {
			t.Errorf("%v: %v", e.Kind, e)
		}
	})
	t.Run("page cap", func(t *testing.T) {
		defer func(n int) { maxPDFPages = n }(maxPDFPages)
		maxPDFPages = 1
		doc, err := LoadBytes("long.pdf", pdfFixture(t, "yuhuan-q3-table.pdf"), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if doc.Repairs["pdf_path_own"] != 1 || !strings.Contains(strings.Join(doc.Flags, ","), "pdf_pages_capped") {
			t.Errorf("repairs %v flags %v", doc.Repairs, doc.Flags)
		}
	})
}

func TestPDFRotatedPage(t *testing.T) {
	// A landscape page stored as portrait with /Rotate 90, its content
	// turned so that it shows upright: the lines must come out in order.
	content := "q 0 1 -1 0 595 0 cm BT /F1 12 Tf 72 500 Td (First line) Tj 0 -20 Td (Second line) Tj ET Q"
	raw := miniPDF([]string{content}, "", helvetica+" /Rotate 90")
	doc, err := LoadBytes("rotated.pdf", raw, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Blocks) != 2 || doc.Blocks[0].Text != "First line" || doc.Blocks[1].Text != "Second line" {
		t.Errorf("%+v", doc.Blocks)
	}
	m, box := pageTransform([4]float64{10, 20, 110, 220}, 270)
	if x, y := m.apply(10, 20); !near(x, 200) || !near(y, 0) || box != [4]float64{0, 0, 200, 100} {
		t.Errorf("rotate 270: origin to (%.0f, %.0f), box %v", x, y, box)
	}
}

func TestPDFFixturePages(t *testing.T) {
	doc, err := LoadBytes("wenzhou.pdf", pdfFixture(t, "wenzhou-responsibility.pdf"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	tb := doc.Tables()
	if len(tb) != 1 {
		t.Fatalf("%d tables", len(tb))
	}
	pages := map[int]bool{}
	for _, c := range tb[0].Cells {
		if c.Span.Page < 1 {
			t.Fatalf("cell %d,%d without a page", c.Row, c.Col)
		}
		pages[c.Span.Page] = true
	}
	if len(pages) < 5 || tb[0].HeaderRows != 2 {
		t.Errorf("table on %d pages with %d header rows; want it over most of the pages, 2 header rows", len(pages), tb[0].HeaderRows)
	}
	if n := doc.Repairs["pdf_path_own"]; n < 5 {
		t.Errorf("pdf_path_own %d", n)
	}
	checkPDFDoc(t, doc)
}

func TestPDFHandWritten(t *testing.T) {
	for name, want := range map[string][]string{
		"predefined-cmap.pdf": {"关于2022年民生实事项目的通知", "新增托位7500个以上。", "建设民生药事服务站30家(GBK编码)。"},
		"form-xobject.pdf":    {"表单对象测试", "表单对象中的正文:新建老年食堂200个。", "新建老年食堂200个", "市民政局"},
		// 企 needs the carry in the ToUnicode range; the library gives 丁
		"identity-h.pdf": {"民生实事项目完成情况表:新增托位548个,完成率182.67%;企业任务份额"},
	} {
		doc, err := LoadBytes(name, pdfFixture(t, name), Options{})
		if err != nil {
			t.Fatal(err)
		}
		var all []string
		for _, b := range doc.Blocks {
			all = append(all, b.Text)
			if b.Table != nil {
				for _, c := range b.Table.Cells {
					all = append(all, c.Text)
				}
			}
		}
		text := strings.Join(all, "\n")
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: %q not in\n%s", name, w, text)
			}
		}
	}
}

// checkPDFDoc checks the model invariants the text reader's tests check.
func checkPDFDoc(t *testing.T, doc *corpus.Document) {
	t.Helper()
	checkDoc(t, doc)
	for _, b := range doc.Blocks {
		if b.Span.Page < 1 {
			t.Errorf("block at line %d without a page", b.Span.Line)
		}
	}
}

func TestGoldenPDF(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(pdfFixtures, "*.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".pdf")
		if strings.HasPrefix(name, "bad-") {
			continue
		}
		t.Run(name, func(t *testing.T) {
			doc, err := Load(f, Options{})
			if err != nil {
				t.Fatal(err)
			}
			checkPDFDoc(t, doc)
			checkModelGolden(t, f, filepath.Join("..", "testdata", "golden", "model", "fixtures", "pdf-"+name+".txt"), doc)
		})
	}
}

// FuzzPDF checks that no input makes the PDF reader panic: readPDF is
// called directly, without the guard Load puts around every reader.
func FuzzPDF(f *testing.F) {
	for _, name := range []string{"predefined-cmap.pdf", "form-xobject.pdf", "identity-h.pdf", "bad-truncated.pdf"} {
		f.Add(pdfFixture(f, name))
	}
	f.Add(miniPDF([]string{"BT /F1 12 Tf 72 700 Td (x) Tj ET 0 0 m 10 0 l S 0 0 10 10 re f"}, "", helvetica))
	f.Add([]byte("%PDF-1.4\n%%EOF\n"))
	defer func(p string) { pdftotextPath = p }(pdftotextPath)
	pdftotextPath = "" // no external process per input
	f.Fuzz(func(t *testing.T, raw []byte) {
		if len(raw) == 0 {
			return
		}
		doc := &corpus.Document{}
		done := make(chan error, 1)
		go func() { done <- readPDF("fuzz.pdf", raw, doc) }()
		var err error
		select {
		case err = <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("readPDF takes more than 10 s")
		}
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		checkDoc(t, doc)
	})
}

// FuzzPDFContent feeds content streams to the walker and the layout.
func FuzzPDFContent(f *testing.F) {
	f.Add([]byte(`BT /F1 10 Tf 100 700 Td (AW) Tj T* [(A) -1000 (B)] TJ ET 0 0 m 100 0 l S 0 0 100 50 re S`))
	f.Add([]byte(`q 0 0 0 0 0 0 cm BT /F2 1e308 Tf (x) Tj ET Q Q Q /Fm1 Do`))
	f.Fuzz(func(t *testing.T, content []byte) {
		res := &testRes{fonts: map[string]*pdfFont{"F1": latinFont(), "F2": hanFont()}}
		w := walkTest(string(content), res)
		layoutPage(w.glyphs, w.rules, [4]float64{0, 0, 595, 842})
	})
}

// BenchmarkPDF reads LibreOffice fixtures; the eleven-page Wenzhou
// responsibility table is the main case.
func BenchmarkPDF(b *testing.B) {
	for _, name := range []string{"wenzhou-responsibility.pdf", "yuhuan-q3-table.pdf"} {
		b.Run(strings.TrimSuffix(name, ".pdf"), func(b *testing.B) {
			raw := pdfFixture(b, name)
			b.SetBytes(int64(len(raw)))
			b.ReportAllocs()
			pages := 0
			for b.Loop() {
				doc, err := LoadBytes(name, raw, Options{})
				if err != nil {
					b.Fatal(err)
				}
				pages += doc.Repairs["pdf_path_own"]
			}
			b.ReportMetric(float64(pages)/b.Elapsed().Seconds(), "pages/s")
		})
	}
}

// TestPDFPdftotextFallback runs where poppler's pdftotext is installed: a
// page this reader cannot decode is read by pdftotext, and the path says so.
func TestPDFPdftotextFallback(t *testing.T) {
	if pdftotextPath == "" {
		t.Skip("pdftotext not installed")
	}
	font := "<< /Font << /F1 << /Type /Font /Subtype /Type0 /BaseFont /HYSMyeongJo-Medium /Encoding /UniKS-UCS2-H /DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /HYSMyeongJo-Medium /CIDSystemInfo << /Registry (Adobe) /Ordering (Korea1) /Supplement 1 >> /DW 1000 >>] >> >> >>"
	raw := miniPDF([]string{"BT /F1 12 Tf 72 700 Td <D55CAE00> Tj ET"}, "", font)
	doc, err := LoadBytes("korean.pdf", raw, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if doc.Repairs["pdf_path_pdftotext"] != 1 || len(doc.Blocks) != 1 || doc.Blocks[0].Text != "한글" {
		t.Errorf("repairs %v blocks %+v", doc.Repairs, doc.Blocks)
	}
}

// TestPDFTextQuality: GBK bytes read as UCS-2, the silent garbage a reader
// gets from a CJK CMap it does not know, are Han characters without U+FFFD;
// the share of common characters tells them from text.
func TestPDFTextQuality(t *testing.T) {
	text := "关于2022年度市政府民生实事候选项目情况的报告，新增托位7500个以上，老旧小区改造完工65个"
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	var garbage []rune
	for i := 0; i+1 < len(gbk); i += 2 {
		garbage = append(garbage, rune(gbk[i])<<8|rune(gbk[i+1]))
	}
	g := strings.Repeat(string(garbage), 2)
	if strings.ContainsRune(g, '\ufffd') {
		t.Fatal("garbage has U+FFFD")
	}
	if !pdfTextGood(text) || pdfTextGood(g) || pdfTextGood("\ue000\ue001\ue002\ue003abc") {
		t.Errorf("text %v, garbage %v", pdfTextGood(text), pdfTextGood(g))
	}
	common, _, han := pdfTextQuality(g)
	t.Logf("garbage: %d Han, %.0f%% common", han, common*100)
}
