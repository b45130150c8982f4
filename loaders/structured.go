package loaders

import (
	"strings"

	"github.com/minsheng/minsheng/corpus"
	"github.com/minsheng/minsheng/normalize"
)

// The structured readers (HTML, XLSX, DOCX) read a file in three passes: the
// format's structure gives raw pieces (texts, headings, list items, tables of
// raw cell texts); the text of all pieces is repaired at once, so that
// normalize.Repair judges traditional against simplified on the whole
// document; then the pieces become blocks, classified the way the text reader
// classifies its lines.

// pieceKind says what the format knows about a piece.
type pieceKind int

const (
	// pieceText is text whose role the format does not state (a <p>, a
	// Word paragraph without heading style): it is classified by its words.
	pieceText pieceKind = iota + 1
	// pieceFact is a line of document facts (title, 文号, 发布时间) kept as
	// a paragraph as it is.
	pieceFact
	pieceHeading
	pieceList
	pieceTable
)

// piece is one unit of a structured document before repair.
type piece struct {
	kind   pieceKind
	text   string
	level  int    // heading level; list depth
	number string // list number rendered by the format ("1.", "①"), "" to read it from the text
	span   corpus.Span
	// table holds raw cell texts; caption an explicit caption (<caption>,
	// a sheet title); headerRows the header rows the markup states (<th>
	// rows), or 0 to detect them by their words.
	table      *corpus.Table
	caption    string
	headerRows int
	// captionFromPrev lets the block before the table title it.
	captionFromPrev bool
}

// builder collects pieces and turns them into the blocks of a document.
type builder struct {
	pieces []piece
}

func (b *builder) add(p piece) {
	if p.kind != pieceTable {
		p.text = strings.TrimSpace(p.text)
		if p.text == "" {
			return
		}
	}
	b.pieces = append(b.pieces, p)
}

// texts returns pointers to every text of the pieces, in order.
func (b *builder) texts() []*string {
	var out []*string
	for i := range b.pieces {
		p := &b.pieces[i]
		if p.kind != pieceTable {
			out = append(out, &p.text, &p.number)
			continue
		}
		out = append(out, &p.caption)
		for k := range p.table.Cells {
			out = append(out, &p.table.Cells[k].Text)
		}
	}
	return out
}

// repair repairs all texts of the pieces as one document and records what
// fired in doc. Repair keeps the number of lines, so the repaired whole is cut
// back into the pieces by their line counts.
func (b *builder) repair(doc *corpus.Document) {
	ts := b.texts()
	var sb strings.Builder
	for i, t := range ts {
		if i > 0 {
			sb.WriteByte('\n')
		}
		sb.WriteString(strings.ReplaceAll(*t, "\r", ""))
	}
	repaired, rep := normalize.Repair(sb.String())
	lines := strings.Split(repaired, "\n")
	want := 0
	for _, t := range ts {
		want += strings.Count(strings.ReplaceAll(*t, "\r", ""), "\n") + 1
	}
	if len(ts) > 0 && len(lines) == want {
		k := 0
		for _, t := range ts {
			n := strings.Count(strings.ReplaceAll(*t, "\r", ""), "\n") + 1
			*t = strings.Join(lines[k:k+n], "\n")
			k += n
		}
	} else {
		for _, t := range ts { // cannot happen while Repair keeps lines
			*t, _ = normalize.Repair(*t)
		}
	}
	if len(rep.Repairs) > 0 {
		if doc.Repairs == nil {
			doc.Repairs = map[string]int{}
		}
		for k, v := range rep.Repairs {
			doc.Repairs[k] += v
		}
	}
	doc.Flags = appendFlags(doc.Flags, rep.Flags...)
}

// finish repairs the pieces and appends their blocks to doc.
func (b *builder) finish(doc *corpus.Document) {
	b.repair(doc)
	p := &parser{}
	for i := range b.pieces {
		pc := &b.pieces[i]
		if pc.kind == pieceTable {
			p.structuredTable(pc)
			continue
		}
		text := cleanText(pc.text)
		if text == "" {
			continue
		}
		blk := corpus.Block{Text: text, Span: pc.span}
		switch pc.kind {
		case pieceFact:
			blk.Kind = corpus.Paragraph
		case pieceHeading:
			p.styles = nil
			blk.Kind, blk.Level = corpus.Heading, max(pc.level, 1)
		case pieceList:
			blk.Kind, blk.Level, blk.Number = corpus.ListItem, max(pc.level, 1), pc.number
			if blk.Number == "" {
				if it, ok := parseListItem(text); ok {
					blk.Number, blk.Text = it.number, it.text
				}
			}
		default:
			p.classify(&blk)
		}
		p.addBlock(blk)
	}
	doc.Blocks = append(doc.Blocks, p.blocks...)
}

// cleanText trims each line of a text and drops empty lines.
func cleanText(s string) string {
	if !strings.Contains(s, "\n") {
		return cleanLine(s)
	}
	var out []string
	for l := range strings.SplitSeq(s, "\n") {
		if l = cleanLine(l); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// classify gives a text of unknown role the kind the text reader would give
// the same line: heading, list item or paragraph.
func (p *parser) classify(b *corpus.Block) {
	text := b.Text
	if lvl, ok := headingLevel(text); ok && !strings.Contains(text, "\n") {
		if lvl == 1 && !reAttachment.MatchString(text) && !reHanSection.MatchString(text) {
			lvl = p.titleLevel()
		}
		p.styles = nil
		b.Kind, b.Level = corpus.Heading, lvl
		return
	}
	if it, ok := parseListItem(text); ok {
		b.Kind, b.Number, b.Level, b.Text = corpus.ListItem, it.number, p.level(it), it.text
		return
	}
	b.Kind = corpus.Paragraph
}

// addBlock appends a block with the flags its text raises.
func (p *parser) addBlock(b corpus.Block) {
	b.Flags = appendFlags(b.Flags, normalize.TextFlags(b.Text)...)
	p.blocks = append(p.blocks, b)
}

// structuredTable finishes a table piece: cleans the cells, drops empty ones,
// finds the caption and the header rows, and appends the table block.
func (p *parser) structuredTable(pc *piece) {
	t := pc.table
	cells := t.Cells[:0]
	for _, c := range t.Cells {
		c.Text = cleanText(c.Text)
		if c.Text == "" && max(c.RowSpan, 1)*max(c.ColSpan, 1) == 1 {
			continue
		}
		c.Flags = appendFlags(c.Flags, normalize.TextFlags(c.Text)...)
		cells = append(cells, c)
	}
	t.Cells = cells
	trimTable(t)
	if t.Rows == 0 || t.Cols == 0 || len(t.Cells) == 0 {
		return
	}
	p.tables++
	t.Index = p.tables
	p.styles = nil
	t.Caption = cleanLine(strings.ReplaceAll(pc.caption, "\n", " "))
	if t.Caption == "" && pc.captionFromPrev {
		t.Caption = p.prevCaption()
	}
	t.HeaderRows = min(pc.headerRows, t.Rows)
	if t.HeaderRows == 0 {
		g := t.Grid()
		for t.HeaderRows < 3 && t.HeaderRows < len(g)-1 && isHeaderRow(g[t.HeaderRows]) {
			t.HeaderRows++
		}
	}
	span := pc.span
	if span.Line == 0 && len(t.Cells) > 0 {
		span = t.Cells[0].Span
	}
	p.blocks = append(p.blocks, corpus.Block{Kind: corpus.TableBlock, Table: t, Span: span})
}

// prevCaption returns the title printed right before a table (see captionOf).
func (p *parser) prevCaption() string {
	if len(p.blocks) == 0 {
		return ""
	}
	return p.captionOf(&p.blocks[len(p.blocks)-1])
}

// trimTable sets a table's extent to the rows and columns its cells cover,
// dropping empty trailing rows and columns.
func trimTable(t *corpus.Table) {
	t.Rows, t.Cols = 0, 0
	for _, c := range t.Cells {
		t.Rows = max(t.Rows, c.Row+max(c.RowSpan, 1))
		t.Cols = max(t.Cols, c.Col+max(c.ColSpan, 1))
	}
}
