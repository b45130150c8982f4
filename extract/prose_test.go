package extract

import (
	"fmt"
	"strings"
	"testing"

	"github.com/minsheng/minsheng/normalize"
)

// TestProseItems cuts paragraphs of running text into the items they state,
// in the numberings notices use inside a paragraph.
func TestProseItems(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string // number|text of each item
	}{
		{"parenthesised numbers", "重点实施:(1)新建食堂8家;(2)加装电梯60台;(3)新增车位1500个。",
			[]string{"|重点实施:", "(1)|新建食堂8家;", "(2)|加装电梯60台;", "(3)|新增车位1500个。"}},
		{"一是 二是", "一是提升养老,新增床位200张;二是扩大就业,新增就业4000人。",
			[]string{"一是|提升养老,新增床位200张;", "二是|扩大就业,新增就业4000人。"}},
		{"numbers with a full stop", "1。新建公园5个;2。新建绿道20公里;",
			[]string{"1。|新建公园5个;", "2。|新建绿道20公里;"}},
		{"numbers with a comma count up by one", "1,截至11月底新增就业1.2万人;2,新建书房6家。",
			[]string{"1,|截至11月底新增就业1.2万人;", "2,|新建书房6家。"}},
		{"numbers that skip, as a review quotes its list", "其中,28.新建游园3个;29.改造公厕20座;43.建成绿道8公里。",
			[]string{"|其中,", "28.|新建游园3个;", "29.|改造公厕20座;", "43.|建成绿道8公里。"}},
		{"a decimal is no marker", "全年新增就业1.5万人,完成率103.2%。", []string{"|全年新增就业1.5万人,完成率103.2%"}},
		{"a title sentence keeps its targets", "建设口袋公园。新建口袋公园30个、绿道45公里。",
			[]string{"|建设口袋公园。新建口袋公园30个、绿道45公里。"}},
		{"one report a sentence", "新建村邮站800个,现已建成349个;发卡60万张,目前发卡37.9万张。",
			[]string{"|新建村邮站800个,现已建成349个", "|发卡60万张,目前发卡37.9万张"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, it := range proseItems(tt.text) {
				got = append(got, it.number+"|"+it.text)
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestItemCount tells a count of a list's own items from a target.
func TestItemCount(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"今年将办好10件民生实事", true},
		{"确定了190项重点工作", true},
		{"其中44个子项已完成年度目标", true},
		{"实施项目1357个", false},
		{"新开工项目550个以上", false},
		{"新建幼儿园3所", false},
		{"推出100项智能秒办事项", false}, // what the work delivers
		{"其中市直单位负责实施的7项", true},
		{"易地扶贫搬迁、新增城市公厕等8项完成进度80%以上", true},
	}
	for _, tt := range tests {
		qs := normalize.Quantities(tt.text)
		if len(qs) == 0 {
			t.Fatalf("%s: no quantity read", tt.text)
		}
		q := qs[0]
		if got := itemCount(q, tt.text[:q.Start], tt.text[q.End:]); got != tt.want {
			t.Errorf("itemCount(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

// TestUsable holds which figures of a clause can be targets: sizes, ranks,
// meeting ordinals, frequencies per person, standards and counts of
// governments cannot; counts of people without a measure word and ranges
// written with 或 can.
func TestUsable(t *testing.T) {
	tests := []struct {
		text string
		want []float64 // values of the usable quantities
	}{
		{"为200万名学生开展1次心理健康测评", []float64{2000000}},
		{"保障性租赁住房开工率达92%,居全省前三位", []float64{92}},
		{"审议通过七届人大五次会议决议", nil},
		{"新建道路1.2公里,宽12米", []float64{1.2}},
		{"打造三公里充分就业社区", nil},
		{"解决300万农村人口饮水安全问题", []float64{3000000}},
		{"辖区7家医院均设置1或2个便民门诊", []float64{7, 1}},
		{"新建幼儿园3所", []float64{3}},
		{"建成徐家埠地块18班幼儿园", nil},
		{"组建3人制篮球场20个", []float64{20}},
	}
	for _, tt := range tests {
		var got []float64
		for _, q := range usable(tt.text) {
			got = append(got, q.Value)
		}
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("usable(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

// TestStatusSpans finds the stretches of a paragraph that a count of projects
// in a status opens, each told as standing in that status.
func TestStatusSpans(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string // status|text of each stretch
	}{
		{"opening sentence", "30个项目中,有6个项目超额完成节点任务。甲已建成;乙完成80%。",
			[]string{"completed|6个项目超额完成节点任务。甲已建成;乙完成80%。"}},
		{"one count a sentence", "其中,20个子项已完成年度目标任务,包括甲;乙等。3个子项如期推进,包括丙。",
			[]string{"completed|20个子项已完成年度目标任务,包括甲;乙等。", "on_track|3个子项如期推进,包括丙。"}},
		{"summary of several counts", "其中,12项已完成全年目标,4项进度滞后。甲新增床位300张。",
			[]string{"completed|12项已完成全年目标,", "behind|4项进度滞后"}},
		{"a count, then the list", "截至6月底,已有3项提前完成。这3项工作分别是:甲新增床位500张;乙已运行。",
			[]string{"completed|3项提前完成。这3项工作分别是:甲新增床位500张;乙已运行。"}},
		{"no status count", "全年新增就业8000人,完成率105%。", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, sp := range statusSpans(tt.text) {
				got = append(got, sp.status+"|"+tt.text[sp.start:sp.end])
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("statusSpans(%q)\n got %q\nwant %q", tt.text, got, tt.want)
			}
		})
	}
}

// TestFirstLeadRe finds a document's word that the unit listed first for an
// item leads, in the wordings of the genre.
func TestFirstLeadRe(t *testing.T) {
	for text, want := range map[string]bool{
		"各责任单位排在第一位的为牵头单位,其余为配合单位。":    true,
		"责任分解中,列第一位的责任单位为牵头单位或汇总单位。":   true,
		"(除标注“分别牵头”外,列第一位为牵头或汇总单位,下同)": true,
		"第一责任人为各单位主要负责人。":              false,
		"列入第一批试点的单位为12家。":              false,
	} {
		if got := firstLeadRe.MatchString(text); got != want {
			t.Errorf("firstLeadRe.MatchString(%q) = %v, want %v", text, got, want)
		}
	}
}
