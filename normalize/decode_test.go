package normalize

import (
	"bytes"
	"errors"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"
)

func encode(t *testing.T, e encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := e.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encode %q: %v", s, err)
	}
	return b
}

func TestDecode(t *testing.T) {
	simp := "关于组织市人大代表分组监督2022年“一府两院”重点工作和民生实事项目的通知"
	trad := "2023年我縣共承辦省政府民生實事指標46項,市政府民生實事指標54項"
	rare := "新增𠀾字与㐀字和€符号" // GB18030 four-byte sequences
	le := unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)
	be := unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)
	tests := []struct {
		name     string
		in       []byte
		declared string
		text     string
		charset  string
		reason   string
	}{
		{"utf-8", []byte(simp), "", simp, CharsetUTF8, ReasonValidUTF8},
		{"utf-8 declared", []byte(simp), "UTF-8", simp, CharsetUTF8, ReasonDeclared},
		{"utf-8 bom", append([]byte{0xEF, 0xBB, 0xBF}, simp...), "", simp, CharsetUTF8, ReasonBOM},
		{"utf-8 lying gb2312", []byte(simp), "gb2312", simp, CharsetUTF8, ReasonValidUTF8},
		{"utf-16le bom", append([]byte{0xFF, 0xFE}, encode(t, le, simp)...), "", simp, CharsetUTF16LE, ReasonBOM},
		{"utf-16be bom", append([]byte{0xFE, 0xFF}, encode(t, be, simp)...), "", simp, CharsetUTF16BE, ReasonBOM},
		{"utf-16le sniffed", encode(t, le, "民生实事 2022 project list"), "", "民生实事 2022 project list", CharsetUTF16LE, ReasonSniffed},
		{"gbk declared", encode(t, simplifiedchinese.GBK, simp), "gbk", simp, CharsetGB18030, ReasonDeclared},
		{"gb2312 declared", encode(t, simplifiedchinese.GBK, simp), "GB2312", simp, CharsetGB18030, ReasonDeclared},
		{"gbk sniffed", encode(t, simplifiedchinese.GBK, simp), "", simp, CharsetGB18030, ReasonSniffed},
		{"gb18030 four-byte", encode(t, simplifiedchinese.GB18030, rare), "gb18030", rare, CharsetGB18030, ReasonDeclared},
		{"gb18030 four-byte sniffed", encode(t, simplifiedchinese.GB18030, rare), "", rare, CharsetGB18030, ReasonSniffed},
		{"big5 declared", encode(t, traditionalchinese.Big5, trad), "big5", trad, CharsetBig5, ReasonDeclared},
		{"big5 sniffed", encode(t, traditionalchinese.Big5, trad), "", trad, CharsetBig5, ReasonSniffed},
		{"big5 declared gbk", encode(t, traditionalchinese.Big5, trad), "gbk", trad, CharsetBig5, ReasonSniffed},
		{"traditional in gbk", encode(t, simplifiedchinese.GBK, trad), "", trad, CharsetGB18030, ReasonSniffed},
		{"empty", nil, "", "", CharsetUTF8, ReasonEmpty},
		{"meta charset", encode(t, simplifiedchinese.GBK, `<html><head><meta charset="gb2312"></head>`+simp), "", `<html><head><meta charset="gb2312"></head>` + simp, CharsetGB18030, ReasonMeta},
		{"meta http-equiv", encode(t, traditionalchinese.Big5, `<meta http-equiv="Content-Type" content="text/html; charset=big5">`+trad), "", `<meta http-equiv="Content-Type" content="text/html; charset=big5">` + trad, CharsetBig5, ReasonMeta},
		{"xml encoding", encode(t, simplifiedchinese.GBK, `<?xml version="1.0" encoding="GBK"?><a>`+simp), "", `<?xml version="1.0" encoding="GBK"?><a>` + simp, CharsetGB18030, ReasonMeta},
		{"lying meta", []byte(`<meta charset="gbk">` + simp), "", `<meta charset="gbk">` + simp, CharsetUTF8, ReasonValidUTF8},
		{"utf-16le declared", encode(t, le, "民生实事"), "utf-16le", "民生实事", CharsetUTF16LE, ReasonDeclared},
		{"ascii", []byte("2022 plan"), "gbk", "2022 plan", CharsetUTF8, ReasonValidUTF8},
	}
	for _, tc := range tests {
		text, cs, reason, err := Decode(tc.in, tc.declared)
		if err != nil || text != tc.text || cs != tc.charset || reason != tc.reason {
			t.Errorf("%s: Decode = %q, %q, %q, %v; want %q, %q, %q", tc.name, text, cs, reason, err, tc.text, tc.charset, tc.reason)
		}
	}
}

func TestDecodeBinary(t *testing.T) {
	bin := []byte{0x89, 'P', 'N', 'G', 0, 0, 0, 0x0D, 'I', 'H', 'D', 'R', 0, 0, 1, 0, 0xFF, 0x00, 0x13}
	if _, _, _, err := Decode(bin, ""); !errors.Is(err, ErrBinary) {
		t.Errorf("Decode(binary) err = %v, want ErrBinary", err)
	}
}

func TestDecodeSeeds(t *testing.T) {
	for _, name := range seedNames {
		src := readSeed(t, name)
		for _, e := range []struct {
			enc encoding.Encoding
			cs  string
		}{{simplifiedchinese.GB18030, CharsetGB18030}, {traditionalchinese.Big5, CharsetBig5}} {
			b, err := e.enc.NewEncoder().Bytes([]byte(src))
			if err != nil {
				continue // Big5 cannot hold the simplified seeds
			}
			text, cs, _, err := Decode(b, "")
			if err != nil || cs != e.cs || text != src {
				t.Errorf("%s in %s: charset %q err %v, text equal %v", name, e.cs, cs, err, text == src)
			}
		}
		text, cs, reason, err := Decode([]byte(src), "gb2312")
		if err != nil || text != src || cs != CharsetUTF8 || reason != ReasonValidUTF8 {
			t.Errorf("%s as declared gb2312: %q %q %v", name, cs, reason, err)
		}
	}
}

func TestDecodeLossy(t *testing.T) {
	b := append(encode(t, simplifiedchinese.GBK, "民生实事项目"), 0x81)
	text, cs, reason, err := Decode(b, "")
	if err != nil || cs != CharsetGB18030 || reason != ReasonLossy || !bytes.Contains([]byte(text), []byte("民生实事项目")) {
		t.Errorf("Decode(lossy) = %q, %q, %q, %v", text, cs, reason, err)
	}
}
