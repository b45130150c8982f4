package loaders

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"reflect"
	"regexp"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/ledongthuc/pdf"

	"github.com/minsheng/minsheng/corpus"
	"github.com/minsheng/minsheng/normalize"
)

// The PDF reader uses github.com/ledongthuc/pdf for what it does well, the
// objects, streams and font dictionaries of a file, and places the text
// itself (pdfwalk.go): the library decodes few CJK encodings, ignores CIDFont
// widths and text moves inside strings, and drops Form XObjects. Each page is
// read on its own; a page that panics the library is reported and the rest
// are read. The path that read each page is counted in doc.Repairs:
// pdf_path_own (this reader), pdf_path_pdftotext (poppler's pdftotext, used
// for a page whose text this reader cannot decode, when it is installed),
// pdf_path_none (a page without text), pdf_path_failed (a page that could not
// be read).

func init() { structuredReaders[FormatPDF] = readPDF }

// Reasons a PDF cannot be read, wrapped by *Error.
var (
	ErrPDFEncrypted = errors.New("loaders: encrypted PDF: it needs a password or an encryption this reader does not support")
	ErrPDFNoText    = errors.New("loaders: PDF has no text layer (scanned pages?); OCR is not supported")
	ErrPDFTruncated = errors.New("loaders: truncated PDF: the end of the file (%%EOF, cross-reference table) is missing")
	ErrPDFNoPages   = errors.New("loaders: PDF has no pages")
	// ErrPDFUndecodable: the text layer is there but its encoding is not
	// one this reader (or pdftotext, where installed) can decode.
	ErrPDFUndecodable = errors.New("loaders: the PDF's text cannot be decoded")
)

// maxPDFPages is the most pages read of one PDF; the rest are left out and
// the document flagged pdf_pages_capped.
var maxPDFPages = 2000

// maxPDFFallbackPages bounds how many pages of one document go to pdftotext.
const maxPDFFallbackPages = 200

var errNoPage = errors.New("page not found in the page tree")

// pdftotextPath is poppler's pdftotext when it is installed; tests may clear it.
var pdftotextPath = func() string {
	p, err := exec.LookPath("pdftotext")
	if err != nil {
		return ""
	}
	return p
}()

// panicError turns a value recovered from the PDF library into an error: the
// library panics on malformed input, with runtime errors (an index out of
// range) as often as with its own errors. A runtime error raised outside the
// library is a bug of this reader and panics on.
func panicError(r any) error {
	switch x := r.(type) {
	case runtime.Error:
		if !strings.Contains(string(debug.Stack()), "github.com/ledongthuc/pdf.") {
			panic(r)
		}
		return fmt.Errorf("malformed PDF (%v)", x)
	case error:
		return x
	}
	return fmt.Errorf("malformed PDF: %v", r)
}

func openPDF(raw []byte) (r *pdf.Reader, err error) {
	defer func() {
		if x := recover(); x != nil {
			r, err = nil, panicError(x)
		}
	}()
	return pdf.NewReader(bytes.NewReader(raw), int64(len(raw)))
}

func readPDF(name string, raw []byte, doc *corpus.Document) error {
	if i := bytes.Index(raw[:min(len(raw), 1024)], []byte("%PDF-")); i > 0 {
		raw = raw[i:]
	}
	r, err := openPDF(raw)
	if err != nil && bytes.Contains(raw, []byte("/Encrypt")) {
		// AES-256 that anyone may open (an owner password only), which the
		// PDF library does not decrypt.
		if plain, derr := decryptAES256(raw); derr == nil {
			if r2, err2 := openPDF(plain); err2 == nil {
				r, err, raw = r2, nil, plain
				if doc.Repairs == nil {
					doc.Repairs = map[string]int{}
				}
				doc.Repairs["pdf_aes256_decrypted"]++
			}
		}
	}
	var npages int
	if err == nil {
		npages, err = numPages(r)
	}
	if err != nil || npages <= 0 {
		// A cross-reference table that is wrong (a /Size too small, offsets
		// off by a few bytes) is rebuilt from the objects in the file.
		if fixed := rebuildXref(raw); fixed != nil {
			if r2, err2 := openPDF(fixed); err2 == nil {
				if n2, err2 := numPages(r2); err2 == nil && n2 > 0 {
					r, npages, err, raw = r2, n2, nil, fixed
					if doc.Repairs == nil {
						doc.Repairs = map[string]int{}
					}
					doc.Repairs["pdf_xref_rebuilt"]++
				}
			}
		}
	}
	switch {
	case r == nil:
		return pdfOpenError(name, raw, err)
	case err != nil:
		return newError(name, Malformed, fmt.Errorf("loaders: PDF page tree: %w", err))
	case npages <= 0:
		return newError(name, Malformed, ErrPDFNoPages)
	}
	if npages > maxPDFPages {
		npages = maxPDFPages
		doc.Flags = appendFlags(doc.Flags, "pdf_pages_capped")
	}
	doc.Info.Charset = "utf-8" // the text is decoded to Unicode from the fonts
	paths := map[string]int{}
	var items []pdfItem
	var firstErr error
	var fallback *pdftotextRun
	defer func() {
		if fallback != nil {
			fallback.close()
		}
	}()
	fonts := pdfFontCache{} // fonts are parsed once a document, not once a page
	textPages, imagePages := 0, 0
	missing, fallbacks, garbled := 0, 0, 0
	garbledWhy := ""
	for n := 1; n <= npages; n++ {
		pg, err := readPDFPage(r, n, fonts)
		if err != nil {
			paths["pdf_path_failed"]++
			if firstErr == nil {
				firstErr = fmt.Errorf("page %d: %w", n, err)
			}
			if errors.Is(err, errNoPage) {
				// /Count promises more pages than the tree holds
				if missing++; missing >= 20 {
					break
				}
			}
			continue
		}
		missing = 0
		if pg.images > 0 {
			imagePages++
		}
		if pg.decoded+pg.unknown == 0 {
			paths["pdf_path_none"]++
			if pg.images > 0 {
				// an image without text: a scanned page, left unread
				doc.Flags = appendFlags(doc.Flags, "pdf_scanned_pages")
			}
			continue
		}
		textPages++
		if pdfTextGood(pg.text) && pg.unknown*10 <= pg.decoded {
			paths["pdf_path_own"]++
			items = append(items, pg.items...)
			continue
		}
		if pdftotextPath != "" && fallbacks < maxPDFFallbackPages {
			fallbacks++
			if fallback == nil {
				fallback = &pdftotextRun{raw: raw}
			}
			if lines, err := fallback.page(n); err == nil && pdfTextGood(strings.Join(lines, "\n")) {
				paths["pdf_path_pdftotext"]++
				for i, l := range lines {
					items = append(items, pdfItem{line: &pdfLine{text: l}, page: n, first: i == 0, last: i == len(lines)-1})
				}
				continue
			}
		}
		paths["pdf_path_own"]++
		garbled++
		if garbledWhy == "" {
			garbledWhy = fmt.Sprintf("page %d: %s", n, strings.Join(pg.problems, "; "))
		}
		doc.Flags = appendFlags(doc.Flags, "pdf_text_garbled")
		items = append(items, pg.items...)
	}
	if garbled > 0 && garbled == textPages {
		return newError(name, Unsupported, fmt.Errorf("%w: %s", ErrPDFUndecodable, garbledWhy))
	}
	if textPages == 0 {
		if firstErr != nil {
			return newError(name, Malformed, firstErr)
		}
		return newError(name, Unsupported, ErrPDFNoText)
	}
	if firstErr != nil {
		doc.Flags = appendFlags(doc.Flags, "pdf_pages_missing")
	}
	if doc.Repairs == nil {
		doc.Repairs = map[string]int{}
	}
	for k, v := range paths {
		doc.Repairs[k] += v
	}
	doc.Blocks = pdfBlocks(items, doc)
	if len(doc.Blocks) == 0 {
		return newError(name, Empty, ErrEmpty)
	}
	return nil
}

// pdfOpenError explains why the library refused a file.
func pdfOpenError(name string, raw []byte, err error) error {
	msg := err.Error()
	tail := raw[max(0, len(raw)-4096):]
	switch {
	case strings.Contains(msg, "encrypt") || strings.Contains(msg, "password") || bytes.Contains(tail, []byte("/Encrypt")):
		return newError(name, Unsupported, fmt.Errorf("%w (%v)", ErrPDFEncrypted, err))
	case strings.Contains(msg, "missing %%EOF") || strings.Contains(msg, "startxref"):
		return newError(name, Malformed, fmt.Errorf("%w (%v)", ErrPDFTruncated, err))
	case strings.Contains(msg, "invalid header"):
		return newError(name, Unsupported, fmt.Errorf("loaders: PDF header %q is not one the PDF library reads (%v)", firstLine(raw), err))
	}
	return newError(name, Malformed, fmt.Errorf("loaders: unreadable PDF: %w", err))
}

func firstLine(b []byte) string {
	b = b[:min(len(b), 16)]
	if i := bytes.IndexAny(b, "\r\n"); i >= 0 {
		b = b[:i]
	}
	return string(b)
}

func numPages(r *pdf.Reader) (n int, err error) {
	defer func() {
		if x := recover(); x != nil {
			n, err = 0, panicError(x)
		}
	}()
	return r.NumPage(), nil
}

// pdfPage is what one page gave.
type pdfPage struct {
	items            []pdfItem
	text             string
	decoded, unknown int
	images           int
	problems         []string // what the walker could not read
}

// readPDFPage reads page n, recovering a panic of the library into an error.
func readPDFPage(r *pdf.Reader, n int, fonts pdfFontCache) (pg pdfPage, err error) {
	defer func() {
		if x := recover(); x != nil {
			pg, err = pdfPage{}, panicError(x)
		}
	}()
	page := r.Page(n)
	if page.V.IsNull() {
		return pg, errNoPage
	}
	content, err := pageContent(page.V.Key("Contents"))
	if err != nil {
		return pg, err
	}
	box := [4]float64{0, 0, 595, 842}
	if mb := inherited(page.V, "MediaBox"); mb.Len() == 4 {
		for i := range box {
			box[i] = mb.Index(i).Float64()
		}
		if box[2] < box[0] {
			box[0], box[2] = box[2], box[0]
		}
		if box[3] < box[1] {
			box[1], box[3] = box[3], box[1]
		}
	}
	base, box := pageTransform(box, int(inherited(page.V, "Rotate").Int64()))
	res := &pdfPageRes{v: page.Resources(), cache: fonts}
	w := newPDFWalker(base)
	w.walk(content, res)
	pg.decoded, pg.unknown, pg.images, pg.problems = w.decoded, w.unknown, res.images, w.problems
	var sb strings.Builder
	for _, g := range w.glyphs {
		sb.WriteString(g.Text)
	}
	pg.text = sb.String()
	pg.items = layoutPage(w.glyphs, w.rules, box)
	for i := range pg.items {
		pg.items[i].page = n
	}
	return pg, nil
}

// pageTransform maps user space to the page as it is shown: the MediaBox
// origin moves to 0,0 and a /Rotate turns the page clockwise. It returns the
// matrix and the shown page's box.
func pageTransform(box [4]float64, rotate int) (pdfMat, [4]float64) {
	w, h := box[2]-box[0], box[3]-box[1]
	m := pdfMat{1, 0, 0, 1, -box[0], -box[1]}
	switch ((rotate%360 + 360) % 360) / 90 {
	case 1:
		return m.mul(pdfMat{0, -1, 1, 0, 0, w}), [4]float64{0, 0, h, w}
	case 2:
		return m.mul(pdfMat{-1, 0, 0, -1, w, h}), [4]float64{0, 0, w, h}
	case 3:
		return m.mul(pdfMat{0, 1, -1, 0, h, 0}), [4]float64{0, 0, h, w}
	}
	return m, [4]float64{0, 0, w, h}
}

// inherited returns a page attribute, looking up the page tree.
func inherited(v pdf.Value, key string) pdf.Value {
	for i := 0; !v.IsNull() && i < 64; i++ {
		if r := v.Key(key); !r.IsNull() {
			return r
		}
		v = v.Key("Parent")
	}
	return pdf.Value{}
}

// pageContent reads a page's content streams as one.
func pageContent(v pdf.Value) ([]byte, error) {
	switch v.Kind() {
	case pdf.Stream:
		return readStream(v)
	case pdf.Array:
		var out []byte
		for i := 0; i < v.Len(); i++ {
			b, err := readStream(v.Index(i))
			if err != nil {
				return nil, err
			}
			if len(out)+len(b) > maxPDFStream {
				return nil, errors.New("page content larger than 64 MB")
			}
			out = append(append(out, b...), '\n')
		}
		return out, nil
	case pdf.Null:
		return nil, nil
	}
	return nil, fmt.Errorf("page /Contents is a %v, not a stream", v.Kind())
}

// pdfPageRes resolves fonts and forms of a resource dictionary.
type pdfPageRes struct {
	v      pdf.Value
	fonts  map[string]*pdfFont
	forms  map[string]*pdfForm
	images int
	parent *pdfPageRes
	cache  pdfFontCache // the document's fonts, shared by its pages; nil for none
}

// pdfFontCache holds the fonts of a document read so far, by the object
// number of their dictionary: pages that share a font object share its
// parsed widths, encodings and CMaps.
type pdfFontCache map[pdfObjID]*pdfFont

// pdfObjID is the number and generation of an indirect object; zero for a
// direct one.
type pdfObjID struct {
	id  uint64
	gen uint64
}

// objID returns the object the value was read from. The PDF library keeps it
// unexported; it is read, never set, through reflection.
func objID(v pdf.Value) pdfObjID {
	p := reflect.ValueOf(v).FieldByName("ptr")
	if !p.IsValid() || p.Kind() != reflect.Struct || p.NumField() < 2 {
		return pdfObjID{}
	}
	id, gen := p.Field(0), p.Field(1)
	if !id.CanUint() || !gen.CanUint() {
		return pdfObjID{}
	}
	return pdfObjID{id.Uint(), gen.Uint()}
}

func (r *pdfPageRes) font(name string) *pdfFont {
	if f, ok := r.fonts[name]; ok {
		return f
	}
	if r.fonts == nil {
		r.fonts = map[string]*pdfFont{}
	}
	var f *pdfFont
	if fv := r.v.Key("Font").Key(name); fv.Kind() == pdf.Dict {
		cache := r.root().cache
		id := objID(fv)
		if cached, ok := cache[id]; ok && id != (pdfObjID{}) {
			f = cached
		} else {
			f = newPDFFont(fv)
			if cache != nil && id != (pdfObjID{}) {
				cache[id] = f
			}
		}
	} else if r.parent != nil {
		f = r.parent.font(name)
	}
	r.fonts[name] = f
	return f
}

func (r *pdfPageRes) form(name string) (*pdfForm, error) {
	if f, ok := r.forms[name]; ok {
		return f, nil
	}
	x := r.v.Key("XObject").Key(name)
	if x.Kind() == pdf.Null && r.parent != nil {
		return r.parent.form(name)
	}
	switch x.Key("Subtype").Name() {
	case "Form":
	case "Image":
		r.root().images++
		return nil, nil
	default:
		return nil, nil
	}
	content, err := readStream(x)
	if err != nil {
		return nil, err
	}
	m := identityMat
	if mv := x.Key("Matrix"); mv.Len() == 6 {
		for i := range m {
			m[i] = mv.Index(i).Float64()
		}
	}
	sub := &pdfPageRes{v: x.Key("Resources"), parent: r}
	f := &pdfForm{content: content, matrix: m, res: sub}
	if r.forms == nil {
		r.forms = map[string]*pdfForm{}
	}
	r.forms[name] = f
	return f, nil
}

func (r *pdfPageRes) root() *pdfPageRes {
	for r.parent != nil {
		r = r.parent
	}
	return r
}

// ---- pdftotext fallback ------------------------------------------------------

type pdftotextRun struct {
	raw  []byte
	file string
	err  error
}

func (p *pdftotextRun) close() {
	if p.file != "" {
		os.Remove(p.file)
	}
}

var reWideGap = regexp.MustCompile(`[ \x{3000}]{3,}`)

// page returns the lines pdftotext -layout gives for page n, with wide gaps
// as tabs.
func (p *pdftotextRun) page(n int) ([]string, error) {
	if p.file == "" && p.err == nil {
		f, err := os.CreateTemp("", "minsheng-*.pdf")
		if err == nil {
			_, err = f.Write(p.raw)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			p.file = f.Name()
		}
		p.err = err
	}
	if p.err != nil {
		return nil, p.err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, pdftotextPath, "-q", "-enc", "UTF-8", "-layout", "-f", strconv.Itoa(n), "-l", strconv.Itoa(n), p.file, "-").Output()
	if err != nil {
		return nil, err
	}
	var lines []string
	for _, l := range strings.Split(strings.ReplaceAll(string(out), "\f", ""), "\n") {
		l = strings.TrimSpace(l)
		if l == "" || isPageNumber(l) {
			continue
		}
		lines = append(lines, reWideGap.ReplaceAllString(l, "\t"))
	}
	return lines, nil
}

// ---- blocks ----------------------------------------------------------------

// pdfBlocks turns the items of all pages into blocks: tables continued on the
// next page are joined (a repeated header dropped), texts are repaired, and
// lines are classified by the text reader. Each line and each table row is
// one line of the document's text for provenance; Span.Page is its page.
func pdfBlocks(items []pdfItem, doc *corpus.Document) []corpus.Block {
	items = joinPageTables(items)
	items = joinPageParagraphs(items)
	pdfRepair(items, doc)
	var lines []string
	var pages []int
	type tableAt struct {
		t     *corpus.Table
		start int
	}
	var tables []tableAt
	for _, it := range items {
		if it.line != nil {
			lines = append(lines, it.line.text)
			pages = append(pages, it.page)
			continue
		}
		t, rowPages := gridTable(it.grid, it.page)
		start := len(lines)
		for r := 0; r < t.Rows; r++ {
			lines = append(lines, "|")
			pages = append(pages, rowPages[r])
		}
		for k := range t.Cells {
			t.Cells[k].Span.Line = start + t.Cells[k].Row + 1
		}
		tables = append(tables, tableAt{t, start})
	}
	p := &parser{lines: lines, pages: pages}
	from := 0
	run := func(to int) {
		sub := &parser{lines: lines[:to], pages: pages[:to], blocks: p.blocks, tables: p.tables}
		for i := from; i < to; {
			if isBlank(lines[i]) {
				i++
				continue
			}
			if next := sub.table(i); next > i {
				i = next
				continue
			}
			i = sub.textLine(i)
		}
		p.blocks, p.tables = sub.blocks, sub.tables
	}
	for _, ta := range tables {
		run(ta.start)
		p.styles = nil
		p.addTable(ta.t, ta.start)
		from = ta.start + ta.t.Rows
	}
	run(len(lines))
	return p.blocks
}

// pdfRepair repairs every text of the items as one document, so that
// normalize.Repair judges the document as a whole, and records the repairs.
func pdfRepair(items []pdfItem, doc *corpus.Document) {
	var ts []*string
	for _, it := range items {
		if it.line != nil {
			ts = append(ts, &it.line.text)
			continue
		}
		for k := range it.grid.cells {
			ts = append(ts, &it.grid.cells[k].text)
		}
	}
	var sb strings.Builder
	want := 0
	for i, t := range ts {
		*t = strings.ReplaceAll(*t, "\r", "")
		if i > 0 {
			sb.WriteByte('\n')
		}
		sb.WriteString(*t)
		want += strings.Count(*t, "\n") + 1
	}
	repaired, rep := normalize.Repair(sb.String())
	out := strings.Split(repaired, "\n")
	if len(out) == want {
		k := 0
		for _, t := range ts {
			n := strings.Count(*t, "\n") + 1
			*t = strings.Join(out[k:k+n], "\n")
			k += n
		}
	} else {
		for _, t := range ts {
			*t, _ = normalize.Repair(*t)
		}
	}
	for k, v := range rep.Repairs {
		if doc.Repairs == nil {
			doc.Repairs = map[string]int{}
		}
		doc.Repairs[k] += v
	}
	doc.Flags = appendFlags(doc.Flags, rep.Flags...)
}

// gridTable makes a corpus table of a grid; rowPages gives each row's page.
func gridTable(g *pdfGrid, page int) (*corpus.Table, []int) {
	t := &corpus.Table{HeaderRows: g.header}
	for _, c := range g.cells {
		x := cell(c.row, c.col, c.text, 0)
		if c.rowSpan > 1 {
			x.RowSpan = c.rowSpan
		}
		if c.colSpan > 1 {
			x.ColSpan = c.colSpan
		}
		if x.Text == "" && x.RowSpan <= 1 && x.ColSpan <= 1 {
			continue // an empty cell: the model keeps the table's extent
		}
		t.AddCell(x)
	}
	setExtent(t, g.rows(), g.cols())
	rowPages := g.rowPages
	if rowPages == nil {
		rowPages = make([]int, g.rows())
		for i := range rowPages {
			rowPages[i] = page
		}
	}
	return t, rowPages
}
