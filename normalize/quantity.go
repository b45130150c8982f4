package normalize

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// qualifier words before a number. open marks a strict bound (大于, 低于).
var prefixQualifiers = []struct {
	s, q string
	open bool
}{
	{"大于等于", AtLeast, false}, {"大于或等于", AtLeast, false}, {"不少于", AtLeast, false}, {"不低于", AtLeast, false},
	{"不小于", AtLeast, false}, {"至少", AtLeast, false}, {"最少", AtLeast, false}, {"最低", AtLeast, false},
	{"超过", AtLeast, true}, {"多于", AtLeast, true}, {"大于", AtLeast, true}, {"高于", AtLeast, true},
	{"达到", AtLeast, false}, {"超", AtLeast, true}, {"逾", AtLeast, true}, {"达", AtLeast, false},
	{"≥", AtLeast, false}, {"⩾", AtLeast, false}, {"≧", AtLeast, false}, {">=", AtLeast, false}, {">", AtLeast, true}, {"＞", AtLeast, true},
	{"最多达", AtMost, false}, {"最高达", AtMost, false}, {"小于等于", AtMost, false}, {"小于或等于", AtMost, false},
	{"不超过", AtMost, false}, {"不高于", AtMost, false}, {"不大于", AtMost, false}, {"不多于", AtMost, false},
	{"少于", AtMost, true}, {"低于", AtMost, true}, {"小于", AtMost, true}, {"最多", AtMost, false}, {"最高", AtMost, false},
	{"≤", AtMost, false}, {"⩽", AtMost, false}, {"≦", AtMost, false}, {"<=", AtMost, false}, {"<", AtMost, true}, {"＜", AtMost, true},
	{"大约", Approx, false}, {"将近", Approx, false}, {"约合", Approx, false}, {"约为", Approx, false}, {"约计", Approx, false},
	{"约", Approx, false}, {"近", Approx, false},
	// traditional spellings
	{"超過", AtLeast, true}, {"達到", AtLeast, false}, {"不超過", AtMost, false}, {"約", Approx, false},
}

// qualifierEnds holds the last runes of prefixQualifiers: finish looks
// for a qualifier only after one of them.
var qualifierEnds bmpSet

func init() {
	sort.SliceStable(prefixQualifiers, func(i, j int) bool { return len(prefixQualifiers[i].s) > len(prefixQualifiers[j].s) })
	for _, pq := range prefixQualifiers {
		r, _ := utf8.DecodeLastRuneInString(pq.s)
		qualifierEnds.add(r)
	}
}

// qualifier words after a quantity.
var suffixQualifiers = []struct{ s, q string }{
	{"及以上", AtLeast}, {"以上", AtLeast}, {"以内", AtMost}, {"之内", AtMost},
	{"及以下", AtMost}, {"以下", AtMost}, {"左右", Approx}, {"以內", AtMost},
}

// rangeSeps join the two ends of a range.
var rangeSeps = []string{"-", "－", "~", "～", "〜", "—", "–", "至", "到"}

// Quantities finds the quantities in s that can be targets, in order: every
// number with a unit, and Arabic numbers without one. It skips dates,
// ordinals, document numbers, ratios, codes, phone numbers and list numbers,
// and Chinese numerals without a unit (一是, 十四五); see Quantity for what
// each field holds. Numbers finds every number.
func Quantities(s string) []Quantity { return scan(s, false) }

// Numbers finds every number in s, in order, with its unit when one follows:
// what Quantities finds, and Chinese numerals without a unit ("四万五千六百
// 二十二", "零点五"), vague counts ("几十"), signs ("负一十一", "-22.2%") and
// ranges whose ends are stated apart ("大于二十、小于等于三十五"). Words that
// hold a numeral without counting (统一, 一批, 一是, 一体化, 第一季度), dates,
// document numbers, ratios, phone numbers and house numbers give nothing.
func Numbers(s string) []Quantity {
	folded, offs := foldDigits(s)
	qs := mergeBounds(folded, scan(folded, true))
	if offs != nil {
		for k := range qs {
			qs[k].Start, qs[k].End = offs[qs[k].Start], offs[qs[k].End]
			qs[k].Raw = s[qs[k].Start:qs[k].End]
		}
	}
	return qs
}

// scan reads the quantities of s; all also reads numbers without a unit.
func scan(s string, all bool) []Quantity {
	var out []Quantity
	skipNext := false // the number after a ratio colon
	for i := 0; i < len(s); {
		c := s[i]
		if isASCIIDigit(c) {
			q, end, ok := arabicQuantity(s, i, skipNext, all)
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
			// the rest of a digit run is no number of its own, nor (to the
			// extractor) one glued after a quantity ("91.7%4.组织"); to
			// Numbers one right after a measure word is ("3次5-10个")
			if !(end > i+1 && !ok && isASCIIDigit(s[end-1])) && !(all && ok && !q.Percent && q.Unit != "" && !isASCIIDigit(s[end-1])) {
				for end < len(s) && isASCIIDigit(s[end]) {
					end++
				}
			}
			i = end
			continue
		}
		skipNext = false
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == '百' || r == '千' || r == '万' || r == '萬' {
			if per := perWords(s[i:]); per != 0 {
				if q, end, ok := percentWords(s, i, per); ok {
					out = append(out, q)
					i = end
					continue
				}
			}
		}
		if isNumeralRune(r) || all && (r == '几' || r == '数') {
			if q, end, ok := chineseQuantity(s, i, all); ok {
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
func arabicQuantity(s string, i int, afterRatio, all bool) (Quantity, int, bool) {
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
	if all && next == '/' && !hasDot && end+1 < len(s) && isASCIIDigit(s[end+1]) {
		// 1/3: a fraction
		den, e, denDigits, _ := readArabic(s, end+1)
		if den != 0 && !strings.Contains(denDigits, ".") && !(e < len(s) && (s[e] == '/' || isASCIILetter(s[e]))) && !dateWordFollows(s[e:], den) {
			q := finish(s, i, tail{value: round(v / den), end: e})
			q.Fraction = true
			return q, e, true
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
	if all && phoneOrAddress(s, i, end) {
		return Quantity{}, end, false
	}
	if all && !hasDot && (next == '.' || strings.HasPrefix(s[end:], "、")) {
		// 万平方米2.塘里区: a list number glued to the text before it
		_, w := utf8.DecodeRuneInString(s[end:])
		if r, _ := utf8.DecodeRuneInString(s[end+w:]); isHan(r) {
			return Quantity{}, end, false
		}
	}
	// 2千零30万, 1亿2000万, 7万5千4百: a compound beyond one multiplier
	compound, compoundApprox := false, false
	if nm, ok := compoundAt(s, i, end); ok {
		v, end, compound, compoundApprox = nm.value, nm.end, true, nm.approx
	}
	t := readTail(s, end, round(v), !compound)
	if compound {
		t.hasMult = true
		t.approx = t.approx || compoundApprox
	}
	if t.unit == "年" && (isYear(intPart) && !hasDot || strings.HasPrefix(s[t.end:], "代") || monthFollows(s, t.end)) {
		return Quantity{}, t.end, false
	}
	if t.unit == "" && !t.percent && !t.hasMult && !hasDot && !all && bareCell(s, i, end) {
		return Quantity{}, end, false
	}
	return finish(s, i, t), t.end, true
}

// compoundAt reads a compound number that goes on past the Arabic digits
// s[i:end] and their multiplier: 2千零30万, 1亿2000万, 7万5千4百.
func compoundAt(s string, i, end int) (numeral, bool) {
	if !compoundMayFollow(s, end) {
		return numeral{}, false
	}
	nm, ok := readNumeral(s, i)
	if !ok || !nm.places || nm.vague || nm.hi != 0 {
		return numeral{}, false
	}
	k := end
	if k < len(s) && s[k] == ' ' {
		k++
	}
	if _, e := readMultiplier(s, k); nm.end <= e {
		return numeral{}, false
	}
	return nm, true
}

// compoundMayFollow reports a place character (or a space and one) after
// the Arabic number ending at end: the only way a compound (2千零30万) goes on.
func compoundMayFollow(s string, end int) bool {
	if end < len(s) && s[end] == ' ' {
		end++
	}
	r, _ := utf8.DecodeRuneInString(s[end:])
	return numeralPlace(r) > 0
}

// phoneOrAddress reports a number that is a telephone or a house number:
// after 电话, 热线, 传真 or before 热线, 室, 弄, 单元.
func phoneOrAddress(s string, i, end int) bool {
	before := s[max(0, i-18):i]
	if end-i > 15 && !strings.ContainsAny(s[i:end], ".,") {
		return true // an identity or account number
	}
	for _, w := range []string{"电话", "热线", "传真", "手机", "号码", "Tel", "TEL", "tel", "拨打", "邮编", "邮政编码", "身份证", "账号", "卡号", "编号", "代码", "QQ", "微信"} {
		if strings.Contains(before, w) {
			return true
		}
	}
	for _, w := range []string{"热线", "室", "弄", "单元"} {
		if strings.HasPrefix(s[end:], w) {
			return true
		}
	}
	return false
}

// monthFollows reports a month after a year: 15年3月, 零七年八月.
func monthFollows(s string, j int) bool {
	if j < len(s) && isASCIIDigit(s[j]) {
		v, e, _, _ := readArabic(s, j)
		return v >= 1 && v <= 12 && strings.HasPrefix(s[e:], "月")
	}
	if v, e, ok := readChineseRun(s, j); ok {
		return v >= 1 && v <= 12 && strings.HasPrefix(s[e:], "月")
	}
	return false
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
	} else if t.max == nil {
		// 5毛钱, 八角: an amount in tenths of a 元
		if v, e := readJiao(s, k, true); e > k {
			t.value, t.unit, j = round(t.value*0.1+v), "元", e
		} else if strings.HasPrefix(s[k:], "分钱") {
			t.value, t.unit, j = round(t.value*0.01), "元", k+len("分钱") // 三分钱
		}
	}
	switch t.unit {
	case "‰":
		t.value, t.unit = round(t.value/10), "%"
		if t.max != nil {
			mx := round(*t.max / 10)
			t.max = &mx
		}
	case "元", "块":
		// 50元6角三分, 三十五块八毛, 100块钱, 捌佰元整; 一百块 at the end of a
		// clause is money too (3块场地 counts plots)
		if t.max == nil {
			if v, e := readCents(s, j); e > j {
				t.value, t.unit, j = round(t.value+v), "元", e
			} else if t.unit == "块" && isBoundary(s, j) {
				t.unit = "元"
			}
		}
	case "米":
		// 一米七五, 1米8: the digits after 米 are its decimals
		if frac, e := decimalDigits(s, j); e > j && t.max == nil {
			t.value, j = round(t.value+frac), e
		}
	}
	// 一个多月, 两年多: more than a count of time
	if t.max == nil {
		switch t.unit {
		case "个":
			if strings.HasPrefix(s[j:], "多") || strings.HasPrefix(s[j:], "余") {
				k := j + len("多")
				if strings.HasPrefix(s[k:], "月") {
					t.unit, t.approx, j = "个月", true, k+len("月")
				} else if u, e := readUnit(s, k); u == "小时" || u == "周" || u == "工作日" || u == "季度" {
					t.unit, t.approx, j = u, true, e
				}
			}
		case "年", "天", "小时", "个月", "周", "分钟", "岁", "周岁":
			if strings.HasPrefix(s[j:], "多") && !strings.HasPrefix(s[j:], "多元") && !strings.HasPrefix(s[j:], "多种") {
				t.approx, j = true, j+len("多")
			}
		}
	}
	// 两年半, 一个半小时: a half after the unit or before it
	if t.unit != "" && t.unit != "%" && t.max == nil && strings.HasPrefix(s[j:], "半") && !strings.HasPrefix(s[j:], "半年") && !strings.HasPrefix(s[j:], "半月") {
		t.value, j = round(t.value+0.5), j+len("半")
		if t.unit == "个" {
			if u, e := readUnit(s, j); u != "" {
				t.unit, j = u, e
			}
		}
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
	if q.Max != nil && strings.HasPrefix(s[end:], "之间") {
		end += len("之间") // 20到30之间
	}
	start = signed(s, start, &q)
	start = currencySign(s, start, &q)
	// up to two qualifiers before: 达>85.1%
	for n := 0; n < 2; n++ {
		if r, _ := utf8.DecodeLastRuneInString(s[:start]); !qualifierEnds.has(r) {
			break
		}
		found := false
		for _, pq := range prefixQualifiers {
			if strings.HasSuffix(s[:start], pq.s) && !partOfWord(s[:start-len(pq.s)], pq.s) {
				start -= len(pq.s)
				if q.Qualifier == "" || n == 0 && q.Qualifier == Approx {
					q.Qualifier = pq.q
					q.LowerOpen = pq.open && pq.q == AtLeast
					q.UpperOpen = pq.open && pq.q == AtMost
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

// chineseQuantity reads a quantity written in Chinese numerals. Without all
// it needs a unit: a bare Chinese numeral is too often part of a word (一是,
// 十四五); with all it needs to stand clear of the words around it.
func chineseQuantity(s string, i int, all bool) (Quantity, int, bool) {
	nm, ok := readNumeral(s, i)
	if !ok || nm.vague && !all {
		return Quantity{}, max(i, nm.end), false
	}
	v, end, start := nm.value, nm.end, i
	first, fw := utf8.DecodeRuneInString(s[i:])
	prev, _ := utf8.DecodeLastRuneInString(s[:i])
	approx := nm.approx
	switch {
	case nm.vague:
	case nm.leading:
		// 万人, 百姓, 千方百计 are words; 百余, 千余, 上千 are counts
		switch {
		case all && nm.approx:
		case all && prev == '上' && !strings.HasSuffix(s[:i], "成千上") && !strings.HasSuffix(s[:i], "成百上") && end-i == fw:
			start -= len("上")
			approx = true
		case all && strings.ContainsRune("近逾超", prev) && end-i == fw:
			// 近百, 逾千, 超万: the qualifier before says how near
		case all && end-i > fw && !nm.cut && unitStarts(s, end):
			// 百万元, 千万元: two places and a unit; 上百万元 is about that
			if prev == '上' {
				start -= len("上")
				approx = true
			}
		default:
			return Quantity{}, end, false
		}
	case numeralDigit(first) == 0 && first != '十' && !(all && (v != 0 || end-i == fw)):
		return Quantity{}, end, false // 零星
	case numeralDigit(first) < 0 && numeralPlace(first) != 10 && !strings.ContainsRune("廿卅卌", first):
		return Quantity{}, end, false
	}
	if prev == '第' || prev == '星' || prev == '周' && first != '一' || prev == '初' && v <= 10 {
		return Quantity{}, end, false
	}
	if first == '一' && end-i == fw && strings.ContainsRune("统唯之同每单万进合划专逐初其", prev) {
		return Quantity{}, end, false
	}
	if strings.HasPrefix(s[end:], "分之") {
		num, ok := readNumeral(s, end+len("分之"))
		if !ok || v == 0 || num.vague || nm.approx {
			return Quantity{}, end, false
		}
		q := finish(s, start, tail{value: round(num.value / v), end: num.end})
		q.Fraction = true
		return q, num.end, true
	}
	if dateWordFollows(s[end:], v) || s[i:end] == "二" && strings.HasPrefix(s[end:], "次") {
		return Quantity{}, end, false // 二次供水 is a term; a count is written 两次
	}
	if p, e, ok := chengPercent(s, end, v); ok {
		return finish(s, start, tail{value: p, unit: "%", percent: true, end: e, approx: approx}), e, true
	}
	t := readTail(s, end, v, false)
	t.approx = t.approx || approx
	if nm.hi != 0 {
		if t.unit == "" || t.max != nil {
			return Quantity{}, t.end, false // 十四五 is a plan's name; 三四个 is a count
		}
		hi := nm.hi
		t.max = &hi
	}
	if t.unit == "人" && strings.HasPrefix(s[t.end:], "口") {
		return Quantity{}, t.end, false // 五百人口规模: a population size, no count of people
	}
	if t.unit == "年" && (v >= 1900 || strings.HasPrefix(s[t.end:], "级") || strings.HasPrefix(s[t.end:], "代") || monthFollows(s, t.end)) {
		return Quantity{}, t.end, false
	}
	if numeralDigit(first) == 0 && end-i == fw && t.unit != "" && !isBoundary(s, t.end) {
		return Quantity{}, t.end, false // 零部件, 零件
	}
	if all && first == '一' && end-i == fw && (t.unit == "批" || strings.HasPrefix(s[end:], "次性")) {
		return Quantity{}, t.end, false // 一批, 一次性: no count
	}
	if t.unit == "" {
		clearFrom := start
		if nm.leading && strings.ContainsRune("近逾超", prev) {
			clearFrom -= utf8.RuneLen(prev) // 近百 stands as a whole
		}
		if !all || !standsClear(s, clearFrom, end, nm) {
			return Quantity{}, t.end, false
		}
	}
	q := finish(s, start, t)
	if nm.vague {
		q.Value, q.Vague, q.Max = 0, true, nil
	}
	return q, t.end, true
}

// standsClear reports whether a Chinese numeral without a unit is a number
// rather than part of a word: it takes all the numerals there (十四五 is a
// plan's name), and a lone character (一是, 统一, 四川) has no Han character
// beside it.
func standsClear(s string, i, end int, nm numeral) bool {
	if nm.cut {
		return false
	}
	prev, w := utf8.DecodeLastRuneInString(s[:i])
	if prev == '负' {
		prev, _ = utf8.DecodeLastRuneInString(s[:i-w])
	}
	next, _ := utf8.DecodeRuneInString(s[end:])
	if prev == '第' || prev == '初' || prev == '星' || prev == '周' {
		return false
	}
	if (prev == '(' || prev == '（') && (next == ')' || next == '）') || next == '、' && lineStart(s, i) {
		return false // list numbers: 一、 (三)
	}
	if _, w := utf8.DecodeRuneInString(s[i:]); end-i == w {
		// 一是, 统一, 四川; 二、三季度 enumerates quarters
		return !isHan(prev) && !isHan(next) && prev != '、' && next != '、'
	}
	if !nm.places && !nm.arabic && isHan(next) && strings.Contains(s[i:end], "点") {
		return false // 一点一策
	}
	return true
}

// chengPercent reads 成 after a numeral as tenths: 九成 is 90%, 八成五 85%.
func chengPercent(s string, end int, v float64) (float64, int, bool) {
	if !strings.HasPrefix(s[end:], "成") || v < 1 || v > 10 || v != float64(int(v)) {
		return 0, end, false
	}
	e := end + len("成")
	if r, _ := utf8.DecodeRuneInString(s[e:]); strings.ContainsRune("不为立功熟本员绩果就交长都品套型片排群批规效像", r) {
		return 0, end, false
	}
	p := v * 10
	if strings.HasPrefix(s[e:], "半") {
		return p + 5, e + len("半"), true // 三成半
	}
	if nm, ok := readNumeral(s, e); ok && !nm.places && !nm.arabic && nm.value < 10 && !nm.cut && bareDigitEnds(s, nm.end) {
		p, e = p+nm.value, nm.end
	}
	return p, e, true
}

// perWords gives the denominator of a share in words at the start of s:
// 100 for 百分之, 1000 for 千分之, 10000 for 万分之; 0 for none.
func perWords(s string) float64 {
	switch {
	case strings.HasPrefix(s, "百分之"):
		return 100
	case strings.HasPrefix(s, "千分之"):
		return 1000
	case strings.HasPrefix(s, "万分之"), strings.HasPrefix(s, "萬分之"):
		return 1e4
	}
	return 0
}

// percentWords reads 百分之九十, 百分之93.75, 千分之二 (0.2%) as percentages.
func percentWords(s string, i int, per float64) (Quantity, int, bool) {
	j := i + len("百分之")
	nm, ok := readNumeral(s, j)
	if !ok || nm.vague {
		return Quantity{}, i, false
	}
	scale := 100 / per
	t := tail{value: round(nm.value * scale), unit: "%", percent: true, end: nm.end, approx: nm.approx}
	// 百分之十至百分之二十
	for _, sep := range rangeSeps {
		if !strings.HasPrefix(s[nm.end:], sep) {
			continue
		}
		k := nm.end + len(sep)
		if perWords(s[k:]) == per {
			k += len("百分之")
		}
		if hi, ok := readNumeral(s, k); ok && !hi.vague && hi.value*scale >= t.value {
			mx := round(hi.value * scale)
			t.max, t.end = &mx, hi.end
		}
		break
	}
	return finish(s, i, t), t.end, true
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
	case strings.HasPrefix(rest, "日元"):
		return false
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

// readCents reads what follows 元 or 块 in an amount: 角/毛 and 分
// ("6角三分", "八毛", "三毛二"), a digit for an unnamed 毛 ("三十五块八"), 钱 and
// the 整 that closes a 大写 amount. It returns the value in 元 and the end;
// end is j when nothing follows.
func readCents(s string, j int) (float64, int) {
	k := j
	k = skipWord(s, k, "钱")
	if z := skipWord(s, k, "零"); z > k && z < len(s) && (isASCIIDigit(s[z]) || numeralDigit([]rune(s[z:min(len(s), z+4)])[0]) > 0) {
		k = z // 12元零5分
	}
	var add float64
	if nm, ok := readNumeral(s, k); ok && !nm.vague && !nm.approx && !nm.places {
		switch {
		case strings.HasPrefix(s[nm.end:], "角") || strings.HasPrefix(s[nm.end:], "毛"):
			if v, e := readJiao(s, nm.end, false); e > nm.end {
				add, k = round(nm.value*0.1+v), e
			}
		case strings.HasPrefix(s[nm.end:], "分") && nm.value < 10 && !strings.HasPrefix(s[nm.end:], "分之") && !strings.HasPrefix(s[nm.end:], "分钟"):
			add, k = round(nm.value*0.01), nm.end+len("分")
		case k == j && nm.value < 10 && nm.end > k && bareDigitEnds(s, nm.end) && !isASCIIDigit(s[k]):
			add, k = round(nm.value*0.1), nm.end // 三十五块八
		}
	}
	k = skipWord(s, k, "钱")
	k = skipWord(s, k, "整")
	k = skipWord(s, k, "人民币")
	return add, k
}

// readJiao reads 角 or 毛 at s[k:] and the 分 after it ("角三分", "毛二",
// "毛钱"): the 分 in 元 and the end, or k when 角 or 毛 is a word of its own
// (三角形, 长三角, 毛巾). alone is set when no 元 or 块 comes before: then
// 角 or 毛 needs 钱 or a 分 after it.
func readJiao(s string, k int, alone bool) (float64, int) {
	w := len("角")
	if !strings.HasPrefix(s[k:], "角") && !strings.HasPrefix(s[k:], "毛") {
		return 0, k
	}
	e := k + w
	if nm, ok := readNumeral(s, e); ok && !nm.places && !nm.vague && nm.value < 10 {
		if strings.HasPrefix(s[nm.end:], "分") && !strings.HasPrefix(s[nm.end:], "分之") && !strings.HasPrefix(s[nm.end:], "分钟") {
			return round(nm.value * 0.01), nm.end + len("分")
		}
		if bareDigitEnds(s, nm.end) {
			return round(nm.value * 0.01), nm.end // 三毛二
		}
		return 0, k
	}
	if strings.HasPrefix(s[e:], "钱") || strings.HasPrefix(s[e:], "錢") {
		return 0, e + len("钱")
	}
	if isBoundary(s, e) && (!alone || strings.HasPrefix(s[k:], "毛")) {
		return 0, e // 五毛; 八角 alone is a spice or a corner
	}
	return 0, k
}

// decimalDigits reads one or two digits that stand for decimals after a
// unit ("七五" in 一米七五, "8" in 1米8) and end there: their value as a
// fraction and the end, or j.
func decimalDigits(s string, j int) (float64, int) {
	frac, scale, e := 0.0, 0.1, j
	for n := 0; n < 2 && e < len(s); n++ {
		if isASCIIDigit(s[e]) {
			frac += float64(s[e]-'0') * scale
			e++
		} else if r, w := utf8.DecodeRuneInString(s[e:]); numeralDigit(r) >= 0 && r != '两' && r != '么' {
			frac += float64(numeralDigit(r)) * scale
			e += w
		} else {
			break
		}
		scale /= 10
	}
	if e == j || !bareDigitEnds(s, e) {
		return 0, j
	}
	return round(frac), e
}

// bareDigitEnds reports that nothing that would make a digit a count of its
// own follows it: no unit, no numeral, no letter.
func bareDigitEnds(s string, e int) bool {
	if e >= len(s) {
		return true
	}
	if strings.HasPrefix(s[e:], "钱") {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s[e:])
	return isBoundary(s, e) && !isASCIIDigit(s[e]) && !isNumeralRune(r)
}

func skipWord(s string, k int, w string) int {
	if strings.HasPrefix(s[k:], w) {
		return k + len(w)
	}
	return k
}

// signed reads a sign before the number at start (负, -, +) into q and
// returns where the quantity starts. A dash after a digit, a letter or a
// closing bracket joins a range or a code, not a sign.
func signed(s string, start int, q *Quantity) int {
	neg, w := false, 0
	switch {
	case strings.HasSuffix(s[:start], "零下"):
		neg, w = true, len("零下")
	case strings.HasSuffix(s[:start], "负"), strings.HasSuffix(s[:start], "負"):
		// 减负, 担负: a word; 增长率为负3%: a sign
		if p, _ := utf8.DecodeLastRuneInString(s[:start-len("负")]); isHan(p) && !strings.ContainsRune("为是达至到长降率值為達", p) {
			return start
		}
		neg, w = true, len("负")
	case strings.HasSuffix(s[:start], "-"), strings.HasSuffix(s[:start], "−"), strings.HasSuffix(s[:start], "－"):
		_, w = utf8.DecodeLastRuneInString(s[:start])
		neg = true
	case strings.HasSuffix(s[:start], "+"), strings.HasSuffix(s[:start], "＋"):
		_, w = utf8.DecodeLastRuneInString(s[:start])
	default:
		return start
	}
	before, _ := utf8.DecodeLastRuneInString(s[:start-w])
	if before < utf8.RuneSelf && (isASCIIDigit(byte(before)) || isASCIILetter(byte(before)) || before == ')' || before == '%' || before == '.') ||
		isNumeralRune(before) || strings.ContainsRune("）】〕]个%", before) || w == 1 && (before == '-' || before == '+') {
		return start
	}
	if q.Max != nil {
		return start // a sign before a range is too rare to guess its reach
	}
	if neg {
		q.Value = -q.Value
	}
	return start - w
}

// currencySigns stand before an amount.
var currencySigns = []struct{ s, unit string }{
	{"人民币", "元"}, {"RMB ", "元"}, {"RMB", "元"}, {"CNY ", "元"}, {"CNY", "元"}, {"￥", "元"}, {"¥", "元"},
	{"USD ", "美元"}, {"USD", "美元"}, {"US$", "美元"}, {"HKD ", "港元"}, {"HKD", "港元"}, {"HK$", "港元"}, {"$", "美元"},
	{"EUR ", "欧元"}, {"EUR", "欧元"}, {"€", "欧元"}, {"£", "英镑"},
}

// currencySign reads a currency sign before an amount ("¥100", "$5",
// "人民币五十元") and returns where the quantity starts.
func currencySign(s string, start int, q *Quantity) int {
	for _, c := range currencySigns {
		if !strings.HasSuffix(s[:start], c.s) {
			continue
		}
		switch {
		case q.Unit == "" && !q.Percent && !q.Fraction:
			q.Unit = c.unit
		case q.Unit != c.unit:
			return start
		}
		return start - len(c.s)
	}
	return start
}

// mergeBounds joins a lower and an upper bound stated apart into one range:
// "大于二十、小于等于三十五", "最多100最少20".
func mergeBounds(s string, qs []Quantity) []Quantity {
	out := qs[:0]
	for k := 0; k < len(qs); k++ {
		a := qs[k]
		if k+1 < len(qs) {
			b := qs[k+1]
			gap := strings.TrimSpace(s[a.End:b.Start])
			if a.Max == nil && b.Max == nil && !a.Missing && !b.Missing && (a.Unit == b.Unit || a.Unit == "" || b.Unit == "") &&
				(a.Qualifier == AtLeast && b.Qualifier == AtMost || a.Qualifier == AtMost && b.Qualifier == AtLeast) &&
				len(gap) <= len("，并且") && strings.Trim(gap, "、，,；;且并而和但 ") == "" {
				lo, hi := a, b
				if a.Qualifier == AtMost {
					lo, hi = b, a
				}
				if lo.Value <= hi.Value {
					m := Quantity{Start: a.Start, End: b.End, Raw: s[a.Start:b.End], Value: lo.Value, Unit: a.Unit,
						Percent: a.Percent || b.Percent, LowerOpen: lo.LowerOpen, UpperOpen: hi.UpperOpen}
					if m.Unit == "" {
						m.Unit = b.Unit
					}
					mx := hi.Value
					m.Max = &mx
					out = append(out, m)
					k++
					continue
				}
			}
		}
		out = append(out, a)
	}
	return out
}
