package loaders

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/minsheng/minsheng/corpus"
)

// FuzzLoadBytes checks that no input makes the reader panic and that every
// table cell lies within its table.
func FuzzLoadBytes(f *testing.F) {
	for _, p := range seedFiles(f) {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		// Small slices keep the fuzzer fast: the head, a middle and the end.
		const n = 2048
		if len(b) <= n {
			f.Add(b)
			continue
		}
		f.Add(b[:n])
		f.Add(b[len(b)/2 : len(b)/2+n])
		f.Add(b[len(b)-n:])
	}
	f.Add([]byte(yuhuanAttachment2))
	f.Add([]byte("序号\n\n名称\n\n单位\n\n1\n\n\n\n\n"))
	f.Add([]byte("\t序号\n\t名称\n\t单位\n\n\t1\n\t\n"))
	f.Add([]byte("a | b | c |\n1 | 2\n| |||\n"))
	f.Add([]byte("序\t号\t名\n1\t\t\n\n\t\t\n"))
	f.Add([]byte("序号 |\n名称 |\n单位 |\n1 |\n甲 |\n|\n2\n|\n乙\n|\n丙 |\n续 |\n"))
	f.Add([]byte("序号 | 名称 | 目标 | 单位 |\n1 | 甲 | 3个 | 局 |\n续2个 | | |\n乙 | 4 | 5% |\n"))
	f.Add([]byte("地区 | 标题 | ||\n组甲 | 组乙 | ||\n计划 | 完成 |\n资金 |\n|\n东 | 1 | 2 | 3 |\n"))
	f.Add([]byte("地区 | 标题项目 | |||||\n项目 | 单位 | 计划 | 完成 | 资金 |\n计划数 | 完成数 |\n资金数 |\n|\n东 | 1 | 2 | 3 | 4 | 5 |\n"))
	f.Add([]byte("序号 任务 单位 情况\n一、甲\n1甲 乙 丙 丁 戊\n二、乙\n\n(一)丙\n2 县局\n县办\n"))
	f.Add([]byte("序号 任务 单位 情况\n一、甲\n二、乙\n1 甲 乙\n"))
	files, _ := filepath.Glob(filepath.Join("testdata", "flat", "*.txt"))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		doc, err := LoadBytes("fuzz.txt", raw, Options{})
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		checkDoc(t, doc)
	})
}

// checkDoc checks the invariants of a document model, every block and cell
// with its source line.
func checkDoc(t *testing.T, doc *corpus.Document) {
	t.Helper()
	checkModel(t, doc, true)
}

// checkModel checks what every reader promises: no empty text block, tables
// counted from one, header rows within the table, every cell within its
// table and no position covered twice; with lines, every block and cell
// knows its source line.
func checkModel(t testing.TB, doc *corpus.Document, lines bool) {
	t.Helper()
	index := 0
	for _, b := range doc.Blocks {
		if lines && b.Span.Line < 1 {
			t.Errorf("block without a line: %+v", b)
		}
		if b.Kind != corpus.TableBlock {
			if b.Text == "" {
				t.Errorf("empty %v block at line %d", b.Kind, b.Span.Line)
			}
			continue
		}
		tb := b.Table
		index++
		if tb == nil || tb.Index != index {
			t.Fatalf("table %d: %+v", index, tb)
		}
		if tb.HeaderRows > tb.Rows {
			t.Errorf("table %d: %d header rows of %d", index, tb.HeaderRows, tb.Rows)
		}
		seen := map[[2]int]bool{}
		for _, c := range tb.Cells {
			rs, cs := max(c.RowSpan, 1), max(c.ColSpan, 1)
			if c.Row < 0 || c.Col < 0 || c.Row+rs > tb.Rows || c.Col+cs > tb.Cols {
				t.Errorf("table %d: cell %d,%d+%d,%d outside %dx%d", index, c.Row, c.Col, rs, cs, tb.Rows, tb.Cols)
			}
			if lines && c.Span.Line < 1 {
				t.Errorf("table %d: cell %d,%d without a line", index, c.Row, c.Col)
			}
			for r := c.Row; r < c.Row+rs; r++ {
				for k := c.Col; k < c.Col+cs; k++ {
					if seen[[2]int{r, k}] {
						t.Errorf("table %d: two cells cover %d,%d", index, r, k)
					}
					seen[[2]int{r, k}] = true
				}
			}
		}
	}
}

func TestSeedInvariants(t *testing.T) {
	for _, f := range seedFiles(t) {
		doc, err := Load(f, Options{})
		if err != nil {
			t.Fatal(err)
		}
		checkDoc(t, doc)
	}
}

// BenchmarkLoadText reads the Yuhuan bulletin, the longest seed.
func BenchmarkLoadText(b *testing.B) {
	var raw []byte
	for _, p := range seedFiles(b) {
		if seedName(p) == "yuhuan-2021-q3-bulletin" {
			var err error
			if raw, err = os.ReadFile(p); err != nil {
				b.Fatal(err)
			}
		}
	}
	if raw == nil {
		b.Fatal("no yuhuan seed")
	}
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := LoadBytes("yuhuan.txt", raw, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
