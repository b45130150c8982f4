package corpus

// BlockKind is the closed set of block types a reader produces.
type BlockKind int

const (
	Heading BlockKind = iota + 1
	Paragraph
	ListItem
	TableBlock
)

func (k BlockKind) String() string {
	switch k {
	case Heading:
		return "heading"
	case Paragraph:
		return "paragraph"
	case ListItem:
		return "list_item"
	case TableBlock:
		return "table"
	}
	return "unknown"
}

// MarshalText lets block kinds print as words in JSON dumps of the model.
func (k BlockKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// Span locates a block or a cell in its source. Positions count from one; zero
// means unknown or not applicable.
type Span struct {
	Page int `json:"page,omitempty"`
	Line int `json:"line,omitempty"` // first line of the source text
}

// Block is one unit of a document in reading order.
type Block struct {
	Kind BlockKind `json:"kind"`
	// Text is the repaired text of a heading, paragraph or list item.
	Text string `json:"text,omitempty"`
	// Number is a list item's number as printed ("1.", "(2)", "①", "一、").
	Number string `json:"number,omitempty"`
	// Level is a heading's level (1 is the top) or a list item's depth.
	Level int    `json:"level,omitempty"`
	Table *Table `json:"table,omitempty"`
	Span  Span   `json:"span"`
	// Flags are repair flags raised on the block's text (truncated, lost_character …).
	Flags []string `json:"flags,omitempty"`
}

// Table is a table of cells on a regular grid: every cell knows its row and
// column; a merged cell is kept once at its anchor with its spans.
type Table struct {
	// Index counts the document's tables from one.
	Index int `json:"index"`
	// Caption is the title printed above the table, if any ("附件2 …完成情况表").
	Caption string `json:"caption,omitempty"`
	// HeaderRows is how many leading rows form the header (0 when unknown).
	HeaderRows int    `json:"header_rows"`
	Cells      []Cell `json:"cells"`
	Rows       int    `json:"rows"`
	Cols       int    `json:"cols"`
}

// Cell is one table cell. Row and Col count from zero within the table.
type Cell struct {
	Row     int      `json:"row"`
	Col     int      `json:"col"`
	RowSpan int      `json:"row_span,omitempty"`
	ColSpan int      `json:"col_span,omitempty"`
	Text    string   `json:"text"`
	Span    Span     `json:"span"`
	Flags   []string `json:"flags,omitempty"`
}

// Grid returns the table as rows of cell texts, with a merged cell's text
// repeated in every position it covers. Missing cells are empty strings.
func (t *Table) Grid() [][]string {
	g := make([][]string, t.Rows)
	for i := range g {
		g[i] = make([]string, t.Cols)
	}
	for _, c := range t.Cells {
		rs, cs := max(c.RowSpan, 1), max(c.ColSpan, 1)
		for r := c.Row; r < c.Row+rs && r < t.Rows; r++ {
			for k := c.Col; k < c.Col+cs && k < t.Cols; k++ {
				g[r][k] = c.Text
			}
		}
	}
	return g
}

// CellAt returns the cell covering row r, column c, or nil.
func (t *Table) CellAt(r, c int) *Cell {
	for i := range t.Cells {
		x := &t.Cells[i]
		rs, cs := max(x.RowSpan, 1), max(x.ColSpan, 1)
		if r >= x.Row && r < x.Row+rs && c >= x.Col && c < x.Col+cs {
			return x
		}
	}
	return nil
}

// AddCell appends a cell and grows the table's extent to hold it.
func (t *Table) AddCell(c Cell) {
	t.Cells = append(t.Cells, c)
	if n := c.Row + max(c.RowSpan, 1); n > t.Rows {
		t.Rows = n
	}
	if n := c.Col + max(c.ColSpan, 1); n > t.Cols {
		t.Cols = n
	}
}

// Document is what a reader makes of one source file: its facts and its blocks.
type Document struct {
	Info   DocInfo `json:"info"`
	Blocks []Block `json:"blocks"`
	// Repairs counts the text repairs that fired while reading, by name.
	Repairs map[string]int `json:"repairs,omitempty"`
	// Flags are document-level flags (year_unknown, mojibake …).
	Flags []string `json:"flags,omitempty"`
	// Links are the hyperlinks of a page, in order, for the crawler.
	Links []Link `json:"links,omitempty"`
}

// Link is one hyperlink of a page.
type Link struct {
	URL  string `json:"url"`
	Text string `json:"text"`
	// Attachment is the format of a linked attachment ("pdf", "xlsx", "xls",
	// "docx", "doc", "wps"), or "" for a page.
	Attachment string `json:"attachment,omitempty"`
}

// Tables returns the document's tables in order.
func (d *Document) Tables() []*Table {
	var ts []*Table
	for i := range d.Blocks {
		if d.Blocks[i].Table != nil {
			ts = append(ts, d.Blocks[i].Table)
		}
	}
	return ts
}
