package web

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"slices"
	"strings"
	"sync"

	"github.com/minsheng/minsheng/corpus"
	"github.com/minsheng/minsheng/corpus/store"
	"github.com/minsheng/minsheng/loaders"
)

// The source text around a figure is read again from the document's file,
// when it is on this machine and still has the content that was stored (its
// sha256): the table rows around the figure's cell, or the blocks around its
// line, with the figure's phrases marked.

// maxSourceSize is the largest source file read back for context.
const maxSourceSize = 64 << 20

// part is a run of text, marked when it is one of the figure's phrases.
type part struct {
	Text string
	Mark bool
}

type cellView struct {
	Parts   []part
	Here    bool // the figure's own cell
	ColSpan int
}

type rowView struct {
	N      int // from 1, as provenance counts
	Header bool
	Here   bool
	Cells  []cellView
}

type blockView struct {
	Line  int
	Here  bool
	Parts []part
}

// sourceView is what the source page shows of the text.
type sourceView struct {
	Available bool
	Caption   string
	Rows      []rowView
	Blocks    []blockView
}

// docCache keeps the last documents read back, by sha256.
type docCache struct {
	mu   sync.Mutex
	docs map[string]*corpus.Document
	keys []string
}

func (c *docCache) get(sha string) *corpus.Document {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.docs[sha]
}

func (c *docCache) put(sha string, d *corpus.Document) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.docs == nil {
		c.docs = map[string]*corpus.Document{}
	}
	if _, ok := c.docs[sha]; ok {
		return
	}
	if len(c.keys) >= 8 {
		delete(c.docs, c.keys[0])
		c.keys = c.keys[1:]
	}
	c.docs[sha] = d
	c.keys = append(c.keys, sha)
}

var cache docCache

// readBack loads the document a figure is from, or nil when its file is not
// here or has changed.
func readBack(f store.Figure) *corpus.Document {
	if d := cache.get(f.SHA256); d != nil {
		return d
	}
	if strings.Contains(f.Source, "://") {
		return nil
	}
	fh, err := os.Open(f.Source)
	if err != nil {
		return nil
	}
	defer fh.Close()
	raw, err := io.ReadAll(io.LimitReader(fh, maxSourceSize+1))
	if err != nil || len(raw) > maxSourceSize {
		return nil
	}
	sum := sha256.Sum256(raw)
	if hex.EncodeToString(sum[:]) != f.SHA256 {
		return nil
	}
	doc, err := loaders.LoadBytes(f.Source, raw, loaders.Options{})
	if err != nil {
		return nil
	}
	cache.put(f.SHA256, doc)
	return doc
}

// context returns the text around a figure.
func sourceContext(f store.Figure) sourceView {
	doc := readBack(f)
	if doc == nil {
		return sourceView{}
	}
	phrases := []string{f.TargetRaw, f.ProgressRaw}
	v := sourceView{Available: true}
	if f.Table > 0 {
		for _, b := range doc.Blocks {
			if b.Table == nil || b.Table.Index != f.Table {
				continue
			}
			t := b.Table
			v.Caption = t.Caption
			here := f.Row - 1
			for r := 0; r < t.Rows; r++ {
				header := r < t.HeaderRows
				if !header && (r < here-1 || r > here+1) {
					continue
				}
				rv := rowView{N: r + 1, Header: header, Here: r == here}
				var prev *corpus.Cell
				for c := 0; c < t.Cols; c++ {
					cell := t.CellAt(r, c)
					if cell != nil && cell == prev {
						rv.Cells[len(rv.Cells)-1].ColSpan++ // a cell merged across columns
						continue
					}
					prev = cell
					text := ""
					if cell != nil {
						text = cell.Text
					}
					cv := cellView{ColSpan: 1, Here: r == here && c == f.Col-1}
					if r == here {
						cv.Parts = mark(text, phrases)
					} else {
						cv.Parts = []part{{Text: text}}
					}
					rv.Cells = append(rv.Cells, cv)
				}
				v.Rows = append(v.Rows, rv)
			}
			return v
		}
	}
	// a list item or paragraph: the blocks around the figure's line
	var blocks []corpus.Block
	for _, b := range doc.Blocks {
		if b.Table == nil && b.Text != "" {
			blocks = append(blocks, b)
		}
	}
	at := -1
	for i, b := range blocks {
		if f.Line > 0 && b.Span.Line <= f.Line {
			at = i
		}
	}
	if at < 0 {
		for i, b := range blocks {
			if f.TargetRaw != "" && strings.Contains(b.Text, f.TargetRaw) {
				at = i
				break
			}
		}
	}
	if at < 0 {
		return sourceView{}
	}
	for i := max(at-2, 0); i <= min(at+2, len(blocks)-1); i++ {
		b := blocks[i]
		text := b.Text
		if b.Number != "" {
			text = b.Number + " " + text
		}
		bv := blockView{Line: b.Span.Line, Here: i == at}
		if i == at {
			bv.Parts = mark(text, phrases)
		} else {
			bv.Parts = []part{{Text: text}}
		}
		v.Blocks = append(v.Blocks, bv)
	}
	return v
}

// mark splits text into runs, marking every occurrence of the phrases.
func mark(text string, phrases []string) []part {
	phrases = slices.DeleteFunc(slices.Clone(phrases), func(p string) bool { return p == "" })
	slices.SortFunc(phrases, func(a, b string) int { return len(b) - len(a) })
	var out []part
	rest := text
	for rest != "" {
		best, at := "", -1
		for _, p := range phrases {
			if i := strings.Index(rest, p); i >= 0 && (at < 0 || i < at) {
				best, at = p, i
			}
		}
		if at < 0 {
			out = append(out, part{Text: rest})
			break
		}
		if at > 0 {
			out = append(out, part{Text: rest[:at]})
		}
		out = append(out, part{Text: best, Mark: true})
		rest = rest[at+len(best):]
	}
	return out
}
