package loaders

import (
	"math"
)

// The content-stream walker places every glyph of a page: it keeps the
// graphics state (CTM, q/Q), the text state (Tm, Tlm, Tc, Tw, Tz, TL, Ts, the
// font and its size) and moves the pen by each glyph's width from the font
// (/Widths, or /W and /DW of a CIDFont) and by TJ adjustments, so that the
// glyphs of one string land where the page shows them. Form XObjects are
// walked with their /Matrix. Straight strokes and thin filled rectangles are
// kept as rules, from which tables are rebuilt.

// pdfMat is an affine matrix [a b c d e f]; a point maps as [x y 1] × M.
type pdfMat [6]float64

var identityMat = pdfMat{1, 0, 0, 1, 0, 0}

// mul returns m × n: apply m first, then n.
func (m pdfMat) mul(n pdfMat) pdfMat {
	return pdfMat{
		m[0]*n[0] + m[1]*n[2],
		m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2],
		m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4],
		m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

func (m pdfMat) apply(x, y float64) (float64, float64) {
	return x*m[0] + y*m[2] + m[4], x*m[1] + y*m[3] + m[5]
}

// pdfGlyph is one shown character (or the text a ToUnicode entry gives for
// one code) in page space: X, Y is the origin on the baseline, W the advance
// and Size the height of the em square.
type pdfGlyph struct {
	X, Y, W, Size float64
	Text          string
}

// pdfRule is a horizontal or vertical line segment in page space, with
// X0 <= X1 and Y0 <= Y1.
type pdfRule struct {
	X0, Y0, X1, Y1 float64
}

func (r pdfRule) horizontal() bool { return r.Y1-r.Y0 < r.X1-r.X0 }

// pdfForm is a Form XObject: its content, matrix and resources.
type pdfForm struct {
	content []byte
	matrix  pdfMat
	res     pdfResources
}

// pdfResources resolves the names a content stream uses.
type pdfResources interface {
	font(name string) *pdfFont
	form(name string) (*pdfForm, error) // nil, nil when the name is not a form (an image)
}

type pdfGState struct {
	ctm                      pdfMat
	font                     *pdfFont
	fs, tc, tw, th, tl, rise float64
}

// Limits that keep a hostile page bounded.
const (
	maxPDFOps       = 5_000_000
	maxPDFGlyphs    = 1_000_000
	maxPDFRules     = 200_000
	maxPDFFormDepth = 12
)

type pdfWalker struct {
	gs     pdfGState
	stack  []pdfGState
	tm     pdfMat
	tlm    pdfMat
	glyphs []pdfGlyph
	rules  []pdfRule
	// the current path, in page space
	sub      [][2]float64
	segs     []pdfRule
	rects    [][4]float64 // x0, y0, x1, y1
	ops      int
	depth    int
	forms    map[*pdfForm]bool
	decoded  int // glyphs whose text was known
	unknown  int // glyphs with no text
	problems []string
	stopped  bool
}

func newPDFWalker(base pdfMat) *pdfWalker {
	w := &pdfWalker{forms: map[*pdfForm]bool{}}
	w.gs = pdfGState{ctm: base, th: 1}
	w.tm, w.tlm = identityMat, identityMat
	return w
}

func (w *pdfWalker) problem(s string) {
	for _, p := range w.problems {
		if p == s {
			return
		}
	}
	if len(w.problems) < 16 {
		w.problems = append(w.problems, s)
	}
}

// walk interprets one content stream with the resources res.
func (w *pdfWalker) walk(content []byte, res pdfResources) {
	lx := &pdfLexer{b: content}
	var args []pdfObj
	for !w.stopped {
		o, ok := lx.next()
		if !ok {
			return
		}
		if o.kind != objOp {
			if len(args) < 64 {
				args = append(args, o)
			}
			continue
		}
		if w.ops++; w.ops > maxPDFOps {
			w.problem("too many operators; page cut short")
			w.stopped = true
			return
		}
		w.op(o.s, args, res)
		args = args[:0]
	}
}

func nums(args []pdfObj, n int) ([]float64, bool) {
	if len(args) < n {
		return nil, false
	}
	out := make([]float64, n)
	for i, a := range args[len(args)-n:] {
		if a.kind != objNum || math.IsNaN(a.num) || math.IsInf(a.num, 0) {
			return nil, false
		}
		out[i] = a.num
	}
	return out, true
}

func matOf(v []float64) pdfMat { return pdfMat{v[0], v[1], v[2], v[3], v[4], v[5]} }

func (w *pdfWalker) op(op string, args []pdfObj, res pdfResources) {
	gs := &w.gs
	switch op {
	case "q":
		if len(w.stack) < 256 {
			w.stack = append(w.stack, w.gs)
		}
	case "Q":
		if n := len(w.stack); n > 0 {
			w.gs = w.stack[n-1]
			w.stack = w.stack[:n-1]
		}
	case "cm":
		if v, ok := nums(args, 6); ok {
			gs.ctm = matOf(v).mul(gs.ctm)
		}
	case "BT":
		w.tm, w.tlm = identityMat, identityMat
	case "ET":
	case "Tf":
		if len(args) >= 2 && args[len(args)-2].kind == objName {
			gs.font = res.font(args[len(args)-2].s)
			if gs.font == nil {
				w.problem("missing font /" + args[len(args)-2].s)
			}
		}
		if v, ok := nums(args, 1); ok {
			gs.fs = v[0]
		}
	case "Tc":
		if v, ok := nums(args, 1); ok {
			gs.tc = v[0]
		}
	case "Tw":
		if v, ok := nums(args, 1); ok {
			gs.tw = v[0]
		}
	case "Tz":
		if v, ok := nums(args, 1); ok {
			gs.th = v[0] / 100
		}
	case "TL":
		if v, ok := nums(args, 1); ok {
			gs.tl = v[0]
		}
	case "Ts":
		if v, ok := nums(args, 1); ok {
			gs.rise = v[0]
		}
	case "Td":
		if v, ok := nums(args, 2); ok {
			w.nextLine(v[0], v[1])
		}
	case "TD":
		if v, ok := nums(args, 2); ok {
			gs.tl = -v[1]
			w.nextLine(v[0], v[1])
		}
	case "Tm":
		if v, ok := nums(args, 6); ok {
			w.tm = matOf(v)
			w.tlm = w.tm
		}
	case "T*":
		w.nextLine(0, -gs.tl)
	case "Tj":
		if len(args) >= 1 && args[len(args)-1].kind == objStr {
			w.show(args[len(args)-1].s)
		}
	case "'":
		w.nextLine(0, -gs.tl)
		if len(args) >= 1 && args[len(args)-1].kind == objStr {
			w.show(args[len(args)-1].s)
		}
	case "\"":
		if len(args) >= 3 {
			if v, ok := nums(args[:len(args)-1], 2); ok {
				gs.tw, gs.tc = v[0], v[1]
			}
			w.nextLine(0, -gs.tl)
			if args[len(args)-1].kind == objStr {
				w.show(args[len(args)-1].s)
			}
		}
	case "TJ":
		if len(args) >= 1 && args[len(args)-1].kind == objArray {
			for _, e := range args[len(args)-1].arr {
				switch e.kind {
				case objStr:
					w.show(e.s)
				case objNum:
					w.advance(-e.num / 1000 * gs.fs * gs.th)
				}
			}
		}
	case "Do":
		if len(args) >= 1 && args[len(args)-1].kind == objName {
			w.doForm(args[len(args)-1].s, res)
		}
	// paths, for rules
	case "m":
		if v, ok := nums(args, 2); ok {
			x, y := gs.ctm.apply(v[0], v[1])
			w.sub = append(w.sub[:0], [2]float64{x, y})
		}
	case "l":
		if v, ok := nums(args, 2); ok && len(w.sub) > 0 {
			x, y := gs.ctm.apply(v[0], v[1])
			p := w.sub[len(w.sub)-1]
			w.addSeg(p[0], p[1], x, y)
			w.sub = append(w.sub, [2]float64{x, y})
		}
	case "h":
		if n := len(w.sub); n > 2 {
			w.addSeg(w.sub[n-1][0], w.sub[n-1][1], w.sub[0][0], w.sub[0][1])
		}
	case "re":
		if v, ok := nums(args, 4); ok {
			x0, y0 := gs.ctm.apply(v[0], v[1])
			x1, y1 := gs.ctm.apply(v[0]+v[2], v[1]+v[3])
			if len(w.rects) < maxPDFRules {
				w.rects = append(w.rects, [4]float64{min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)})
			}
			w.sub = w.sub[:0]
		}
	case "S", "s":
		if op == "s" {
			w.op("h", nil, res)
		}
		w.paint(true, false)
	case "f", "F", "f*":
		w.paint(false, true)
	case "B", "B*", "b", "b*":
		if op == "b" || op == "b*" {
			w.op("h", nil, res)
		}
		w.paint(true, true)
	case "n":
		w.paint(false, false)
	}
}

func (w *pdfWalker) addSeg(x0, y0, x1, y1 float64) {
	if len(w.segs) < maxPDFRules {
		w.segs = append(w.segs, pdfRule{min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)})
	}
}

// paint ends the current path: stroked segments that are horizontal or
// vertical become rules, and so do the edges of stroked rectangles and thin
// filled rectangles (how many producers draw cell borders).
func (w *pdfWalker) paint(stroke, fill bool) {
	const thin = 2.5
	add := func(r pdfRule) {
		if len(w.rules) < maxPDFRules {
			w.rules = append(w.rules, r)
		}
	}
	if stroke {
		for _, s := range w.segs {
			if s.Y1-s.Y0 < 0.5 || s.X1-s.X0 < 0.5 {
				add(s)
			}
		}
		for _, r := range w.rects {
			add(pdfRule{r[0], r[1], r[2], r[1]})
			add(pdfRule{r[0], r[3], r[2], r[3]})
			add(pdfRule{r[0], r[1], r[0], r[3]})
			add(pdfRule{r[2], r[1], r[2], r[3]})
		}
	} else if fill {
		for _, r := range w.rects {
			wd, ht := r[2]-r[0], r[3]-r[1]
			switch {
			case ht <= thin && wd > ht:
				y := (r[1] + r[3]) / 2
				add(pdfRule{r[0], y, r[2], y})
			case wd <= thin && ht > wd:
				x := (r[0] + r[2]) / 2
				add(pdfRule{x, r[1], x, r[3]})
			}
		}
	}
	w.segs = w.segs[:0]
	w.rects = w.rects[:0]
	w.sub = w.sub[:0]
}

func (w *pdfWalker) nextLine(tx, ty float64) {
	w.tlm = pdfMat{1, 0, 0, 1, tx, ty}.mul(w.tlm)
	w.tm = w.tlm
}

func (w *pdfWalker) advance(tx float64) {
	w.tm = pdfMat{1, 0, 0, 1, tx, 0}.mul(w.tm)
}

// show places the glyphs of one string.
func (w *pdfWalker) show(s string) {
	gs := &w.gs
	f := gs.font
	if f == nil {
		f = fallbackFont
	}
	for _, code := range f.codes(s) {
		trm := pdfMat{gs.fs * gs.th, 0, 0, gs.fs, 0, gs.rise}.mul(w.tm).mul(gs.ctm)
		x, y := trm[4], trm[5]
		w0 := f.width(code) / 1000
		tx := (w0*gs.fs + gs.tc) * gs.th
		if code.n == 1 && code.v == 32 {
			tx += gs.tw * gs.th
		}
		text, ok := f.text(code)
		if ok {
			w.decoded++
		} else {
			w.unknown++
			w.problem("font " + f.name + " with " + f.encoding + " and no usable ToUnicode map")
		}
		size := math.Hypot(trm[2], trm[3])
		// the advance in page space
		w.advance(tx)
		end := pdfMat{gs.fs * gs.th, 0, 0, gs.fs, 0, gs.rise}.mul(w.tm).mul(gs.ctm)
		adv := math.Hypot(end[4]-x, end[5]-y)
		if f.vertical {
			adv = size
		}
		if text != "" && len(w.glyphs) < maxPDFGlyphs {
			w.glyphs = append(w.glyphs, pdfGlyph{X: x, Y: y, W: adv, Size: size, Text: text})
		}
	}
}

func (w *pdfWalker) doForm(name string, res pdfResources) {
	form, err := res.form(name)
	if err != nil {
		w.problem("form XObject /" + name + ": " + err.Error())
		return
	}
	if form == nil {
		return
	}
	if w.depth >= maxPDFFormDepth || w.forms[form] {
		w.problem("form XObject /" + name + " nested too deep or recursive")
		return
	}
	w.forms[form] = true
	w.depth++
	saved, savedTm, savedTlm := w.gs, w.tm, w.tlm
	savedStack := len(w.stack)
	w.gs.ctm = form.matrix.mul(w.gs.ctm)
	w.walk(form.content, form.res)
	w.gs, w.tm, w.tlm = saved, savedTm, savedTlm
	if len(w.stack) > savedStack {
		w.stack = w.stack[:savedStack]
	}
	w.depth--
	delete(w.forms, form)
}
