package loaders

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/minsheng/minsheng/corpus"
)

// workbook builds a workbook in memory: cells by sheet and name, merged
// ranges as "A1:C1".
func workbook(t testing.TB, sheets map[string]map[string]any, merges map[string][]string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	first := true
	for _, name := range sortedKeys(sheets) {
		if first {
			f.SetSheetName("Sheet1", name)
			first = false
		} else if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
		for cell, v := range sheets[name] {
			if err := f.SetCellValue(name, cell, v); err != nil {
				t.Fatal(err)
			}
		}
		for _, m := range merges[name] {
			a, b, _ := strings.Cut(m, ":")
			if err := f.MergeCell(name, a, b); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func sortedKeys[V any](m map[string]V) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	for i := range ks {
		for j := i + 1; j < len(ks); j++ {
			if ks[j] < ks[i] {
				ks[i], ks[j] = ks[j], ks[i]
			}
		}
	}
	return ks
}

func loadXLSX(t *testing.T, raw []byte) *corpus.Document {
	t.Helper()
	doc, err := LoadBytes("book.xlsx", raw, Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkStructured(t, doc)
	return doc
}

func TestXLSXTables(t *testing.T) {
	cases := []struct {
		name    string
		cells   map[string]any
		merges  []string
		grid    string
		header  int
		caption string
		spans   string
	}{
		{
			name: "two header rows with merged cells",
			cells: map[string]any{
				"A1": "2022年度民生实事项目责任分解表",
				"A2": "序号", "B2": "项目名称", "C2": "资金测算及来源(万元)", "E2": "主要责任单位",
				"C3": "总额", "D3": "上级支持",
				"A4": 1, "B4": "温馨教室", "C4": 4857.08, "D4": 0, "E4": "市教育局",
				"C5": 17853, "D5": 0.1 + 0.2, "E5": "市卫健委",
			},
			merges:  []string{"A1:E1", "A2:A3", "B2:B3", "C2:D2", "E2:E3", "A4:A5", "B4:B5"},
			grid:    "序号|项目名称|资金测算及来源(万元)|资金测算及来源(万元)|主要责任单位\n序号|项目名称|总额|上级支持|主要责任单位\n1|温馨教室|4857.08|0|市教育局\n1|温馨教室|17853|0.3|市卫健委",
			header:  2,
			caption: "2022年度民生实事项目责任分解表",
			spans:   "0,0+2,1 0,1+2,1 0,2+1,2 0,4+2,1 2,0+2,1 2,1+2,1",
		},
		{
			name: "trailing and leading empties, sheet name caption",
			cells: map[string]any{
				"B3": "序号", "C3": "项目", "B4": 1, "C4": "托位", "B5": 2, "C5": "食堂",
				"H20": "", "C30": " ",
			},
			grid:    "序号|项目\n1|托位\n2|食堂",
			header:  1,
			caption: "Sheet",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			raw := workbook(t, map[string]map[string]any{"Sheet": c.cells}, map[string][]string{"Sheet": c.merges})
			doc := loadXLSX(t, raw)
			ts := doc.Tables()
			if len(ts) != 1 {
				t.Fatalf("%d tables", len(ts))
			}
			tb := ts[0]
			if g := gridText(tb); g != c.grid {
				t.Errorf("grid\n%s\nwant\n%s", g, c.grid)
			}
			if tb.HeaderRows != c.header || tb.Caption != c.caption {
				t.Errorf("header %d caption %q, want %d %q", tb.HeaderRows, tb.Caption, c.header, c.caption)
			}
			if c.spans != "" {
				var got []string
				for _, cl := range tb.Cells {
					if cl.RowSpan > 1 || cl.ColSpan > 1 {
						got = append(got, spanText(cl))
					}
				}
				if strings.Join(got, " ") != c.spans {
					t.Errorf("spans %q, want %q", strings.Join(got, " "), c.spans)
				}
			}
			for _, cl := range tb.Cells {
				if cl.Span.Page != 1 || cl.Span.Line < 1 {
					t.Errorf("cell %d,%d span %+v", cl.Row, cl.Col, cl.Span)
				}
			}
		})
	}
}

func TestXLSXNumbersAsNumbers(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	style, _ := f.NewStyle(&excelize.Style{NumFmt: 4}) // #,##0.00
	pct, _ := f.NewStyle(&excelize.Style{NumFmt: 10})  // 0.00%
	f.SetCellValue("Sheet1", "A1", "总额")
	f.SetCellValue("Sheet1", "B1", "比例")
	f.SetCellValue("Sheet1", "A2", 4857.08)
	f.SetCellStyle("Sheet1", "A2", "A2", style)
	f.SetCellValue("Sheet1", "B2", 0.9375)
	f.SetCellStyle("Sheet1", "B2", "B2", pct)
	f.SetCellValue("Sheet1", "A3", 16315.3589)
	f.SetCellValue("Sheet1", "B3", "007")
	f.SetCellValue("Sheet1", "A4", 1e21)
	var buf bytes.Buffer
	f.Write(&buf)
	doc := loadXLSX(t, buf.Bytes())
	want := "总额|比例\n4857.08|0.9375\n16315.3589|007\n1000000000000000000000|"
	if g := gridText(doc.Tables()[0]); g != want {
		t.Errorf("grid\n%s\nwant\n%s", g, want)
	}
	for in, want := range map[string]string{"4857.0800000000004": "4857.08", "0.30000000000000004": "0.3", "12": "12", "1.5E-3": "0.0015", "abc.def": "abc.def", "1,234.5": "1,234.5"} {
		if got := cellNumber(in); got != want {
			t.Errorf("cellNumber(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestXLSXSheets(t *testing.T) {
	raw := workbook(t, map[string]map[string]any{
		"1省": {"A1": "序号", "B1": "名称", "A2": 1, "B2": "托位"},
		"2空": {},
		"3市": {"A1": "序号", "B1": "名称", "A2": 1, "B2": "食堂"},
	}, nil)
	doc := loadXLSX(t, raw)
	ts := doc.Tables()
	if len(ts) != 2 || ts[0].Caption != "1省" || ts[1].Caption != "3市" {
		t.Fatalf("tables %+v", ts)
	}
	if p := ts[1].Cells[0].Span.Page; p != 3 {
		t.Errorf("second table on sheet %d, want 3", p)
	}
	if _, err := LoadBytes("e.xlsx", workbook(t, map[string]map[string]any{"S": {}}, nil), Options{}); err == nil {
		t.Error("an empty workbook gave no error")
	} else if le := (*Error)(nil); !errors.As(err, &le) || le.Kind != Empty {
		t.Errorf("empty workbook: %v", err)
	}
}

func TestXLSXBadInput(t *testing.T) {
	good := workbook(t, map[string]map[string]any{"S": {"A1": "序号", "B1": "名称", "A2": 1, "B2": "托位"}}, nil)
	for _, c := range []struct {
		name string
		raw  []byte
		kind Kind
	}{
		{"truncated", good[:len(good)/2], Malformed},
		{"not a zip", append([]byte("PK\x03\x04xl/"), make([]byte, 100)...), Malformed},
		{"bomb", xlsxBomb(t), TooLarge},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := LoadBytes("bad.xlsx", c.raw, Options{})
			var le *Error
			if !errors.As(err, &le) || le.Kind != c.kind || le.Path != "bad.xlsx" {
				t.Errorf("error %v, want a %v *Error naming bad.xlsx", err, c.kind)
			}
		})
	}
}

// xlsxBomb is a small workbook whose sheet says it decompresses past the
// limit (a real bomb is testdata/fixtures/hostile-zipbomb.docx).
func xlsxBomb(t testing.TB) []byte {
	good := workbook(t, map[string]map[string]any{"S": {"A1": "x"}}, nil)
	zr, err := zip.NewReader(bytes.NewReader(good), int64(len(good)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, _ := f.OpenRaw()
		b, _ := io.ReadAll(rc)
		h := f.FileHeader
		if f.Name == "xl/worksheets/sheet1.xml" {
			h.UncompressedSize64 = xlsxUnzipLimit + 1
		}
		w, err := zw.CreateRaw(&h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(b)
	}
	zw.Close()
	return buf.Bytes()
}

// FuzzXLSX checks that no worksheet makes the reader panic and that every
// cell lies within its table. The input is the XML of the first sheet of a
// valid workbook, so that the fuzzer reaches the reader past the archive.
func FuzzXLSX(f *testing.F) {
	book, err := os.ReadFile(filepath.Join(fixtureDir, "wenzhou-2022-candidates.xlsx"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(zipEntry(f, book, "xl/worksheets/sheet1.xml"))
	small := workbook(f, map[string]map[string]any{"S": {"A1": "序号", "C3": 1.5, "B2": "x"}}, map[string][]string{"S": {"A1:B2", "C3:D4"}})
	f.Add(zipEntry(f, small, "xl/worksheets/sheet1.xml"))
	f.Add([]byte(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1048576"><c r="XFD1048576" t="s"><v>99</v></c></row></sheetData><mergeCells><mergeCell ref="A1:XFD1048576"/><mergeCell ref="B2:A1"/></mergeCells></worksheet>`))
	f.Fuzz(func(t *testing.T, sheet []byte) {
		raw := replaceZipEntry(t, small, "xl/worksheets/sheet1.xml", sheet)
		doc, err := LoadBytes("fuzz.xlsx", raw, Options{})
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		checkStructured(t, doc)
	})
}

// zipEntry returns the content of one entry of an archive.
func zipEntry(t testing.TB, archive []byte, name string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(archive), int64(len(archive)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == name {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			b, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
	}
	t.Fatalf("no %s in the archive", name)
	return nil
}

// replaceZipEntry returns the archive with one entry's content replaced.
func replaceZipEntry(t testing.TB, archive []byte, name string, content []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(archive), int64(len(archive)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		if f.Name == name {
			w.Write(content)
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		w.Write(b)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkLoadXLSX reads the Wenzhou responsibility table as a workbook.
func BenchmarkLoadXLSX(b *testing.B) {
	raw, err := os.ReadFile(filepath.Join(fixtureDir, "wenzhou-2022-candidates.xlsx"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := LoadBytes("wenzhou.xlsx", raw, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
