package loaders_test

import (
	"html"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/minsheng/minsheng/corpus"
	"github.com/minsheng/minsheng/extract"
	"github.com/minsheng/minsheng/loaders"
)

// Pages that hold a text notice as text: in a <pre>, one <p> a line, or
// nested deeper than the parser goes. Each is read as the text is, its
// tables flattened one cell a line found.
var textPages = map[string]func(lines []string) string{
	"pre": func(lines []string) string {
		return "<html><head><title>" + html.EscapeString(pageTitle(lines)) + "_某市人民政府</title></head><body><div class=\"content\"><pre>" +
			html.EscapeString(strings.Join(lines, "\n")) + "</pre></div></body></html>"
	},
	"p a line": func(lines []string) string {
		var b strings.Builder
		b.WriteString("<html><head><title>" + html.EscapeString(pageTitle(lines)) + "_某市人民政府</title></head><body><div class=\"content\">\n")
		for _, l := range lines {
			b.WriteString("<p>" + html.EscapeString(l) + "</p>\n")
		}
		b.WriteString("</div></body></html>")
		return b.String()
	},
	"320 divs deep": func(lines []string) string {
		var b strings.Builder
		b.WriteString("<html><head><title>" + html.EscapeString(pageTitle(lines)) + "_某市人民政府</title></head><body>")
		b.WriteString(strings.Repeat("<div>", 320))
		for _, l := range lines {
			b.WriteString("<p>" + html.EscapeString(l) + "</p>\n")
		}
		b.WriteString(strings.Repeat("</div>", 320))
		b.WriteString("</body></html>")
		return b.String()
	},
}

func TestTextInHTML(t *testing.T) {
	for _, seed := range []string{"yuhuan-2021-q3-bulletin.txt", "hangzhou-livelihood-lists.txt", "wenling-2022-supervision-plan.txt"} {
		// Wenling's table is told by its lines' tab indents, which only a
		// <pre> keeps: HTML shows white space at a line's start as nothing.
		indented := strings.HasPrefix(seed, "wenling")
		path := filepath.Join("..", "testdata", "seeds", seed)
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		want := records(t, path, nil)
		lines := strings.Split(strings.ReplaceAll(string(raw), "\r\n", "\n"), "\n")
		for name, page := range textPages {
			if indented && name != "pre" {
				continue
			}
			t.Run(seed+"/"+name, func(t *testing.T) {
				doc, err := loaders.LoadBytes(seed+".html", []byte(page(lines)), loaders.Options{})
				if err != nil {
					t.Fatal(err)
				}
				got := extract.Extract(doc)
				diffs := 0
				for i := range max(len(got), len(want)) {
					var g, w string
					if i < len(got) {
						g = essenceOf(got[i])
					}
					if i < len(want) {
						w = essenceOf(want[i])
					}
					if g != w {
						if diffs++; diffs <= 3 {
							t.Errorf("record %d differs\n got: %s\nwant: %s", i, g, w)
						}
					}
				}
				if diffs > 0 {
					t.Errorf("%d records differ: got %d records (%d of kind other), want %d", diffs, len(got), countKind(got, "other"), len(want))
				}
			})
		}
	}
}

// pageTitle is the first line of a notice, as its page's title gives it.
func pageTitle(lines []string) string {
	for _, l := range lines {
		if l = strings.TrimSpace(l); l != "" {
			return l
		}
	}
	return ""
}

func countKind(recs []corpus.Record, kind string) int {
	n := 0
	for _, r := range recs {
		if r.Kind == kind {
			n++
		}
	}
	return n
}

// A page of tables nested in hundreds of <div>s gives the records it gives
// unnested, even nested deeper than the parser allows.
func TestDeeplyNestedPage(t *testing.T) {
	path := filepath.Join(fixtureDir, "yuhuan-2021-q3-bulletin.html")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := records(t, path, nil)
	page := string(raw)
	open, close := strings.Index(page, "<body"), strings.LastIndex(page, "</body>")
	open += strings.Index(page[open:], ">") + 1
	for _, depth := range []int{320, 700} {
		nested := page[:open] + strings.Repeat("<div>", depth) + page[open:close] + strings.Repeat("</div>", depth) + page[close:]
		doc, err := loaders.LoadBytes("nested.html", []byte(nested), loaders.Options{})
		if err != nil {
			t.Fatal(err)
		}
		// Beyond, the tables are read from the lines of their cells, as in
		// a text, and most records are the same.
		got := extract.Extract(doc)
		if depth < 512 && len(got) != len(want) {
			t.Errorf("%d deep: %d records, want %d", depth, len(got), len(want))
		}
		same := 0
		if depth < 512 {
			for i := range min(len(got), len(want)) {
				if g, w := essenceOf(got[i]), essenceOf(want[i]); g == w {
					same++
				} else {
					t.Errorf("%d deep: record %d\n got: %s\nwant: %s", depth, i, g, w)
				}
			}
		} else {
			// read as text, the records may come in another order: count
			// those found either way
			left := map[string]int{}
			for _, w := range want {
				left[essenceOf(w)]++
			}
			for _, g := range got {
				if e := essenceOf(g); left[e] > 0 {
					left[e]--
					same++
				}
			}
		}
		if same*10 < len(want)*8 {
			t.Errorf("%d deep: %d of %d records as unnested", depth, same, len(want))
		}
		t.Logf("%d deep: %d of %d records as unnested", depth, same, len(want))
	}
}
