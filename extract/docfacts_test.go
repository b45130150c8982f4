package extract

import (
	"strings"
	"testing"

	"github.com/minsheng/minsheng/corpus"
)

// paragraphs makes a document of one paragraph per line.
func paragraphs(text string) *corpus.Document {
	doc := &corpus.Document{}
	for i, line := range strings.Split(text, "\n") {
		doc.Blocks = append(doc.Blocks, corpus.Block{Kind: corpus.Paragraph, Text: line, Span: corpus.Span{Line: i + 1}})
	}
	return doc
}

func str(p *string) string {
	if p == nil {
		return "<nil>"
	}
	return *p
}

func orNil(s string) string {
	if s == "" {
		return "<nil>"
	}
	return s
}

func TestDocFacts(t *testing.T) {
	tests := []struct {
		name, text                            string
		title, docNo, issuer, published, kind string
		year                                  int
		province, city, county                string
	}{
		{"bulletin", "玉市委、市政府督通〔2021〕37号关于2021年市政府重点工作和民生实事项目三季度完成情况的通报\n信息来源: 市委市政府督查室 发布时间:2021-11-29 18:36\n正文\n中共玉环市委督查室       玉环市人民政府督查室\n20211013",
			"关于2021年市政府重点工作和民生实事项目三季度完成情况的通报", "玉市委、市政府督通〔2021〕37号", "中共玉环市委督查室 玉环市人民政府督查室", "2021-11-29", corpus.DocProgress,
			2021, "浙江省", "台州市", "玉环市"},
		{"title over two lines", "温人大办〔2022〕20号\n关于组织市人大代表分组监督2022年“一府\n两院”重点工作和民生实事项目的通知\n正文\n温岭市人大常委会办公室\n2022年4月18日",
			"关于组织市人大代表分组监督2022年“一府两院”重点工作和民生实事项目的通知", "温人大办〔2022〕20号", "温岭市人大常委会办公室", "2022-04-18", corpus.DocSupervision,
			2022, "浙江省", "台州市", "温岭市"},
		{"report signed on its first lines", "关于2022年度市政府民生实事候选项目情况的报告\n2022年4月9日在温州市第十四届人民代表大会第一次会议上 温州市人民政府",
			"关于2022年度市政府民生实事候选项目情况的报告", "<nil>", "温州市人民政府", "2022-04-09", corpus.DocCandidates,
			2022, "浙江省", "温州市", ""},
		{"a district named in several cities", "关于鼓楼区2023年民生实事项目的通知\n福州市鼓楼区人民政府办公室\n2023年2月1日",
			"关于鼓楼区2023年民生实事项目的通知", "<nil>", "福州市鼓楼区人民政府办公室", "2023-02-01", corpus.DocPlan,
			2023, "福建省", "福州市", "鼓楼区"},
		{"a municipality's district", "关于海淀区2024年重点工作推进情况的通报\n北京市海淀区人民政府督查室\n2024年7月5日",
			"关于海淀区2024年重点工作推进情况的通报", "<nil>", "北京市海淀区人民政府督查室", "2024-07-05", corpus.DocProgress,
			2024, "北京市", "北京市", "海淀区"},
		{"a text file's first line", "发布时间:2025-03-01\n青石县2025年民生实事项目推进情况\n一、教育\n1.新建学校3所,已完工2所。",
			"青石县2025年民生实事项目推进情况", "<nil>", "<nil>", "2025-03-01", corpus.DocProgress,
			2025, "", "", ""},
		{"no year anywhere", "年,我市市本级和13个区、县(市)的人代会上产生了民生实事项目件。\n杭州市政府年度民生实事项目",
			"<nil>", "<nil>", "<nil>", "<nil>", corpus.DocPlan,
			0, "浙江省", "杭州市", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info := DocFacts(paragraphs(tt.text))
			year := 0
			if info.Year != nil {
				year = *info.Year
			}
			got := []string{str(info.Title), str(info.DocNo), str(info.Issuer), str(info.Published), info.Kind}
			want := []string{tt.title, tt.docNo, tt.issuer, tt.published, tt.kind}
			for i := range got {
				if got[i] != want[i] {
					t.Errorf("field %d: got %q, want %q", i, got[i], want[i])
				}
			}
			if year != tt.year {
				t.Errorf("year %d, want %d", year, tt.year)
			}
			region := str(info.Region.Province) + "/" + str(info.Region.City) + "/" + str(info.Region.County)
			wantRegion := orNil(tt.province) + "/" + orNil(tt.city) + "/" + orNil(tt.county)
			if region != wantRegion {
				t.Errorf("region %s, want %s", region, wantRegion)
			}
		})
	}
}

// TestDocFactsKeepMetadata: facts given as metadata are never overridden.
func TestDocFactsKeepMetadata(t *testing.T) {
	doc := paragraphs("关于2021年市政府民生实事项目完成情况的通报\n发布时间:2021-11-29")
	doc.Info.Year = corpus.Ptr(2020)
	doc.Info.Published = corpus.Ptr("2020-12-01")
	doc.Info.Region.County = corpus.Ptr("苍南县")
	info := DocFacts(doc)
	if *info.Year != 2020 || *info.Published != "2020-12-01" || str(info.Region.County) != "苍南县" || info.Region.City != nil {
		t.Fatalf("metadata overridden: %+v", info)
	}
}

func TestSectionRegion(t *testing.T) {
	hz := corpus.Region{Province: corpus.Ptr("浙江省"), City: corpus.Ptr("杭州市")}
	county := corpus.Region{Province: corpus.Ptr("浙江省"), City: corpus.Ptr("台州市"), County: corpus.Ptr("玉环市")}
	tests := []struct {
		section string
		doc     corpus.Region
		want    string // the county, "" for none
	}{
		{"上城区政府年度民生实事项目", hz, "上城区"},
		{"下城区政府年度民生实事项目", hz, "下城区"}, // merged in 2021, as printed
		{"建德市人民政府民生实事项目", hz, "建德市"},
		{"杭州市政府年度民生实事项目", hz, ""},
		{"各区县政府民生实事项目", hz, ""},
		{"全区政府民生实事", hz, ""},
		{"鹿城区政府民生实事项目", hz, ""}, // 温州's, not 杭州's
		{"义乌市政府民生实事项目", hz, ""},
		{"上城区政府年度民生实事项目", county, ""},
		{"2020年民生实事项目", hz, ""},
	}
	for _, tt := range tests {
		got := ""
		if r := sectionRegion(tt.section, tt.doc); r != nil {
			got = *r.County
		}
		if got != tt.want {
			t.Errorf("sectionRegion(%q) = %q, want %q", tt.section, got, tt.want)
		}
	}
}
