package extract

import (
	"slices"
	"strings"
	"testing"

	"github.com/minsheng/minsheng/corpus"
	"github.com/minsheng/minsheng/normalize"
)

// repaired is text as the readers hand it to extraction.
func repaired(s string) string {
	out, _ := normalize.Repair(s)
	return out
}

func TestGoals(t *testing.T) {
	type want struct {
		metric    string
		value     float64 // -1: null
		unit      string
		qualifier string
	}
	tests := []struct {
		text string
		want []want
	}{
		{"新增婴幼儿照护服务机构5家,新增托位300个,婴幼儿照护服务人员培训率100%", []want{
			{"新增婴幼儿照护服务机构", 5, "家", ""}, {"新增托位", 300, "个", ""}, {"婴幼儿照护服务人员培训率", 100, "%", ""}}},
		{"发放技能培训补贴500万元以上,开展职业技能培训6700人以上。", []want{
			{"发放技能培训补贴", 5000000, "元", corpus.AtLeast}, {"开展职业技能培训", 6700, "人", corpus.AtLeast}}},
		{"建设新玉环人安居工程20万平方米。", []want{{"建设新玉环人安居工程", 200000, "平方米", ""}}},
		{"为 5000 个中小学教室新安装空调及新风系统", []want{{"中小学教室新安装空调及新风系统", 5000, "个", ""}}},
		{"新增城市书房25家、文化驿站20家、乡村博物馆60家", []want{
			{"新增城市书房", 25, "家", ""}, {"文化驿站", 20, "家", ""}, {"乡村博物馆", 60, "家", ""}}},
		{"完成病险水库除险加固 13 座、山塘整治 15 座", []want{{"病险水库除险加固", 13, "座", ""}, {"山塘整治", 15, "座", ""}}},
		{"全额资助困难群众参加商业补充保险 14.7 万人", []want{{"全额资助困难群众参加商业补充保险", 147000, "人", ""}}},
		{"救助经多重保障后自负费用仍超 5 万元以上的高额医疗费用困难群众 380 人以上", []want{
			{"救助经多重保障后自负费用仍超5万元以上的高额医疗费用困难群众", 380, "人", corpus.AtLeast}}},
		// a measure that modifies the noun the count after it counts
		{"新建10千伏线路20公里", []want{{"新建10千伏线路", 20, "公里", ""}}},
		{"力争引进5亿元以上项目20个", []want{{"引进5亿元以上项目", 20, "个", ""}}},
		{"完成充电桩50个站点200个桩位建设", []want{{"充电桩", 50, "个", ""}, {"站点桩位建设", 200, "个", ""}}},
		{"新增托位300个新建老年食堂15个", []want{{"新增托位", 300, "个", ""}, {"新建老年食堂", 15, "个", ""}}},
		// a number the source lost
		{"实施个老旧高层住宅小区二次供水设施改造", []want{{"老旧高层住宅小区二次供水设施改造", -1, "个", ""}}},
		// ages, names in quotes and the article 一 are not targets
		{"实施60岁以上老人免费接种肺炎疫苗、流感疫苗活动", nil},
		{"深化“最多跑一次”改革", nil},
		{"力争新增亿元级企业10家、十亿元级企业2家", []want{{"新增亿元级企业", 10, "家", ""}, {"十亿元级企业", 2, "家", ""}}},
		{"启动新一轮村级组织换届", nil},
		{"建设5G基站400个,实现各乡镇(街道)5G信号全覆盖。", []want{{"建设5G基站", 400, "个", ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got := goals(repaired(tt.text))
			if len(got) != len(tt.want) {
				t.Fatalf("%d goals, want %d: %+v", len(got), len(tt.want), got)
			}
			for i, w := range tt.want {
				g := got[i]
				if w.value < 0 {
					if g.value != nil || !g.missing {
						t.Errorf("goal %d: value %v missing %v, want null and missing", i, g.value, g.missing)
					}
				} else if g.value == nil || *g.value != w.value {
					t.Errorf("goal %d: value %v, want %v", i, g.value, w.value)
				}
				if g.unit != w.unit || g.qualifier != w.qualifier {
					t.Errorf("goal %d: unit %q qualifier %q, want %q %q", i, g.unit, g.qualifier, w.unit, w.qualifier)
				}
				if squeeze(g.metric) != squeeze(w.metric) {
					t.Errorf("goal %d: metric %q, want %q", i, g.metric, w.metric)
				}
			}
		})
	}
}

func TestHeaderRoles(t *testing.T) {
	tests := []struct {
		header [][]string
		want   []Role
	}{
		{[][]string{{"序号", "民生实事项目", "三季度完成情况", "存在问题及解决建议", "牵头单位"}},
			[]Role{RoleSerial, RoleName, RoleProgress, RoleProblems, RoleLead}},
		{[][]string{{"序号", "项目内容", "工作进度安排", "目前实施情况", "牵头单位"}},
			[]Role{RoleSerial, RoleName, RoleMilestone, RoleProgress, RoleLead}},
		{[][]string{{"项目名称", "序号", "项目内容", "工作进度安排", "目前实施情况", "牵头单位"}},
			[]Role{RoleCategory, RoleSerial, RoleName, RoleMilestone, RoleProgress, RoleLead}},
		{[][]string{
			{"序", "", "", "", "资金测算", "算及来源", "(万元)", "", "主要责任", "完成"},
			{"号", "项目名称", "任务数", "总额", "上级 支持", "市财政 统筹", "县市区 财政", "其他 来源", "单位", "时限"}},
			[]Role{RoleSerial, RoleName, RoleTask, RoleBudget, RoleFunding, RoleFunding, RoleFunding, RoleFunding, RoleLead, RoleDeadline}},
		{[][]string{{"序号", "项目名称", "一季度形象进度", "二季度形象进度", "三季度形象进度", "四季度形象进度", "牵头单位", "实施单位"}},
			[]Role{RoleSerial, RoleName, RoleMilestone, RoleMilestone, RoleMilestone, RoleMilestone, RoleLead, RoleSupport}},
		{[][]string{{"序号", "代表小组", "工  作  内  容", "责任领导", "责任单位", "联系委办", "联系领导"}},
			[]Role{RoleSerial, RoleCategory, RoleName, RoleLeader, RoleLead, RoleLeader, RoleLeader}},
	}
	for _, tt := range tests {
		got := columnRoles(tt.header, len(tt.want))
		for i := range tt.want {
			if got[i] != tt.want[i] {
				t.Errorf("%v: column %d is %v, want %v", tt.header[len(tt.header)-1], i, got[i], tt.want[i])
			}
		}
	}
}

func TestReportsAndStatus(t *testing.T) {
	tests := []struct {
		cell      string
		completed []float64
		rates     []float64
		status    string
	}{
		{"已完成建设5G基站516个,完成率129%", []float64{516}, []float64{129}, ""},
		{"截至9月底,累计新增托育机构8家,完成率160%;新增托位548个,完成率182.67%;业务培训全覆盖。", []float64{8, 548}, []float64{160, 182.67}, ""},
		{"累计建成面积约15万平方米,完成率75%", []float64{150000}, []float64{75}, ""},
		{"10个微型便民体育公园的建设基本完成,下步着手逐个验收和完善。", nil, nil, ""},
		{"已发放技能培训补贴1150万元,完成率230.0%;完成职业技能培训13660人,完成率203.9%", []float64{11500000, 13660}, []float64{230, 203.9}, ""},
		{"该项民生实事已完成。", nil, nil, corpus.StatusCompleted},
		{"目前施工图设计审查中,一季度工作任务已完成。", nil, nil, corpus.StatusOnTrack},
		{"已完成10家的选择工作,第一季度工作已完成。", nil, nil, corpus.StatusOnTrack},
		{"存在问题:灵溪镇老年学校房子因质量问题,进度较缓慢。", nil, nil, corpus.StatusBehind},
		// one sentence, two completed amounts, a rate after the second
		{"截至9月底,新建居家养老服务中心3家,新增养老床位150张,完成率75%。", []float64{3, 150}, []float64{75}, ""},
		// a rate stated before its amount
		{"完成率75%,已建成15万平方米", []float64{150000}, []float64{75}, ""},
		{"已开工10个,完工4个,进度滞后。", []float64{10, 4}, nil, corpus.StatusBehind},
		{"滞后", nil, nil, corpus.StatusBehind},
		{"1-9月新增城镇就业1.8万人,完成年度目标任务的90%", []float64{18000}, []float64{90}, ""},
		{"已建成12家,占年度目标的60%", []float64{12}, []float64{60}, ""},
		{"完成投资3.2亿元,占年度计划的80%,达到序时进度", []float64{320000000}, []float64{80}, corpus.StatusOnTrack},
		{"新增托位320个,未达到序时进度", []float64{320}, nil, corpus.StatusBehind},
		{"新增托位620个,超额完成年度任务", []float64{620}, nil, corpus.StatusCompleted},
		// the level a rate target reached, stated on its own
		{"目前已达46.2%", []float64{46.2}, nil, ""},
		// a total over the parts in brackets, a status closing the report
		{"完成甲院(80张)、乙院(48张)共计128张床位改造,超额完成年度任务", []float64{128}, nil, corpus.StatusCompleted},
		{"已建成社区养老服务中心3家(各1家)", []float64{3}, nil, ""},
		// a figure reported for the period the clause opens with
		{"1.积极落实减税降费政策,前三季度全市企业减负52.4亿元。", []float64{5240000000}, nil, ""},
		// a level reached, named by what reaches it
		{"目前全县参合率达100%,县镇政策补偿达75%", []float64{100, 75}, nil, ""},
		// the part of a figure a bracket names with 其中, after a colon
		// that cuts no clause inside the bracket
		{"已完成搬迁入住1500人(其中:建档立卡贫困人口1200人)", []float64{1500, 1200}, nil, ""},
		// people a work is done for
		{"截至12月底,解决3.2万人的农村饮水安全问题。", []float64{32000}, nil, ""},
	}
	for _, tt := range tests {
		rps := reports(repaired(tt.cell), 2021, "2021-11-29")
		var done, rates []float64
		for _, r := range rps {
			if r.completed != nil {
				done = append(done, r.completed.Value)
			}
			if r.rate != nil {
				rates = append(rates, *r.rate)
			}
		}
		if !floatsEqual(done, tt.completed) || !floatsEqual(rates, tt.rates) {
			t.Errorf("%s: completed %v rates %v, want %v %v", tt.cell, done, rates, tt.completed, tt.rates)
		}
		if st := statedStatus(tt.cell); st != tt.status {
			t.Errorf("%s: status %q, want %q", tt.cell, st, tt.status)
		}
	}
}

func floatsEqual(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !sameValue(a[i], b[i]) {
			return false
		}
	}
	return true
}

func TestBreakdown(t *testing.T) {
	tests := []struct {
		text  string
		areas []string
		sum   float64
	}{
		{"鹿城 550 个, 龙湾 230 个, 瓯海 450 个, 洞头 70 个", []string{"鹿城", "龙湾", "瓯海", "洞头"}, 1300},
		{"鹿城 2 万人次, 龙湾 1 万人次, 洞头 0.15 万人次", []string{"鹿城", "龙湾", "洞头"}, 31500},
		// a cell cut before its last unit
		{"鹿城 1971 户, 龙湾 589 户, 瓯海 2152", []string{"鹿城", "龙湾", "瓯海"}, 4712},
		// amounts of another column printed into the cell
		{"平阳 4 家, 泰顺 5 1200 0 0 家, 苍南 8 家", []string{"平阳", "泰顺", "苍南"}, 17},
		{"鹿城2家,龙湾(含 浙南产业集聚区)2家", []string{"鹿城", "龙湾(含浙南产业集聚区)"}, 4},
	}
	for _, tt := range tests {
		bd := breakdown(repaired(tt.text))
		var areas []string
		sum := 0.0
		for _, a := range bd {
			areas = append(areas, a.Area)
			sum += *a.Value
		}
		if len(areas) != len(tt.areas) || sum != tt.sum {
			t.Errorf("%s: %v sum %v, want %v sum %v", tt.text, areas, sum, tt.areas, tt.sum)
			continue
		}
		for i := range areas {
			if areas[i] != tt.areas[i] {
				t.Errorf("%s: area %d %q, want %q", tt.text, i, areas[i], tt.areas[i])
			}
		}
	}
	if !looksLikeBreakdown("洞头 130 个, 乐清 1140 个, 瑞安 1190 个, 永嘉 680") {
		t.Error("a spilled breakdown is not recognised")
	}
	if looksLikeBreakdown("发放技能培训补贴500万元以上,开展职业技能培训6700人以上。") {
		t.Error("two targets read as a breakdown")
	}
}

func TestSplitUnits(t *testing.T) {
	tests := []struct {
		cell          string
		lead, support []string
	}{
		{"市卫生健康局", []string{"市卫生健康局"}, nil},
		{"市府办\n市司法局\n市审计局", []string{"市府办", "市司法局", "市审计局"}, nil},
		{"△市住房和城乡建设局、△市农业农村和水利局、各镇（街道）", []string{"市住房和城乡建设局", "市农业农村和水利局"}, []string{"各镇（街道）"}},
		{"市交通 运输局", []string{"市交通运输局"}, nil},
	}
	for _, tt := range tests {
		l, s := splitUnits(tt.cell)
		if !stringsEqual(l, tt.lead) || !stringsEqual(s, tt.support) {
			t.Errorf("%q: lead %q support %q, want %q %q", tt.cell, l, s, tt.lead, tt.support)
		}
	}
}

func stringsEqual(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestItemNumber(t *testing.T) {
	for in, want := range map[string]string{"1.": "1", "(2)": "2", "③": "3", "第(1)项": "1", "12。": "12", "- 5.": "5", "一、": "一"} {
		if got := itemNumber(in); got != want {
			t.Errorf("itemNumber(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestResolveMixedKinds(t *testing.T) {
	mixed := corpus.Ptr("2022年“一府两院”重点工作和民生实事项目代表分组监督方案")
	recs := []corpus.Record{
		{Name: "健康惠民工程", Kind: corpus.KindOther, Section: mixed},
		{Name: "有序实施主城区重点区块成片整体改造", Kind: corpus.KindOther, Section: mixed},
		{Name: "健康惠民工程", Kind: corpus.KindLivelihood, Section: corpus.Ptr("2022年温岭市政府民生实事项目建设计划表")},
		{Name: "其他", Kind: corpus.KindOther, Section: corpus.Ptr("附件3")},
	}
	resolveMixedKinds(recs)
	for i, want := range []string{corpus.KindLivelihood, corpus.KindKeyWork, corpus.KindLivelihood, corpus.KindOther} {
		if recs[i].Kind != want {
			t.Errorf("record %d (%s): kind %s, want %s", i, recs[i].Name, recs[i].Kind, want)
		}
	}
	alone := []corpus.Record{{Name: "健康惠民工程", Kind: corpus.KindOther, Section: mixed}}
	resolveMixedKinds(alone)
	if alone[0].Kind != corpus.KindOther {
		t.Errorf("without livelihood names the kind was guessed: %s", alone[0].Kind)
	}
}

func TestProgressParagraph(t *testing.T) {
	tests := []struct {
		text, want string
		ok         bool
	}{
		{"进展情况:截至9月底,已完成2所。", "截至9月底,已完成2所。", true},
		{"【完成情况】已新增托位548个", "已新增托位548个", true},
		{"截至9月底,已新增托位548个", "截至9月底,已新增托位548个", true},
		{"进度安排:一季度完成选址", "", false}, // a schedule, not progress
		{"各单位要高度重视,加快进度。", "", false},
		{"进展偏慢的项目为:", "", false},
	}
	for _, tt := range tests {
		got, ok := progressParagraph(tt.text)
		if got != tt.want || ok != tt.ok {
			t.Errorf("progressParagraph(%q) = %q, %v; want %q, %v", tt.text, got, ok, tt.want, tt.ok)
		}
	}
}

func TestCutUnits(t *testing.T) {
	tests := []struct {
		text, rest    string
		lead, support []string
		deadline      string
	}{
		{"新增托位300个(牵头单位:市卫生健康局)", "新增托位300个", []string{"市卫生健康局"}, nil, ""},
		{"新建中心5家。(牵头单位:县民政局;配合单位:各乡镇街道)", "新建中心5家。", []string{"县民政局"}, []string{"各乡镇街道"}, ""},
		{"改造老旧小区12个(牵头单位:县住建局,12月底前完成)", "改造老旧小区12个", []string{"县住建局"}, nil, "12月底前完成"},
		{"建设绿道(责任单位:市住建局、市自然资源局;完成时限:2023年11月)", "建设绿道", []string{"市住建局", "市自然资源局"}, nil, "2023年11月"},
		{"实现“小升规”60家", "实现“小升规”60家", nil, nil, ""},
	}
	for _, tt := range tests {
		rest, u := cutUnits(tt.text)
		if rest != tt.rest || !slices.Equal(u.lead, tt.lead) || !slices.Equal(u.support, tt.support) || u.deadline != tt.deadline {
			t.Errorf("cutUnits(%q) = %q %q %q %q; want %q %q %q %q", tt.text, rest, u.lead, u.support, u.deadline, tt.rest, tt.lead, tt.support, tt.deadline)
		}
	}
}

func TestCutDeadline(t *testing.T) {
	tests := []struct{ text, rest, deadline string }{
		{"新增托位300个(6月底前完成)", "新增托位300个", "6月底前完成"},
		{"改造老旧小区10个,年底前完成", "改造老旧小区10个", "年底前完成"},
		{"2023年10月底前建成城市书房5家", "建成城市书房5家", "2023年10月底前"},
		{"截至9月底,已完成", "截至9月底,已完成", ""},
		{"新增托位300个(其中普惠性托位200个)", "新增托位300个(其中普惠性托位200个)", ""},
		{"建设5G基站400个", "建设5G基站400个", ""},
	}
	for _, tt := range tests {
		rest, dl := cutDeadline(tt.text)
		if rest != tt.rest || dl != tt.deadline {
			t.Errorf("cutDeadline(%q) = %q, %q; want %q, %q", tt.text, rest, dl, tt.rest, tt.deadline)
		}
	}
}

func TestSplitBudget(t *testing.T) {
	tests := []struct {
		text    string
		targets int
		budget  float64 // 万元; 0: none
		sources int
	}{
		{"新建城市书房10家,总投资约500万元", 1, 500, 0},
		{"改造农贸市场5家,计划投资1200万元,其中财政补助300万元", 1, 1200, 1},
		{"发放消费券2000万元", 1, 0, 0},
		{"确保完成投资50亿元", 1, 0, 0},
		{"确保完成固定资产投资50亿元", 1, 0, 0},
	}
	for _, tt := range tests {
		gs, budget, sources := splitBudget(goals(tt.text))
		got := 0.0
		if budget != nil {
			got = *budget
		}
		if len(gs) != tt.targets || got != tt.budget || len(sources) != tt.sources {
			t.Errorf("%s: %d targets, budget %v, %d sources; want %d, %v, %d", tt.text, len(gs), got, len(sources), tt.targets, tt.budget, tt.sources)
		}
	}
}

// TestStatusRunes holds every status word to the characters statedStatus
// looks for before it looks for the words.
func TestStatusRunes(t *testing.T) {
	for _, sw := range statusWords {
		for _, w := range sw.words {
			if !strings.ContainsAny(w, statusRunes) {
				t.Errorf("status word %q holds none of %q", w, statusRunes)
			}
		}
	}
}
