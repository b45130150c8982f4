package loaders

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// FormatRTF is Rich Text Format, which government sites often serve as .doc.
const FormatRTF = "rtf"

// ErrRTFNoText is returned for an RTF file that holds no text (only
// pictures or objects).
var ErrRTFNoText = errors.New("loaders: RTF file holds no text (pictures or objects only); convert it to DOCX or PDF")

// rtfSkip are the destinations whose text is not the document's: tables of
// fonts, colours, styles and lists, document information, pictures,
// objects, headers and footers, field instructions.
var rtfSkip = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`fonttbl colortbl stylesheet info pict object objdata header footer headerl headerr headerf
		footerl footerr footerf listtable listoverridetable rsidtbl themedata colorschememapping datastore latentstyles xmlnstbl
		generator fldinst bkmkstart bkmkend revtbl pgdsctbl mmathPr filetbl wgrffmtfilter docvar userprops nonshppict
		shpinst sp sn sv xe tc private passwordhash`) {
		rtfSkip[w] = true
	}
}

// rtfText returns the text of an RTF document: paragraphs a line each, a
// table's cells separated by tabs and its rows a line each, as a text file
// holds a table copied from a word processor; characters given as \'hh in
// the document's code page (936 for GBK, 950 for Big5) or as \uN.
func rtfText(raw []byte) (text, charset string, err error) {
	var enc encoding.Encoding = charmap.Windows1252
	charset = "windows-1252"
	switch {
	case bytes.Contains(raw, []byte(`\ansicpg936`)), bytes.Contains(raw, []byte(`\fcharset134`)):
		enc, charset = simplifiedchinese.GBK, "gbk"
	case bytes.Contains(raw, []byte(`\ansicpg950`)), bytes.Contains(raw, []byte(`\fcharset136`)):
		enc, charset = traditionalchinese.Big5, "big5"
	}
	dec := enc.NewDecoder()
	type state struct {
		skip bool
		uc   int // fallback characters after \uN
	}
	var (
		out      strings.Builder
		pending  []byte // bytes in the code page, not yet decoded
		st       = state{uc: 1}
		stack    []state
		first    bool // the next control word is the first of its group
		fallback int  // characters still to skip after \uN
	)
	flush := func() {
		if len(pending) > 0 {
			s, err := dec.Bytes(pending)
			if err != nil {
				s = bytes.ToValidUTF8(pending, []byte("\uFFFD"))
			}
			out.Write(s)
			pending = pending[:0]
		}
	}
	emit := func(s string) {
		if st.skip {
			return
		}
		flush()
		out.WriteString(s)
	}
	endRow := func() {
		if st.skip {
			return
		}
		flush()
		s := strings.TrimSuffix(out.String(), "\t")
		out.Reset()
		out.WriteString(s)
		out.WriteByte('\n')
	}
	depth := 0
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch c {
		case '{':
			stack = append(stack, st)
			first = true
			depth++
			continue
		case '}':
			if len(stack) > 0 {
				st = stack[len(stack)-1]
				stack = stack[:len(stack)-1]
			}
			first = false
			depth--
			continue
		case '\r', '\n':
			continue
		case '\\':
		default:
			if fallback > 0 {
				fallback--
				continue
			}
			first = false
			if !st.skip {
				pending = append(pending, c)
			}
			continue
		}
		// a control word or symbol
		if i+1 >= len(raw) {
			break
		}
		n := raw[i+1]
		if !isASCIILetter(n) {
			i++
			wasFirst := first
			first = false
			switch n {
			case '\'':
				if i+2 < len(raw) {
					var b byte
					if _, err := fmt.Sscanf(string(raw[i+1:i+3]), "%02x", &b); err == nil {
						if fallback > 0 {
							fallback--
						} else if !st.skip {
							pending = append(pending, b)
						}
					}
					i += 2
				}
			case '*':
				if wasFirst {
					st.skip = true
				}
			case '~':
				emit("\u00a0")
			case '_':
				emit("-")
			case '\\', '{', '}':
				if fallback > 0 {
					fallback--
				} else {
					emit(string(n))
				}
			case '\n', '\r':
				emit("\n")
			}
			continue
		}
		j := i + 1
		for j < len(raw) && isASCIILetter(raw[j]) {
			j++
		}
		word := string(raw[i+1 : j])
		k := j
		if k < len(raw) && raw[k] == '-' {
			k++
		}
		for k < len(raw) && raw[k] >= '0' && raw[k] <= '9' {
			k++
		}
		param, hasParam := 0, k > j
		if hasParam {
			fmt.Sscanf(string(raw[j:k]), "%d", &param)
		}
		if k < len(raw) && raw[k] == ' ' {
			k++
		}
		i = k - 1
		wasFirst := first
		first = false
		if rtfSkip[word] && (wasFirst || word == "pict" || word == "fldinst") {
			st.skip = true
			continue
		}
		switch word {
		case "par", "line", "sect", "page":
			emit("\n")
		case "tab", "cell", "nestcell":
			emit("\t")
		case "row", "nestrow":
			endRow()
		case "u":
			if param < 0 {
				param += 65536
			}
			if utf8.ValidRune(rune(param)) {
				emit(string(rune(param)))
			}
			fallback = st.uc
		case "uc":
			st.uc = param
		case "emdash":
			emit("—")
		case "endash":
			emit("–")
		case "lquote":
			emit("‘")
		case "rquote":
			emit("’")
		case "ldblquote":
			emit("“")
		case "rdblquote":
			emit("”")
		case "bullet":
			emit("•")
		}
	}
	flush()
	text = out.String()
	if strings.TrimSpace(strings.ReplaceAll(text, "\u00a0", "")) == "" {
		return "", "", ErrRTFNoText
	}
	return text, charset, nil
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
