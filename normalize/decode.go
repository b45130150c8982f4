package normalize

import (
	"bytes"
	"errors"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"
)

// ErrBinary is returned by Decode for bytes that are not text.
var ErrBinary = errors.New("normalize: binary data, not text")

// Charsets Decode answers.
const (
	CharsetUTF8    = "utf-8"
	CharsetUTF16LE = "utf-16le"
	CharsetUTF16BE = "utf-16be"
	CharsetGB18030 = "gb18030"
	CharsetBig5    = "big5"
)

// Reasons Decode gives for its choice.
const (
	ReasonBOM       = "bom"
	ReasonDeclared  = "declared"
	ReasonMeta      = "meta" // declared inside the bytes: <meta charset>, <?xml encoding?>
	ReasonValidUTF8 = "valid-utf8"
	ReasonSniffed   = "sniffed"
	ReasonLossy     = "lossy" // no charset decoded cleanly; the best one kept U+FFFD
	ReasonEmpty     = "empty"
)

// Decode turns raw bytes into UTF-8. declared is a charset label from an
// HTTP header, HTML meta or XML declaration ("" if none). It handles UTF-8
// (with or without BOM), UTF-16 LE/BE (BOM, or sniffed from NUL patterns),
// GB18030 and its subsets (every gbk/gb2312 label decodes as GB18030) and
// Big5. With no declared label, a <meta charset> or XML encoding in the
// first 4 KB stands in for one (reason "meta"). The bytes win over a lying
// declaration: a page declared gb2312 that is valid UTF-8 is UTF-8. reason
// says why the charset was chosen: "bom", "declared", "meta", "valid-utf8",
// "sniffed" (of the charsets that decode cleanly, the one whose text uses
// the commonest characters), "lossy" (none decoded cleanly; U+FFFD marks the
// bad bytes) or "empty". err is ErrBinary for input that is no text (NUL
// bytes outside UTF-16).
func Decode(b []byte, declared string) (text, charset, reason string, err error) {
	switch {
	case len(b) == 0:
		return "", CharsetUTF8, ReasonEmpty, nil
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		b = b[3:]
		if utf8.Valid(b) {
			return string(b), CharsetUTF8, ReasonBOM, nil
		}
		return strings.ToValidUTF8(string(b), "\uFFFD"), CharsetUTF8, ReasonBOM, nil
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return decodeWith(unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), b[2:]), CharsetUTF16LE, ReasonBOM, nil
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return decodeWith(unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), b[2:]), CharsetUTF16BE, ReasonBOM, nil
	case bytes.HasPrefix(b, []byte{0x84, 0x31, 0x95, 0x33}):
		return decodeWith(simplifiedchinese.GB18030, b[4:]), CharsetGB18030, ReasonBOM, nil
	}
	if bytes.IndexByte(b, 0) >= 0 {
		if cs := sniffUTF16(b); cs != "" {
			e := unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)
			if cs == CharsetUTF16BE {
				e = unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)
			}
			return decodeWith(e, b), cs, ReasonSniffed, nil
		}
		return "", "", "", ErrBinary
	}
	decl := canonicalCharset(declared)
	why := ReasonDeclared
	if declared == "" {
		if label := embeddedCharset(b); label != "" {
			decl, why = canonicalCharset(label), ReasonMeta
		}
	}
	if (decl == CharsetUTF16LE || decl == CharsetUTF16BE) && len(b)%2 == 0 {
		e := unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)
		if decl == CharsetUTF16BE {
			e = unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)
		}
		if t, ok := decodeClean(e, b); ok {
			return t, decl, why, nil
		}
	}
	if utf8.Valid(b) {
		if decl == CharsetUTF8 {
			return string(b), CharsetUTF8, why, nil
		}
		return string(b), CharsetUTF8, ReasonValidUTF8, nil
	}
	if decl == CharsetGB18030 || decl == CharsetBig5 {
		if t, ok := decodeClean(charsetEncoding(decl), b); ok {
			// GBK decodes most Big5 bytes without error: the declaration
			// stands unless the other charset reads as far commoner text
			other := CharsetBig5
			if decl == CharsetBig5 {
				other = CharsetGB18030
			}
			if o, ok := decodeClean(charsetEncoding(other), b); !ok || commonScore(o) <= 2*commonScore(t) {
				return t, decl, why, nil
			}
		}
	}
	// sniff: of the charsets that decode cleanly, the one whose text uses
	// the commonest characters
	best, bestCS, bestScore := "", "", -1
	for _, cs := range []string{CharsetGB18030, CharsetBig5} {
		t, ok := decodeClean(charsetEncoding(cs), b)
		if !ok {
			continue
		}
		if sc := commonScore(t); sc > bestScore {
			best, bestCS, bestScore = t, cs, sc
		}
	}
	if bestCS != "" {
		return best, bestCS, ReasonSniffed, nil
	}
	cs := decl
	if cs != CharsetBig5 {
		cs = CharsetGB18030
	}
	return decodeWith(charsetEncoding(cs), b), cs, ReasonLossy, nil
}

// embeddedCharset finds a charset the document declares in its first
// kilobytes: <meta charset="gbk">, <meta http-equiv … content="text/html;
// charset=gb2312">, <?xml version="1.0" encoding="GBK"?>.
func embeddedCharset(b []byte) string {
	head := bytes.ToLower(b[:min(len(b), 4096)])
	for _, key := range [][]byte{[]byte("charset="), []byte("encoding=")} {
		i := bytes.Index(head, key)
		if i < 0 {
			continue
		}
		rest := head[i+len(key):]
		rest = bytes.TrimLeft(rest, "\"' ")
		j := 0
		for j < len(rest) && (rest[j] == '-' || rest[j] == '_' || rest[j] >= '0' && rest[j] <= '9' || rest[j] >= 'a' && rest[j] <= 'z') {
			j++
		}
		if j > 0 {
			return string(rest[:j])
		}
	}
	return ""
}

// canonicalCharset maps a declared label to a charset Decode knows ("" if none).
func canonicalCharset(label string) string {
	l := strings.ToLower(strings.TrimSpace(strings.Trim(label, `"'`)))
	l = strings.ReplaceAll(l, "_", "-")
	switch l {
	case "utf-8", "utf8", "unicode-1-1-utf-8":
		return CharsetUTF8
	case "gbk", "gb2312", "gb-2312", "gb18030", "gb-18030", "x-gbk", "cp936", "windows-936", "euc-cn", "csgb2312", "iso-ir-58", "chinese", "hz-gb-2312":
		return CharsetGB18030
	case "big5", "big-5", "big5-hkscs", "cn-big5", "x-x-big5", "cp950", "csbig5":
		return CharsetBig5
	case "utf-16", "utf-16le":
		return CharsetUTF16LE
	case "utf-16be":
		return CharsetUTF16BE
	}
	return ""
}

func charsetEncoding(cs string) encoding.Encoding {
	if cs == CharsetBig5 {
		return traditionalchinese.Big5
	}
	return simplifiedchinese.GB18030
}

func decodeWith(e encoding.Encoding, b []byte) string {
	out, err := e.NewDecoder().Bytes(b)
	if err != nil {
		return strings.ToValidUTF8(string(b), "\uFFFD")
	}
	return string(out)
}

// decodeClean decodes b and reports whether no byte had to be replaced.
func decodeClean(e encoding.Encoding, b []byte) (string, bool) {
	out, err := e.NewDecoder().Bytes(b)
	if err != nil || bytes.Contains(out, []byte("\uFFFD")) {
		return "", false
	}
	return string(out), true
}

// sniffUTF16 tells UTF-16 without BOM by where its NUL bytes fall.
func sniffUTF16(b []byte) string {
	n := len(b) &^ 1
	if n < 4 {
		return ""
	}
	even, odd := 0, 0
	for i := 0; i < n; i += 2 {
		if b[i] == 0 {
			even++
		}
		if b[i+1] == 0 {
			odd++
		}
	}
	pairs := n / 2
	switch {
	case odd*10 >= pairs*3 && even*10 < pairs:
		return CharsetUTF16LE
	case even*10 >= pairs*3 && odd*10 < pairs:
		return CharsetUTF16BE
	}
	return ""
}

// commonChars are the most frequent characters of Chinese text, simplified.
const commonChars = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严项镇村街区施计划服务护卫健"

var commonSet = func() map[rune]bool {
	m := map[rune]bool{}
	for _, r := range commonChars {
		m[r] = true
	}
	return m
}()

// commonScore counts the common characters of t, reading traditional ones
// through the t2s table.
func commonScore(t string) int {
	n := 0
	for _, r := range t {
		if r < 0x3400 {
			continue
		}
		if commonSet[r] || commonSet[t2sChars[r]] {
			n++
		}
	}
	return n
}
