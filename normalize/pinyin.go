package normalize

import (
	"strings"
	"unicode/utf8"
)

// toneVowels are the tone-marked vowels of Hanyu Pinyin.
const toneVowels = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"

// pinyinInitials and pinyinFinals spell every valid syllable (toneless).
var pinyinInitials = []string{"zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "r", "z", "c", "s", "y", "w", ""}

var pinyinFinals = map[string]bool{}

func init() {
	for _, f := range strings.Fields(`a o e ai ei ao ou an en ang eng ong er i ia ie iao iu iou ian in iang ing iong u ua uo uai ui uei uan un uen uang ueng v ve van vn ue ng n m`) {
		pinyinFinals[f] = true
	}
}

// stripTone removes the tone mark of a syllable and says whether it had one.
func stripTone(s string) (string, bool) {
	var b strings.Builder
	toned := 0
	for _, r := range s {
		if strings.ContainsRune(toneVowels, r) {
			toned++
			b.WriteRune(baseVowel(r))
			continue
		}
		if r == 'ü' {
			b.WriteRune('v')
			continue
		}
		b.WriteRune(r)
	}
	return b.String(), toned == 1
}

func baseVowel(r rune) rune {
	switch {
	case strings.ContainsRune("āáǎà", r):
		return 'a'
	case strings.ContainsRune("ēéěè", r):
		return 'e'
	case strings.ContainsRune("īíǐì", r):
		return 'i'
	case strings.ContainsRune("ōóǒò", r):
		return 'o'
	case strings.ContainsRune("ūúǔù", r):
		return 'u'
	case strings.ContainsRune("ǖǘǚǜ", r):
		return 'v'
	case strings.ContainsRune("ńňǹ", r):
		return 'n'
	case r == 'ḿ':
		return 'm'
	}
	return r
}

// validSyllable reports a toneless pinyin syllable ("shi", "xiang", "lv").
func validSyllable(s string) bool {
	if s == "" || len(s) > 6 {
		return false
	}
	for _, in := range pinyinInitials {
		if strings.HasPrefix(s, in) && pinyinFinals[s[len(in):]] {
			return true
		}
	}
	return false
}

// tonedSyllable reports a pinyin syllable with exactly one tone mark.
func tonedSyllable(s string) bool {
	base, toned := stripTone(s)
	return toned && validSyllable(base)
}

// neutralSyllables may be printed without tone; they are stripped only in a
// text that also has tone-marked pinyin.
var neutralSyllables = map[string]bool{"de": true, "le": true, "me": true, "men": true, "zi": true, "ge": true, "ma": true, "ne": true, "zhe": true, "ba": true}

// lostRecovered are damaged spans of the genre whose characters can be
// recovered: the pinyin left over names them, and the neighbour fixes the
// word ("?jiān)O(shè)計" in 圖紙設計, "?jiǎn)?dòng)" in 啟動).
var lostRecovered = []struct{ damaged, word string }{
	{"?jiān)O(shè)計", "設計"},
	{"?jiǎn)?dòng)", "啟動"},
	{"?jī)?nèi)容", "內容"},
	{"?yàn)樯n南", "為蒼南"},
	{"?cè)蝿?wù)", "任務"},
	{"?cè)藬?shù)", "人數"},
	{"?yàn)I水", "濱水"},
}

// stripPinyin removes pinyin glued after Han characters ("實(shí)" -> "實"),
// recovers or marks characters lost behind a "?" ("?jiān)" -> "□"), and
// keeps real parentheses ("套(间)", "(万元)", "(11月份)").
func stripPinyin(s string) (out string, recovered, lost, stripped int) {
	if !hasToneMark(s) && strings.IndexByte(s, '?') < 0 {
		return s, 0, 0, 0
	}
	if strings.Contains(s, "?") {
		for _, lr := range lostRecovered {
			if c := strings.Count(s, lr.damaged); c > 0 {
				s = strings.ReplaceAll(s, lr.damaged, lr.word)
				recovered += c
			}
		}
	}
	toned := hasToneMark(s)
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		c := s[i]
		if c == '?' || c == '(' || strings.HasPrefix(s[i:], "（") {
			open := 1
			if c != '?' && c != '(' {
				open = len("（")
			}
			end, ok := readPinyinParen(s, i+open, toned)
			if ok {
				prev, _ := utf8.DecodeLastRuneInString(b.String())
				switch {
				case c == '?':
					b.WriteRune(LostChar)
					lost++
					i = end
					continue
				case isHan(prev) || prev == LostChar:
					stripped++
					i = end
					continue
				case lostBefore(b.String()):
					// "F(xiàn)": the character became a stray letter
					_, n := utf8.DecodeLastRuneInString(b.String())
					cur := b.String()
					b.Reset()
					b.WriteString(cur[:len(cur)-n])
					b.WriteRune(LostChar)
					lost++
					i = end
					continue
				}
			}
		}
		b.WriteByte(c)
		i++
	}
	return b.String(), recovered, lost, stripped
}

// readPinyinParen reads one pinyin syllable and its closing parenthesis at
// s[i:]. Toneless syllables count only when allowToneless and neutral.
func readPinyinParen(s string, i int, allowToneless bool) (int, bool) {
	j := i
	for j < len(s) {
		r, n := utf8.DecodeRuneInString(s[j:])
		if r >= 'a' && r <= 'z' || r == 'ü' || strings.ContainsRune(toneVowels, r) {
			j += n
			continue
		}
		break
	}
	if j == i || j-i > 12 {
		return i, false
	}
	syl := s[i:j]
	switch {
	case strings.HasPrefix(s[j:], ")"):
		j++
	case strings.HasPrefix(s[j:], "）"):
		j += len("）")
	default:
		return i, false
	}
	if tonedSyllable(syl) || allowToneless && neutralSyllables[syl] {
		return j, true
	}
	return i, false
}

// lostBefore reports a stray symbol or letter standing for a lost character
// before pinyin: one ASCII letter or @ # $ & * that follows no other letter.
func lostBefore(before string) bool {
	if before == "" {
		return false
	}
	c := before[len(before)-1]
	if !(isASCIILetter(c) || strings.IndexByte("@#$&*", c) >= 0) {
		return false
	}
	if len(before) >= 2 {
		p := before[len(before)-2]
		if isASCIILetter(p) || isASCIIDigit(p) {
			return false
		}
	}
	return true
}

// hasToneMark reports a tone-marked vowel in s, scanning bytes: the marks
// lie in U+00E0–U+01F9 (lead bytes C3, C4, C5, C7) and at ḿ (E1 B8 BF).
func hasToneMark(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case 0xC3, 0xC4, 0xC5, 0xC7, 0xE1:
			r, _ := utf8.DecodeRuneInString(s[i:])
			if strings.ContainsRune(toneVowels, r) {
				return true
			}
		}
	}
	return false
}
