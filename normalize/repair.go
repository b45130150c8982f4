package normalize

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
)

// Repair returns clean simplified Chinese text. It keeps line structure: it
// never adds or removes '\n', so line numbers stay valid. In order it
// reverses mojibake, marks lost characters, strips pinyin glued after
// characters, converts a traditional text to simplified, folds fullwidth
// digits, letters and ( ) : , ; to ASCII, folds doubled punctuation and
// removes PDF spaces next to digits. Stages that cannot fire are skipped.
// Repair is idempotent.
func Repair(s string) (string, Report) {
	rep := Report{Repairs: map[string]int{}}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if mayBeMojibake(s) {
		var n int
		var flagged bool
		s, n, flagged = fixMojibake(s)
		add(&rep, "mojibake", n)
		if flagged {
			rep.Flags = append(rep.Flags, FlagMojibake)
		}
	}
	if strings.Contains(s, ")") || strings.Contains(s, "）") {
		var rec, lost, py int
		s, rec, lost, py = stripPinyin(s)
		add(&rep, "lost_char_recovered", rec)
		add(&rep, "lost_char", lost)
		add(&rep, "pinyin", py)
	}
	if isTraditional(s) && !looksGarbled(s) {
		var n int
		s, n = toSimplified(s)
		add(&rep, "t2s", n)
		rep.Traditional = true
	}
	if hasFullwidth(s) {
		var n int
		s, n = foldFullwidth(s)
		add(&rep, "fullwidth", n)
	}
	if hasDoubledPunct(s) {
		var n int
		s, n = foldDoubled(s)
		add(&rep, "punct_doubled", n)
	}
	if strings.IndexByte(s, ' ') >= 0 {
		var n int
		s, n = numberSpaces(s)
		add(&rep, "number_space", n)
	}
	return s, rep
}

func add(r *Report, name string, n int) {
	if n > 0 {
		r.Repairs[name] += n
	}
}

// TextFlags reports damage in a piece of text (a cell or a line):
// "truncated" when it contains U+FFFD or ends cut mid-character,
// "lost_character" when it contains the lost-character marker.
func TextFlags(s string) []string {
	var f []string
	if strings.ContainsRune(s, utf8.RuneError) || !utf8.ValidString(s) {
		f = append(f, FlagTruncated)
	}
	if strings.ContainsRune(s, LostChar) {
		f = append(f, FlagLostCharacter)
	}
	return f
}

// fullwidthFold maps fullwidth digits, letters, ( ) : , ; % to ASCII and
// keeps the rest (、。“”《》 and the ideographic space).
func fullwidthFold(r rune) rune {
	switch {
	case r >= '０' && r <= '９', r >= 'Ａ' && r <= 'Ｚ', r >= 'ａ' && r <= 'ｚ':
		return r - 0xFEE0
	}
	switch r {
	case '（':
		return '('
	case '）':
		return ')'
	case '：':
		return ':'
	case '，':
		return ','
	case '；':
		return ';'
	case '％':
		return '%'
	case '．':
		return '.'
	}
	return r
}

func hasFullwidth(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == 0xEF { // U+F000..U+FFFF lead byte: the fullwidth block
			r, _ := utf8.DecodeRuneInString(s[i:])
			if fullwidthFold(r) != r {
				return true
			}
		}
	}
	return false
}

// foldFullwidth runs the fullwidth stage as a transform over s.
func foldFullwidth(s string) (string, int) {
	n := 0
	t := runes.Map(func(r rune) rune {
		f := fullwidthFold(r)
		if f != r {
			n++
		}
		return f
	})
	out, _, err := transform.String(t, s)
	if err != nil {
		return s, 0
	}
	return out, n
}

// punctStrength orders the marks that doubling damage produces: of a run of
// them the strongest is kept (",、" -> "、", ",。" -> "。", ",;" -> ";").
func punctStrength(r rune) int {
	switch r {
	case ',', '，':
		return 1
	case '、':
		return 2
	case ';', '；':
		return 3
	case '。':
		return 4
	}
	return 0
}

func hasDoubledPunct(s string) bool {
	prev := 0
	for _, r := range s {
		p := punctStrength(r)
		if p > 0 && prev > 0 {
			return true
		}
		prev = p
	}
	return false
}

// foldDoubled folds runs of doubled punctuation into their strongest mark.
func foldDoubled(s string) (string, int) {
	var b strings.Builder
	b.Grow(len(s))
	n := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		p := punctStrength(r)
		if p == 0 {
			b.WriteString(s[i : i+size])
			i += size
			continue
		}
		best, bestP := r, p
		j := i + size
		count := 1
		for j < len(s) {
			r2, sz := utf8.DecodeRuneInString(s[j:])
			p2 := punctStrength(r2)
			if p2 == 0 {
				break
			}
			if p2 >= bestP {
				best, bestP = r2, p2
			}
			j += sz
			count++
		}
		if count > 1 {
			n++
		}
		b.WriteRune(best)
		i = j
	}
	return b.String(), n
}

// numberSpaces removes spaces that PDF extraction puts next to numbers:
// "为 5000 个" -> "为5000个", "1.5 万" -> "1.5万", "1 000" -> "1000".
func numberSpaces(s string) (string, int) {
	var b strings.Builder
	n := 0
	last := 0
	for i := 0; i < len(s); i++ {
		if s[i] != ' ' {
			continue
		}
		j := i
		for j < len(s) && s[j] == ' ' {
			j++
		}
		if i == 0 || j >= len(s) {
			i = j - 1
			continue
		}
		prev, _ := utf8.DecodeLastRuneInString(s[:i])
		next, _ := utf8.DecodeRuneInString(s[j:])
		pd, nd := prev >= '0' && prev <= '9', next >= '0' && next <= '9'
		drop := false
		switch {
		case pd && isHan(next), isHan(prev) && nd:
			drop = true
		case pd && (next == '%' || next == '‰'):
			drop = true
		case isHan(prev) && (next == '(' || next == '（') && shortParenUnit(s[j:]):
			// a measure word and its parenthesised variant: "4万套 (间)" -> "4万套(间)"
			drop = true
		case pd && nd && j-i == 1:
			// digit groups: 1 000 (at most three digits before, exactly three after)
			k := i
			for k > 0 && isASCIIDigit(s[k-1]) {
				k--
			}
			e := j
			for e < len(s) && isASCIIDigit(s[e]) {
				e++
			}
			drop = i-k <= 3 && e-j == 3 && (k == 0 || s[k-1] != '.' && s[k-1] != ',')
		}
		if drop {
			b.WriteString(s[last:i])
			last = j
			n++
		}
		i = j - 1
	}
	if n == 0 {
		return s, 0
	}
	b.WriteString(s[last:])
	return b.String(), n
}

// shortParenUnit reports whether s opens with a parenthesis holding one or two
// Han characters, the way units print a variant: "(间)".
func shortParenUnit(s string) bool {
	_, size := utf8.DecodeRuneInString(s)
	han := 0
	for _, r := range s[size:] {
		switch {
		case r == ')' || r == '）':
			return han >= 1 && han <= 2
		case isHan(r) && han < 2:
			han++
		default:
			return false
		}
	}
	return false
}
