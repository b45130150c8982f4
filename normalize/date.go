package normalize

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

const (
	cnMonth = `1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]`
	cnDay   = `3[01]|[12][0-9]|0?[1-9]|[二三]?十[一二三四五六七八九]?|廿[一二三四五六七八九]?|卅一?|[一二三四五六七八九]`
	cnYear  = `(?:(\d{4})|([〇零○一二三四五六七八九]{4}))年`
)

// dateRe finds date expressions. Groups:
//
//	1 as-of word; 2,3 year (Arabic, Chinese)
//	4 month; 5 day; 6 month part (底 末 初 上旬 中旬 下旬 中)
//	7 quarter; 8 quarter end (末); 9 month in parentheses
//	10 half-year / year part; 11 8-digit date; 12,13,14 Y-M-D
//	15 trailing 前
var dateRe = regexp.MustCompile(`^` + dateExpr)

const dateExpr = `(?:` +
	`(截至|截止到|截止至|截止|到)?` +
	`(?:` + cnYear + `)?` +
	`(?:` +
	`(?:(` + cnMonth + `)月份?(?:(` + cnDay + `)[日号]|(底|末|初|上旬|中旬|下旬|中))?)` +
	`|(?:第?([一二三四1-4])季度(末)?(?:[(（](` + cnMonth + `)月份?(?:底|末)?[)）])?)` +
	`|(上半年|下半年|全年|年内|年底|年末|年中|底|末)` +
	`|(\d{8})` +
	`|(\d{4})[-./](\d{1,2})[-./](\d{1,2})` +
	`)` +
	`(之前|以前|前)?)`

// gluedPrefixes and gluedVerbs stand before and after a glued month-day
// ("1119", "817") seen where the 月 and 日 characters were dropped.
var (
	gluedPrefixes = []string{"于", "截至", "截止"}
	gluedVerbs    = []string{"正式启动", "启动", "召开", "投运", "完成", "开工", "竣工", "开通", "举办", "举行", "开放", "建成"}
)

// Dates finds date expressions in s, resolving them against year (0 =
// unknown) and published (an ISO date or ""). A date keeps its Raw and has
// an empty ISO when it cannot be pinned. Only as-of dates (截至…) borrow the
// year of publication when year is 0: they lie before publication.
func Dates(s string, year int, published string) []Date {
	var out []Date
	pubY, pubM, pubD := parseISO(published)
	for _, m := range findDates(s) {
		g := func(k int) string {
			if m[2*k] < 0 {
				return ""
			}
			return s[m[2*k]:m[2*k+1]]
		}
		start, end := m[0], m[1]
		if g(0) == "" || g(0) == g(1) || g(0) == g(1)+g(15) || g(0) == g(15) {
			continue
		}
		if start > 0 && isASCIIDigit(s[start-1]) && g(1) == "" {
			continue
		}
		if end < len(s) && isASCIIDigit(s[end-1]) && isASCIIDigit(s[end]) {
			continue
		}
		hasYear := g(2) != "" || g(3) != ""
		part := g(10)
		if (part == "底" || part == "末") && !hasYear {
			continue
		}
		if g(4) != "" && g(2) == "" && g(3) == "" {
			// 个月 is a duration; a month after a digit run is a dropped-year artefact
			if start >= len("个") && strings.HasSuffix(s[:start], "个") {
				continue
			}
		}
		if g(11) != "" && !validYMD(g(11)) {
			continue
		}
		if g(12) != "" {
			mo, _ := strconv.Atoi(g(13))
			d, _ := strconv.Atoi(g(14))
			y, _ := strconv.Atoi(g(12))
			if !isYear(g(12)) || mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) {
				continue
			}
		}
		if g(4) == "" && g(7) == "" && part == "" && g(11) == "" && g(12) == "" {
			continue
		}
		d := Date{Start: start, End: end, Raw: s[start:end], AsOf: g(1) != "" && g(1) != "到"}
		if g(1) == "到" {
			// 到 before a date makes it as-of only when it opens a statement
			d.AsOf = g(4) != "" && (g(5) != "" || g(6) == "底" || g(6) == "末")
			if !d.AsOf {
				d.Start += len("到")
				d.Raw = s[d.Start:end]
			}
		}
		y := year
		if hasYear {
			y = readYear(g(2), g(3))
		}
		mo, day := resolveParts(g(4), g(5), g(6), g(7), g(8), g(9), part)
		switch {
		case g(11) != "":
			y, mo, day = atoi(g(11)[:4]), atoi(g(11)[4:6]), atoi(g(11)[6:])
		case g(12) != "":
			y, _ = strconv.Atoi(g(12))
			mo, _ = strconv.Atoi(g(13))
			day, _ = strconv.Atoi(g(14))
		}
		if y == 0 && d.AsOf && pubY != 0 {
			y = pubY
			if mo > pubM || mo == pubM && day > pubD {
				y--
			}
		}
		if y != 0 && mo != 0 {
			if day == 0 || day > daysIn(y, mo) {
				day = daysIn(y, mo)
			}
			d.ISO = fmt.Sprintf("%04d-%02d-%02d", y, mo, day)
		}
		out = append(out, d)
	}
	if year != 0 {
		out = append(out, gluedDates(s, year, out)...)
		sortDates(out)
	}
	return out
}

// dateWindow bounds the text a date expression can span, in bytes.
const dateWindow = 120

// findDates finds the date expressions of s leftmost first, as
// FindAllStringSubmatchIndex would, trying the anchored expression only where
// a date can start and only on a short window.
func findDates(s string) [][]int {
	var out [][]int
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !dateStart(r) {
			i += n
			continue
		}
		w := s[i:min(len(s), i+dateWindow)]
		m := dateRe.FindStringSubmatchIndex(w)
		if m == nil || m[1] == 0 {
			i += n
			continue
		}
		for k := range m {
			if m[k] >= 0 {
				m[k] += i
			}
		}
		out = append(out, m)
		i = m[1]
	}
	return out
}

func dateStart(r rune) bool {
	if r >= '0' && r <= '9' {
		return true
	}
	switch r {
	case '截', '到', '第', '上', '下', '全', '年', '底', '末', '十', '〇', '零', '○', '一', '二', '三', '四', '五', '六', '七', '八', '九':
		return true
	}
	return false
}

// resolveParts turns the month, day and part groups into a month and day;
// day 0 means the month's last day.
func resolveParts(month, day, mpart, quarter, qend, qmonth, part string) (int, int) {
	switch {
	case month != "":
		mo := readSmall(month)
		d := 0
		switch {
		case day != "":
			d = readSmall(day)
		case mpart == "初" || mpart == "上旬":
			d = 10
		case mpart == "中" || mpart == "中旬":
			d = 20
		}
		return mo, d
	case quarter != "":
		if qmonth != "" {
			return readSmall(qmonth), 0
		}
		return readSmall(quarter) * 3, 0
	}
	switch part {
	case "上半年", "年中":
		return 6, 0
	case "下半年", "全年", "年内", "年底", "年末", "底", "末":
		return 12, 0
	}
	return 0, 0
}

// gluedDates finds month-day pairs whose 月 and 日 were dropped ("于1119正式
// 启动", "预计1119投运"): 3 or 4 digits forming a valid MMDD, with a verb after or
// 于 before, and no date already there.
func gluedDates(s string, year int, have []Date) []Date {
	var out []Date
	for ds := 0; ds < len(s); {
		if !isASCIIDigit(s[ds]) {
			ds++
			continue
		}
		de := ds
		for de < len(s) && isASCIIDigit(s[de]) {
			de++
		}
		if d, ok := gluedDate(s, ds, de, year, have); ok {
			out = append(out, d)
		}
		ds = de
	}
	return out
}

// gluedDate reads the digits s[ds:de] as a glued month-day, when they are
// three or four digits standing alone with 于 or 截至 before or a verb after.
func gluedDate(s string, ds, de, year int, have []Date) (Date, bool) {
	if de-ds < 3 || de-ds > 4 || ds > 0 && s[ds-1] == '.' || de < len(s) && (s[de] == '.' || s[de] == '%') {
		return Date{}, false
	}
	prefix := ""
	for _, p := range gluedPrefixes {
		if strings.HasSuffix(s[:ds], p) {
			prefix = p
		}
	}
	verb := false
	for _, v := range gluedVerbs {
		if strings.HasPrefix(s[de:], v) {
			verb = true
		}
	}
	if prefix == "" && !verb {
		return Date{}, false
	}
	digits := s[ds:de]
	var mo, d int
	if len(digits) == 4 {
		mo, d = atoi(digits[:2]), atoi(digits[2:])
	} else {
		// 817 is 8-17; 109 could be 1-09 or 10-9: ambiguous, skipped
		m1, d1 := atoi(digits[:1]), atoi(digits[1:])
		m2, d2 := atoi(digits[:2]), atoi(digits[2:])
		v1 := m1 >= 1 && d1 >= 1 && d1 <= daysIn(year, m1) && digits[1] != '0'
		v2 := m2 >= 1 && m2 <= 12 && d2 >= 1
		if v1 == v2 {
			return Date{}, false
		}
		mo, d = m1, d1
		if v2 {
			mo, d = m2, d2
		}
	}
	if mo < 1 || mo > 12 || d < 1 || d > daysIn(year, mo) {
		return Date{}, false
	}
	for _, h := range have {
		if ds < h.End && de > h.Start {
			return Date{}, false
		}
	}
	dt := Date{Start: ds, End: de, Raw: digits, ISO: fmt.Sprintf("%04d-%02d-%02d", year, mo, d)}
	if prefix != "" && prefix != "于" {
		dt.Start, dt.Raw, dt.AsOf = ds-len(prefix), s[ds-len(prefix):de], true
	}
	return dt, true
}

func sortDates(ds []Date) {
	for i := 1; i < len(ds); i++ {
		for j := i; j > 0 && ds[j].Start < ds[j-1].Start; j-- {
			ds[j], ds[j-1] = ds[j-1], ds[j]
		}
	}
}

// ResolveDate resolves one raw date expression as Dates would; "" if it cannot.
func ResolveDate(raw string, year int) string {
	for _, d := range Dates(strings.TrimSpace(raw), year, "") {
		return d.ISO
	}
	return ""
}

func readYear(arabic, chinese string) int {
	if arabic != "" {
		return atoi(arabic)
	}
	y := 0
	for _, r := range chinese {
		y = y*10 + chineseDigit[r]
	}
	return y
}

// readSmall reads a month, day or quarter number, Arabic or Chinese.
func readSmall(s string) int {
	if s == "" {
		return 0
	}
	if isASCIIDigit(s[0]) {
		return atoi(s)
	}
	v, ok := parseChinese(s)
	if !ok {
		return 0
	}
	return int(v)
}

func parseISO(s string) (y, m, d int) {
	if len(s) < 10 || s[4] != '-' || s[7] != '-' {
		return 0, 0, 0
	}
	y, m, d = atoi(s[:4]), atoi(s[5:7]), atoi(s[8:10])
	if !isYear(s[:4]) || m < 1 || m > 12 {
		return 0, 0, 0
	}
	return y, m, d
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) || y == 0 {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
