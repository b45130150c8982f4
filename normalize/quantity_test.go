package normalize

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// qw is an expected quantity: raw, value, max, unit, qualifier, percent, missing.
type qw struct {
	raw     string
	value   float64
	max     *float64
	unit    string
	qual    string
	percent bool
	missing bool
}

func f(v float64) *float64 { return &v }

func (w qw) String() string {
	mx := "nil"
	if w.max != nil {
		mx = fmt.Sprint(*w.max)
	}
	return fmt.Sprintf("{%q %v %s %q %q %v %v}", w.raw, w.value, mx, w.unit, w.qual, w.percent, w.missing)
}

func toQW(q Quantity) qw {
	return qw{q.Raw, q.Value, q.Max, q.Unit, q.Qualifier, q.Percent, q.Missing}
}

func sameQW(a, b qw) bool {
	if a.raw != b.raw || !closeTo(a.value, b.value) || a.unit != b.unit || a.qual != b.qual || a.percent != b.percent || a.missing != b.missing {
		return false
	}
	if (a.max == nil) != (b.max == nil) {
		return false
	}
	return a.max == nil || closeTo(*a.max, *b.max)
}

func closeTo(a, b float64) bool {
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b))
}

func checkQuantities(t *testing.T, in string, want []qw) {
	t.Helper()
	got := Quantities(in)
	ok := len(got) == len(want)
	for i := 0; ok && i < len(got); i++ {
		ok = sameQW(toQW(got[i]), want[i])
	}
	for _, q := range got {
		if q.Start < 0 || q.End > len(in) || q.Start > q.End || in[q.Start:q.End] != q.Raw {
			t.Errorf("Quantities(%q): span [%d,%d) does not hold Raw %q", in, q.Start, q.End, q.Raw)
		}
	}
	if !ok {
		var g []qw
		for _, q := range got {
			g = append(g, toQW(q))
		}
		t.Errorf("Quantities(%q)\n got  %v\n want %v", in, g, want)
	}
}

func TestQuantitiesSeeds(t *testing.T) {
	for _, tc := range seedQuantities {
		checkQuantities(t, tc.in, tc.want)
	}
	if len(seedQuantities) < 300 {
		t.Fatalf("only %d seed phrases", len(seedQuantities))
	}
}

func TestQuantities(t *testing.T) {
	tests := []struct {
		in   string
		want []qw
	}{
		{"新增托位7500个以上", []qw{{"7500个以上", 7500, nil, "个", AtLeast, false, false}}},
		{"市区困难群众约1.5万人", []qw{{"约1.5万人", 15000, nil, "人", Approx, false, false}}},
		{"新增学位1.5万个", []qw{{"1.5万个", 15000, nil, "个", "", false, false}}},
		{"改造10万平方米", []qw{{"10万平方米", 100000, nil, "平方米", "", false, false}}},
		{"惠及14.7万人", []qw{{"14.7万人", 147000, nil, "人", "", false, false}}},
		{"投入500万元", []qw{{"500万元", 5000000, nil, "元", "", false, false}}},
		{"新增跨境电商产值10亿元以上", []qw{{"10亿元以上", 1e9, nil, "元", AtLeast, false, false}}},
		{"确保完成固定资产投资50亿元", []qw{{"50亿元", 5e9, nil, "元", "", false, false}}},
		{"建设5-10个", []qw{{"5-10个", 5, f(10), "个", "", false, false}}},
		{"培育3至5家", []qw{{"3至5家", 3, f(5), "家", "", false, false}}},
		{"3～5所", []qw{{"3～5所", 3, f(5), "所", "", false, false}}},
		{"3万-5万元", []qw{{"3万-5万元", 30000, f(50000), "元", "", false, false}}},
		{"增长20%-30%", []qw{{"20%-30%", 20, f(30), "%", "", true, false}}},
		{"完成率93.75%", []qw{{"93.75%", 93.75, nil, "%", "", true, false}}},
		{"覆盖率百分之九十", []qw{{"百分之九十", 90, nil, "%", "", true, false}}},
		{"三分之一的村", []qw{{"三分之一", 0.333333333333, nil, "", "", false, false}}},
		{"新增1,000个", []qw{{"1,000个", 1000, nil, "个", "", false, false}}},
		{"新增1，000个", []qw{{"1，000个", 1000, nil, "个", "", false, false}}},
		{"培训两千三百人", []qw{{"两千三百人", 2300, nil, "人", "", false, false}}},
		{"新增十五个", []qw{{"十五个", 15, nil, "个", "", false, false}}},
		{"建设十个", []qw{{"十个", 10, nil, "个", "", false, false}}},
		{"覆盖十万人", []qw{{"十万人", 100000, nil, "人", "", false, false}}},
		{"补助一万零五百元", []qw{{"一万零五百元", 10500, nil, "元", "", false, false}}},
		{"惠及三十万人", []qw{{"三十万人", 300000, nil, "人", "", false, false}}},
		{"新增1万个", []qw{{"1万个", 10000, nil, "个", "", false, false}}},
		{"新增3千个", []qw{{"3千个", 3000, nil, "个", "", false, false}}},
		{"新增2.7万人", []qw{{"2.7万人", 27000, nil, "人", "", false, false}}},
		{"不超过30人", []qw{{"不超过30人", 30, nil, "人", AtMost, false, false}}},
		{"控制在5%以内", []qw{{"5%以内", 5, nil, "%", AtMost, true, false}}},
		{"3%以下", []qw{{"3%以下", 3, nil, "%", AtMost, true, false}}},
		{"提高2个百分点", []qw{{"2个百分点", 2, nil, "个百分点", "", false, false}}},
		{"5000㎡", []qw{{"5000㎡", 5000, nil, "平方米", "", false, false}}},
		{"新建绿道10km", []qw{{"10km", 10, nil, "公里", "", false, false}}},
		{"提升1200m2", []qw{{"1200m2", 1200, nil, "平方米", "", false, false}}},
		{"筹集保障性租赁住房4万套（间）", []qw{{"4万套（间）", 40000, nil, "套(间)", "", false, false}}},
		{"实施60岁以上老人免费接种", []qw{{"60岁以上", 60, nil, "岁", AtLeast, false, false}}},
		{"新建0-3岁托育服务机构3家", []qw{{"0-3岁", 0, f(3), "岁", "", false, false}, {"3家", 3, nil, "家", "", false, false}}},
		{"15分钟品质文化生活圈", []qw{{"15分钟", 15, nil, "分钟", "", false, false}}},
		{"为 5000 个中小学教室", []qw{{"5000 个", 5000, nil, "个", "", false, false}}},
		{"达>85.1%", []qw{{"达>85.1%", 85.1, nil, "%", AtLeast, true, false}}},
		{"≥90%", []qw{{"≥90%", 90, nil, "%", AtLeast, true, false}}},
		{"近3年", []qw{{"近3年", 3, nil, "年", Approx, false, false}}},
		{"100余人", []qw{{"100余人", 100, nil, "人", Approx, false, false}}},
		{"实施个老旧小区", []qw{{"个", 0, nil, "个", "", false, true}}},
		{"新增托位个,", []qw{{"个", 0, nil, "个", "", false, true}}},
		{"建设家以上", []qw{{"家", 0, nil, "家", AtLeast, false, true}}},
		{"开工万平方米", []qw{{"万平方米", 0, nil, "平方米", "", false, true}}},
		{"签约16个", []qw{{"16个", 16, nil, "个", "", false, false}}},
		{"最多达186项", []qw{{"最多达186项", 186, nil, "项", AtMost, false, false}}},
	}
	for _, tc := range tests {
		checkQuantities(t, tc.in, tc.want)
	}
}

// TestNotQuantities lists numbers that are no quantities.
func TestNotQuantities(t *testing.T) {
	for _, in := range []string{
		"2022年", "2022年度", "11月", "11月份", "4月10日", "20211013", "第一季度", "第二批", "第3",
		"温人大办〔2022〕20号", "1:3", "按1:3比例", "43-5-C", "110号-114号", "0577-88888888",
		"13812345678", "十四五", "1.", "2、", "(3)", "（3）", "①", "5G", "建设5G基站",
		"1。新建市本级", "2021-11-29", "18:36", "4月1日至4月30日", "开展7-9月农村人居环境督查",
		"附件：1.2022年“一府两院”重点工作", "22021年市政府民生实事项目", "一是广泛征集", "统一",
		"零部件", "G15", "A4纸", "二次供水", "进一步", "万人", "| 12 |", "二年级",
	} {
		if qs := Quantities(in); len(qs) != 0 {
			var g []qw
			for _, q := range qs {
				g = append(g, toQW(q))
			}
			t.Errorf("Quantities(%q) = %v, want none", in, g)
		}
	}
}

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"两千三百", 2300, true}, {"1.5万", 15000, true}, {"1,000", 1000, true}, {"1，000", 1000, true},
		{"百分之九十", 90, true}, {"十五", 15, true}, {"一万零五百", 10500, true}, {"三十万", 300000, true},
		{"93.75", 93.75, true}, {"3千", 3000, true}, {"2.7万", 27000, true}, {"10亿", 1e9, true},
		{"一亿三千万", 1.3e8, true}, {"两千三", 2300, true}, {"一万五", 15000, true}, {"零", 0, true},
		{"二〇二二", 2022, true}, {"十", 10, true}, {"一百零八", 108, true}, {"三分之一", 100.0 / 3, true},
		{"90%", 90, true}, {"14.7万", 147000, true}, {"76.9亿", 7.69e9, true}, {"-3", -3, true},
		{"", 0, false}, {"abc", 0, false}, {"三五", 0, false}, {"1.5万个", 0, false}, {"万", 10000, true},
	}
	for _, tc := range tests {
		got, ok := ParseNumber(tc.in)
		if ok != tc.ok || ok && !closeTo(got, tc.want) {
			t.Errorf("ParseNumber(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestCanonicalUnit(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"套（间）", "套(间)", true}, {"套(间)", "套(间)", true}, {"平方米", "平方米", true}, {"㎡", "平方米", true},
		{"m2", "平方米", true}, {"平米", "平方米", true}, {"公里", "公里", true}, {"km", "公里", true},
		{"千米", "公里", true}, {"万元", "万元", true}, {"亿元", "亿元", true}, {"%", "%", true}, {"％", "%", true},
		{"人次", "人次", true}, {"个百分点", "个百分点", true}, {" 个 ", "个", true}, {"千克", "公斤", true},
		{"间(套)", "套(间)", true}, {"斤斤", "斤斤", false}, {"", "", false},
	}
	for _, tc := range tests {
		got, ok := CanonicalUnit(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("CanonicalUnit(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestWanYuan(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"500万元", 500, true}, {"10亿元", 100000, true}, {"约383.82万元", 383.82, true},
		{"5000元", 0.5, true}, {"30辆", 0, false},
	}
	for _, tc := range tests {
		qs := Quantities(tc.in)
		if len(qs) != 1 {
			t.Fatalf("Quantities(%q) = %v", tc.in, qs)
		}
		got, ok := WanYuan(qs[0])
		if ok != tc.ok || !closeTo(got, tc.want) {
			t.Errorf("WanYuan(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

// TestQuantitiesWholeSeeds runs every seed line through Quantities and checks
// the spans; the repaired seeds must give no money value above a trillion
// (a year glued to a number) and no quantity inside a date.
func TestQuantitiesWholeSeeds(t *testing.T) {
	for _, name := range seedNames {
		text, _ := Repair(readSeed(t, name))
		for _, line := range strings.Split(text, "\n") {
			for _, q := range Quantities(line) {
				if line[q.Start:q.End] != q.Raw {
					t.Errorf("%s: span %q != %q", name, line[q.Start:q.End], q.Raw)
				}
				if q.Unit == "元" && q.Value >= 1e12 {
					t.Errorf("%s: implausible amount %q = %v", name, q.Raw, q.Value)
				}
				if (strings.HasSuffix(q.Raw, "月") && !strings.HasSuffix(q.Raw, "个月")) || strings.HasSuffix(q.Raw, "日") {
					t.Errorf("%s: date read as quantity: %q", name, q.Raw)
				}
			}
		}
	}
}

func TestNumberRuns(t *testing.T) {
	tests := []struct {
		text string
		want int
	}{
		{"", 0},
		{"实施个老旧小区", 0},
		{"鹿城350个,龙湾350个", 2},
		{"新增托位三百个、床位2,000张", 3},
		{"二〇二二年", 1},
		{"二○二二年完成1.5万", 3},
	}
	for _, tt := range tests {
		if got := NumberRuns(tt.text); got != tt.want {
			t.Errorf("NumberRuns(%q) = %d, want %d", tt.text, got, tt.want)
		}
	}
}
