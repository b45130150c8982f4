package loaders

import (
	"fmt"
	"io"
	"strings"

	"github.com/minsheng/minsheng/corpus"
)

// DumpWidth is how many runes of a text Dump prints.
const DumpWidth = 48

// Dump writes the block model of doc as readable text, one block a line:
// kind, source line, number or level, and the start of the text. A table is
// a line of its shape followed by one line per cell: "r,c[+rowspan,colspan]
// line: text". Newlines inside texts print as ⏎.
func Dump(w io.Writer, doc *corpus.Document) error {
	ew := &errWriter{w: w}
	for _, b := range doc.Blocks {
		switch b.Kind {
		case corpus.TableBlock:
			t := b.Table
			ew.printf("table L%d #%d rows=%d cols=%d header=%d", b.Span.Line, t.Index, t.Rows, t.Cols, t.HeaderRows)
			if t.Caption != "" {
				ew.printf(" caption=%q", prefix(t.Caption, DumpWidth))
			}
			ew.printf("\n")
			for _, c := range t.Cells {
				span := ""
				if c.RowSpan > 1 || c.ColSpan > 1 {
					span = fmt.Sprintf("+%d,%d", max(c.RowSpan, 1), max(c.ColSpan, 1))
				}
				ew.printf("  %d,%d%s L%d: %s%s\n", c.Row, c.Col, span, c.Span.Line, prefix(c.Text, DumpWidth), flagText(c.Flags))
			}
		case corpus.ListItem:
			ew.printf("list L%d %s/%d %s%s\n", b.Span.Line, b.Number, b.Level, prefix(b.Text, DumpWidth), flagText(b.Flags))
		case corpus.Heading:
			ew.printf("heading L%d h%d %s%s\n", b.Span.Line, b.Level, prefix(b.Text, DumpWidth), flagText(b.Flags))
		default:
			ew.printf("%s L%d %s%s\n", b.Kind, b.Span.Line, prefix(b.Text, DumpWidth), flagText(b.Flags))
		}
	}
	return ew.err
}

func flagText(flags []string) string {
	if len(flags) == 0 {
		return ""
	}
	return " [" + strings.Join(flags, ",") + "]"
}

// prefix returns the first n runes of s with newlines shown as ⏎, and … when cut.
func prefix(s string, n int) string {
	s = strings.ReplaceAll(s, "\n", "⏎")
	r := []rune(s)
	if len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}
