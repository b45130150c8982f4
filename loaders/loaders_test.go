package loaders

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/minsheng/minsheng/corpus"
	"github.com/minsheng/minsheng/normalize"
)

func loadString(t *testing.T, text string) *corpus.Document {
	t.Helper()
	doc, err := LoadBytes("inline.txt", []byte(text), Options{})
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func onlyTable(t *testing.T, doc *corpus.Document) *corpus.Table {
	t.Helper()
	ts := doc.Tables()
	if len(ts) != 1 {
		t.Fatalf("want 1 table, got %d", len(ts))
	}
	return ts[0]
}

// norm is s as the reader repairs it, so that expectations can be written as
// the source prints them.
func norm(s string) string {
	r, _ := normalize.Repair(s)
	return r
}

// checkGrid compares a table's grid with want (written as printed), row by row.
func checkGrid(t *testing.T, tb *corpus.Table, want [][]string) {
	t.Helper()
	for _, row := range want {
		for k := range row {
			row[k] = norm(row[k])
		}
	}
	got := tb.Grid()
	if len(got) != len(want) {
		t.Errorf("rows: got %d, want %d\n%q", len(got), len(want), got)
	}
	for r := 0; r < len(got) && r < len(want); r++ {
		if strings.Join(got[r], "|") != strings.Join(want[r], "|") {
			t.Errorf("row %d:\n got %q\nwant %q", r, got[r], want[r])
		}
	}
}

func TestKindString(t *testing.T) {
	for k, want := range map[Kind]string{Unreadable: "unreadable", Empty: "empty", Binary: "binary",
		Unsupported: "unsupported", Malformed: "malformed", TooLarge: "too_large", Kind(0): "unknown"} {
		if k.String() != want {
			t.Errorf("%d: %q, want %q", k, k.String(), want)
		}
	}
}

func TestErrorMessage(t *testing.T) {
	e := &Error{Path: "a.txt", Kind: Malformed, Line: 3, Err: errors.New("bad row")}
	if got := e.Error(); got != "a.txt: line 3: bad row" {
		t.Errorf("got %q", got)
	}
	e.Line = 0
	if got := e.Error(); got != "a.txt: bad row" {
		t.Errorf("got %q", got)
	}
	if !errors.Is(&Error{Path: "x", Kind: Empty, Err: ErrEmpty}, ErrEmpty) {
		t.Error("Unwrap does not reach the sentinel")
	}
}

func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	pdf := append([]byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"), make([]byte, 64)...)
	zip := append([]byte("PK\x03\x04\x14\x00\x00\x00\x08\x00"), []byte("word/document.xml")...)
	xlsx := append([]byte("PK\x03\x04\x14\x00\x00\x00\x08\x00"), []byte("xl/workbook.xml")...)
	cases := []struct {
		name string
		path string
		kind Kind
		msg  string
	}{
		{"empty", write("empty.txt", nil), Empty, "empty"},
		{"only blanks", write("blank.txt", []byte(" \n\n\t\n")), Empty, "empty"},
		{"binary", write("bin.txt", []byte("abc\x00\x01\x02\x03def\x00")), Binary, "binary"},
		{"pdf named txt", write("report.txt", pdf), Malformed, "truncated PDF"},
		{"docx named txt", write("plan.txt", zip), Malformed, "docx: zip: not a valid zip file"},
		{"xlsx", write("t.xlsx", xlsx), Malformed, "xlsx: zip: not a valid zip file"},
		{"html without text", write("page.txt", []byte("<!DOCTYPE html><html><body><script>var a = 1;</script></body></html>")), Empty, "empty"},
		{"legacy doc", write("plan.doc", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest")), Unsupported, "libreoffice --headless --convert-to docx"},
		{"directory", dir, Unreadable, "is a directory"},
		{"missing", filepath.Join(dir, "nope.txt"), Unreadable, "no such file"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc, err := Load(c.path, Options{})
			if err == nil {
				t.Fatalf("no error; doc %+v", doc)
			}
			var le *Error
			if !errors.As(err, &le) {
				t.Fatalf("%T is not *Error: %v", err, err)
			}
			if le.Kind != c.kind {
				t.Errorf("kind %v, want %v (%v)", le.Kind, c.kind, err)
			}
			if le.Path != c.path || !strings.HasPrefix(err.Error(), c.path+": ") {
				t.Errorf("error does not name the file: %v", err)
			}
			if !strings.Contains(err.Error(), c.msg) {
				t.Errorf("error %q does not say %q", err, c.msg)
			}
		})
	}
}

func TestTooLarge(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "big.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(MaxSize + 1); err != nil {
		t.Skip("cannot make a sparse file:", err)
	}
	f.Close()
	_, err = Load(f.Name(), Options{})
	var le *Error
	if !errors.As(err, &le) || le.Kind != TooLarge {
		t.Fatalf("got %v, want TooLarge", err)
	}
}

func TestLoadInfoAndSidecar(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "notice.txt")
	if err := os.WriteFile(p, []byte("关于2022年民生实事项目的通知\n1.新建学校2所。\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	meta := `{"title":"关于民生实事项目的通知","doc_no":"温人大办〔2022〕20号","issuer":"温岭市人大常委会办公室",
		"published":"2022-04-18","province":"浙江省","city":"台州市","county":"温岭市","kind":"supervision","source":"https://example.org/a.html"}`
	if err := os.WriteFile(p+SidecarSuffix, []byte(meta), 0o644); err != nil {
		t.Fatal(err)
	}
	doc, err := Load(p, Options{Meta: Meta{Issuer: "override"}})
	if err != nil {
		t.Fatal(err)
	}
	in := doc.Info
	if in.Source != "https://example.org/a.html" {
		t.Errorf("source %q", in.Source)
	}
	if len(in.SHA256) != 64 || in.Format != FormatText || in.Charset == "" {
		t.Errorf("sha %q format %q charset %q", in.SHA256, in.Format, in.Charset)
	}
	str := func(p *string) string {
		if p == nil {
			return "<nil>"
		}
		return *p
	}
	if str(in.Title) != "关于民生实事项目的通知" || str(in.DocNo) != "温人大办〔2022〕20号" || str(in.Issuer) != "override" ||
		str(in.Published) != "2022-04-18" || in.Year == nil || *in.Year != 2022 || str(in.Region.County) != "温岭市" ||
		str(in.Region.City) != "台州市" || str(in.Region.Province) != "浙江省" || in.Kind != "supervision" {
		t.Errorf("meta not applied: %+v", in)
	}

	// Without a sidecar the source is the path and the facts stay unknown.
	q := filepath.Join(dir, "plain.md")
	os.WriteFile(q, []byte("# 标题\n\n- 1. 新建学校2所。\n"), 0o644)
	doc, err = Load(q, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if doc.Info.Source != q || doc.Info.Title != nil || doc.Info.Year != nil || doc.Info.Kind != "" {
		t.Errorf("info %+v", doc.Info)
	}

	// A broken sidecar is a Malformed error naming the sidecar.
	os.WriteFile(q+SidecarSuffix, []byte("{\"title\": \n"), 0o644)
	_, err = Load(q, Options{})
	var le *Error
	if !errors.As(err, &le) || le.Kind != Malformed || !strings.Contains(err.Error(), SidecarSuffix) {
		t.Errorf("broken sidecar: %v", err)
	}
}

func TestExpand(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"b.txt", "a.md", "a.md.meta.json", ".hidden.txt", "sub/c.txt", ".git/x.txt", "sub/.d/e.txt"} {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte("x"), 0o644)
	}
	missing := filepath.Join(dir, "missing")
	files, errs := Expand([]string{dir, missing, filepath.Join(dir, "b.txt")})
	var rel []string
	for _, f := range files {
		r, _ := filepath.Rel(dir, f)
		rel = append(rel, filepath.ToSlash(r))
	}
	if got := strings.Join(rel, " "); got != "a.md b.txt sub/c.txt" {
		t.Errorf("files %q", got)
	}
	if len(errs) != 1 {
		t.Fatalf("errs %v", errs)
	}
	var le *Error
	if !errors.As(errs[0], &le) || le.Kind != Unreadable || le.Path != missing {
		t.Errorf("err %v", errs[0])
	}
}

func TestSniff(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"%PDF-1.4 ...", FormatPDF},
		{"PK\x03\x04....word/document.xml", FormatDOCX},
		{"PK\x03\x04....xl/workbook.xml", FormatXLSX},
		{"PK\x03\x04....", FormatZIP},
		{"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1....", FormatDOC},
		{"  <html><head>", FormatHTML},
		{"# 标题\n\n## 一、背景\n\n正文", FormatMarkdown},
		{"| a | b |\n|---|---|\n| 1 | 2 |\n", FormatMarkdown},
		{"民生实事项目\n1.新建学校\n", FormatText},
		{"a\x00b", FormatBinary},
	} {
		if got := Sniff([]byte(c.in)); got != c.want {
			t.Errorf("Sniff(%q) = %s, want %s", c.in, got, c.want)
		}
	}
}

func TestLoadBytesRecoversPanic(t *testing.T) {
	// A nil map write in a repair stage must not crash the caller: load
	// turns panics into Malformed errors. Simulate with a parser hook.
	old := parseHook
	parseHook = func() { panic("boom") }
	defer func() { parseHook = old }()
	_, err := LoadBytes("x.txt", []byte("正文\n"), Options{})
	var le *Error
	if !errors.As(err, &le) || le.Kind != Malformed || !strings.Contains(err.Error(), "x.txt") {
		t.Fatalf("got %v", err)
	}
}

// TestTooLargeText refuses a text file far larger than any notice before
// reading it into blocks.
func TestTooLargeText(t *testing.T) {
	raw := bytes.Repeat([]byte("新增托位300个,完成率100%。\n"), MaxTextSize/30+1)
	_, err := LoadBytes("huge.txt", raw, Options{})
	var le *Error
	if !errors.As(err, &le) || le.Kind != TooLarge || !strings.Contains(err.Error(), "huge.txt") {
		t.Fatalf("got %v, want a TooLarge error naming the file", err)
	}
}
