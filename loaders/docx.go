package loaders

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/minsheng/minsheng/corpus"
)

func init() {
	structuredReaders[FormatDOCX] = readDOCX
	structuredReaders[FormatDOC] = readLegacyOffice
}

// ErrLegacyOffice is the reason a legacy Word, Excel or WPS file is refused.
var ErrLegacyOffice = errors.New("legacy Word/Excel/WPS file: convert it to DOCX, XLSX or PDF (e.g. libreoffice --headless --convert-to docx FILE)")

// readLegacyOffice refuses an OLE2 compound file (.doc, .xls, .wps).
func readLegacyOffice(name string, _ []byte, _ *corpus.Document) error {
	return newError(name, Unsupported, ErrLegacyOffice)
}

// Limits on a DOCX archive: an entry larger than docxMaxEntry decompressed,
// or compressed more than docxMaxRatio times (beyond docxRatioFloor), is a
// zip bomb.
const (
	docxMaxEntry   = 100 << 20
	docxMaxRatio   = 200
	docxRatioFloor = 1 << 20
	// docxMaxTableDepth bounds nested tables; deeper ones are read as text
	// of the cell that holds them.
	docxMaxTableDepth = 32
)

// readDOCX reads a Word document: paragraphs in order, headings from their
// style, list items numbered as Word renders them, and tables with their
// merged cells. Span.Line is the paragraph's index (from 1) in document order,
// counting paragraphs inside tables.
func readDOCX(name string, raw []byte, doc *corpus.Document) error {
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		return newError(name, Malformed, fmt.Errorf("loaders: docx: %w", err))
	}
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		files[strings.ToLower(strings.ReplaceAll(f.Name, "\\", "/"))] = f
	}
	read := func(part string) ([]byte, error) {
		f := files[part]
		if f == nil {
			return nil, nil
		}
		return readZipEntry(f)
	}
	main, err := read("word/document.xml")
	if err != nil {
		return officeError(name, "docx", err)
	}
	if main == nil {
		return newError(name, Malformed, errors.New("loaders: docx: no word/document.xml"))
	}
	stylesXML, err := read("word/styles.xml")
	if err != nil {
		return officeError(name, "docx", err)
	}
	numberingXML, err := read("word/numbering.xml")
	if err != nil {
		return officeError(name, "docx", err)
	}
	doc.Info.Charset = "utf-8"
	d := &docxReader{b: &builder{}, styles: parseStyles(stylesXML), num: parseNumbering(numberingXML)}
	if err := d.parse(main); err != nil {
		return newError(name, Malformed, fmt.Errorf("loaders: docx: word/document.xml: %w", err))
	}
	d.b.finish(doc)
	if len(doc.Blocks) == 0 {
		return newError(name, Empty, ErrEmpty)
	}
	return nil
}

// readZipEntry reads one archive entry, refusing entries that decompress to
// too much.
func readZipEntry(f *zip.File) ([]byte, error) {
	size := f.UncompressedSize64
	if size > docxMaxEntry || (size > docxRatioFloor && size/max(f.CompressedSize64, 1) > docxMaxRatio) {
		return nil, fmt.Errorf("%w: %s decompresses to %d bytes", ErrUnzipTooLarge, f.Name, size)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name, err)
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, docxMaxEntry+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name, err)
	}
	if len(b) > docxMaxEntry {
		return nil, fmt.Errorf("%w: %s", ErrUnzipTooLarge, f.Name)
	}
	return b, nil
}

// ---- styles ----------------------------------------------------------------

type docxStyle struct {
	heading int // heading level, 0 for none
	numID   string
	ilvl    int
}

var reHeadingStyle = regexp.MustCompile(`(?i)^(?:heading|标题|標題)\s*([1-9])$`)

func parseStyles(b []byte) map[string]docxStyle {
	out := map[string]docxStyle{}
	if b == nil {
		return out
	}
	var doc struct {
		Styles []struct {
			ID      string  `xml:"styleId,attr"`
			Name    valAttr `xml:"name"`
			BasedOn valAttr `xml:"basedOn"`
			PPr     struct {
				Outline *valAttr `xml:"outlineLvl"`
				NumPr   *struct {
					Ilvl  valAttr `xml:"ilvl"`
					NumID valAttr `xml:"numId"`
				} `xml:"numPr"`
			} `xml:"pPr"`
		} `xml:"style"`
	}
	if xml.Unmarshal(b, &doc) != nil {
		return out
	}
	based := map[string]string{}
	for _, s := range doc.Styles {
		st := docxStyle{}
		for _, n := range []string{s.ID, s.Name.Val} {
			if m := reHeadingStyle.FindStringSubmatch(strings.TrimSpace(n)); m != nil {
				st.heading = int(m[1][0] - '0')
			}
		}
		if strings.EqualFold(s.ID, "Title") || strings.EqualFold(s.Name.Val, "Title") {
			st.heading = 1
		}
		if st.heading == 0 && s.PPr.Outline != nil {
			if v, err := strconv.Atoi(s.PPr.Outline.Val); err == nil && v >= 0 && v < 9 {
				st.heading = v + 1
			}
		}
		if s.PPr.NumPr != nil {
			st.numID = s.PPr.NumPr.NumID.Val
			st.ilvl, _ = strconv.Atoi(s.PPr.NumPr.Ilvl.Val)
		}
		out[s.ID] = st
		based[s.ID] = s.BasedOn.Val
	}
	// A style based on a heading is a heading.
	for id, st := range out {
		p := based[id]
		for k := 0; st.heading == 0 && p != "" && k < 8; k++ {
			st.heading = out[p].heading
			p = based[p]
		}
		out[id] = st
	}
	return out
}

type valAttr struct {
	Val string `xml:"val,attr"`
}

// ---- numbering -------------------------------------------------------------

type numLevel struct {
	format, text string
	start        int
}

type numbering struct {
	abstract map[string]map[int]numLevel // abstractNumId -> ilvl -> level
	nums     map[string]string           // numId -> abstractNumId
	starts   map[string]map[int]int      // numId -> ilvl -> start override
	counters map[string][]int            // numId -> counter per level
}

func parseNumbering(b []byte) *numbering {
	n := &numbering{abstract: map[string]map[int]numLevel{}, nums: map[string]string{}, starts: map[string]map[int]int{}, counters: map[string][]int{}}
	if b == nil {
		return n
	}
	var doc struct {
		Abstract []struct {
			ID  string `xml:"abstractNumId,attr"`
			Lvl []struct {
				Ilvl    string  `xml:"ilvl,attr"`
				Start   valAttr `xml:"start"`
				NumFmt  valAttr `xml:"numFmt"`
				LvlText valAttr `xml:"lvlText"`
			} `xml:"lvl"`
		} `xml:"abstractNum"`
		Num []struct {
			ID       string  `xml:"numId,attr"`
			Abstract valAttr `xml:"abstractNumId"`
			Override []struct {
				Ilvl  string  `xml:"ilvl,attr"`
				Start valAttr `xml:"startOverride"`
			} `xml:"lvlOverride"`
		} `xml:"num"`
	}
	if xml.Unmarshal(b, &doc) != nil {
		return n
	}
	for _, a := range doc.Abstract {
		lv := map[int]numLevel{}
		for _, l := range a.Lvl {
			i, err := strconv.Atoi(l.Ilvl)
			if err != nil || i < 0 || i > 8 {
				continue
			}
			start, err := strconv.Atoi(l.Start.Val)
			if err != nil {
				start = 1
			}
			lv[i] = numLevel{format: l.NumFmt.Val, text: l.LvlText.Val, start: start}
		}
		n.abstract[a.ID] = lv
	}
	for _, x := range doc.Num {
		n.nums[x.ID] = x.Abstract.Val
		for _, o := range x.Override {
			i, err1 := strconv.Atoi(o.Ilvl)
			s, err2 := strconv.Atoi(o.Start.Val)
			if err1 == nil && err2 == nil && i >= 0 && i <= 8 {
				if n.starts[x.ID] == nil {
					n.starts[x.ID] = map[int]int{}
				}
				n.starts[x.ID][i] = s
			}
		}
	}
	return n
}

// next advances the counter of list numID at level ilvl and returns the
// number as Word prints it, or "" when the list is unknown or bulleted.
func (n *numbering) next(numID string, ilvl int) string {
	abs, ok := n.nums[numID]
	if !ok || numID == "0" {
		return ""
	}
	levels := n.abstract[abs]
	lv, ok := levels[ilvl]
	if !ok || ilvl < 0 || ilvl > 8 {
		return ""
	}
	start := func(i int) int {
		if s, ok := n.starts[numID][i]; ok {
			return s
		}
		if l, ok := levels[i]; ok {
			return l.start
		}
		return 1
	}
	c := n.counters[numID]
	if c == nil {
		c = make([]int, 9)
		for i := range c {
			c[i] = start(i) - 1
		}
		n.counters[numID] = c
	}
	c[ilvl]++
	for i := ilvl + 1; i < 9; i++ {
		c[i] = start(i) - 1
	}
	if lv.format == "bullet" || lv.format == "none" {
		return ""
	}
	text := lv.text
	for i := 0; i <= ilvl; i++ {
		ph := "%" + strconv.Itoa(i+1)
		if strings.Contains(text, ph) {
			text = strings.ReplaceAll(text, ph, wordNumber(max(c[i], start(i)), levels[i].format))
		}
	}
	return text
}

// formatNumber renders a list counter in a Word number format.
func wordNumber(v int, format string) string {
	switch format {
	case "chineseCounting", "chineseCountingThousand", "ideographTraditional", "taiwaneseCounting", "taiwaneseCountingThousand", "chineseLegalSimplified":
		return hanNumeral(v)
	case "decimalEnclosedCircle", "decimalEnclosedCircleChinese", "decimalEnclosedFullstop":
		if v >= 1 && v <= 20 {
			return string(rune('①' + v - 1))
		}
	case "lowerLetter", "upperLetter":
		if v >= 1 {
			s := strings.Repeat(string(rune('a'+(v-1)%26)), (v-1)/26+1)
			if format == "upperLetter" {
				s = strings.ToUpper(s)
			}
			return s
		}
	case "lowerRoman", "upperRoman":
		s := romanNumeral(v)
		if format == "lowerRoman" {
			s = strings.ToLower(s)
		}
		return s
	case "decimalZero":
		if v < 10 {
			return "0" + strconv.Itoa(v)
		}
	}
	return strconv.Itoa(v)
}

func hanNumeral(v int) string {
	digits := []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case v < 0 || v >= 100:
		return strconv.Itoa(v)
	case v < 10:
		return digits[v]
	case v == 10:
		return "十"
	case v < 20:
		return "十" + digits[v%10]
	case v%10 == 0:
		return digits[v/10] + "十"
	}
	return digits[v/10] + "十" + digits[v%10]
}

func romanNumeral(v int) string {
	if v <= 0 || v >= 4000 {
		return strconv.Itoa(v)
	}
	vals := []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"}
	var b strings.Builder
	for i, x := range vals {
		for v >= x {
			b.WriteString(syms[i])
			v -= x
		}
	}
	return b.String()
}

// ---- document.xml ----------------------------------------------------------

type docxCell struct {
	span   int
	vmerge string // "" none, "restart", "continue"
	paras  []string
	line   int
}

type docxTable struct {
	rows   [][]*docxCell
	before []int    // gridBefore per row
	header int      // leading rows marked to repeat as the header (tblHeader)
	nested []*piece // tables inside, emitted after this one
	line   int
}

type docxReader struct {
	b      *builder
	styles map[string]docxStyle
	num    *numbering
	paras  int
	tables []*docxTable // open tables, innermost last
	skip   int          // depth of tables beyond the limit
}

// paragraph state
type docxPara struct {
	text   strings.Builder
	style  string
	numID  string
	ilvl   int
	hasNum bool
	line   int
	inDel  int
}

func (d *docxReader) parse(b []byte) error {
	dec := xml.NewDecoder(bytes.NewReader(b))
	var p *docxPara
	inText := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			line := 1 + bytes.Count(b[:min(int(dec.InputOffset()), len(b))], []byte("\n"))
			return fmt.Errorf("line %d: %w", line, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "p":
				d.paras++
				p = &docxPara{line: d.paras}
			case "pStyle":
				if p != nil {
					p.style = xmlAttr(t, "val")
				}
			case "ilvl":
				if p != nil {
					p.ilvl, _ = strconv.Atoi(xmlAttr(t, "val"))
					p.hasNum = true
				}
			case "numId":
				if p != nil {
					p.numID = xmlAttr(t, "val")
					p.hasNum = true
				}
			case "t":
				inText = p != nil && p.inDel == 0
			case "tab":
				if p != nil && p.inDel == 0 && xmlAttr(t, "pos") == "" { // w:tabs/w:tab is a tab stop
					p.text.WriteByte(' ')
				}
			case "br", "cr":
				if p != nil && p.inDel == 0 {
					p.text.WriteByte('\n')
				}
			case "noBreakHyphen":
				if p != nil {
					p.text.WriteByte('-')
				}
			case "del", "delText", "instrText":
				if p != nil {
					p.inDel++
				}
			case "tbl":
				if len(d.tables) >= docxMaxTableDepth {
					d.skip++
					continue
				}
				d.tables = append(d.tables, &docxTable{line: d.paras + 1})
			case "tr":
				if tb := d.table(); tb != nil {
					tb.rows = append(tb.rows, nil)
					tb.before = append(tb.before, 0)
				}
			case "tblHeader":
				if tb := d.table(); tb != nil && len(tb.rows) == tb.header+1 {
					switch xmlAttr(t, "val") {
					case "0", "false", "off":
					default:
						tb.header++
					}
				}
			case "gridBefore":
				if tb := d.table(); tb != nil && len(tb.before) > 0 {
					v, _ := strconv.Atoi(xmlAttr(t, "val"))
					tb.before[len(tb.before)-1] = min(max(v, 0), 64)
				}
			case "tc":
				if tb := d.table(); tb != nil && len(tb.rows) > 0 {
					r := len(tb.rows) - 1
					tb.rows[r] = append(tb.rows[r], &docxCell{span: 1, line: d.paras + 1})
				}
			case "gridSpan":
				if c := d.cell(); c != nil {
					v, _ := strconv.Atoi(xmlAttr(t, "val"))
					c.span = min(max(v, 1), 64)
				}
			case "vMerge":
				if c := d.cell(); c != nil {
					if xmlAttr(t, "val") == "restart" {
						c.vmerge = "restart"
					} else {
						c.vmerge = "continue"
					}
				}
			}
		case xml.CharData:
			if inText && p != nil && p.inDel == 0 {
				p.text.Write(t)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "t":
				inText = false
			case "del", "delText", "instrText":
				if p != nil && p.inDel > 0 {
					p.inDel--
				}
			case "p":
				if p != nil {
					d.endPara(p)
				}
				p = nil
			case "tc":
				// the cell keeps its paragraphs
			case "tbl":
				if d.skip > 0 {
					d.skip--
					continue
				}
				if len(d.tables) > 0 {
					tb := d.tables[len(d.tables)-1]
					d.tables = d.tables[:len(d.tables)-1]
					d.endTable(tb)
				}
			}
		}
	}
	for len(d.tables) > 0 { // unclosed tables of a cut file
		t := d.tables[len(d.tables)-1]
		d.tables = d.tables[:len(d.tables)-1]
		d.endTable(t)
	}
	return nil
}

func xmlAttr(t xml.StartElement, local string) string {
	for _, a := range t.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

func (d *docxReader) table() *docxTable {
	if len(d.tables) == 0 {
		return nil
	}
	return d.tables[len(d.tables)-1]
}

func (d *docxReader) cell() *docxCell {
	t := d.table()
	if t == nil || len(t.rows) == 0 {
		return nil
	}
	r := t.rows[len(t.rows)-1]
	if len(r) == 0 {
		return nil
	}
	return r[len(r)-1]
}

func (d *docxReader) endPara(p *docxPara) {
	text := p.text.String()
	if c := d.cell(); c != nil {
		c.paras = append(c.paras, text)
		return
	}
	st := d.styles[p.style]
	numID, ilvl := p.numID, p.ilvl
	if !p.hasNum && st.numID != "" {
		numID, ilvl = st.numID, st.ilvl
	}
	number := ""
	if numID != "" {
		number = d.num.next(numID, ilvl)
	}
	span := corpus.Span{Line: p.line}
	switch {
	case st.heading > 0:
		h := strings.TrimSpace(strings.ReplaceAll(text, "\n", " "))
		if number != "" {
			h = number + h
		}
		d.b.add(piece{kind: pieceHeading, level: st.heading, text: h, span: span})
	case number != "":
		d.b.add(piece{kind: pieceList, number: number, level: ilvl + 1, text: strings.ReplaceAll(text, "\n", " "), span: span})
	default:
		for l := range strings.SplitSeq(text, "\n") {
			d.b.add(piece{kind: pieceText, text: l, span: span})
		}
	}
}

// endTable lays a table's cells on the grid: gridSpan widens a cell, a
// vMerge continuation extends the cell above it.
func (d *docxReader) endTable(dt *docxTable) {
	t := &corpus.Table{}
	above := map[int]int{} // column -> index in t.Cells of the cell covering it in the previous row
	for r, row := range dt.rows {
		col := 0
		if r < len(dt.before) {
			col = dt.before[r]
		}
		cur := map[int]int{}
		for _, c := range row {
			if c.vmerge == "continue" {
				if a, ok := above[col]; ok {
					ac := &t.Cells[a]
					ac.RowSpan = r - ac.Row + 1
					for k := col; k < col+max(ac.ColSpan, 1); k++ {
						cur[k] = a
					}
					col += max(ac.ColSpan, 1)
					continue
				}
			}
			cell := corpus.Cell{Row: r, Col: col, Text: strings.Join(c.paras, "\n"), Span: corpus.Span{Line: c.line}}
			if c.span > 1 {
				cell.ColSpan = c.span
			}
			t.AddCell(cell)
			for k := col; k < col+c.span; k++ {
				cur[k] = len(t.Cells) - 1
			}
			col += c.span
		}
		above = cur
		t.Rows = max(t.Rows, r+1)
	}
	pc := &piece{kind: pieceTable, table: t, headerRows: dt.header, captionFromPrev: true, span: corpus.Span{Line: dt.line}}
	if outer := d.table(); outer != nil {
		outer.nested = append(outer.nested, pc)
		outer.nested = append(outer.nested, dt.nested...)
		return
	}
	d.b.add(*pc)
	for _, n := range dt.nested {
		d.b.add(*n)
	}
}
