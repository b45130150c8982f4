package normalize

// bmpSet is a set of Basic Multilingual Plane runes, a bit per rune: the hot
// loops ask it instead of a map.
type bmpSet [1 << 16 / 64]uint64

func (s *bmpSet) add(r rune) {
	if r >= 0 && r < 1<<16 {
		s[r>>6] |= 1 << (uint(r) & 63)
	}
}

func (s *bmpSet) has(r rune) bool {
	return r >= 0 && r < 1<<16 && s[r>>6]&(1<<(uint(r)&63)) != 0
}

var (
	tradOnly     bmpSet // keys of t2sChars
	phraseStarts bmpSet // first runes of t2sPhrases
	mojibakeLead bmpSet // gbkMojibakeLeads
)

func init() {
	for k, v := range t2sOverrides {
		t2sChars[k] = v
	}
	for r := range t2sChars {
		tradOnly.add(r)
	}
	for p := range t2sPhrases {
		for _, r := range p {
			phraseStarts.add(r)
			break
		}
	}
	for r := range gbkMojibakeLeads {
		mojibakeLead.add(r)
	}
}
