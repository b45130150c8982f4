package cmap

import "testing"

func TestGBK(t *testing.T) {
	m := Lookup("GBK-EUC-H")
	if m == nil {
		t.Fatal("no GBK-EUC-H")
	}
	// 民 is 0xC3F1 in GBK, 生 0xC9FA; "A" is one byte.
	for _, tc := range []struct {
		code uint32
		n    int
		want string
	}{{0xC3F1, 2, "民"}, {0xC9FA, 2, "生"}, {0x41, 1, "A"}, {0x8140, 2, "丂"}} {
		cid, ok := m.CID(tc.code, tc.n)
		if !ok {
			t.Fatalf("%X: no CID", tc.code)
		}
		got, _ := CIDToUnicode(m.Ordering, cid)
		if got != tc.want {
			t.Errorf("%X: CID %d gives %q, want %q", tc.code, cid, got, tc.want)
		}
	}
}

func TestUnicodeCMapsAndBig5(t *testing.T) {
	m := Lookup("UniGB-UTF16-H")
	cid, ok := m.CID(0x6C11, 2) // 民
	if !ok {
		t.Fatal("no CID for U+6C11")
	}
	if got, _ := CIDToUnicode("Adobe-GB1", cid); got != "民" {
		t.Errorf("UniGB-UTF16-H round trip gives %q", got)
	}
	b := Lookup("ETen-B5-H")
	cid, ok = b.CID(0xA5C1, 2) // 民 in Big5
	if !ok {
		t.Fatal("no CID for Big5 A5C1")
	}
	if got, _ := CIDToUnicode("Adobe-CNS1", cid); got != "民" {
		t.Errorf("ETen-B5-H gives %q", got)
	}
	if Lookup("No-Such-H") != nil {
		t.Error("unknown CMap found")
	}
}

func TestParseEmbedded(t *testing.T) {
	src := []byte("/WMode 1 def\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n1 begincidrange <0010> <0020> 100 endcidrange\n1 begincidchar <0030> 7 endcidchar")
	m := Parse(src)
	if m == nil || m.WMode != 1 {
		t.Fatalf("%+v", m)
	}
	if c, ok := m.CID(0x15, 2); !ok || c != 105 {
		t.Errorf("CID(0x15) = %d %v", c, ok)
	}
	if c, ok := m.CID(0x30, 2); !ok || c != 7 {
		t.Errorf("CID(0x30) = %d %v", c, ok)
	}
	if Parse([]byte("garbage")) != nil {
		t.Error("garbage parsed")
	}
}
