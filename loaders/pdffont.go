package loaders

import (
	"io"
	"sort"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/ledongthuc/pdf"

	"github.com/minsheng/minsheng/loaders/internal/cmap"
)

// pdfCode is one character code of a shown string: its value and length in bytes.
type pdfCode struct {
	v uint32
	n uint8
}

type pdfCodespace struct {
	lo, hi []byte
}

type pdfUniRange struct {
	lo, hi pdfCode
	dst    []byte // UTF-16BE of lo; later codes add their offset to it
	arr    []string
}

// pdfFont is what the walker needs of a font: how to cut a string into
// codes, each code's width and text.
type pdfFont struct {
	name     string
	space    []pdfCodespace // empty: one byte a code
	toUni    map[pdfCode]string
	uniRange []pdfUniRange
	predef   *cmap.CMap // a predefined CMap (GBK-EUC-H …): code to CID
	ordering string     // CIDSystemInfo ordering, for CID to Unicode
	identity bool       // Identity-H/V: the code is the CID
	simple   *[256]string
	first    int
	widths   []float64
	cidW     map[uint32]float64
	dw       float64
	vertical bool
	// path says how the text is decoded: "tounicode", "cmap:NAME",
	// "simple", "none".
	path string
	// encoding names the font's /Encoding for messages.
	encoding string
}

// fallbackFont stands for a font the page names but does not define.
var fallbackFont = &pdfFont{name: "missing", path: "none", dw: 500}

// codes cuts a shown string into character codes by the font's codespace.
func (f *pdfFont) codes(s string) []pdfCode {
	out := make([]pdfCode, 0, len(s))
	if len(f.space) == 0 {
		for i := 0; i < len(s); i++ {
			out = append(out, pdfCode{uint32(s[i]), 1})
		}
		return out
	}
	for i := 0; i < len(s); {
		n := 0
		for _, r := range f.space {
			if len(r.lo) > len(s)-i {
				continue
			}
			ok := true
			for k := range r.lo {
				if c := s[i+k]; c < r.lo[k] || c > r.hi[k] {
					ok = false
					break
				}
			}
			if ok {
				n = len(r.lo)
				break
			}
		}
		if n == 0 { // no range matches: take the shortest code length
			n = len(f.space[0].lo)
			for _, r := range f.space {
				n = min(n, len(r.lo))
			}
			n = min(n, len(s)-i)
		}
		var v uint32
		for k := 0; k < n; k++ {
			v = v<<8 | uint32(s[i+k])
		}
		out = append(out, pdfCode{v, uint8(n)})
		i += n
	}
	return out
}

func (f *pdfFont) cid(c pdfCode) (uint32, bool) {
	switch {
	case f.predef != nil:
		return f.predef.CID(c.v, int(c.n))
	case f.identity:
		return c.v, true
	}
	return 0, false
}

// text returns the text of a code and whether it was known.
func (f *pdfFont) text(c pdfCode) (string, bool) {
	if t, ok := f.toUni[c]; ok {
		return t, true
	}
	if len(f.uniRange) > 0 {
		i := sort.Search(len(f.uniRange), func(i int) bool { return !codeLess(f.uniRange[i].hi, c) })
		if i < len(f.uniRange) && !codeLess(c, f.uniRange[i].lo) && c.n == f.uniRange[i].lo.n {
			r := f.uniRange[i]
			off := c.v - r.lo.v
			if r.arr != nil {
				if int(off) < len(r.arr) {
					return r.arr[off], true
				}
			} else {
				return utf16Text(addOffset(r.dst, off)), true
			}
		}
	}
	if f.predef != nil && f.predef.Unicode {
		// A Unicode CMap (UniGB-UTF16-H …): the code is the text.
		return codeUnicode(c), true
	}
	if cid, ok := f.cid(c); ok && f.ordering != "" {
		if t, ok := cmap.CIDToUnicode(f.ordering, cid); ok {
			return t, true
		}
	}
	if f.simple != nil && c.n == 1 {
		if t := f.simple[c.v]; t != "" {
			return t, true
		}
	}
	return "", false
}

func codeLess(a, b pdfCode) bool {
	if a.n != b.n {
		return a.n < b.n
	}
	return a.v < b.v
}

func codeUnicode(c pdfCode) string {
	b := make([]byte, c.n)
	for k := int(c.n) - 1; k >= 0; k-- {
		b[k] = byte(c.v >> (8 * (int(c.n) - 1 - k)))
	}
	return utf16Text(b)
}

// addOffset adds off to the big-endian number dst, carrying into earlier
// bytes (the library this reader builds on drops the carry, which collapses
// the characters of a range that crosses a byte boundary).
func addOffset(dst []byte, off uint32) []byte {
	out := append([]byte(nil), dst...)
	carry := uint64(off)
	for k := len(out) - 1; k >= 0 && carry > 0; k-- {
		s := uint64(out[k]) + carry&0xFF
		out[k] = byte(s)
		carry = carry>>8 + s>>8
	}
	return out
}

func utf16Text(b []byte) string {
	if len(b)%2 == 1 {
		b = append([]byte{0}, b...)
	}
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
	}
	s := string(utf16.Decode(u))
	if !utf8.ValidString(s) {
		return ""
	}
	return s
}

func (f *pdfFont) width(c pdfCode) float64 {
	if f.cidW != nil || f.identity || f.predef != nil {
		if cid, ok := f.cid(c); ok {
			if w, ok := f.cidW[cid]; ok {
				return w
			}
		}
		return f.dw
	}
	if i := int(c.v) - f.first; i >= 0 && i < len(f.widths) && f.widths[i] > 0 {
		return f.widths[i]
	}
	return f.dw
}

// maxPDFStream caps how much of one decoded stream is read.
const maxPDFStream = 64 << 20

func readStream(v pdf.Value) (b []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			b, err = nil, panicError(r)
		}
	}()
	rc := v.Reader()
	defer rc.Close()
	return io.ReadAll(io.LimitReader(rc, maxPDFStream))
}

// newPDFFont reads a font dictionary.
func newPDFFont(v pdf.Value) *pdfFont {
	f := &pdfFont{name: v.Key("BaseFont").Name(), dw: 1000}
	sub := v.Key("Subtype").Name()
	switch e := v.Key("Encoding"); e.Kind() {
	case pdf.Name:
		f.encoding = "/" + e.Name()
	case pdf.Stream:
		f.encoding = "an embedded CMap"
	case pdf.Dict:
		f.encoding = "a /Differences encoding"
	default:
		f.encoding = "the font's built-in encoding"
	}
	if sub == "Type0" {
		f.readType0(v)
	} else {
		f.readSimple(v)
	}
	if tu := v.Key("ToUnicode"); tu.Kind() == pdf.Stream {
		if b, err := readStream(tu); err == nil {
			f.readToUnicode(b)
		}
	}
	switch {
	case len(f.toUni) > 0 || len(f.uniRange) > 0:
		f.path = "tounicode"
	case f.predef != nil:
		f.path = "cmap:" + f.predef.Name
	case f.simple != nil:
		f.path = "simple"
	default:
		f.path = "none"
	}
	return f
}

func (f *pdfFont) readType0(v pdf.Value) {
	desc := v.Key("DescendantFonts").Index(0)
	if info := desc.Key("CIDSystemInfo"); info.Kind() == pdf.Dict {
		f.ordering = info.Key("Registry").Text() + "-" + info.Key("Ordering").Text()
	}
	enc := v.Key("Encoding")
	switch enc.Kind() {
	case pdf.Name:
		name := enc.Name()
		switch name {
		case "Identity-H", "Identity-V":
			f.identity = true
			f.vertical = name == "Identity-V"
			f.space = []pdfCodespace{{[]byte{0, 0}, []byte{0xFF, 0xFF}}}
		default:
			if !f.readPredefined(name) {
				f.space = []pdfCodespace{{[]byte{0, 0}, []byte{0xFF, 0xFF}}}
			}
		}
	case pdf.Stream: // an embedded encoding CMap: read its codespace and cidranges
		if b, err := readStream(enc); err == nil {
			m := cmap.Parse(b)
			if m != nil && len(m.Space) > 0 {
				f.predef = m
				f.vertical = m.WMode == 1
				for _, r := range m.Space {
					f.space = append(f.space, pdfCodespace{r.Lo, r.Hi})
				}
			}
		}
		if f.space == nil {
			f.identity = true
			f.space = []pdfCodespace{{[]byte{0, 0}, []byte{0xFF, 0xFF}}}
		}
	default:
		f.identity = true
		f.space = []pdfCodespace{{[]byte{0, 0}, []byte{0xFF, 0xFF}}}
	}
	if dw := desc.Key("DW"); dw.Kind() == pdf.Integer || dw.Kind() == pdf.Real {
		f.dw = dw.Float64()
	}
	f.cidW = map[uint32]float64{}
	w := desc.Key("W")
	for i := 0; i < w.Len() && len(f.cidW) < 1<<17; {
		first := w.Index(i)
		next := w.Index(i + 1)
		if next.Kind() == pdf.Array {
			c := uint32(first.Int64())
			for k := 0; k < next.Len() && k < 1<<16; k++ {
				f.cidW[c+uint32(k)] = next.Index(k).Float64()
			}
			i += 2
			continue
		}
		last := next.Int64()
		wd := w.Index(i + 2).Float64()
		for c := first.Int64(); c <= last && c-first.Int64() < 1<<16; c++ {
			f.cidW[uint32(c)] = wd
		}
		i += 3
	}
	// Unicode text for Adobe orderings whose codes are CIDs.
	if f.identity && !strings.HasPrefix(f.ordering, "Adobe-GB1") && !strings.HasPrefix(f.ordering, "Adobe-CNS1") {
		f.ordering = ""
	}
}

// readPredefined sets up a predefined CMap named as the font's encoding; it
// reports false when the CMap is not one package cmap holds.
func (f *pdfFont) readPredefined(name string) bool {
	m := cmap.Lookup(name)
	if m == nil {
		return false
	}
	f.predef = m
	f.vertical = m.WMode == 1
	for _, r := range m.Space {
		f.space = append(f.space, pdfCodespace{r.Lo, r.Hi})
	}
	if f.ordering == "" || f.ordering == "Adobe-Identity" {
		f.ordering = m.Ordering
	}
	return true
}

func (f *pdfFont) readSimple(v pdf.Value) {
	f.dw = 0
	f.first = int(v.Key("FirstChar").Int64())
	ws := v.Key("Widths")
	for i := 0; i < ws.Len() && i < 256; i++ {
		f.widths = append(f.widths, ws.Index(i).Float64())
	}
	if len(f.widths) == 0 {
		f.dw = 600 // a standard font without widths: a rough average
	} else if md := v.Key("FontDescriptor").Key("MissingWidth"); md.Kind() == pdf.Integer || md.Kind() == pdf.Real {
		f.dw = md.Float64()
	}
	var tab [256]string
	func() {
		defer func() { recover() }()
		font := pdf.Font{V: v}
		enc := font.Encoder()
		for b := 0; b < 256; b++ {
			s := enc.Decode(string([]byte{byte(b)}))
			if s != "" && s != "\ufffd" && utf8.ValidString(s) {
				tab[b] = s
			}
		}
	}()
	f.simple = &tab
}

// readToUnicode reads a ToUnicode CMap: codespace ranges, bfchar and bfrange.
func (f *pdfFont) readToUnicode(b []byte) {
	lx := &pdfLexer{b: b}
	var args []pdfObj
	var space []pdfCodespace
	f.toUni = map[pdfCode]string{}
	for {
		o, ok := lx.next()
		if !ok {
			break
		}
		if o.kind != objOp {
			if len(args) < 1<<16 {
				args = append(args, o)
			}
			continue
		}
		switch o.s {
		case "endcodespacerange":
			for i := 0; i+1 < len(args); i += 2 {
				lo, hi := args[i].s, args[i+1].s
				if len(lo) == len(hi) && len(lo) > 0 && len(lo) <= 4 {
					space = append(space, pdfCodespace{[]byte(lo), []byte(hi)})
				}
			}
		case "endbfchar":
			for i := 0; i+1 < len(args); i += 2 {
				if c, ok := strCode(args[i].s); ok && args[i+1].kind == objStr && len(f.toUni) < 1<<17 {
					f.toUni[c] = utf16Text([]byte(args[i+1].s))
				}
			}
		case "endbfrange":
			for i := 0; i+2 < len(args); i += 3 {
				lo, ok1 := strCode(args[i].s)
				hi, ok2 := strCode(args[i+1].s)
				if !ok1 || !ok2 || lo.n != hi.n || hi.v < lo.v || len(f.uniRange) > 1<<16 {
					continue
				}
				r := pdfUniRange{lo: lo, hi: hi}
				switch d := args[i+2]; d.kind {
				case objStr:
					r.dst = []byte(d.s)
				case objArray:
					for _, e := range d.arr {
						r.arr = append(r.arr, utf16Text([]byte(e.s)))
					}
				default:
					continue
				}
				f.uniRange = append(f.uniRange, r)
			}
		}
		args = args[:0]
	}
	sort.SliceStable(f.uniRange, func(i, j int) bool { return codeLess(f.uniRange[i].lo, f.uniRange[j].lo) })
	// Drop overlapping ranges so that the search stays sound.
	kept := f.uniRange[:0]
	for _, r := range f.uniRange {
		if n := len(kept); n > 0 && !codeLess(kept[n-1].hi, r.lo) {
			continue
		}
		kept = append(kept, r)
	}
	f.uniRange = kept
	if len(f.space) == 0 && len(space) > 0 && f.simple == nil {
		f.space = space
	}
}

func strCode(s string) (pdfCode, bool) {
	if len(s) == 0 || len(s) > 4 {
		return pdfCode{}, false
	}
	var v uint32
	for i := 0; i < len(s); i++ {
		v = v<<8 | uint32(s[i])
	}
	return pdfCode{v, uint8(len(s))}, true
}
