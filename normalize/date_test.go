package normalize

import (
	"fmt"
	"testing"
)

type dw struct {
	raw, iso string
	asOf     bool
}

func (d dw) String() string { return fmt.Sprintf("{%q %q %v}", d.raw, d.iso, d.asOf) }

func TestDates(t *testing.T) {
	tests := []struct {
		in        string
		year      int
		published string
		want      []dw
	}{
		// cangnan (2023, after Repair)
		{"截至4月10日,有8项已提前完成", 2023, "", []dw{{"截至4月10日", "2023-04-10", true}}},
		{"截至4月10日", 0, "2023-04-12", []dw{{"截至4月10日", "2023-04-10", true}}},
		{"截至4月10日", 0, "", []dw{{"截至4月10日", "", true}}},
		{"第四季度(11月份):组织开展教师集体网络研修", 2023, "", []dw{{"第四季度(11月份)", "2023-11-30", false}}},
		{"第四季度(10月份):完成", 2023, "", []dw{{"第四季度(10月份)", "2023-10-31", false}}},
		{"第一季度:受援地、支援地的学校举行跨地区教共体学校结对仪式", 2023, "", []dw{{"第一季度", "2023-03-31", false}}},
		{"第二季度:组织安排优秀教师", 2023, "", []dw{{"第二季度", "2023-06-30", false}}},
		{"第三季度:支援校向受援校开展同步课堂", 2023, "", []dw{{"第三季度", "2023-09-30", false}}},
		{"第四季度", 2023, "", []dw{{"第四季度", "2023-12-31", false}}},
		{"3月完成正脊筛查方案制定", 2023, "", []dw{{"3月", "2023-03-31", false}}},
		{"9月各县(市、区)100%完成正脊筛查任务", 2023, "", []dw{{"9月", "2023-09-30", false}}},
		{"11月形成县域内2023年义务教育阶段学生脊柱健康筛查工作报告", 2023, "", []dw{{"11月", "2023-11-30", false}}},
		{"6月底前完成年度任务数50%以上", 2023, "", []dw{{"6月底前", "2023-06-30", false}}},
		{"11月底前完成全民健身漫步道15公里建设", 2023, "", []dw{{"11月底前", "2023-11-30", false}}},
		{"10月底之前", 2023, "", []dw{{"10月底之前", "2023-10-31", false}}},
		{"2月份", 2023, "", []dw{{"2月份", "2023-02-28", false}}},
		{"2月底前", 2024, "", []dw{{"2月底前", "2024-02-29", false}}},
		{"11月份前完成", 2023, "", []dw{{"11月份前", "2023-11-30", false}}},
		{"6月上旬前", 2023, "", []dw{{"6月上旬前", "2023-06-10", false}}},
		{"3月下旬", 2023, "", []dw{{"3月下旬", "2023-03-31", false}}},
		{"6月初", 2023, "", []dw{{"6月初", "2023-06-10", false}}},
		{"二季度末", 2023, "", []dw{{"二季度末", "2023-06-30", false}}},
		{"四季度(11月份)", 2023, "", []dw{{"四季度(11月份)", "2023-11-30", false}}},
		{"四月底前", 2023, "", []dw{{"四月底前", "2023-04-30", false}}},
		{"2023年10月31日前", 0, "", []dw{{"2023年10月31日前", "2023-10-31", false}}},
		{"11月30日前", 2023, "", []dw{{"11月30日前", "2023-11-30", false}}},
		{"2023年3月", 0, "", []dw{{"2023年3月", "2023-03-31", false}}},
		// yuhuan (2021)
		{"截至9月底,", 2021, "", []dw{{"截至9月底", "2021-09-30", true}}},
		{"截止到9月底", 2021, "", []dw{{"截止到9月底", "2021-09-30", true}}},
		{"截至三季度", 2021, "", []dw{{"截至三季度", "2021-09-30", true}}},
		{"截至8月底完成投资额20.4亿元", 2021, "", []dw{{"截至8月底", "2021-08-31", true}}},
		{"三季度末", 2021, "", []dw{{"三季度末", "2021-09-30", false}}},
		{"2019年底", 2021, "", []dw{{"2019年底", "2019-12-31", false}}},
		{"年底前", 2021, "", []dw{{"年底前", "2021-12-31", false}}},
		{"年内", 2021, "", []dw{{"年内", "2021-12-31", false}}},
		{"上半年", 2021, "", []dw{{"上半年", "2021-06-30", false}}},
		{"计划十月进行三场业务培训", 2021, "", []dw{{"十月", "2021-10-31", false}}},
		{"发布时间:2021-11-29 18:36", 0, "", []dw{{"2021-11-29", "2021-11-29", false}}},
		{"于20211013正式启动", 0, "", []dw{{"20211013", "2021-10-13", false}}},
		{"已完成施工,预计1119投运。", 2021, "", []dw{{"1119", "2021-11-19", false}}},
		{"并于922正式启动项目开工建设", 2021, "", []dw{{"922", "2021-09-22", false}}},
		{"于818召开规划评审会", 2021, "", []dw{{"818", "2021-08-18", false}}},
		{"1.华能三期项目817完成省能源局项目核准", 2021, "", []dw{{"817", "2021-08-17", false}}},
		{"总办件量达12246件。截至630,依申请", 2021, "", []dw{{"截至630", "2021-06-30", true}}},
		{"预计1119投运", 0, "", nil},
		{"共售车1119台", 2021, "", nil},
		{"2022年4月18日", 0, "", []dw{{"2022年4月18日", "2022-04-18", false}}},
		{"2022年11月", 0, "", []dw{{"2022年11月", "2022-11-30", false}}},
		{"分组监督工作自4月1日开始,至12月20日结束", 2022, "", []dw{{"4月1日", "2022-04-01", false}, {"12月20日", "2022-12-20", false}}},
		{"(一)组织准备(4月1日至4月30日)", 2022, "", []dw{{"4月1日", "2022-04-01", false}, {"4月30日", "2022-04-30", false}}},
		{"4月上旬,市人大常委会主任会议讨论制订工作方案", 2022, "", []dw{{"4月上旬", "2022-04-10", false}}},
		{"二〇二二年四月", 0, "", []dw{{"二〇二二年四月", "2022-04-30", false}}},
		{"11月", 0, "", []dw{{"11月", "", false}}},
		// not dates
		{"3个月", 2023, "", nil},
		{"2022年", 2022, "", nil},
		{"20211399", 0, "", nil},
		{"13月", 2022, "", nil},
	}
	for _, tc := range tests {
		got := Dates(tc.in, tc.year, tc.published)
		ok := len(got) == len(tc.want)
		var g []dw
		for i, d := range got {
			g = append(g, dw{d.Raw, d.ISO, d.AsOf})
			if tc.in[d.Start:d.End] != d.Raw {
				t.Errorf("Dates(%q): span does not hold %q", tc.in, d.Raw)
			}
			if ok && g[i] != tc.want[i] {
				ok = false
			}
		}
		if !ok {
			t.Errorf("Dates(%q, %d, %q)\n got  %v\n want %v", tc.in, tc.year, tc.published, g, tc.want)
		}
	}
}

func TestResolveDate(t *testing.T) {
	tests := []struct {
		raw  string
		year int
		want string
	}{
		{"2022年11月", 0, "2022-11-30"},
		{"2022年4月18日", 0, "2022-04-18"},
		{"11月底前", 2022, "2022-11-30"},
		{"10月底之前", 2022, "2022-10-31"},
		{"9月份", 2021, "2021-09-30"},
		{"第四季度", 2023, "2023-12-31"},
		{"第四季度(11月份)", 2023, "2023-11-30"},
		{"三季度末", 2021, "2021-09-30"},
		{"上半年", 2022, "2022-06-30"},
		{"年内", 2022, "2022-12-31"},
		{"全年", 2024, "2024-12-31"},
		{"年底前", 2022, "2022-12-31"},
		{"年底", 2022, "2022-12-31"},
		{"截至9月底", 2021, "2021-09-30"},
		{"4月10日", 2023, "2023-04-10"},
		{"20211013", 0, "2021-10-13"},
		{"11月底前", 0, ""},
		{"明年", 2022, ""},
		{"", 2022, ""},
	}
	for _, tc := range tests {
		if got := ResolveDate(tc.raw, tc.year); got != tc.want {
			t.Errorf("ResolveDate(%q, %d) = %q, want %q", tc.raw, tc.year, got, tc.want)
		}
	}
}

// TestDatesSeeds checks that every date found in the seeds resolves when
// the year is known, and that spans hold their Raw.
func TestDatesSeeds(t *testing.T) {
	years := map[string]int{seedCangnan: 2023, seedHangzhou: 2020, seedWenling: 2022, seedWenzhou: 2022, seedYuhuan: 2021}
	for _, name := range seedNames {
		text, _ := Repair(readSeed(t, name))
		n := 0
		for _, d := range Dates(text, years[name], "") {
			n++
			if text[d.Start:d.End] != d.Raw {
				t.Errorf("%s: span does not hold %q", name, d.Raw)
			}
			if d.ISO == "" {
				t.Errorf("%s: %q did not resolve", name, d.Raw)
			}
		}
		if n == 0 {
			t.Errorf("%s: no dates", name)
		}
	}
}

func TestDatesSeedPhrases(t *testing.T) {
	for _, tc := range seedDates {
		got := Dates(tc.in, tc.year, "")
		ok := len(got) == len(tc.want)
		var g []dw
		for i, d := range got {
			g = append(g, dw{d.Raw, d.ISO, d.AsOf})
			if ok && g[i] != tc.want[i] {
				ok = false
			}
		}
		if !ok {
			t.Errorf("Dates(%q, %d)\n got  %v\n want %v", tc.in, tc.year, g, tc.want)
		}
	}
	if len(seedDates) < 150 {
		t.Fatalf("only %d seed phrases", len(seedDates))
	}
}
