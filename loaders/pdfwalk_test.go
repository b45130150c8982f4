package loaders

import (
	"math"
	"strings"
	"testing"
)

// testRes is a resource dictionary for hand-built content streams.
type testRes struct {
	fonts map[string]*pdfFont
	forms map[string]*pdfForm
}

func (r *testRes) font(name string) *pdfFont { return r.fonts[name] }
func (r *testRes) form(name string) (*pdfForm, error) {
	return r.forms[name], nil
}

// latinFont is a simple font whose glyphs are all 500 units wide but "W",
// 1000, and the space, 250.
func latinFont() *pdfFont {
	var tab [256]string
	widths := make([]float64, 256)
	for b := 32; b < 127; b++ {
		tab[b] = string(rune(b))
		widths[b] = 500
	}
	widths['W'] = 1000
	widths[' '] = 250
	return &pdfFont{name: "Latin", simple: &tab, widths: widths, path: "simple"}
}

// hanFont is an Identity-H CIDFont with a ToUnicode map: CIDs 1–4 are
// 民生实事, CID 5 is a half-width "1" (/W 500); the default width is 1000.
func hanFont() *pdfFont {
	f := &pdfFont{name: "Han", identity: true, dw: 1000, path: "tounicode",
		space: []pdfCodespace{{[]byte{0, 0}, []byte{0xFF, 0xFF}}},
		cidW:  map[uint32]float64{5: 500}, toUni: map[pdfCode]string{}}
	for _, r := range "民生实事1" {
		f.toUni[pdfCode{uint32(len(f.toUni) + 1), 2}] = string(r)
	}
	return f
}

func walkTest(content string, res *testRes) *pdfWalker {
	w := newPDFWalker(identityMat)
	w.walk([]byte(content), res)
	return w
}

func near(a, b float64) bool { return math.Abs(a-b) < 0.01 }

func glyphAt(t *testing.T, w *pdfWalker, i int, text string, x, y float64) {
	t.Helper()
	if i >= len(w.glyphs) {
		t.Fatalf("glyph %d missing; have %d", i, len(w.glyphs))
	}
	g := w.glyphs[i]
	if g.Text != text || !near(g.X, x) || !near(g.Y, y) {
		t.Errorf("glyph %d = %q at (%.2f, %.2f), want %q at (%.2f, %.2f)", i, g.Text, g.X, g.Y, text, x, y)
	}
}

func TestWalkerTextMoves(t *testing.T) {
	res := &testRes{fonts: map[string]*pdfFont{"F1": latinFont()}}
	w := walkTest(`BT /F1 10 Tf 100 700 Td (AW) Tj 0 -20 Td (B) Tj 12 TL T* (C) Tj 5 -10 TD (D) Tj T* (E) Tj
		1 0 0 1 300 500 Tm (F) Tj ET`, res)
	glyphAt(t, w, 0, "A", 100, 700)
	glyphAt(t, w, 1, "W", 105, 700) // A is 500 units: 5 points at 10 pt
	glyphAt(t, w, 2, "B", 100, 680) // Td moves from the line start, not the pen
	glyphAt(t, w, 3, "C", 100, 668) // T* by TL
	glyphAt(t, w, 4, "D", 105, 658) // TD
	glyphAt(t, w, 5, "E", 105, 648) // TD set TL to 10
	glyphAt(t, w, 6, "F", 300, 500) // Tm
	if w.glyphs[1].W != 10 {
		t.Errorf("W advance %.2f, want 10", w.glyphs[1].W)
	}
}

func TestWalkerSpacingAndTJ(t *testing.T) {
	res := &testRes{fonts: map[string]*pdfFont{"F1": latinFont()}}
	// Tc adds to every glyph, Tw to the space only, Tz scales horizontally,
	// and a TJ number moves the pen back by thousandths of the size.
	w := walkTest(`BT /F1 10 Tf 0 0 Td 1 Tc 2 Tw (A B) Tj ET
		BT /F1 10 Tf 0 Tc 0 Tw 0 100 Td [(A) -1000 (B) 500 (C)] TJ ET
		BT /F1 10 Tf 50 Tz 0 200 Td (AB) Tj ET
		BT /F1 10 Tf 0 300 Td 2 Ts (A) Tj ET`, res)
	glyphAt(t, w, 0, "A", 0, 0)
	glyphAt(t, w, 1, " ", 6, 0)    // 5 + Tc 1
	glyphAt(t, w, 2, "B", 11.5, 0) // space 2.5 + Tc 1 + Tw 2
	glyphAt(t, w, 3, "A", 0, 100)
	glyphAt(t, w, 4, "B", 15, 100) // 5 + 10 for -1000
	glyphAt(t, w, 5, "C", 15, 100) // 5 - 5 for 500
	glyphAt(t, w, 6, "A", 0, 200)
	glyphAt(t, w, 7, "B", 2.5, 200) // Tz 50
	glyphAt(t, w, 8, "A", 0, 302)   // rise
}

func TestWalkerCIDWidths(t *testing.T) {
	res := &testRes{fonts: map[string]*pdfFont{"F1": hanFont()}}
	// One string of four CJK glyphs and a half-width digit: each glyph gets
	// its own x from the CIDFont widths (the library gives them all one x).
	w := walkTest(`BT /F1 12 Tf 1 0 0 1 72 700 Tm <00010002000500030004> Tj ET`, res)
	glyphAt(t, w, 0, "民", 72, 700)
	glyphAt(t, w, 1, "生", 84, 700)
	glyphAt(t, w, 2, "1", 96, 700)
	glyphAt(t, w, 3, "实", 102, 700)
	glyphAt(t, w, 4, "事", 114, 700)
}

func TestWalkerCTMAndForm(t *testing.T) {
	form := &pdfForm{
		content: []byte(`BT /F1 10 Tf 0 0 Td (X) Tj ET 0 0 m 100 0 l S`),
		matrix:  pdfMat{1, 0, 0, 1, 10, 20},
		res:     &testRes{fonts: map[string]*pdfFont{"F1": latinFont()}},
	}
	res := &testRes{fonts: map[string]*pdfFont{"F1": latinFont()}, forms: map[string]*pdfForm{"Fm1": form}}
	w := walkTest(`q 2 0 0 2 100 100 cm BT /F1 10 Tf 0 0 Td (A) Tj ET Q
		q 1 0 0 1 50 50 cm /Fm1 Do Q
		BT /F1 10 Tf 0 0 Td (B) Tj ET
		/Missing Do`, res)
	glyphAt(t, w, 0, "A", 100, 100)
	if w.glyphs[0].Size != 20 || w.glyphs[0].W != 10 {
		t.Errorf("scaled glyph size %.1f width %.1f, want 20 and 10", w.glyphs[0].Size, w.glyphs[0].W)
	}
	glyphAt(t, w, 1, "X", 60, 70) // form matrix, then the CTM
	glyphAt(t, w, 2, "B", 0, 0)   // Q restored the CTM
	if len(w.rules) != 1 || !near(w.rules[0].X0, 60) || !near(w.rules[0].X1, 160) || !near(w.rules[0].Y0, 70) {
		t.Errorf("rules %+v, want one from (60,70) to (160,70)", w.rules)
	}
}

func TestWalkerRecursiveForm(t *testing.T) {
	form := &pdfForm{content: []byte(`BT /F1 10 Tf (Y) Tj ET /Fm1 Do`), matrix: identityMat}
	res := &testRes{fonts: map[string]*pdfFont{"F1": latinFont()}, forms: map[string]*pdfForm{"Fm1": form}}
	form.res = res
	w := walkTest(`/Fm1 Do`, res)
	if len(w.glyphs) != 1 || len(w.problems) == 0 {
		t.Errorf("a form drawing itself: %d glyphs, problems %v", len(w.glyphs), w.problems)
	}
}

func TestLexerHostile(t *testing.T) {
	for _, s := range []string{"(unterminated", "<4E2", "[[[[[[", "<< /A", "BI /W 1 ID \x00\x01 EI Q", "1.2.3 --4 Td", ")]>>}{", "(\\", "/"} {
		lx := &pdfLexer{b: []byte(s)}
		for n := 0; n < 100; n++ {
			if _, ok := lx.next(); !ok {
				break
			}
		}
		walkTest(s, &testRes{})
	}
	lx := &pdfLexer{b: []byte(`(a\)b\101\n) <4E2D> [(x) -12.5 (y)] /Name 3 Tj`)}
	var got []string
	for {
		o, ok := lx.next()
		if !ok {
			break
		}
		switch o.kind {
		case objStr, objName, objOp:
			got = append(got, o.s)
		case objArray:
			got = append(got, "[]")
		case objNum:
			got = append(got, "n")
		}
	}
	if strings.Join(got, "|") != "a)bA\n|N-|[]|Name|n|Tj" {
		t.Errorf("tokens %q", got)
	}
}

func TestToUnicodeRangeCarry(t *testing.T) {
	// A bfrange whose destination crosses a byte boundary: 00FF, 0100, 0101.
	// Without the carry the library maps the second code to U+0000.
	f := &pdfFont{}
	f.readToUnicode([]byte(`1 begincodespacerange <0000> <FFFF> endcodespacerange
		1 beginbfrange <0001> <0003> <00FF> endbfrange
		1 beginbfrange <0010> <0011> [<6C11> <751F>] endbfrange
		1 beginbfchar <0020> <5B9E4E8B> endbfchar`))
	for code, want := range map[uint32]string{1: "ÿ", 2: "Ā", 3: "ā", 0x10: "民", 0x11: "生", 0x20: "实事"} {
		if got, _ := f.text(pdfCode{code, 2}); got != want {
			t.Errorf("code %04X gives %q, want %q", code, got, want)
		}
	}
	if _, ok := f.text(pdfCode{4, 2}); ok {
		t.Error("an unmapped code has text")
	}
}

func TestPredefinedCMapFont(t *testing.T) {
	// GBK bytes: "民生" is C3F1 C9FA, then the one-byte "5".
	f := &pdfFont{identity: false, dw: 1000, cidW: map[uint32]float64{}}
	f.readPredefined("GBK-EUC-H")
	var got strings.Builder
	for _, c := range f.codes("\xC3\xF1\xC9\xFA5") {
		s, _ := f.text(c)
		got.WriteString(s)
	}
	if got.String() != "民生5" {
		t.Errorf("GBK-EUC-H gives %q", got.String())
	}
}
