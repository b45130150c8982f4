package loaders

import (
	"bytes"
	"fmt"
	"regexp"
)

// The cross-reference table of a PDF says where each object starts. Some
// writers get it wrong: pdfunite (poppler 22.12) gives a trailer /Size
// smaller than the table, and a file edited by hand or passed through a
// tool that changes line ends has every offset off by a few bytes. Readers
// such as poppler then rebuild the table by finding the objects in the
// file; so does rebuildXref.

var (
	reObjStart = regexp.MustCompile(`(?:^|[\r\n\t \x00\f])(\d{1,10})[\r\n\t \x00\f]+(\d{1,5})[\r\n\t \x00\f]+obj\b`)
	reRoot     = regexp.MustCompile(`/Root[\r\n\t \x00\f]+(\d+)[\r\n\t \x00\f]+(\d+)[\r\n\t \x00\f]+R`)
	reInfo     = regexp.MustCompile(`/Info[\r\n\t \x00\f]+(\d+)[\r\n\t \x00\f]+(\d+)[\r\n\t \x00\f]+R`)
	reID       = regexp.MustCompile(`/ID[\r\n\t \x00\f]*\[[^\]]*\]`)
)

// rebuildXref returns raw followed by a cross-reference table that lists
// every object found in it ("N G obj", the last definition of a number
// winning, as with incremental updates) at the offset where it is, and a
// trailer that keeps the file's last /Root, /Info and /ID, with the /Size
// the objects found need. It returns nil when no object or no /Root is
// found, and for an encrypted file, whose table the PDF library must read. Objects inside object streams are not listed: a file that
// keeps its page tree there is not repaired this way.
func rebuildXref(raw []byte) []byte {
	offsets := map[int]int{}
	gens := map[int]int{}
	maxObj := 0
	for _, o := range pdfObjects(raw) {
		if o.num <= 0 || o.num > 8<<20 {
			continue
		}
		offsets[o.num], gens[o.num] = o.numAt, o.gen
		maxObj = max(maxObj, o.num)
	}
	last := func(re *regexp.Regexp) []byte {
		all := re.FindAll(raw, -1)
		if len(all) == 0 {
			return nil
		}
		return all[len(all)-1]
	}
	root := last(reRoot)
	if len(offsets) == 0 || root == nil || bytes.Contains(raw, []byte("/Encrypt")) {
		return nil
	}
	var b bytes.Buffer
	b.Grow(len(raw) + 20*(maxObj+1) + 256)
	b.Write(raw)
	if len(raw) > 0 && raw[len(raw)-1] != '\n' {
		b.WriteByte('\n')
	}
	start := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", maxObj+1)
	for n := 1; n <= maxObj; n++ {
		if off, ok := offsets[n]; ok {
			fmt.Fprintf(&b, "%010d %05d n \n", off, gens[n])
		} else {
			b.WriteString("0000000000 65535 f \n")
		}
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d %s", maxObj+1, root)
	for _, re := range []*regexp.Regexp{reInfo, reID} {
		if v := last(re); v != nil {
			b.WriteByte(' ')
			b.Write(v)
		}
	}
	fmt.Fprintf(&b, " >>\nstartxref\n%d\n%%%%EOF\n", start)
	return b.Bytes()
}
