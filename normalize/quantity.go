package normalize

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// qualifier words before a number, longest first within the list.
var prefixQualifiers = []struct{ s, q string }{
	{"不少于", AtLeast}, {"不低于", AtLeast}, {"不小于", AtLeast}, {"至少", AtLeast},
	{"超过", AtLeast}, {"多于", AtLeast}, {"大于", AtLeast}, {"高于", AtLeast},
	{"达到", AtLeast}, {"超", AtLeast}, {"逾", AtLeast}, {"达", AtLeast},
	{"≥", AtLeast}, {"⩾", AtLeast}, {"≧", AtLeast}, {">", AtLeast}, {"＞", AtLeast},
	{"最多达", AtMost}, {"最高达", AtMost}, {"不超过", AtMost}, {"不高于", AtMost}, {"不大于", AtMost}, {"不多于", AtMost},
	{"少于", AtMost}, {"低于", AtMost}, {"小于", AtMost}, {"最多", AtMost},
	{"≤", AtMost}, {"⩽", AtMost}, {"≦", AtMost}, {"<", AtMost}, {"＜", AtMost},
	{"大约", Approx}, {"将近", Approx}, {"约", Approx}, {"近", Approx},
}

func init() {
	sort.SliceStable(prefixQualifiers, func(i, j int) bool { return len(prefixQualifiers[i].s) > len(prefixQualifiers[j].s) })
}

// qualifier words after a quantity.
var suffixQualifiers = []struct{ s, q string }{
	{"及以上", AtLeast}, {"以上", AtLeast}, {"以内", AtMost}, {"之内", AtMost},
	{"及以下", AtMost}, {"以下", AtMost}, {"左右", Approx},
}

// rangeSeps join the two ends of a range.
var rangeSeps = []string{"-", "－", "~", "～", "〜", "—", "–", "至", "到"}

// Quantities finds the quantities in s, in order. It skips dates, ordinals,
// document numbers, ratios, codes, phone numbers and list numbers; see
// Quantity for what each field holds.
func Quantities(s string) []Quantity {
	var out []Quantity
	skipNext := false // the number after a ratio colon
	for i := 0; i < len(s); {
		c := s[i]
		if isASCIIDigit(c) {
			q, end, ok := arabicQuantity(s, i, skipNext)
			skipNext = false
			if end < len(s) && (s[end] == ':' || strings.HasPrefix(s[end:], "：") || strings.HasPrefix(s[end:], "∶")) {
				_, n := utf8.DecodeRuneInString(s[end:])
				if end+n < len(s) && isASCIIDigit(s[end+n]) {
					ok = false
					skipNext = true
					if q.End > end {
						end = q.End
					}
					i = end + n
					continue
				}
			}
			if ok {
				out = append(out, q)
			}
			if end <= i {
				end = i + 1
			}
			if !(end > i+1 && !ok && isASCIIDigit(s[end-1])) {
				for end < len(s) && isASCIIDigit(s[end]) {
					end++
				}
			}
			i = end
			continue
		}
		skipNext = false
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == '百' && strings.HasPrefix(s[i:], "百分之") {
			if q, end, ok := percentWords(s, i); ok {
				out = append(out, q)
				i = end
				continue
			}
		}
		if isChineseNumeral(r) {
			if q, end, ok := chineseQuantity(s, i); ok {
				out = append(out, q)
				i = end
				continue
			} else if end > i {
				if q, ok := missingAt(s, i); ok {
					out = append(out, q)
					i = q.End
					continue
				}
				i = end
				continue
			}
		}
		if q, ok := missingAt(s, i); ok {
			out = append(out, q)
			i = q.End
			continue
		}
		i += n
	}
	return out
}

// tail reads what follows a number: 余/多, a multiplier, a range, a unit.
type tail struct {
	value   float64
	max     *float64
	unit    string
	percent bool
	approx  bool
	end     int
	hasMult bool
}

// arabicQuantity reads the quantity whose number starts at s[i]. end is where
// scanning goes on; ok is false for a number that is not a quantity.
func arabicQuantity(s string, i int, afterRatio bool) (Quantity, int, bool) {
	v, end, digits, ok := readArabic(s, i)
	if !ok {
		return Quantity{}, i + 1, false
	}
	if afterRatio {
		return Quantity{}, end, false
	}
	before := s[:i]
	prev, _ := utf8.DecodeLastRuneInString(before)
	intPart, frac, hasDot := strings.Cut(digits, ".")
	next := byte(0)
	if end < len(s) {
		next = s[end]
	}
	// "1.2022年": a list number glued to a year
	if hasDot && len(frac) >= 4 && isYear(frac[:4]) && strings.HasPrefix(s[i+len(intPart)+1+4:], "年") {
		return Quantity{}, i + len(intPart) + 1, false
	}
	switch {
	case prev == '第' || prev == '〔' || prev == '[' || prev == '【' || prev == '#' || prev == '№':
		return Quantity{}, end, false
	case prev < utf8.RuneSelf && prev != utf8.RuneError && (isASCIILetter(byte(prev)) || prev == '_' || prev == '/'):
		return Quantity{}, end, false
	case prev == '-' && len(before) >= 2 && (isASCIIDigit(before[len(before)-2]) || isASCIILetter(before[len(before)-2])):
		return Quantity{}, end, false
	case prev == '.' && len(before) >= 2 && isASCIIDigit(before[len(before)-2]):
		return Quantity{}, end, false
	}
	if next == '-' || next == '.' || next == '/' {
		// codes and ISO dates: 43-5-C, 2021-11-29, 2021.11.29, 2021/11/29
		if isCodeAt(s, i) {
			return Quantity{}, codeEnd(s, i), false
		}
	}
	if !hasDot {
		if len(intPart) > 1 && intPart[0] == '0' {
			return Quantity{}, end, false // codes and area codes: 0576
		}
		if len(intPart) == 11 && intPart[0] == '1' {
			return Quantity{}, end, false // a mobile number
		}
		if len(intPart) == 8 && end-i == 8 && validYMD(intPart) {
			return Quantity{}, end, false // 20211013
		}
		if isYear(intPart) && end-i == 4 && yearFollows(s[end:]) {
			return Quantity{}, end, false
		}
		if dateWordFollows(s[end:], v) {
			return Quantity{}, end, false
		}
		if len(intPart) >= 5 && len(intPart) <= 6 && isYear(intPart[len(intPart)-4:]) && strings.HasPrefix(s[end:], "年") {
			return Quantity{}, end, false // "22021年": list number 2 glued to 2021年
		}
		if len(intPart) >= 5 && len(intPart) <= 6 && isYear(intPart[:4]) && intPart[0] == '2' && strings.HasPrefix(s[end:], "亿") {
			return Quantity{}, i + 4, false // "20215亿元": 2021年 lost its 年 before 5亿元
		}
		if monthRange(s, end) {
			return Quantity{}, end, false
		}
		if listNumber(s, i, end) {
			return Quantity{}, end, false
		}
	}
	// 5G, 3D, A4: letters glued to the number that are no unit
	if next != 0 && isASCIILetter(next) {
		if u, _ := readUnit(s, end); u == "" {
			return Quantity{}, end, false
		}
	}
	t := readTail(s, end, round(v), true)
	if t.unit == "年" && isYear(intPart) && !hasDot {
		return Quantity{}, t.end, false
	}
	if t.unit == "" && !t.percent && !t.hasMult && !hasDot && bareCell(s, i, end) {
		return Quantity{}, end, false
	}
	return finish(s, i, t), t.end, true
}

// readTail reads what follows the number v ending at s[end]: 余/多, a
// multiplier, a range and a unit.
func readTail(s string, end int, v float64, arabic bool) tail {
	t := tail{value: v, end: end}
	j := end
	j = approxWord(s, j, &t)
	if arabic {
		k := j
		if k < len(s) && s[k] == ' ' {
			k++
		}
		if m, e := readMultiplier(s, k); e > k {
			t.value, t.hasMult, j = round(v*m), true, e
			j = approxWord(s, j, &t)
		}
	}
	k := j
	if k < len(s) && s[k] == ' ' {
		k++
	}
	// a percentage range written 20%-30%
	pctFirst := false
	if strings.HasPrefix(s[k:], "%") || strings.HasPrefix(s[k:], "％") {
		_, n := utf8.DecodeRuneInString(s[k:])
		if hasRangeAt(s, k+n) {
			pctFirst = true
			k += n
		}
	}
	// a range: 5-10个, 3至5家, 3万-5万元
	for _, sep := range rangeSeps {
		if !strings.HasPrefix(s[k:], sep) {
			continue
		}
		m := k + len(sep)
		if m < len(s) && s[m] == ' ' {
			m++
		}
		var v2 float64
		var e2 int
		var ok bool
		if arabic && m < len(s) && isASCIIDigit(s[m]) {
			v2, e2, _, ok = readArabic(s, m)
		} else if !arabic {
			v2, e2, ok = readChineseRun(s, m)
		}
		if !ok {
			break
		}
		if e2 < len(s) && (s[e2] == '-' || isASCIILetter(s[e2]) && !unitStarts(s, e2)) {
			break // a code, not a range
		}
		if dateWordFollows(s[e2:], v2) {
			break
		}
		if arabic {
			if m2, e := readMultiplier(s, e2); e > e2 {
				v2, e2 = round(v2*m2), e
				if !t.hasMult {
					t.value, t.hasMult = round(t.value*m2), true
				}
			}
		}
		e2 = approxWord(s, e2, &t)
		if v2 >= t.value {
			mx := v2
			t.max = &mx
			j = e2
		}
		break
	}
	if pctFirst && t.max == nil {
		pctFirst = false
	}
	k = j
	if k < len(s) && s[k] == ' ' && arabic {
		k++
	}
	if u, e := readUnit(s, k); u != "" {
		t.unit, j = u, e
	} else if pctFirst {
		t.unit = "%"
	}
	if t.unit != "" && t.max == nil {
		// 65周岁-69周岁, 3万-5万元 already read; here both ends carry the unit
		for _, sep := range rangeSeps {
			if !strings.HasPrefix(s[j:], sep) {
				continue
			}
			m := j + len(sep)
			var v2 float64
			var e2 int
			var ok bool
			if arabic && m < len(s) && isASCIIDigit(s[m]) {
				v2, e2, _, ok = readArabic(s, m)
			} else if !arabic {
				v2, e2, ok = readChineseRun(s, m)
			}
			if ok && strings.HasPrefix(s[e2:], s[k:j]) && v2 >= t.value && !dateWordFollows(s[e2:], v2) {
				mx := v2
				t.max = &mx
				j = e2 + (j - k)
			}
			break
		}
	}
	if t.unit == "%" {
		t.percent = true
	}
	t.end = j
	return t
}

// monthRange reports a range of months or days starting after the first
// number: 7-9月, 1-8月份, 1至3日.
func monthRange(s string, end int) bool {
	for _, sep := range rangeSeps {
		if strings.HasPrefix(s[end:], sep) {
			m := end + len(sep)
			if v, e, _, ok := readArabic(s, m); ok && m < len(s) && isASCIIDigit(s[m]) {
				return dateWordFollows(s[e:], v)
			}
			if v, e, ok := readChineseRun(s, m); ok {
				return dateWordFollows(s[e:], v)
			}
			return false
		}
	}
	return false
}

func unitStarts(s string, i int) bool {
	u, _ := readUnit(s, i)
	return u != ""
}

func hasRangeAt(s string, i int) bool {
	for _, sep := range rangeSeps {
		if strings.HasPrefix(s[i:], sep) {
			j := i + len(sep)
			return j < len(s) && isASCIIDigit(s[j])
		}
	}
	return false
}

// approxWord reads 余 or 多 ("100余人", "4000多万").
func approxWord(s string, j int, t *tail) int {
	for _, w := range []string{"余", "多"} {
		if strings.HasPrefix(s[j:], w) {
			after := s[j+len(w):]
			if w == "多" && (strings.HasPrefix(after, "种") || strings.HasPrefix(after, "元化") || strings.HasPrefix(after, "样")) {
				continue
			}
			t.approx = true
			return j + len(w)
		}
	}
	return j
}

// finish turns a tail into a Quantity, reading the qualifiers around it.
func finish(s string, start int, t tail) Quantity {
	q := Quantity{Value: t.value, Max: t.max, Unit: t.unit, Percent: t.percent}
	if t.approx {
		q.Qualifier = Approx
	}
	end := t.end
	for _, sq := range suffixQualifiers {
		if strings.HasPrefix(s[end:], sq.s) {
			end += len(sq.s)
			q.Qualifier = sq.q
			break
		}
	}
	// up to two qualifiers before: 达>85.1%
	for n := 0; n < 2; n++ {
		found := false
		for _, pq := range prefixQualifiers {
			if strings.HasSuffix(s[:start], pq.s) && !partOfWord(s[:start-len(pq.s)], pq.s) {
				start -= len(pq.s)
				if q.Qualifier == "" || n == 0 && q.Qualifier == Approx {
					q.Qualifier = pq.q
				}
				found = true
				break
			}
		}
		if !found {
			break
		}
	}
	q.Start, q.End, q.Raw = start, end, s[start:end]
	return q
}

// qualifierWords are words that end in a qualifier character without being
// one ("签约16个" is no approximation, "下达50个" no lower bound).
var qualifierWords = map[string]string{
	"约": "签节合特制履预违公契条邀集相隐缔规",
	"达": "下传表抵发通送转到雷直长",
	"近": "最接附邻靠亲贴",
	"超": "高赶",
}

func partOfWord(before, q string) bool {
	prev, _ := utf8.DecodeLastRuneInString(before)
	return strings.ContainsRune(qualifierWords[q], prev)
}

// chineseQuantity reads a quantity written in Chinese numerals. It needs a
// unit: a bare Chinese numeral is too often part of a word (一是, 十四五).
func chineseQuantity(s string, i int) (Quantity, int, bool) {
	v, end, ok := readChineseRun(s, i)
	if !ok {
		return Quantity{}, i, false
	}
	first, _ := utf8.DecodeRuneInString(s[i:])
	if _, isPlace := chineseUnit[first]; first != '十' && (isPlace || chineseDigit[first] == 0) {
		return Quantity{}, end, false // 万人, 百姓, 千方百计
	}
	prev, _ := utf8.DecodeLastRuneInString(s[:i])
	if prev == '第' || prev == '星' || prev == '周' && first != '一' {
		return Quantity{}, end, false
	}
	if first == '一' && end-i == len("一") && strings.ContainsRune("统唯之同每单万进合划专逐初其", prev) {
		return Quantity{}, end, false
	}
	if strings.HasPrefix(s[end:], "分之") {
		v2, e2, ok := readChineseRun(s, end+len("分之"))
		if !ok || v == 0 {
			return Quantity{}, end, false
		}
		t := tail{value: round(v2 / v * 100), unit: "%", percent: true, end: e2}
		return finish(s, i, t), e2, true
	}
	if dateWordFollows(s[end:], v) || s[i:end] == "二" && strings.HasPrefix(s[end:], "次") {
		return Quantity{}, end, false // 二次供水 is a term; a count is written 两次
	}
	t := readTail(s, end, v, false)
	if t.unit == "人" && strings.HasPrefix(s[t.end:], "口") {
		return Quantity{}, t.end, false // 五百人口规模: a population size, no count of people
	}
	if t.unit == "" || t.unit == "年" && (v >= 1900 || strings.HasPrefix(s[t.end:], "级")) {
		return Quantity{}, t.end, false
	}
	return finish(s, i, t), t.end, true
}

// percentWords reads 百分之九十 / 百分之93.75.
func percentWords(s string, i int) (Quantity, int, bool) {
	j := i + len("百分之")
	var v float64
	var end int
	var ok bool
	if j < len(s) && isASCIIDigit(s[j]) {
		v, end, _, ok = readArabic(s, j)
	} else {
		v, end, ok = readChineseRun(s, j)
	}
	if !ok {
		return Quantity{}, i, false
	}
	t := tail{value: v, unit: "%", percent: true, end: end}
	return finish(s, i, t), end, true
}

func isYear(d string) bool {
	if len(d) != 4 || !isASCIIDigit(d[0]) {
		return false
	}
	y := 0
	for k := 0; k < 4; k++ {
		if !isASCIIDigit(d[k]) {
			return false
		}
		y = y*10 + int(d[k]-'0')
	}
	return y >= 1900 && y <= 2100
}

// yearFollows reports whether what follows a 4-digit year makes it a date.
func yearFollows(rest string) bool {
	for _, w := range []string{"年", "〕", "]", "】", "）", ")", "-", "—", "－", "~", "～", "至", "到", "."} {
		if strings.HasPrefix(rest, w) {
			return true
		}
	}
	return rest == "" || isBoundary(rest, 0) || strings.HasPrefix(rest, "度")
}

// dateWordFollows reports whether a number v is a month or day: 11月, 4月份,
// 10日, 20号, 18时.
func dateWordFollows(rest string, v float64) bool {
	switch {
	case strings.HasPrefix(rest, "月"):
		return v >= 1 && v <= 12
	case strings.HasPrefix(rest, "日"), strings.HasPrefix(rest, "号"), strings.HasPrefix(rest, "时"):
		return true
	case strings.HasPrefix(rest, "季度"), strings.HasPrefix(rest, "季"):
		return v >= 1 && v <= 4
	}
	return false
}

func validYMD(d string) bool {
	if !isYear(d[:4]) || d[0] != '1' && d[0] != '2' {
		return false
	}
	y := atoi(d[:4])
	m := atoi(d[4:6])
	day := atoi(d[6:8])
	return y >= 1990 && y <= 2100 && m >= 1 && m <= 12 && day >= 1 && day <= daysIn(y, m)
}

func atoi(s string) int {
	n := 0
	for k := 0; k < len(s); k++ {
		n = n*10 + int(s[k]-'0')
	}
	return n
}

// isCodeAt reports whether s[i:] is a code or dotted/dashed date: at least two
// separators (43-5-C, 2021-11-29) or letters inside.
func isCodeAt(s string, i int) bool {
	j, seps, letters := i, 0, false
	for j < len(s) {
		c := s[j]
		switch {
		case isASCIIDigit(c):
		case isASCIILetter(c):
			letters = true
		case c == '-' || c == '.' || c == '/':
			if j+1 >= len(s) || !(isASCIIDigit(s[j+1]) || isASCIILetter(s[j+1])) {
				return seps >= 2 || letters && seps >= 1
			}
			seps++
		default:
			return seps >= 2 || letters && seps >= 1
		}
		j++
	}
	return seps >= 2 || letters && seps >= 1
}

func codeEnd(s string, i int) int {
	j := i
	for j < len(s) && (isASCIIDigit(s[j]) || isASCIILetter(s[j]) || (s[j] == '-' || s[j] == '.' || s[j] == '/') && j+1 < len(s) && (isASCIIDigit(s[j+1]) || isASCIILetter(s[j+1]))) {
		j++
	}
	return j
}

// lineStart reports whether only list markup stands between the line start and i.
func lineStart(s string, i int) bool {
	k := i
	for k > 0 {
		c := s[k-1]
		if c == '\n' {
			return true
		}
		if c == ' ' || c == '\t' || c == '#' || c == '*' || c == '>' || c == '|' || c == '-' || c == '+' {
			k--
			continue
		}
		if strings.HasSuffix(s[:k], "　") {
			k -= len("　")
			continue
		}
		return false
	}
	return true
}

// listNumber reports a list number: "1." "2、" "3。" "(3)" "（3）" at a line
// start, or a number alone in parentheses.
func listNumber(s string, i, end int) bool {
	rest := s[end:]
	prev, _ := utf8.DecodeLastRuneInString(s[:i])
	if (prev == '(' || prev == '（') && (strings.HasPrefix(rest, ")") || strings.HasPrefix(rest, "）")) {
		return true
	}
	if !lineStart(s, i) {
		return false
	}
	for _, m := range []string{"、", "。", "．", ")", "）"} {
		if strings.HasPrefix(rest, m) {
			return true
		}
	}
	if strings.HasPrefix(rest, ".") && (len(rest) == 1 || !isASCIIDigit(rest[1])) {
		return true
	}
	return false
}

// bareCell reports a number that fills a table cell on its own (a row number).
func bareCell(s string, i, end int) bool {
	k := i
	for k > 0 && s[k-1] == ' ' {
		k--
	}
	if k > 0 && s[k-1] != '|' && s[k-1] != '\n' {
		return false
	}
	j := end
	for j < len(s) && s[j] == ' ' {
		j++
	}
	return j == len(s) || s[j] == '|' || s[j] == '\n' || s[j] == '\r'
}
