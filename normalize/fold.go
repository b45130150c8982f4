package normalize

import (
	"strings"
	"unicode/utf8"
)

// foldDigits returns s with fullwidth digits, points, signs and slashes
// (２．４, －５, １／３) folded to ASCII, and for each byte offset of the
// folded text the offset in s, so that what is read in the folded text can
// be given back as printed. It returns s and nil when there is nothing to
// fold: Repair has usually folded them already.
func foldDigits(s string) (string, []int) {
	if !hasFullwidthDigits(s) {
		return s, nil
	}
	var b strings.Builder
	offs := make([]int, 0, len(s)+1)
	for i, r := range s {
		switch {
		case r >= '０' && r <= '９':
			b.WriteByte(byte('0' + r - '０'))
			offs = append(offs, i)
		case r == '．' || r == '＋' || r == '／':
			b.WriteByte(map[rune]byte{'．': '.', '＋': '+', '／': '/'}[r])
			offs = append(offs, i)
		default:
			b.WriteRune(r)
			for k := 0; k < utf8.RuneLen(r); k++ {
				offs = append(offs, i+k)
			}
		}
	}
	offs = append(offs, len(s))
	return b.String(), offs
}

// hasFullwidthDigits reports a fullwidth digit, point, plus or slash in s:
// U+FF0B to U+FF19, encoded EF BC 8B to EF BC 99.
func hasFullwidthDigits(s string) bool {
	for i := 0; ; {
		k := strings.IndexByte(s[i:], 0xEF)
		if k < 0 {
			return false
		}
		i += k
		if i+2 < len(s) && s[i+1] == 0xBC && s[i+2] >= 0x8B && s[i+2] <= 0x99 && s[i+2] != 0x8C && s[i+2] != 0x8D {
			return true
		}
		i++
	}
}
