package normalize

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
)

func TestRepairCangnanCells(t *testing.T) {
	for _, tc := range cangnanCells {
		got, rep := Repair(tc.in)
		if got != tc.want {
			t.Errorf("Repair(%q)\n got  %q\n want %q", tc.in, got, tc.want)
		}
		if !rep.Traditional && rep.Repairs["t2s"] > 0 {
			t.Errorf("Repair(%q): t2s without Traditional", tc.in)
		}
	}
}

func TestRepair(t *testing.T) {
	tests := []struct {
		in, want string
		repairs  map[string]int
	}{
		{"實(shí)事", "实事", map[string]int{"pinyin": 1, "t2s": 1}},
		{"民生實(shí)事項(xiàng)目", "民生实事项目", map[string]int{"pinyin": 2, "t2s": 2}},
		{"保障性租賃住房2474套(間),。", "保障性租赁住房2474套(间)。", map[string]int{"t2s": 2, "fullwidth": 0, "punct_doubled": 1}},
		// real parentheses stay
		{"新增保障性租赁住房4万套(间)", "新增保障性租赁住房4万套(间)", nil},
		{"资金测算(万元)", "资金测算(万元)", nil},
		{"(牵头单位:市教育局)", "(牵头单位:市教育局)", nil},
		{"第四季度(11月份)", "第四季度(11月份)", nil},
		{"(自考506人、开大465人)", "(自考506人、开大465人)", nil},
		{"(靈溪鎮)", "(灵溪镇)", map[string]int{"t2s": 2}},
		{"Wi-Fi(hot)", "Wi-Fi(hot)", nil},
		{"宁(ning)", "宁(ning)", nil},
		// lost characters
		{"目前在圖紙?jiān)O(shè)計(jì)階段", "目前在图纸设计阶段", map[string]int{"lost_char_recovered": 1, "pinyin": 1, "t2s": 5}},
		{"整治病險(xiǎn)水庫(kù)1座(橋墩?qǐng)@井水庫(kù))", "整治病险水库1座(桥墩□@井水库)", map[string]int{"lost_char": 1, "pinyin": 3, "t2s": 4}},
		{"現有空調數與計劃數,F(xiàn)有", "现有空调数与计划数,□有", map[string]int{"lost_char": 1, "t2s": 7}},
		{"所有學(xué)?,F(xiàn)有空調(diào)數", "所有学?,□有空调数", map[string]int{"lost_char": 1, "pinyin": 2, "t2s": 3}},
		// punctuation
		{"指标46项,、市政府", "指标46项、市政府", map[string]int{"punct_doubled": 1}},
		{"1项,。", "1项。", map[string]int{"punct_doubled": 1}},
		{"其中,,县教育局", "其中,县教育局", map[string]int{"punct_doubled": 1}},
		{"完成。,下一步", "完成。下一步", map[string]int{"punct_doubled": 1}},
		{"协议,;第二季度", "协议;第二季度", map[string]int{"punct_doubled": 1}},
		{"其中，，县教育局", "其中,县教育局", map[string]int{"fullwidth": 2, "punct_doubled": 1}},
		{"学校、、幼儿园", "学校、幼儿园", map[string]int{"punct_doubled": 1}},
		// fullwidth
		{"新增１２３个（含）：１；２，３％", "新增123个(含):1;2,3%", map[string]int{"fullwidth": 12}},
		{"“一府两院”《任务书》、“十四五”。①", "“一府两院”《任务书》、“十四五”。①", map[string]int{}},
		// spaces next to numbers
		{"为 5000 个中小学教室", "为5000个中小学教室", map[string]int{"number_space": 2}},
		{"1.5 万", "1.5万", map[string]int{"number_space": 1}},
		{"1 000", "1000", map[string]int{"number_space": 1}},
		{"建设筹集保障性租赁住房 4 万套 (间)", "建设筹集保障性租赁住房4万套(间)", map[string]int{"number_space": 3}},
		{"市区 (含浙南产业集聚区)", "市区 (含浙南产业集聚区)", nil},
		{"关于 2022 年度市政府民生实事 候选项目", "关于2022年度市政府民生实事 候选项目", map[string]int{"number_space": 2}},
		{"新建 ICU 床位30张", "新建 ICU 床位30张", nil},
		{"| 1 | 2 |", "| 1 | 2 |", nil},
		// simplified text is left alone
		{"后来于是只有干部著名乾隆", "后来于是只有干部著名乾隆", nil},
	}
	for _, tc := range tests {
		got, rep := Repair(tc.in)
		if got != tc.want {
			t.Errorf("Repair(%q) = %q, want %q", tc.in, got, tc.want)
		}
		want := map[string]int{}
		for k, v := range tc.repairs {
			if v > 0 {
				want[k] = v
			}
		}
		if tc.repairs != nil && !reflect.DeepEqual(rep.Repairs, want) {
			t.Errorf("Repair(%q) repairs = %v, want %v", tc.in, rep.Repairs, want)
		}
		if tc.repairs == nil && len(rep.Repairs) != 0 {
			t.Errorf("Repair(%q) repairs = %v, want none", tc.in, rep.Repairs)
		}
	}
}

func TestToSimplifiedPhrases(t *testing.T) {
	tests := []struct{ in, want string }{
		{"隨著", "随着"}, {"著名", "著名"}, {"顯著", "显著"}, {"著力", "着力"},
		{"乾淨", "干净"}, {"乾隆", "乾隆"}, {"瞭解", "了解"}, {"瞭望", "瞭望"},
		{"藉口", "借口"}, {"慰藉", "慰藉"}, {"麵條", "面条"}, {"餘額", "余额"},
		{"後來", "后来"}, {"於是", "于是"}, {"一隻", "一只"}, {"全覆蓋", "全覆盖"},
		{"徵求意見", "征求意见"}, {"委託", "委托"}, {"巖", "岩"},
	}
	for _, tc := range tests {
		if got, _ := toSimplified(tc.in); got != tc.want {
			t.Errorf("toSimplified(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestRepairCleanSeeds: on clean simplified seeds only the cosmetic stages
// fire, and the text is what those stages alone make of it.
func TestRepairCleanSeeds(t *testing.T) {
	for _, name := range []string{seedHangzhou, seedWenling, seedWenzhou, seedYuhuan} {
		src := readSeed(t, name)
		got, rep := Repair(src)
		for k := range rep.Repairs {
			if k != "fullwidth" && k != "number_space" {
				t.Errorf("%s: repair %q fired (%d) on clean text", name, k, rep.Repairs[k])
			}
		}
		if rep.Traditional || len(rep.Flags) != 0 {
			t.Errorf("%s: traditional=%v flags=%v", name, rep.Traditional, rep.Flags)
		}
		want, _ := foldFullwidth(src)
		want, _ = numberSpaces(want)
		if got != want {
			t.Errorf("%s: Repair changed more than width and number spaces", name)
		}
	}
}

func TestRepairSeedsInvariants(t *testing.T) {
	for _, name := range seedNames {
		src := readSeed(t, name)
		once, _ := Repair(src)
		twice, rep2 := Repair(once)
		if once != twice {
			t.Errorf("%s: Repair is not idempotent (second pass: %v)", name, rep2.Repairs)
		}
		if strings.Count(src, "\n") != strings.Count(once, "\n") {
			t.Errorf("%s: line count changed", name)
		}
		if !utf8.ValidString(once) {
			t.Errorf("%s: invalid UTF-8", name)
		}
	}
}

func TestRepairCangnanGolden(t *testing.T) {
	got, rep := Repair(readSeed(t, seedCangnan))
	golden := filepath.Join("testdata", "cangnan.repaired.golden.txt")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Fatalf("line %d:\n got  %q\n want %q", i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("golden differs in length: %d vs %d lines", len(gl), len(wl))
	}
	if !rep.Traditional || rep.Repairs["pinyin"] < 3000 || rep.Repairs["t2s"] < 5000 || rep.Repairs["punct_doubled"] < 1000 {
		t.Errorf("report = %+v", rep)
	}
	if strings.ContainsAny(got, "āáǎà") {
		t.Error("pinyin left in the repaired seed")
	}
}

func TestTextFlags(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"全面完成", nil},
		{"开展数字化改造、构\uFFFD", []string{FlagTruncated}},
		{"开展数字化改造、构\xe6\x9e", []string{FlagTruncated}},
		{"桥墩□@井水库", []string{FlagLostCharacter}},
		{"□\uFFFD", []string{FlagTruncated, FlagLostCharacter}},
	}
	for _, tc := range tests {
		if got := TextFlags(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("TextFlags(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
	// a repaired seed keeps its lost characters visible
	text, _ := Repair(readSeed(t, seedCangnan))
	n := 0
	for _, line := range strings.Split(text, "\n") {
		for _, f := range TextFlags(line) {
			if f == FlagLostCharacter {
				n++
			}
		}
	}
	if n == 0 {
		t.Error("no lost character flagged in the repaired Cangnan seed")
	}
}

// TestRepairMojibake builds mojibake with the x/text encoders and checks
// that Repair reverses it when the round trip is clean.
func TestRepairMojibake(t *testing.T) {
	gbkDec := simplifiedchinese.GB18030.NewDecoder()
	gbkEnc := simplifiedchinese.GB18030.NewEncoder()
	latin := charmap.Windows1252.NewDecoder()
	for _, s := range []string{"全国民生实事项目", "温岭市人大常委会办公室", "新建中小学、幼儿园70所,新增学位6.2万个", "截至4月10日,有8项已提前完成。"} {
		// GBK bytes read as Latin-1: È«¹ú
		g, _ := gbkEnc.String(s)
		m, _ := latin.String(g)
		if got, rep := Repair(m); got != s || rep.Repairs["mojibake"] == 0 {
			t.Errorf("GBK as Latin-1: Repair(%q) = %q, %v; want %q", m, got, rep.Repairs, s)
		}
	}
	for _, s := range []string{"全国民生实事项目", "温岭市人大常委会办公室", "民生实事项目全面完成"} {
		// UTF-8 bytes read as GBK: 鍏ㄥ浗
		m, _ := gbkDec.String(s)
		if strings.ContainsRune(m, utf8.RuneError) {
			continue
		}
		if got, rep := Repair(m); got != s || rep.Repairs["mojibake"] == 0 {
			t.Errorf("UTF-8 as GBK: Repair(%q) = %q, %v; want %q", m, got, rep.Repairs, s)
		}
		// UTF-8 bytes read as Latin-1: å…¨å›½
		l, _ := latin.String(s)
		if strings.ContainsRune(l, utf8.RuneError) {
			continue
		}
		if got, _ := Repair(l); got != s {
			t.Errorf("UTF-8 as Latin-1: Repair(%q) = %q; want %q", l, got, s)
		}
	}
	// a lossy misreading is kept and flagged, never "converted"
	m, _ := gbkDec.String("截至4月10日,有8项已提前完成。")
	got, rep := Repair(m)
	if rep.Traditional || rep.Repairs["t2s"] > 0 {
		t.Errorf("mojibake was converted as traditional text: %q %v", got, rep.Repairs)
	}
	if !reflect.DeepEqual(rep.Flags, []string{FlagMojibake}) {
		t.Errorf("flags = %v, want [mojibake]", rep.Flags)
	}
}

// TestT2SAgainstOpenCC compares the character conversion of the Cangnan seed
// (pinyin removed) with testdata/cangnan.opencc-t2s.txt, the output of
// Debian's OpenCC 1.1.6: `opencc -c t2s.json`.
func TestT2SAgainstOpenCC(t *testing.T) {
	stripped, _, _, _ := stripPinyin(readSeed(t, seedCangnan))
	mine, _ := toSimplified(stripped)
	ref, err := os.ReadFile(filepath.Join("testdata", "cangnan.opencc-t2s.txt"))
	if err != nil {
		t.Fatal(err)
	}
	a, b, src := []rune(mine), []rune(string(ref)), []rune(stripped)
	if len(a) != len(b) || len(a) != len(src) {
		t.Fatalf("lengths differ: %d %d %d", len(a), len(b), len(src))
	}
	han, diff := 0, 0
	for i, r := range src {
		if !isHan(r) {
			continue
		}
		han++
		if a[i] != b[i] {
			diff++
			if diff <= 10 {
				t.Logf("%c: mine %c, opencc %c", r, a[i], b[i])
			}
		}
	}
	acc := 1 - float64(diff)/float64(han)
	t.Logf("t2s agreement with OpenCC: %d of %d Han characters differ (%.3f%%)", diff, han, 100*acc)
	if acc < 0.995 {
		t.Errorf("agreement %.4f below 99.5%%", acc)
	}
}

// TestT2SRoundTrip converts back testdata/yuhuan.opencc-s2t.txt, the Yuhuan
// seed made traditional by Debian's OpenCC 1.1.6 (`opencc -c s2t.json`, which
// writes old variant forms such as 爲 and 衆), and compares with the seed.
func TestT2SRoundTrip(t *testing.T) {
	trad, err := os.ReadFile(filepath.Join("testdata", "yuhuan.opencc-s2t.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if !isTraditional(string(trad)) {
		t.Fatal("OpenCC's traditional text not judged traditional")
	}
	got, _ := Repair(string(trad))
	want, _ := Repair(readSeed(t, seedYuhuan))
	a, b := []rune(got), []rune(want)
	if len(a) != len(b) {
		t.Fatalf("lengths differ: %d vs %d", len(a), len(b))
	}
	han, diff := 0, 0
	for i, r := range b {
		if !isHan(r) {
			continue
		}
		han++
		if a[i] != r {
			diff++
			if diff <= 10 {
				t.Logf("got %c, want %c", a[i], r)
			}
		}
	}
	acc := 1 - float64(diff)/float64(han)
	t.Logf("round trip: %d of %d Han characters differ (%.3f%%)", diff, han, 100*acc)
	if acc < 0.995 {
		t.Errorf("round-trip accuracy %.4f below 99.5%%", acc)
	}
}
