package loaders

import (
	"bytes"
	"strconv"
)

// A content stream is a sequence of operands followed by an operator. pdfLexer
// reads it into pdfObj values without the help of the PDF library, so that
// the walker can be tested on hand-built streams and malformed input cannot
// panic it: what it cannot read it skips.

type pdfObjKind uint8

const (
	objNum pdfObjKind = iota + 1
	objName
	objStr
	objArray
	objDict
	objOp
	objBool
	objNull
)

type pdfObj struct {
	kind pdfObjKind
	num  float64
	s    string // name (without slash), string bytes or operator
	arr  []pdfObj
}

type pdfLexer struct {
	b   []byte
	pos int
}

func isPDFSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isPDFDelim(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

func (l *pdfLexer) skipSpace() {
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		if isPDFSpace(c) {
			l.pos++
			continue
		}
		if c == '%' {
			for l.pos < len(l.b) && l.b[l.pos] != '\n' && l.b[l.pos] != '\r' {
				l.pos++
			}
			continue
		}
		return
	}
}

// next returns the next object, or ok=false at the end of the stream. A
// closing bracket at top level comes back as an operator "]" or ">>" that the
// walker ignores.
func (l *pdfLexer) next() (pdfObj, bool) {
	return l.object(0)
}

const maxPDFNesting = 32

func (l *pdfLexer) object(depth int) (pdfObj, bool) {
	l.skipSpace()
	if l.pos >= len(l.b) {
		return pdfObj{}, false
	}
	c := l.b[l.pos]
	if depth > maxPDFNesting && (c == '[' || c == '<') {
		// nested too deep: skip the bracket rather than recurse
		l.pos++
		return pdfObj{kind: objOp, s: string(c)}, true
	}
	switch {
	case c == '(':
		return pdfObj{kind: objStr, s: l.literal()}, true
	case c == '<' && l.pos+1 < len(l.b) && l.b[l.pos+1] == '<':
		l.pos += 2
		d := pdfObj{kind: objDict}
		for {
			l.skipSpace()
			if l.pos >= len(l.b) {
				return d, true
			}
			if bytes.HasPrefix(l.b[l.pos:], []byte(">>")) {
				l.pos += 2
				return d, true
			}
			o, ok := l.object(depth + 1)
			if !ok {
				return d, true
			}
			if depth < maxPDFNesting && len(d.arr) < 1<<12 {
				d.arr = append(d.arr, o)
			}
		}
	case c == '<':
		return pdfObj{kind: objStr, s: l.hex()}, true
	case c == '[':
		l.pos++
		a := pdfObj{kind: objArray}
		for {
			l.skipSpace()
			if l.pos >= len(l.b) {
				return a, true
			}
			if l.b[l.pos] == ']' {
				l.pos++
				return a, true
			}
			o, ok := l.object(depth + 1)
			if !ok {
				return a, true
			}
			if o.kind == objOp && (o.s == ">>" || o.s == ")") {
				continue
			}
			if depth < maxPDFNesting && len(a.arr) < 1<<16 {
				a.arr = append(a.arr, o)
			}
		}
	case c == '/':
		l.pos++
		start := l.pos
		for l.pos < len(l.b) && !isPDFSpace(l.b[l.pos]) && !isPDFDelim(l.b[l.pos]) {
			l.pos++
		}
		return pdfObj{kind: objName, s: string(l.b[start:l.pos])}, true
	case c == ']' || c == ')' || c == '>' || c == '{' || c == '}':
		l.pos++
		if c == '>' && l.pos < len(l.b) && l.b[l.pos] == '>' {
			l.pos++
			return pdfObj{kind: objOp, s: ">>"}, true
		}
		return pdfObj{kind: objOp, s: string(c)}, true
	}
	start := l.pos
	for l.pos < len(l.b) && !isPDFSpace(l.b[l.pos]) && !isPDFDelim(l.b[l.pos]) {
		l.pos++
	}
	word := l.b[start:l.pos]
	if len(word) == 0 { // a lone delimiter we do not know
		l.pos++
		return pdfObj{kind: objOp, s: string(c)}, true
	}
	if c == '+' || c == '-' || c == '.' || (c >= '0' && c <= '9') {
		if f, err := strconv.ParseFloat(string(word), 64); err == nil {
			return pdfObj{kind: objNum, num: f}, true
		}
		if f, ok := parseLooseNumber(word); ok {
			return pdfObj{kind: objNum, num: f}, true
		}
	}
	switch string(word) {
	case "true", "false":
		return pdfObj{kind: objBool, s: string(word)}, true
	case "null":
		return pdfObj{kind: objNull}, true
	case "BI":
		l.skipInlineImage()
		return pdfObj{kind: objOp, s: "EI"}, true
	}
	return pdfObj{kind: objOp, s: string(word)}, true
}

// parseLooseNumber reads numbers producers write that strconv refuses, such as
// "--5" or "1.2.3": the longest valid prefix counts.
func parseLooseNumber(w []byte) (float64, bool) {
	for n := len(w) - 1; n > 0; n-- {
		if f, err := strconv.ParseFloat(string(w[:n]), 64); err == nil {
			return f, true
		}
	}
	return 0, false
}

func (l *pdfLexer) literal() string {
	l.pos++ // (
	var out []byte
	depth := 1
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		l.pos++
		switch c {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return string(out)
			}
		case '\\':
			if l.pos >= len(l.b) {
				return string(out)
			}
			e := l.b[l.pos]
			l.pos++
			switch e {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r':
				if l.pos < len(l.b) && l.b[l.pos] == '\n' {
					l.pos++
				}
				continue
			case '\n':
				continue
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for k := 0; k < 2 && l.pos < len(l.b) && l.b[l.pos] >= '0' && l.b[l.pos] <= '7'; k++ {
						v = v*8 + int(l.b[l.pos]-'0')
						l.pos++
					}
					c = byte(v)
				} else {
					c = e
				}
			}
		}
		out = append(out, c)
	}
	return string(out)
}

func (l *pdfLexer) hex() string {
	l.pos++ // <
	var out []byte
	half, have := byte(0), false
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		l.pos++
		if c == '>' {
			break
		}
		v, ok := unhexByte(c)
		if !ok {
			continue
		}
		if have {
			out = append(out, half<<4|v)
			have = false
		} else {
			half, have = v, true
		}
	}
	if have {
		out = append(out, half<<4)
	}
	return string(out)
}

func unhexByte(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// skipInlineImage moves past "… ID <data> EI" of an inline image.
func (l *pdfLexer) skipInlineImage() {
	i := bytes.Index(l.b[l.pos:], []byte("ID"))
	if i < 0 {
		l.pos = len(l.b)
		return
	}
	l.pos += i + 2
	for {
		j := bytes.Index(l.b[l.pos:], []byte("EI"))
		if j < 0 {
			l.pos = len(l.b)
			return
		}
		at := l.pos + j
		l.pos = at + 2
		if at > 0 && isPDFSpace(l.b[at-1]) && (l.pos >= len(l.b) || isPDFSpace(l.b[l.pos])) {
			return
		}
	}
}
