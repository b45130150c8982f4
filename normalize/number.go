package normalize

import (
	"math"
	"strconv"
	"strings"
)

// chineseDigit maps Chinese digit characters to their value.
var chineseDigit = map[rune]int{
	'零': 0, '〇': 0, '○': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4,
	'五': 5, '六': 6, '七': 7, '八': 8, '九': 9,
	'壹': 1, '贰': 2, '叁': 3, '肆': 4, '伍': 5, '陆': 6, '柒': 7, '捌': 8, '玖': 9,
}

// chineseUnit maps Chinese numeral place characters to their value.
var chineseUnit = map[rune]float64{
	'十': 10, '拾': 10, '百': 100, '佰': 100, '千': 1000, '仟': 1000,
	'万': 1e4, '亿': 1e8,
}

// NumberRuns counts the runs of digits or Chinese numerals in s: no text
// holds more numbers than that, so a caller that needs two can skip a text
// with fewer before reading its quantities.
func NumberRuns(s string) int {
	n, in := 0, false
	for _, r := range s {
		num := r >= '0' && r <= '9' || r >= 0x25CB && isChineseNumeral(r)
		if num && !in {
			n++
		}
		in = num
	}
	return n
}

func isChineseNumeral(r rune) bool {
	switch r {
	case '零', '〇', '○', '一', '二', '两', '三', '四', '五', '六', '七', '八', '九',
		'壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖',
		'十', '拾', '百', '佰', '千', '仟', '万', '亿':
		return true
	}
	return false
}

// parseChinese reads a whole Chinese numeral ("两千三百", "一万零五百",
// "十五", "三十万", "壹仟玖佰", "三点五"). A run of bare digits ("二〇二二")
// reads digit by digit.
func parseChinese(s string) (float64, bool) {
	if s == "" || isASCIIDigit(s[0]) {
		return 0, false
	}
	n, ok := readNumeral(s, 0)
	if !ok || n.end != len(s) || n.vague || n.approx || n.arabic || n.hi != 0 {
		return 0, false
	}
	return n.value, true
}

// readArabic reads an Arabic number at s[i:]: digits with thousands
// separators (",", "，") and a decimal part. It returns the value, the end
// offset and the digits as printed without separators.
func readArabic(s string, i int) (v float64, end int, digits string, ok bool) {
	j := i
	for j < len(s) && isASCIIDigit(s[j]) {
		j++
	}
	if j == i {
		return 0, i, "", false
	}
	// thousands separators: exactly three digits after each separator
	var b []byte
	if j-i <= 3 {
		for {
			sep := 0
			switch {
			case j < len(s) && s[j] == ',':
				sep = 1
			case strings.HasPrefix(s[j:], "，"):
				sep = len("，")
			}
			if sep == 0 || !threeDigits(s, j+sep) {
				break
			}
			if b == nil {
				b = append(make([]byte, 0, 24), s[i:j]...)
			}
			b = append(b, s[j+sep:j+sep+3]...)
			j += sep + 3
		}
	}
	if j+1 < len(s) && (s[j] == '.') && isASCIIDigit(s[j+1]) {
		k := j + 1
		for k < len(s) && isASCIIDigit(s[k]) {
			k++
		}
		if b != nil {
			b = append(b, s[j:k]...)
		}
		j = k
	}
	if b != nil {
		digits = string(b)
	} else {
		digits = s[i:j]
	}
	f, err := strconv.ParseFloat(digits, 64)
	if err != nil {
		return 0, i, "", false
	}
	return f, j, digits, true
}

func threeDigits(s string, i int) bool {
	if i+3 > len(s) {
		return false
	}
	for k := i; k < i+3; k++ {
		if !isASCIIDigit(s[k]) {
			return false
		}
	}
	return i+3 == len(s) || !isASCIIDigit(s[i+3])
}

func isASCIIDigit(c byte) bool { return c >= '0' && c <= '9' }

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// readChineseRun reads the longest Chinese numeral at s[i:].
func readChineseRun(s string, i int) (v float64, end int, ok bool) {
	if i >= len(s) || isASCIIDigit(s[i]) {
		return 0, i, false
	}
	n, ok := readNumeral(s, i)
	if ok && n.approx {
		// 十余万: the numeral before 余, 多 or 来; the caller reads those
		if cut := strings.IndexAny(s[i:n.end], "余多来餘來"); cut > 0 {
			n, ok = readNumeral(s[:i+cut], i)
		}
	}
	if !ok || n.vague || n.arabic || n.hi != 0 || n.approx {
		return 0, i, false
	}
	return n.value, n.end, true
}

// multipliers that may follow a number, longest first.
var multipliers = []struct {
	s string
	v float64
}{
	{"万亿", 1e12}, {"千万", 1e7}, {"百万", 1e6}, {"亿", 1e8}, {"万", 1e4}, {"千", 1e3}, {"百", 1e2},
	{"萬億", 1e12}, {"千萬", 1e7}, {"百萬", 1e6}, {"億", 1e8}, {"萬", 1e4}, {"兆", 1e12},
}

// readMultiplier reads a multiplier at s[i:], refusing 千 that starts a unit
// (千瓦, 千米, 千克) and 百 that starts 百分 (百分之, 百分点).
func readMultiplier(s string, i int) (float64, int) {
	rest := s[i:]
	for _, m := range multipliers {
		if !strings.HasPrefix(rest, m.s) {
			continue
		}
		after := rest[len(m.s):]
		switch {
		case strings.HasPrefix(m.s, "千") && (strings.HasPrefix(after, "瓦") || strings.HasPrefix(after, "伏") || strings.HasPrefix(after, "米") || strings.HasPrefix(after, "克")):
			continue
		case m.s == "百" && strings.HasPrefix(after, "分"):
			continue
		case m.s == "百万" && strings.HasPrefix(after, "分"):
			continue
		case m.s == "兆" && !strings.HasPrefix(after, "元") && !strings.HasPrefix(after, "美元"):
			continue // 兆瓦, 兆帕: a unit prefix; 兆 counts 10^12 only in money
		}
		return m.v, i + len(m.s)
	}
	return 1, i
}

// ParseNumber reads a whole number as printed: Arabic with separators and
// decimals ("1,000", "93.75"), Chinese numerals in any form ("两千三百",
// "一万零五百", "壹仟玖佰", "三万五", "零点五"), mixed ("1.5万", "3千", "2千零30万"),
// signed ("-3", "负一十一"), percentages ("百分之九十", "90%", "九成" are 90) and
// fractions ("三分之一", read as a percentage: 33.33…).
func ParseNumber(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	if rest, ok := strings.CutPrefix(s, "百分之"); ok {
		return ParseNumber(rest)
	}
	if a, b, ok := strings.Cut(s, "分之"); ok {
		den, ok1 := ParseNumber(a)
		num, ok2 := ParseNumber(b)
		if !ok1 || !ok2 || den == 0 {
			return 0, false
		}
		return num / den * 100, true
	}
	for _, p := range []string{"%", "％"} {
		if rest, ok := strings.CutSuffix(s, p); ok {
			return ParseNumber(rest)
		}
	}
	neg := false
	for _, sign := range []string{"-", "负", "−", "+"} {
		if rest, ok := strings.CutPrefix(s, sign); ok && rest != "" {
			neg, s = sign != "+", rest
			break
		}
	}
	if rest, ok := strings.CutSuffix(s, "成"); ok {
		// 九成 is 90 (%)
		if v, ok := ParseNumber(rest); ok && v >= 1 && v <= 10 {
			if neg {
				v = -v
			}
			return v * 10, true
		}
		return 0, false
	}
	var v float64
	var end int
	if isASCIIDigit(s[0]) {
		var ok bool
		v, end, _, ok = readArabic(s, 0)
		if !ok {
			return 0, false
		}
		m, e := readMultiplier(s, end)
		v, end = v*m, e
	} else {
		var ok bool
		v, end, ok = readChineseRun(s, 0)
		if !ok {
			return 0, false
		}
	}
	if end != len(s) {
		// 2千零30万, 7万5千4百: a compound of digits and places
		nm, ok := readNumeral(s, 0)
		if !ok || nm.end != len(s) || nm.vague || nm.approx || nm.hi != 0 {
			return 0, false
		}
		v = nm.value
	}
	if neg {
		v = -v
	}
	return round(v), true
}

// round removes binary noise from decimal arithmetic (1.5*1e4, 14.7*1e4).
func round(v float64) float64 {
	if v == 0 || math.IsInf(v, 0) || math.IsNaN(v) {
		return v
	}
	r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 12, 64), 64)
	if err != nil {
		return v
	}
	return r
}
