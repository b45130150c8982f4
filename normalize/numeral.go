package normalize

import (
	"strings"
	"unicode/utf8"
)

// numeralDigit returns the value of a Chinese digit character, simplified,
// traditional or 大写 (financial), or -1.
func numeralDigit(r rune) int {
	switch r {
	case '零', '〇', '○':
		return 0
	case '一', '壹', '幺', '么', '弌':
		return 1
	case '二', '两', '兩', '俩', '倆', '贰', '貳', '弍':
		return 2
	case '三', '叁', '參', '叄', '弎':
		return 3
	case '四', '肆':
		return 4
	case '五', '伍':
		return 5
	case '六', '陆', '陸':
		return 6
	case '七', '柒':
		return 7
	case '八', '捌':
		return 8
	case '九', '玖':
		return 9
	}
	return -1
}

// numeralPlace returns the value of a Chinese place character, or 0.
func numeralPlace(r rune) float64 {
	switch r {
	case '十', '拾':
		return 10
	case '百', '佰':
		return 100
	case '千', '仟':
		return 1000
	case '万', '萬':
		return 1e4
	case '亿', '億':
		return 1e8
	case '兆':
		return 1e12
	}
	return 0
}

// numeralRunes holds the Chinese digit and place characters.
var numeralRunes = func() (set bmpSet) {
	for _, r := range "零〇○一壹幺么弌二两兩俩倆贰貳弍三叁參叄弎四肆五伍六陆陸七柒八捌九玖十拾百佰千仟万萬亿億兆廿卅卌" {
		set.add(r)
	}
	return set
}()

// isNumeralRune reports a Chinese digit or place character.
func isNumeralRune(r rune) bool { return numeralRunes.has(r) }

// numeral is a number read from text by readNumeral.
type numeral struct {
	value   float64
	end     int     // byte offset after the numeral
	approx  bool    // 余, 多, 来 inside or after it: "十余万", "三十多"
	vague   bool    // 几 or 数 stands for a digit: "几十", "数百", "十几"; value is 0
	arabic  bool    // holds Arabic digits
	places  bool    // holds a place character (十, 百, 千, 万, 亿)
	leading bool    // opens with a place other than 十 ("百万", "千余")
	cut     bool    // stopped before a numeral character it could not take ("十四五")
	hi      float64 // upper end of neighbouring digits: 三四 (3 to 4), 二三十 (20 to 30), 七八万; 0 for none
}

type numTokenKind uint8

const (
	tokDigit  numTokenKind = iota // a Chinese digit
	tokArabic                     // an Arabic number
	tokPlace                      // 十 百 千 万 亿 兆
	tokPoint                      // 点 before decimal digits
	tokApprox                     // 余 多 来
	tokVague                      // 几 数
)

type numToken struct {
	kind  numTokenKind
	liang bool // 两: a count word, never inside a digit string
	yao   bool // 幺 (么 once converted): a 1 only inside a digit string
	value float64
	end   int
}

// placeBlocked reports a place character that starts a word instead of
// counting: 千瓦, 千米, 千克 (units), 百分点, 十分 (very), 兆瓦.
func placeBlocked(r rune, after string) bool {
	next, _ := utf8.DecodeRuneInString(after)
	switch r {
	case '千', '仟':
		return strings.ContainsRune("瓦伏米克帕卡字焦分兆", next)
	case '百', '佰', '万', '萬':
		return next == '分'
	case '十', '拾':
		return next == '分' && !strings.HasPrefix(after, "分之")
	case '兆':
		return !(next == '元' || next == '亿' || next == '億' || isNumeralRune(next) || next == '美')
	}
	return false
}

// readNumeral reads the number at s[i:]: Arabic digits with separators and
// decimals, Chinese numerals in any of their forms (大写, traditional, 两,
// elided tails "三万五", 零 gaps "一万零五百", a leading 十, digit strings
// "二〇二三", spoken decimals "三点一四"), mixed forms ("2千零30万",
// "1.5万", "7 万5 千4 百") and the approximations 余, 多, 来, 几, 数. It takes
// the longest prefix that forms a number.
func readNumeral(s string, i int) (numeral, bool) {
	var buf [24]numToken
	toks := buf[:0]
	j := i
	for j < len(s) && len(toks) < cap(buf) {
		r, w := utf8.DecodeRuneInString(s[j:])
		var prev *numToken
		if len(toks) > 0 {
			prev = &toks[len(toks)-1]
		}
		if r >= '0' && r <= '9' {
			if prev != nil && (prev.kind == tokArabic || prev.kind == tokDigit && prev.value != 0 || prev.kind == tokPoint || prev.kind == tokApprox) {
				break
			}
			v, e, _, ok := readArabic(s, j)
			if !ok {
				break
			}
			toks = append(toks, numToken{kind: tokArabic, value: v, end: e})
			j = e
			continue
		}
		if d := numeralDigit(r); d >= 0 {
			if prev != nil && (prev.kind == tokArabic || prev.kind == tokApprox) {
				break
			}
			liang := r == '两' || r == '兩' || r == '俩' || r == '倆'
			yao := r == '幺' || r == '么'
			toks = append(toks, numToken{kind: tokDigit, liang: liang, yao: yao, value: float64(d), end: j + w})
			j += w
			continue
		}
		if r == '廿' || r == '卅' || r == '卌' {
			// 廿 is 二十, 卅 三十, 卌 四十
			if prev != nil && prev.kind != tokPlace {
				break
			}
			d := map[rune]float64{'廿': 2, '卅': 3, '卌': 4}[r]
			toks = append(toks, numToken{kind: tokDigit, value: d, end: j}, numToken{kind: tokPlace, value: 10, end: j + w})
			j += w
			continue
		}
		if p := numeralPlace(r); p > 0 {
			if placeBlocked(r, s[j+w:]) || prev != nil && prev.kind == tokPoint {
				break
			}
			toks = append(toks, numToken{kind: tokPlace, value: p, end: j + w})
			j += w
			continue
		}
		// a case that cannot take r breaks out of the switch, and the loop
		// ends below it
		switch {
		case r == '点' || r == '點':
			if prev == nil || prev.kind == tokPoint || prev.kind == tokApprox || prev.kind == tokVague {
				break
			}
			if next, _ := utf8.DecodeRuneInString(s[j+w:]); numeralDigit(next) < 0 {
				break
			}
			toks = append(toks, numToken{kind: tokPoint, end: j + w})
			j += w
			continue
		case r == '余' || r == '多' || r == '来' || r == '餘' || r == '來':
			if prev == nil || !(prev.kind == tokPlace || prev.kind == tokArabic && r != '来') {
				break
			}
			after := s[j+w:]
			if r == '多' && (strings.HasPrefix(after, "种") || strings.HasPrefix(after, "元化") || strings.HasPrefix(after, "样")) {
				break
			}
			toks = append(toks, numToken{kind: tokApprox, end: j + w})
			j += w
			continue
		case r == '几' || r == '幾' || r == '数' || r == '數':
			next, _ := utf8.DecodeRuneInString(s[j+w:])
			nextPlace := numeralPlace(next) > 0 && next != '兆'
			if r == '数' || r == '數' {
				if prev != nil || !nextPlace {
					break
				}
			} else if !(nextPlace || prev != nil && prev.kind == tokPlace) {
				break
			}
			toks = append(toks, numToken{kind: tokVague, end: j + w})
			j += w
			continue
		case r == ' ':
			// 7 万5 千4 百, 二十 億: a space before a place
			next, _ := utf8.DecodeRuneInString(s[j+1:])
			if prev != nil && prev.kind != tokPoint && numeralPlace(next) > 0 && next != '兆' && !placeBlocked(next, s[j+1+utf8.RuneLen(next):]) {
				j++
				continue
			}
		}
		break
	}
	for n := len(toks); n > 0; n-- {
		if num, ok := evalNumeral(toks[:n]); ok {
			num.end = toks[n-1].end
			if n < len(toks) {
				num.cut = true
			} else if r, w := utf8.DecodeRuneInString(s[num.end:]); isNumeralRune(r) && !placeBlocked(r, s[num.end+w:]) {
				num.cut = true
			}
			return num, true
		}
	}
	return numeral{end: i}, false
}

// evalNumeral gives the value of a sequence of numeral tokens. Two
// neighbouring digits, the second one or two above the first ("三四",
// "十二三", "七八十万"), give a range, read once without each digit.
func evalNumeral(toks []numToken) (numeral, bool) {
	if k := neighbourDigits(toks); k >= 0 {
		var buf [24]numToken
		lo, ok1 := evalNumeral(append(append(buf[:0], toks[:k+1]...), toks[k+2:]...))
		hi, ok2 := evalNumeral(append(append(buf[:0:0], toks[:k]...), toks[k+1:]...))
		if !ok1 || !ok2 || lo.vague || hi.value <= lo.value {
			return numeral{}, false
		}
		lo.hi, lo.approx = hi.value, true
		return lo, true
	}
	var num numeral
	for k, t := range toks {
		switch t.kind {
		case tokArabic:
			num.arabic = true
		case tokPlace:
			num.places = true
			if k == 0 && t.value != 10 {
				num.leading = true
			}
		case tokApprox:
			num.approx = true
		case tokVague:
			num.vague = true
		}
	}
	if last := toks[len(toks)-1].kind; last == tokPoint {
		return num, false
	}
	// a decimal part spoken out: 三点一四, 零点五, 三点五万
	for k, t := range toks {
		if t.kind != tokPoint {
			continue
		}
		whole, ok := evalNumeral(toks[:k])
		if !ok || whole.vague || whole.approx {
			return num, false
		}
		frac, scale, m := 0.0, 0.1, k+1
		for ; m < len(toks) && toks[m].kind == tokDigit; m++ {
			frac += toks[m].value * scale
			scale /= 10
		}
		v := whole.value + frac
		for ; m < len(toks) && toks[m].kind == tokPlace && toks[m].value >= 1e4; m++ {
			v *= toks[m].value
		}
		if m < len(toks) && toks[m].kind == tokApprox {
			m++
		}
		if m != len(toks) {
			return num, false
		}
		num.value = round(v)
		return num, true
	}
	if !num.places {
		return evalDigits(toks, num)
	}
	for _, t := range toks {
		if t.yao {
			return num, false
		}
	}
	var total, section, digit float64
	pending := false
	prevPlace, lastPlace := 0.0, 0.0
	for k, t := range toks {
		switch t.kind {
		case tokDigit, tokArabic, tokVague:
			if pending {
				return num, false // two digits in a row: 三五
			}
			if t.kind == tokArabic && k > 0 && toks[k-1].kind == tokPlace && (k+1 >= len(toks) || toks[k+1].kind != tokPlace) {
				return num, false // 3万5: Arabic digits after a place need a place of their own
			}
			digit, pending = t.value, t.value != 0 || t.kind == tokVague
			prevPlace = lastPlace
			if t.kind == tokDigit && t.value == 0 {
				prevPlace = 0
			}
			lastPlace = 0
		case tokPlace:
			u := t.value
			if !pending && k > 0 && toks[k-1].kind == tokDigit && toks[k-1].value == 0 {
				return num, false // 零万
			}
			if u >= 1e4 {
				section += digit
				switch {
				case section == 0 && total > 0:
					total *= u // 万万, 万亿
				case section == 0:
					total = u
				case u < 1e8 && total >= 1e8 && total < 1e8*u:
					total += section * u
				default:
					total = (total + section) * u
				}
				section = 0
			} else {
				if lastPlace != 0 && lastPlace <= u && !pending {
					return num, false // 十百
				}
				if !pending {
					digit = 1 // 十五, 百余: a bare place counts one
				}
				section += digit * u
			}
			digit, pending = 0, false
			lastPlace = u
		}
	}
	if pending {
		if prevPlace >= 100 && toks[len(toks)-1].kind == tokDigit {
			section += digit * prevPlace / 10 // 两千三, 三万五: the digit counts in the next place down
		} else {
			section += digit
		}
	}
	num.value = round(total + section)
	if num.vague {
		num.value = 0
	}
	return num, true
}

// neighbourDigits finds two Chinese digits side by side that name a range
// ("三四", "二三十"): the index of the first, or -1.
func neighbourDigits(toks []numToken) int {
	for k := 0; k+1 < len(toks); k++ {
		a, b := toks[k], toks[k+1]
		if a.kind != tokDigit || b.kind != tokDigit || a.value == 0 || b.value-a.value < 1 || b.value-a.value > 2 || a.yao || b.yao {
			continue
		}
		if k > 0 && toks[k-1].kind == tokDigit || k+2 < len(toks) && toks[k+2].kind == tokDigit {
			return -1 // a digit string: 一二三
		}
		for _, t := range toks {
			if t.kind == tokPoint || t.kind == tokArabic || t.kind == tokVague {
				return -1
			}
		}
		return k
	}
	return -1
}

// evalDigits reads numeral tokens without places: one digit, an Arabic
// number, or a string of Chinese digits read one by one ("二〇二三",
// "一九九八", "一二〇"). Two or three digits without 零 ("三五", "一二三产")
// are no number.
func evalDigits(toks []numToken, num numeral) (numeral, bool) {
	if len(toks) == 2 && toks[1].kind == tokApprox {
		toks = toks[:1] // 100余
	}
	if num.vague || len(toks) > 1 && num.approx {
		return num, false
	}
	if len(toks) == 1 {
		num.value = toks[0].value
		return num, !toks[0].yao
	}
	zero := false
	var v float64
	for _, t := range toks {
		if t.kind != tokDigit {
			return num, false
		}
		if t.value == 0 {
			zero = true
		}
		if t.liang {
			return num, false
		}
		v = v*10 + t.value
	}
	if len(toks) == 2 && (!zero || toks[0].yao || toks[1].yao) || len(toks) == 3 && !zero {
		return num, false // 三五 is "a few"; 一二三产 counts no 123
	}
	num.value = v
	return num, true
}
