package normalize

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// fullDateRe is the grammar ReadDates reads: a date with an optional year
// (four digits, two digits, spoken digits, or a word: 今年, 去年 …), then a
// month with its day or part, a quarter, a part of the year, a month or a
// quarter named relative to the reference (本月, 上季度), a holiday, or an
// Arabic date; then 前 for a deadline. It is kept under 500 instructions,
// so that Go runs it by backtracking (TestFullDateGrammarSize).
var fullDateRe = regexp.MustCompile(`^(?:` +
	`(?P<asof>截至|截止到|截止至|截止|到)?` +
	`(?:(?:(?P<y4>\d{4})|(?P<y4c>[〇零○一二三四五六七八九]{4})|(?P<y2>\d{2})|(?P<y2c>[〇零○一二三四五六七八九]{2}))年度?|(?P<yrel>今年|去年|明年|前年|后年|本年度?|当年|上年度?|下年度?))?` +
	`(?:` +
	`(?:(?P<m>` + cnMonth + `)月份?(?:(?P<d>` + cnDay + `)(?P<dw>[日号號])?|(?P<mp>底|末|初|上旬|中旬|下旬|中))?)` +
	`|(?:第?(?P<q>[一二三四1-4])季度(?P<qe>末|底)?(?:[(（](?P<qm>` + smallNum + `)月份?(?:底|末)?[)）])?)` +
	`|(?P<part>上半年|下半年|全年|年内|年底|年末|年中|年初|底|末)` +
	`|(?P<mrel>本月|当月|上月|下月|上个月|下个月|次月)(?P<mrp>底|末|初|上旬|中旬|下旬|中)?` +
	`|(?P<qrel>本季度|当季度|上季度|下季度|本季)(?P<qre>末|底)?` +
	`|(?P<hol>元旦|春节|除夕|元宵节|国庆节|国庆|劳动节|五一|中秋节|中秋|端午节|端午|清明节|清明)` +
	`|(?P<drel>今天|今日|昨天|昨日|明天|明日|前天|后天|当天|当日)` +
	`|(?P<wrel>本周|上周|下周|这周|本星期|上星期|下星期)` +
	`|月(?P<mself>底|末|初|上旬|中旬|下旬|中)` +
	`|前(?P<qn>[一二三1-3])个?季度|前(?P<mn>` + smallNum + `)个月` +
	`|(?P<dalone>` + smallNum + `)(?P<daw>[日号號])` +
	`|(?P<lunar>农历|阴历)(?P<lm>正|腊|冬|[一二三四五六七八九十]{1,2})月(?P<ld>初[一二三四五六七八九十]|[一二三四五六七八九十廿]{1,3})?[日号]?` +
	`|(?P<zy>正月|大年)(?P<zd>初[一二三四五六七八九十]|[一二三四五六七八九十廿]{1,3})` +
	`|(?P<d8>\d{8})` +
	`|(?P<ly>\d{4})[-./](?P<lmo>\d{1,2})[-./](?P<ldy>\d{1,2})` +
	`)?` +
	`(?P<before>之前|以前|前)?)`)

// fullGroup numbers the named groups of fullDateRe.
var fullGroup = func() map[string]int {
	m := map[string]int{}
	for i, n := range fullDateRe.SubexpNames() {
		if n != "" {
			m[n] = i
		}
	}
	return m
}()

// springFestival holds the first day of the lunar year, month and day, for
// the years notices are read for.
var springFestival = map[int][2]int{
	2000: {2, 5}, 2001: {1, 24}, 2002: {2, 12}, 2003: {2, 1}, 2004: {1, 22}, 2005: {2, 9}, 2006: {1, 29},
	2007: {2, 18}, 2008: {2, 7}, 2009: {1, 26}, 2010: {2, 14}, 2011: {2, 3}, 2012: {1, 23}, 2013: {2, 10},
	2014: {1, 31}, 2015: {2, 19}, 2016: {2, 8}, 2017: {1, 28}, 2018: {2, 16}, 2019: {2, 5}, 2020: {1, 25},
	2021: {2, 12}, 2022: {2, 1}, 2023: {1, 22}, 2024: {2, 10}, 2025: {1, 29}, 2026: {2, 17}, 2027: {2, 6},
	2028: {1, 26}, 2029: {2, 13}, 2030: {2, 3},
}

// ReadDates reads every date expression of s as a reader would, where
// Dates keeps to the narrower reading the extractor was tuned with. The
// year comes from the text, else from year, else from the publish date
// published (YYYY-MM-DD): a date the text reports as passed (截至…, or
// followed by 已, 累计, 共计 …) and later in the year than publication lies
// in the year before ("12月已完成" in a bulletin published in January). It
// reads two-digit and spoken years (15年, 零七年, 二〇二三年), 号 for 日, days
// without 日 after a month (八月十五), years named relative to the reference
// (今年, 去年, 明年), and relative to the publish date months, quarters,
// weeks and days (本月, 上季度, 下周三, 昨天, 3天后, 截至目前), 年初, holidays
// (元旦, 春节, 正月十五, 中秋), ranges (1-11月, 4月至6月, 3月1日至15日,
// 2014-2015年: From is the first day) and deadlines (年内, 三季度末, 6月底前).
// A date it cannot pin keeps its Raw and an empty ISO. Fullwidth digits are
// read as ASCII ones; spans are those of s.
func ReadDates(s string, year int, published string) []Date {
	folded, offs := foldDigits(s)
	ds := readDates(folded, year, published)
	if offs != nil {
		for k := range ds {
			ds[k].Start, ds[k].End = offs[ds[k].Start], offs[ds[k].End]
			ds[k].Raw = s[ds[k].Start:ds[k].End]
		}
	}
	return ds
}

func readDates(s string, year int, published string) []Date {
	ref := dateRef{year: year}
	ref.pubY, ref.pubM, ref.pubD = parseISO(published)
	var out []Date
	for i := 0; i < len(s); {
		_, n := utf8.DecodeRuneInString(s[i:])
		if i > 0 && isASCIIDigit(s[i-1]) && isASCIIDigit(s[i]) || !mayStartDate(s, i) {
			i += n
			continue
		}
		d, ok := readDateWord(s, i, ref)
		if !ok {
			d, ok = readFullDate(s, i, ref)
		}
		if !ok {
			i += n
			continue
		}
		d = joinRange(s, d, ref, &out)
		d = extendDays(s, d)
		out = append(out, d)
		i = d.End
	}
	if y := ref.referenceYear(); y != 0 {
		out = append(out, gluedDates(s, y, out)...)
		sortDates(out)
	}
	return out
}

type dateRef struct {
	year             int
	pubY, pubM, pubD int
}

// dateWords are the words a date may open with other than a number; 第,
// 前, 到 and 截至 are checked by mayStartDate.
var dateWords = []string{
	"今年", "今天", "今日", "去年", "明年", "明天", "明日", "前年", "前天",
	"后年", "后天", "本年", "本月", "本季", "本周", "本星期", "当年", "当月", "当季", "当天", "当日", "上年", "上月",
	"上个月", "上季度", "上周", "上星期", "上半年", "下年", "下月", "下个月", "下季度", "下周", "下星期", "下半年",
	"次月", "这周", "昨天", "昨日", "全年", "年内", "年底", "年末", "年中", "年初", "月底", "月末", "月初", "月中",
	"月上旬", "月中旬", "月下旬", "元旦", "春节", "除夕", "元宵", "国庆", "劳动节", "五一", "中秋", "端午", "清明",
	"农历", "阴历", "正月", "大年", "大前年", "大后年", "至今",
	"周一", "周二", "周三", "周四", "周五", "周六", "周日", "周天", "星期", "礼拜", "本星期", "这星期", "上礼拜", "下礼拜",
	"下个星期", "上个星期", "下个礼拜", "上个礼拜", "下星期", "上星期",
}

// dateWordStarts holds the first runes of dateWords and of 第, 前, 到, 截;
// dateWordsByRune the words under their first rune.
var (
	dateWordStarts  bmpSet
	dateWordsByRune = map[rune][]string{}
)

func init() {
	for _, w := range append(dateWords, "第", "前", "到", "截") {
		r, _ := utf8.DecodeRuneInString(w)
		dateWordStarts.add(r)
	}
	for _, w := range dateWords {
		r, _ := utf8.DecodeRuneInString(w)
		dateWordsByRune[r] = append(dateWordsByRune[r], w)
	}
}

// mayStartDate reports whether a date expression can start at s[i:], so
// that the grammar is tried only there: a date word, or a number followed
// by 年, 月, 季, 日, 号 or a date separator.
func mayStartDate(s string, i int) bool {
	if isASCIIDigit(s[i]) {
		j := i
		for j < len(s) && isASCIIDigit(s[j]) {
			j++
		}
		if j-i == 8 || j == len(s) {
			return j-i == 8
		}
		return s[j] == '-' || s[j] == '.' || s[j] == '/' || dateMarkAt(s, j) || offsetMarkAt(s, j)
	}
	r, w := utf8.DecodeRuneInString(s[i:])
	if isNumeralRune(r) {
		j := i + w
		for j < len(s) {
			r, w := utf8.DecodeRuneInString(s[j:])
			if !isNumeralRune(r) {
				break
			}
			j += w
		}
		return dateMarkAt(s, j) || offsetMarkAt(s, j)
	}
	if !dateWordStarts.has(r) {
		return false
	}
	rest := s[i:]
	switch r {
	case '第', '前':
		// 第三季度, 前三季度, 前10个月
		j := i + w
		for j < len(s) && isASCIIDigit(s[j]) {
			j++
		}
		if j == i+w {
			if n, ok := readNumeral(s, j); ok {
				j = n.end
			}
		}
		if j > i+w && (strings.HasPrefix(s[j:], "季") || strings.HasPrefix(s[j:], "个")) {
			return true
		}
		if r == '第' {
			return false
		}
	case '到', '截':
		for _, nw := range nowWords {
			if strings.HasPrefix(rest, nw) {
				return true
			}
		}
		k := i + w
		for _, p := range []string{"止到", "止至", "至", "止"} {
			if r == '截' && strings.HasPrefix(s[k:], p) {
				k += len(p)
				break
			}
		}
		if r == '截' && k == i+w {
			return false
		}
		return k < len(s) && mayStartDate(s, k)
	}
	for _, dw := range dateWordsByRune[r] {
		if strings.HasPrefix(rest, dw) {
			return true
		}
	}
	return false
}

// offsetMarkAt reports a unit of time and 前 or 后 at s[j:], which make the
// number before them a count from the publish date (3天后, 两个月前).
func offsetMarkAt(s string, j int) bool {
	for _, u := range []string{"天", "周", "个月", "个星期", "星期"} {
		if strings.HasPrefix(s[j:], u) {
			r, _ := utf8.DecodeRuneInString(s[j+len(u):])
			return r == '前' || r == '后' || r == '以' || r == '之'
		}
	}
	return false
}

// dateMarkAt reports 年, 月, 季, 日 or 号 at s[j:], the mark that makes the
// number before it a date's.
func dateMarkAt(s string, j int) bool {
	r, _ := utf8.DecodeRuneInString(s[j:])
	switch r {
	case '年', '月', '季', '日', '号':
		return true
	}
	return false
}

// nowWords say "as of now", the publish date: 截至目前.
var nowWords = []string{"截至目前", "截止目前", "截止到目前", "截至当前", "截止当前", "到目前为止", "截至今日", "截止今日", "至今"}

// readDateWord reads the date words the grammar leaves out: "截至目前" (the
// publish date, as of), 大前年 and 大后年.
func readDateWord(s string, i int, ref dateRef) (Date, bool) {
	rest := s[i:]
	for _, w := range nowWords {
		if strings.HasPrefix(rest, w) {
			d := Date{Start: i, End: i + len(w), Raw: w, AsOf: true}
			if ref.pubY != 0 {
				d.ISO = fmt.Sprintf("%04d-%02d-%02d", ref.pubY, ref.pubM, ref.pubD)
			}
			return d, true
		}
	}
	if d, ok := readWeekday(s, i, ref); ok {
		return d, true
	}
	if d, ok := readOffset(s, i, ref); ok {
		return d, true
	}
	for w, shift := range map[string]int{"大前年": -3, "大后年": 3} {
		if strings.HasPrefix(rest, w) {
			d := Date{Start: i, End: i + len(w), Raw: w}
			if y := ref.referenceYear(); y != 0 {
				d.From, d.ISO = fmt.Sprintf("%04d-01-01", y+shift), fmt.Sprintf("%04d-12-31", y+shift)
			}
			return d, true
		}
	}
	return Date{}, false
}

// weekdayNames number the days of the week from Monday.
var weekdayNames = map[rune]int{'一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '日': 7, '天': 7}

// readWeekday reads a day of the week (周一, 下星期三, 上礼拜五) in the week
// of the publish date or the one before or after it.
func readWeekday(s string, i int, ref dateRef) (Date, bool) {
	k, shift := i, 0
	for _, p := range []struct {
		w     string
		shift int
	}{{"下个", 7}, {"上个", -7}, {"本", 0}, {"这", 0}, {"下", 7}, {"上", -7}} {
		if strings.HasPrefix(s[k:], p.w) {
			k, shift = k+len(p.w), p.shift
			break
		}
	}
	named := false
	for _, w := range []string{"星期", "礼拜", "周"} {
		if strings.HasPrefix(s[k:], w) {
			k, named = k+len(w), true
			break
		}
	}
	if !named {
		return Date{}, false
	}
	r, n := utf8.DecodeRuneInString(s[k:])
	day, ok := weekdayNames[r]
	if prev, _ := utf8.DecodeLastRuneInString(s[:i]); !ok || prev == '每' || isNumeralRune(prev) || i > 0 && isASCIIDigit(s[i-1]) {
		return Date{}, false // 每周一 is every Monday
	}
	if next, _ := utf8.DecodeRuneInString(s[k+n:]); isNumeralRune(next) || strings.ContainsRune("年届次轮期个", next) {
		return Date{}, false // 周一至周五 is read day by day; 周三年 is none
	}
	d := Date{Start: i, End: k + n, Raw: s[i : k+n]}
	if ref.pubY != 0 {
		t := civil(ref.pubY, ref.pubM, ref.pubD)
		monday := t - (t+3)%7
		d.ISO = fromCivil(monday + shift + day - 1)
	}
	return d, true
}

// readOffset reads a date a number of days, weeks, months or years from the
// publish date: 3天后, 两周前, 三个月以后, 5年前.
func readOffset(s string, i int, ref dateRef) (Date, bool) {
	nm, ok := readNumeral(s, i)
	if !ok || nm.vague || nm.approx || nm.hi != 0 || nm.value <= 0 || nm.value > 1000 || nm.value != float64(int(nm.value)) {
		return Date{}, false
	}
	k := nm.end
	unit := ""
	// not 日: 15日前 is a deadline on the 15th
	for _, u := range []string{"个星期", "星期", "个月", "天", "周", "年"} {
		if strings.HasPrefix(s[k:], u) {
			unit, k = u, k+len(u)
			break
		}
	}
	if unit == "" {
		return Date{}, false
	}
	sign := 0
	for _, w := range []struct {
		w    string
		sign int
	}{{"以后", 1}, {"之后", 1}, {"后", 1}, {"以前", -1}, {"之前", -1}, {"前", -1}} {
		if strings.HasPrefix(s[k:], w.w) {
			sign, k = w.sign, k+len(w.w)
			break
		}
	}
	if sign == 0 {
		return Date{}, false
	}
	d := Date{Start: i, End: k, Raw: s[i:k]}
	if ref.pubY == 0 {
		return d, true
	}
	n := int(nm.value) * sign
	switch unit {
	case "天":
		d.ISO = fromCivil(civil(ref.pubY, ref.pubM, ref.pubD) + n)
	case "周", "星期", "个星期":
		d.ISO = fromCivil(civil(ref.pubY, ref.pubM, ref.pubD) + 7*n)
	case "个月", "年":
		if unit == "年" {
			n *= 12
		}
		m := ref.pubY*12 + ref.pubM - 1 + n
		y, mo := m/12, m%12+1
		d.ISO = fmt.Sprintf("%04d-%02d-%02d", y, mo, min(ref.pubD, daysIn(y, mo)))
	}
	return d, true
}

// fullParts is one match of fullDateRe.
type fullParts struct {
	m []int
	s string
}

func (p fullParts) g(name string) string {
	k := fullGroup[name]
	if p.m[2*k] < 0 {
		return ""
	}
	return p.s[p.m[2*k]:p.m[2*k+1]]
}

// smallNum is a month or a day in digits or numerals, checked by its reader.
const smallNum = `[0-9]{1,2}|[一二三四五六七八九十廿卅]{1,3}`

// fullDateWindow bounds the text a date expression of ReadDates spans, in
// bytes: "截止到二〇二三年十二月三十一日之前" takes 51.
const fullDateWindow = 72

// dateRunes holds every rune the grammar of ReadDates names: a date
// expression is a run of them, so the grammar runs on that run alone.
var dateRunes = func() (set bmpSet) {
	for _, r := range fullDateRe.String() + "0123456789" {
		set.add(r)
	}
	return set
}()

// readFullDate reads the date expression at s[i:].
func readFullDate(s string, i int, ref dateRef) (Date, bool) {
	j := i
	for j < len(s) && j-i < fullDateWindow {
		r, n := utf8.DecodeRuneInString(s[j:])
		if !dateRunes.has(r) {
			break
		}
		j += n
	}
	m := fullDateRe.FindStringSubmatchIndex(s[i:j])
	if m == nil || m[1] == 0 {
		return Date{}, false
	}
	w := s[i:min(len(s), max(j, i+fullDateWindow))] // what follows decides too
	p := fullParts{m, w}
	end := m[1]
	yearText := p.g("y4") + p.g("y4c") + p.g("y2") + p.g("y2c") + p.g("yrel")
	body := p.g("m") + p.g("q") + p.g("part") + p.g("mrel") + p.g("qrel") + p.g("hol") + p.g("lunar") + p.g("zy") + p.g("d8") + p.g("ly") +
		p.g("drel") + p.g("wrel") + p.g("mself") + p.g("qn") + p.g("mn") + p.g("dalone")
	if body == "" {
		// a year alone: 2023年, 二〇二三年, 今年; not 15年 (a duration) nor 3年
		if p.g("y4") == "" && p.g("y4c") == "" && p.g("yrel") == "" || p.g("before") != "" {
			return Date{}, false
		}
		if p.g("y4") != "" && (!isYear(p.g("y4")) || strings.HasPrefix(w[end:], "级")) {
			return Date{}, false
		}
	}
	if p.g("part") == "底" || p.g("part") == "末" {
		if yearText == "" {
			return Date{}, false
		}
	}
	if p.g("y2") != "" && (p.g("m") == "" && p.g("part") == "" && p.g("q") == "") {
		return Date{}, false
	}
	if p.g("mself") != "" && i > 0 {
		if r, _ := utf8.DecodeLastRuneInString(s[:i]); isNumeralRune(r) || isASCIIDigit(s[i-1]) || r == '个' || r == '岁' {
			return Date{}, false // 3个月底 is no date; 9月底 was read from its 9
		}
	}
	for _, g := range []struct {
		name string
		max  int
	}{{"qm", 12}, {"mn", 12}, {"dalone", 31}} {
		if v := p.g(g.name); v != "" && (readSmall(v) < 1 || readSmall(v) > g.max) {
			return Date{}, false
		}
	}
	if p.g("dalone") != "" {
		// 15日 or 20号 alone is a day of the reference month; 〔2022〕20号,
		// 5号楼, 10号文 are numbers
		r, _ := utf8.DecodeLastRuneInString(s[:i])
		de := end - len(p.g("before"))
		next, _ := utf8.DecodeRuneInString(w[de:])
		if yearText != "" || strings.ContainsRune("〕]】)）第#№", r) || i > 0 && (isASCIIDigit(s[i-1]) || isASCIILetter(s[i-1])) || isNumeralRune(r) ||
			!isBoundary(w, de) && !strings.ContainsRune("前起止至到开上下晚中召举完左之以当后", next) {
			return Date{}, false // 5号楼, 1号海上风电, 一号工程
		}
	}
	if p.g("m") != "" && yearText == "" && strings.HasSuffix(s[:i], "个") {
		return Date{}, false // 3个月: a duration
	}
	if (p.g("y2") != "" || p.g("y4") != "") && i > 0 && (isASCIIDigit(s[i-1]) || s[i-1] == '.') {
		return Date{}, false
	}
	if end < len(w) && isASCIIDigit(w[end-1]) && isASCIIDigit(w[end]) {
		return Date{}, false
	}
	if p.g("d") != "" && p.g("dw") == "" {
		// a day without 日 or 号 (八月十五, 十月31) must end there: in
		// "8月15个" or "3月10万元" the number counts something else
		de := p.m[2*fullGroup["d"]+1]
		r, _ := utf8.DecodeRuneInString(w[de:])
		if isNumeralRune(r) || r == '.' || r == '%' || unitStarts(w, de) || isASCIILetter(byte(r)) && r < utf8.RuneSelf {
			end = p.m[2*fullGroup["d"]]
			for _, g := range []string{"d", "before"} {
				p.m[2*fullGroup[g]], p.m[2*fullGroup[g]+1] = -1, -1
			}
		}
	}
	if p.g("d8") != "" && !validYMD(p.g("d8")) {
		return Date{}, false
	}
	if p.g("ly") != "" {
		y, mo, d := atoi(p.g("ly")), atoi(p.g("lmo")), atoi(p.g("ldy"))
		if !isYear(p.g("ly")) || mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) {
			return Date{}, false
		}
	}
	d := Date{Start: i, End: i + end, Raw: w[:end], AsOf: p.g("asof") != "" && p.g("asof") != "到"}
	if p.g("asof") == "到" {
		d.AsOf = p.g("m") != "" && (p.g("d") != "" || p.g("mp") == "底" || p.g("mp") == "末")
		if !d.AsOf {
			d.Start += len("到")
			d.Raw = w[len("到"):end]
		}
	}
	if d.Raw == "" || d.Raw == p.g("before") {
		return Date{}, false
	}
	d.From, d.ISO = resolveFull(p, s, d, ref)
	return d, true
}

// referenceYear is the year a date without one belongs to.
func (ref dateRef) referenceYear() int {
	if ref.year != 0 {
		return ref.year
	}
	return ref.pubY
}

// resolveFull gives the first and the last day of the date read in p.
func resolveFull(p fullParts, s string, d Date, ref dateRef) (from, iso string) {
	refY := ref.referenceYear()
	y := 0
	switch {
	case p.g("y4") != "":
		y = atoi(p.g("y4"))
	case p.g("y4c") != "":
		y = readYear("", p.g("y4c"))
	case p.g("y2") != "", p.g("y2c") != "":
		yy := atoi(p.g("y2"))
		if p.g("y2c") != "" {
			yy = readYear("", p.g("y2c"))
		}
		y = 2000 + yy
		pivot := refY
		if pivot == 0 {
			pivot = 2050
		}
		if y > pivot+10 {
			y -= 100
		}
	case p.g("yrel") != "":
		if refY == 0 {
			return "", ""
		}
		switch strings.TrimSuffix(p.g("yrel"), "度") {
		case "今年", "本年", "当年":
			y = refY
		case "去年", "上年":
			y = refY - 1
		case "明年", "下年":
			y = refY + 1
		case "前年":
			y = refY - 2
		case "后年":
			y = refY + 2
		}
	case p.g("lunar") != "" && refY == 0, p.g("zy") != "" && refY == 0:
	case p.g("d8") != "", p.g("ly") != "", p.g("drel") != "", p.g("wrel") != "", p.g("mself") != "", p.g("dalone") != "":
	default:
		y = refY
		if ref.year == 0 && ref.pubY != 0 && (d.AsOf || reportsDone(s, d)) {
			mo, day := resolveParts(p.g("m"), p.g("d"), p.g("mp"), p.g("q"), p.g("qe"), p.g("qm"), p.g("part"))
			if mo > ref.pubM || mo == ref.pubM && day > ref.pubD {
				y--
			}
		}
	}
	ymd := func(y, mo, day int) string {
		if y == 0 || mo < 1 || mo > 12 {
			return ""
		}
		if day == 0 || day > daysIn(y, mo) {
			day = daysIn(y, mo)
		}
		return fmt.Sprintf("%04d-%02d-%02d", y, mo, day)
	}
	switch {
	case p.g("d8") != "":
		v := p.g("d8")
		return "", ymd(atoi(v[:4]), atoi(v[4:6]), atoi(v[6:]))
	case p.g("ly") != "":
		return "", ymd(atoi(p.g("ly")), atoi(p.g("lmo")), atoi(p.g("ldy")))
	case p.g("lunar") != "" && p.g("lm") == "正" && p.g("ld") != "", p.g("zy") != "":
		// 正月 starts on 春节: 正月初一, 正月十五, 大年初一, 大年三十
		day := lunarDay(p.g("ld") + p.g("zd"))
		sf, ok := springFestival[y]
		if !ok || day == 0 {
			return "", ""
		}
		first := civil(y, sf[0], sf[1])
		if p.g("zy") == "大年" && day == 30 {
			return "", fromCivil(first - 1)
		}
		return "", fromCivil(first + day - 1)
	case p.g("lunar") != "":
		// only 正月 and the festivals of the table are known in the lunar calendar
		switch mo, day := readSmall(p.g("lm")), lunarDay(p.g("ld")); {
		case mo == 8 && day == 15:
			return "", holiday("中秋", y)
		case mo == 5 && day == 5:
			return "", holiday("端午", y)
		}
		return "", ""
	case p.g("drel") != "":
		if ref.pubY == 0 {
			return "", ""
		}
		shift := map[string]int{"昨天": -1, "昨日": -1, "明天": 1, "明日": 1, "前天": -2, "后天": 2}[p.g("drel")]
		t := civil(ref.pubY, ref.pubM, ref.pubD) + shift
		return "", fromCivil(t)
	case p.g("wrel") != "":
		if ref.pubY == 0 {
			return "", ""
		}
		t := civil(ref.pubY, ref.pubM, ref.pubD)
		monday := t - (t+3)%7 // day 0 (1970-01-01) was a Thursday
		switch p.g("wrel") {
		case "上周", "上星期":
			monday -= 7
		case "下周", "下星期":
			monday += 7
		}
		return fromCivil(monday), fromCivil(monday + 6)
	case p.g("mself") != "":
		if ref.pubY == 0 {
			return "", ""
		}
		return "", ymd(ref.pubY, ref.pubM, partDay(p.g("mself")))
	case p.g("dalone") != "":
		if ref.pubY == 0 {
			return "", ""
		}
		return "", ymd(ref.pubY, ref.pubM, readSmall(p.g("dalone")))
	case p.g("qn") != "":
		return ymd(y, 1, 1), ymd(y, readSmall(p.g("qn"))*3, 0)
	case p.g("mn") != "":
		return ymd(y, 1, 1), ymd(y, readSmall(p.g("mn")), 0)
	case p.g("hol") != "":
		return "", holiday(p.g("hol"), y)
	case p.g("mrel") != "":
		if ref.pubY == 0 {
			return "", ""
		}
		y, mo := ref.pubY, ref.pubM
		switch p.g("mrel") {
		case "上月", "上个月":
			mo--
		case "下月", "下个月", "次月":
			mo++
		}
		if mo < 1 {
			y, mo = y-1, 12
		} else if mo > 12 {
			y, mo = y+1, 1
		}
		day := partDay(p.g("mrp"))
		if p.g("mrp") == "" {
			return ymd(y, mo, 1), ymd(y, mo, 0)
		}
		return "", ymd(y, mo, day)
	case p.g("qrel") != "":
		if ref.pubY == 0 {
			return "", ""
		}
		y, q := ref.pubY, (ref.pubM+2)/3
		switch p.g("qrel") {
		case "上季度":
			q--
		case "下季度":
			q++
		}
		if q < 1 {
			y, q = y-1, 4
		} else if q > 4 {
			y, q = y+1, 1
		}
		return ymd(y, q*3-2, 1), ymd(y, q*3, 0)
	case p.g("m") != "":
		mo := readSmall(p.g("m"))
		if p.g("d") != "" {
			return "", ymd(y, mo, readSmall(p.g("d")))
		}
		if p.g("mp") == "" {
			return ymd(y, mo, 1), ymd(y, mo, 0)
		}
		return "", ymd(y, mo, partDay(p.g("mp")))
	case p.g("q") != "":
		q := readSmall(p.g("q"))
		if p.g("qm") != "" {
			return "", ymd(y, readSmall(p.g("qm")), 0)
		}
		if p.g("qe") != "" {
			return "", ymd(y, q*3, 0)
		}
		return ymd(y, q*3-2, 1), ymd(y, q*3, 0)
	}
	switch p.g("part") {
	case "上半年":
		return ymd(y, 1, 1), ymd(y, 6, 0)
	case "下半年":
		return ymd(y, 7, 1), ymd(y, 12, 0)
	case "全年", "年内", "":
		return ymd(y, 1, 1), ymd(y, 12, 0)
	case "年初":
		return ymd(y, 1, 1), ymd(y, 1, 0)
	case "年中":
		return "", ymd(y, 6, 0)
	}
	return "", ymd(y, 12, 0) // 年底, 年末, 底, 末
}

// lunarDay reads a day of a lunar month: 初一 is 1, 十五 15, 廿三 23.
func lunarDay(s string) int {
	if rest, ok := strings.CutPrefix(s, "初"); ok {
		if rest == "十" {
			return 10
		}
		return readSmall(rest)
	}
	return readSmall(s)
}

// lunarHolidays holds 清明, 端午 and 中秋 by year, month and day.
var lunarHolidays = map[string]map[int][2]int{
	"清明": {2015: {4, 5}, 2016: {4, 4}, 2017: {4, 4}, 2018: {4, 5}, 2019: {4, 5}, 2020: {4, 4}, 2021: {4, 4}, 2022: {4, 5}, 2023: {4, 5}, 2024: {4, 4}, 2025: {4, 4}, 2026: {4, 5}},
	"端午": {2015: {6, 20}, 2016: {6, 9}, 2017: {5, 30}, 2018: {6, 18}, 2019: {6, 7}, 2020: {6, 25}, 2021: {6, 14}, 2022: {6, 3}, 2023: {6, 22}, 2024: {6, 10}, 2025: {5, 31}, 2026: {6, 19}},
	"中秋": {2015: {9, 27}, 2016: {9, 15}, 2017: {10, 4}, 2018: {9, 24}, 2019: {9, 13}, 2020: {10, 1}, 2021: {9, 21}, 2022: {9, 10}, 2023: {9, 29}, 2024: {9, 17}, 2025: {10, 6}, 2026: {9, 25}},
}

// civil counts the days from 1970-01-01 to y-m-d (proleptic Gregorian).
func civil(y, m, d int) int {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// fromCivil is the ISO date of a day count from 1970-01-01.
func fromCivil(z int) string {
	z += 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return fmt.Sprintf("%04d-%02d-%02d", y, m, d)
}

// partDay is the last day a part of a month allows; 0 is the month's end.
func partDay(part string) int {
	switch part {
	case "初", "上旬":
		return 10
	case "中", "中旬":
		return 20
	}
	return 0
}

// holiday resolves a holiday in year y; "" for the lunar ones the table
// does not hold.
func holiday(name string, y int) string {
	if y == 0 {
		return ""
	}
	switch name {
	case "元旦":
		return fmt.Sprintf("%04d-01-01", y)
	case "劳动节", "五一":
		return fmt.Sprintf("%04d-05-01", y)
	case "国庆", "国庆节":
		return fmt.Sprintf("%04d-10-01", y)
	case "春节", "除夕", "元宵节":
		sf, ok := springFestival[y]
		if !ok {
			return ""
		}
		mo, d := sf[0], sf[1]
		switch name {
		case "除夕":
			d--
			if d == 0 {
				mo, d = 1, 31
			}
		case "元宵节":
			d += 14
			if d > daysIn(y, mo) {
				d -= daysIn(y, mo)
				mo++
			}
		}
		return fmt.Sprintf("%04d-%02d-%02d", y, mo, d)
	}
	if md, ok := lunarHolidays[strings.TrimSuffix(name, "节")][y]; ok {
		return fmt.Sprintf("%04d-%02d-%02d", y, md[0], md[1])
	}
	return ""
}

// doneWords after a date report what was done by then.
var doneWords = []string{"已", "累计", "共计", "实际", "完成了"}

// reportsDone reports whether the words after a date without 前 say what
// was done by then ("12月已建成", "截至…累计"), rather than set a deadline.
func reportsDone(s string, d Date) bool {
	if strings.HasSuffix(d.Raw, "前") {
		return false
	}
	before := s[max(0, d.Start-12):d.Start]
	for _, w := range []string{"计划", "预计", "力争", "确保", "将", "于"} {
		if strings.Contains(before, w) {
			return false
		}
	}
	after := s[d.End:min(len(s), d.End+24)]
	for _, w := range doneWords {
		if strings.Contains(after, w) {
			return true
		}
	}
	return false
}

var rangeJoiners = []string{"至", "到", "-", "－", "—", "~", "～", "〜", "–"}

// joinRange joins a date to the one before it when a range joins them
// ("4月至6月", "3月1日-4月30日", "3月1日至15日"), or reads the month before a
// dash that lost its 月 ("1-11月"). It returns the date to add; a joined
// range replaces the last date of out.
func joinRange(s string, d Date, ref dateRef, out *[]Date) Date {
	// a date that names no year takes the year of a date just before it
	// (2022年1-6月, 2021年3月1日-4月30日)
	var prev *Date
	if len(*out) > 0 {
		prev = &(*out)[len(*out)-1]
	}
	if prev != nil && len(prev.ISO) == 10 && d.Start-prev.End <= len("十一—") && !strings.Contains(d.Raw, "年") && !isASCIIDigit(d.Raw[len(d.Raw)-1]) {
		if again, ok := readFullDate(s, d.Start, dateRef{year: atoi(prev.ISO[:4]), pubY: ref.pubY, pubM: ref.pubM, pubD: ref.pubD}); ok {
			d = again
		}
	}
	yearAlone := prev != nil && (strings.HasSuffix(prev.Raw, "年") || strings.HasSuffix(prev.Raw, "年度"))
	// 1-11月, 1至11月: a month number before the range sign
	for _, j := range rangeJoiners {
		if !strings.HasSuffix(s[:d.Start], j) {
			continue
		}
		k := d.Start - len(j)
		st := k
		for st > 0 && isASCIIDigit(s[st-1]) {
			st--
		}
		if st == k {
			if b, ok := chineseMonthBefore(s, k); ok {
				st = b
			}
		}
		if k-st == 4 && isYear(s[st:k]) && d.From != "" && strings.HasSuffix(d.From, "-01-01") && strings.HasSuffix(d.ISO, "-12-31") &&
			(st == 0 || !isASCIIDigit(s[st-1])) && (prev == nil || prev.End <= st) && s[st:k] < d.ISO[:4] {
			d.From = s[st:k] + "-01-01" // 2014-2015年
			d.Start, d.Raw = st, s[st:d.End]
			break
		}
		if st < k && (st == 0 || !isASCIIDigit(s[st-1])) && d.ISO != "" {
			lo := readSmall(s[st:k])
			if prev != nil && prev.End > st {
				break
			}
			if strings.Contains(d.Raw, "季度") && !strings.Contains(d.Raw, "月") && lo >= 1 && lo*3 < atoi(d.ISO[5:7]) {
				lo = lo*3 - 2 // 一至三季度: from the first quarter's first month
				if strings.HasSuffix(s[:st], "第") && (prev == nil || prev.End <= st-len("第")) {
					st -= len("第") // 第一至第三季度
				}
			} else if strings.Contains(d.Raw, "季度") {
				break
			}
			if mo := atoi(d.ISO[5:7]); lo >= 1 && lo < mo && strings.Count(d.Raw, "月") <= 1 && !strings.Contains(d.Raw, "日") {
				d.From = fmt.Sprintf("%s-%02d-01", d.ISO[:4], lo)
				d.Start, d.Raw = st, s[st:d.End]
				if yearAlone && prev.End == st {
					d.Start, d.Raw = prev.Start, s[prev.Start:d.End] // 2022年1-6月
					d.AsOf = prev.AsOf
					*out = (*out)[:len(*out)-1]
					return d
				}
			}
		}
		break
	}
	if prev == nil {
		return d
	}
	gap := s[prev.End:d.Start]
	joined := false
	for _, j := range rangeJoiners {
		if gap == j {
			joined = true
		}
	}
	if !joined || prev.ISO == "" {
		return d
	}
	iso := d.ISO
	from := prev.From
	if from == "" {
		from = prev.ISO
	}
	if iso == "" || iso < from {
		return d
	}
	*out = (*out)[:len(*out)-1]
	return Date{Start: prev.Start, End: d.End, Raw: s[prev.Start:d.End], ISO: iso, From: from, AsOf: prev.AsOf}
}

// chineseMonthBefore finds a Chinese month numeral ending at k (十一, 三)
// and returns where it starts.
func chineseMonthBefore(s string, k int) (int, bool) {
	st := k
	for st > 0 {
		r, w := utf8.DecodeLastRuneInString(s[:st])
		if numeralDigit(r) < 0 && r != '十' {
			break
		}
		st -= w
	}
	if st == k {
		return 0, false
	}
	if v := readSmall(s[st:k]); v >= 1 && v <= 12 {
		return st, true
	}
	return 0, false
}

// dayRangeRe is the second end of a range of days: 至15日, -20号.
var dayRangeRe = regexp.MustCompile(`^(?:至|到|-|－|—|~|～)(` + cnDay + `)[日号]`)

// extendDays reads the day that closes a range of days after d: "3月1日至15日".
func extendDays(s string, d Date) Date {
	if len(d.ISO) != 10 || !(strings.HasSuffix(d.Raw, "日") || strings.HasSuffix(d.Raw, "号")) {
		return d
	}
	m := dayRangeRe.FindStringSubmatchIndex(s[d.End:min(len(s), d.End+24)])
	if m == nil {
		return d
	}
	day := readSmall(s[d.End+m[2] : d.End+m[3]])
	y, mo := atoi(d.ISO[:4]), atoi(d.ISO[5:7])
	if day <= atoi(d.ISO[8:]) || day > daysIn(y, mo) {
		return d
	}
	d.From, d.ISO = d.ISO, fmt.Sprintf("%s-%02d", d.ISO[:7], day)
	d.End += m[1]
	d.Raw = s[d.Start:d.End]
	return d
}
