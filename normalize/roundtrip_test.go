package normalize

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// numeralStyle is one way of writing Chinese numerals.
type numeralStyle struct {
	digits                 [10]string
	ten, hundred, thousand string
	liang                  bool // 两 for a leading 2 before 百, 千, 万 and 亿
	oneTen                 bool // 一十五 rather than 十五
}

var (
	lowerStyle = numeralStyle{[10]string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}, "十", "百", "千", false, false}
	liangStyle = numeralStyle{[10]string{"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"}, "十", "百", "千", true, false}
	upperStyle = numeralStyle{[10]string{"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"}, "拾", "佰", "仟", false, true}
	tradStyle  = numeralStyle{[10]string{"零", "壹", "貳", "參", "肆", "伍", "陸", "柒", "捌", "玖"}, "拾", "佰", "仟", false, true}
)

// formatChinese writes n (0 <= n < 10^12) in Chinese numerals, the way a
// writer would: 零 for each gap, 万 and 亿 for the sections.
func formatChinese(n int64, st numeralStyle, big [2]string) string {
	if n == 0 {
		return st.digits[0]
	}
	sections := []int64{n / 1e8, n / 1e4 % 1e4, n % 1e4}
	names := []string{big[1], big[0], ""}
	var b strings.Builder
	started, gap := false, false
	for k, sec := range sections {
		if sec == 0 {
			if started {
				gap = true
			}
			continue
		}
		if started && (gap || sec < 1000) {
			b.WriteString(st.digits[0])
		}
		gap = false
		b.WriteString(formatSection(sec, st, !started))
		b.WriteString(names[k])
		started = true
	}
	return b.String()
}

func formatSection(sec int64, st numeralStyle, leading bool) string {
	places := []string{st.thousand, st.hundred, st.ten, ""}
	ds := []int64{sec / 1000, sec / 100 % 10, sec / 10 % 10, sec % 10}
	var b strings.Builder
	wrote, zero := false, false
	for k, d := range ds {
		if d == 0 {
			if wrote {
				zero = true
			}
			continue
		}
		if zero {
			b.WriteString(st.digits[0])
			zero = false
		}
		switch {
		case k == 2 && d == 1 && !wrote && leading && !st.oneTen:
			// 十五: the 一 of a leading ten is left out
		case d == 2 && st.liang && k < 2:
			b.WriteString("两")
		default:
			b.WriteString(st.digits[d])
		}
		b.WriteString(places[k])
		wrote = true
	}
	return b.String()
}

func TestFormatChinese(t *testing.T) {
	for n, want := range map[int64]string{
		0: "零", 10: "十", 15: "十五", 105: "一百零五", 1010: "一千零一十", 10500: "一万零五百",
		45622: "四万五千六百二十二", 1000004: "一百万零四", 500000006: "五亿零六", 40006000: "四千万六千", 40000600: "四千万零六百",
		100010000: "一亿零一万",
	} {
		if got := formatChinese(n, lowerStyle, [2]string{"万", "亿"}); got != want {
			t.Errorf("formatChinese(%d) = %q, want %q", n, got, want)
		}
	}
}

// readBack reads s as Numbers would and wants one number of value v.
func readBack(t *testing.T, s string, v float64) {
	t.Helper()
	qs := Numbers(s)
	if len(qs) != 1 || qs[0].Raw != s || !closeTo(qs[0].Value, v) {
		t.Fatalf("Numbers(%q) = %s, want %v", s, render(qs), v)
	}
	if got, ok := ParseNumber(s); !ok || !closeTo(got, v) {
		t.Fatalf("ParseNumber(%q) = %v, %v, want %v", s, got, ok, v)
	}
}

func FuzzNumberRoundTrip(f *testing.F) {
	for _, n := range []int64{0, 1, 10, 11, 20, 100, 101, 110, 1000, 1001, 10500, 45622, 100000, 1000004, 20300000, 500000006, 999999999999} {
		f.Add(n, uint8(0))
	}
	f.Fuzz(func(t *testing.T, n int64, style uint8) {
		if n < 0 {
			n = -n
		}
		n %= 1e12
		switch style % 7 {
		case 0:
			readBack(t, formatChinese(n, lowerStyle, [2]string{"万", "亿"}), float64(n))
		case 1:
			readBack(t, formatChinese(n, liangStyle, [2]string{"万", "亿"}), float64(n))
		case 2:
			readBack(t, formatChinese(n, upperStyle, [2]string{"万", "亿"}), float64(n))
		case 3:
			readBack(t, formatChinese(n, tradStyle, [2]string{"萬", "億"}), float64(n))
		case 4:
			// Arabic with thousands separators
			s := strconv.FormatInt(n, 10)
			for k := len(s) - 3; k > 0; k -= 3 {
				s = s[:k] + "," + s[k:]
			}
			readBack(t, s, float64(n))
		case 5:
			// Arabic in 万 with a decimal part: 123.4567万
			if n%100 != 0 {
				return
			}
			s := strconv.FormatFloat(float64(n)/1e4, 'f', -1, 64) + "万"
			readBack(t, s, float64(n))
		case 6:
			// signed
			s := "负" + formatChinese(n, lowerStyle, [2]string{"万", "亿"})
			if n == 0 {
				return
			}
			qs := Numbers(s)
			if len(qs) != 1 || qs[0].Raw != s || !closeTo(qs[0].Value, -float64(n)) {
				t.Fatalf("Numbers(%q) = %s, want %d", s, render(qs), -n)
			}
		}
	})
}

// formatDate writes a date in one of the ways notices do.
func formatDate(y, m, d int, style uint8) string {
	cn := func(n int) string { return formatChinese(int64(n), lowerStyle, [2]string{"万", "亿"}) }
	digitsCN := func(s string) string {
		var b strings.Builder
		for _, c := range s {
			b.WriteString([]string{"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"}[c-'0'])
		}
		return b.String()
	}
	switch style % 7 {
	case 5:
		return cn(m) + "月" + cn(d) + "号"
	case 6:
		return digitsCN(fmt.Sprintf("%02d", y%100)) + "年" + cn(m) + "月" + cn(d) + "号"
	case 0:
		return fmt.Sprintf("%d年%d月%d日", y, m, d)
	case 1:
		return digitsCN(strconv.Itoa(y)) + "年" + cn(m) + "月" + cn(d) + "日"
	case 2:
		return fmt.Sprintf("%02d年%d月%d号", y%100, m, d)
	case 3:
		return fmt.Sprintf("%d-%02d-%02d", y, m, d)
	}
	return fmt.Sprintf("%d月%d日", m, d)
}

func FuzzDateRoundTrip(f *testing.F) {
	f.Add(uint16(2023), uint8(3), uint8(5), uint8(0))
	f.Add(uint16(2007), uint8(8), uint8(29), uint8(2))
	f.Add(uint16(2024), uint8(2), uint8(29), uint8(1))
	f.Fuzz(func(t *testing.T, yy uint16, mm, dd, style uint8) {
		y := 1960 + int(yy)%80
		m := 1 + int(mm)%12
		d := 1 + int(dd)%daysIn(y, m)
		s := formatDate(y, m, d, style)
		published := fmt.Sprintf("%04d-12-31", y)
		ds := ReadDates(s, 0, published)
		want := fmt.Sprintf("%04d-%02d-%02d", y, m, d)
		if len(ds) != 1 || ds[0].Raw != s || ds[0].ISO != want {
			t.Fatalf("ReadDates(%q, published %s) = %s, want %s", s, published, renderDates(ds), want)
		}
	})
}

func FuzzNumbers(f *testing.F) {
	seedCorpus(f)
	for _, s := range []string{"四万五千六百二十二", "十余万", "几十", "大于二十、小于等于三十五", "50元6角三分", "三分之一", "负一十一", "7 万5 千4 百", "２．４万", "１／３", "－５"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		last := 0
		for _, q := range Numbers(s) {
			if q.Start < last || q.End > len(s) || q.Start > q.End || s[q.Start:q.End] != q.Raw {
				t.Fatalf("Numbers(%q): bad span %+v", s, q)
			}
			last = q.End
		}
	})
}

func FuzzReadDates(f *testing.F) {
	seedCorpus(f)
	for _, s := range []string{"15年3月2日", "零七年八月二十九号", "1-11月", "4月至6月", "3月1日至15日", "本月", "春节前", "２０２３年５月"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		last := 0
		for _, d := range ReadDates(s, 0, "2022-11-29") {
			if d.Start < last || d.End > len(s) || d.Start > d.End || s[d.Start:d.End] != d.Raw {
				t.Fatalf("ReadDates(%q): bad span %+v", s, d)
			}
			if d.ISO != "" && len(d.ISO) != 10 || d.From != "" && (len(d.From) != 10 || d.From > d.ISO) {
				t.Fatalf("ReadDates(%q): bad dates %+v", s, d)
			}
			last = d.End
		}
	})
}

func BenchmarkNumbers(b *testing.B) {
	src := readSeed(b, seedYuhuan)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		Numbers(src)
	}
}

func BenchmarkReadDates(b *testing.B) {
	src := readSeed(b, seedYuhuan)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		ReadDates(src, 0, "2021-11-29")
	}
}

// FuzzAmountRoundTrip writes amounts, percentages and ranges the way
// notices do and reads them back.
func FuzzAmountRoundTrip(f *testing.F) {
	f.Add(int64(50), uint8(6), uint8(3), uint8(0))
	f.Add(int64(8370000), uint8(0), uint8(0), uint8(1))
	f.Add(int64(90), uint8(5), uint8(0), uint8(2))
	f.Add(int64(3), uint8(5), uint8(0), uint8(3))
	f.Fuzz(func(t *testing.T, n int64, a, b, style uint8) {
		if n < 0 {
			n = -n
		}
		n %= 1e8
		jiao, fen := int(a%10), int(b%10)
		cn := func(v int64) string { return formatChinese(v, lowerStyle, [2]string{"万", "亿"}) }
		var s, unit string
		var want, wantMax float64
		switch style % 5 {
		case 0: // 50元6角三分
			if n == 0 {
				return
			}
			s, unit, want = cn(n)+"元", "元", float64(n)
			if jiao != 0 {
				s += cn(int64(jiao)) + "角"
				want += float64(jiao) / 10
			}
			if fen != 0 {
				if jiao == 0 {
					s += "零"
				}
				s += cn(int64(fen)) + "分"
				want += float64(fen) / 100
			}
		case 1: // 大写 with 整
			if n == 0 {
				return
			}
			s, unit, want = formatChinese(n, upperStyle, [2]string{"万", "亿"})+"元整", "元", float64(n)
		case 2: // 百分之九十点五
			s, unit, want = "百分之"+cn(n%1000), "%", float64(n%1000)
			if jiao != 0 {
				s += "点" + cn(int64(jiao))
				want += float64(jiao) / 10
			}
		case 3: // 3至5家
			lo, hi := n%10000, n%10000+int64(jiao)+1
			s, unit, want, wantMax = cn(lo)+"至"+cn(hi)+"家", "家", float64(lo), float64(hi)
			if lo == 0 {
				return
			}
		case 4: // 1.5万元 in Arabic
			s, unit, want = strconv.FormatFloat(float64(n)/1e4, 'f', -1, 64)+"万元", "元", float64(n)
			if n == 0 {
				return
			}
		}
		qs := Numbers(s)
		if len(qs) != 1 || qs[0].Raw != s || qs[0].Unit != unit || !closeTo(qs[0].Value, want) ||
			(wantMax != 0) != (qs[0].Max != nil) || qs[0].Max != nil && !closeTo(*qs[0].Max, wantMax) {
			t.Fatalf("Numbers(%q) = %s, want %v~%v %s", s, render(qs), want, wantMax, unit)
		}
	})
}
