package web

import (
	"html/template"
	"path"
	"strconv"
	"strings"
)

// labels are the pages' words: Chinese first, then English.
var labels = map[string][2]string{
	"app":              {"民生实事完成情况", "Livelihood projects: targets and completion"},
	"overview":         {"总览", "Overview"},
	"targets":          {"目标清单", "Targets"},
	"target":           {"目标", "Target"},
	"metric":           {"指标对比", "Metric across governments"},
	"metric_field":     {"指标", "Metric"},
	"documents":        {"文件", "Documents"},
	"document":         {"文件", "Document"},
	"source":           {"来源", "Source"},
	"error":            {"出错了", "Error"},
	"timeout":          {"查询超时,请缩小筛选范围后重试", "The query took too long; narrow the filters and try again"},
	"region":           {"地区", "Region"},
	"province":         {"省", "Province"},
	"city":             {"市", "City"},
	"county":           {"县(市、区)", "County"},
	"year":             {"年度", "Year"},
	"kind":             {"类别", "Kind"},
	"status":           {"状态", "Status"},
	"all":              {"全部", "All"},
	"filter":           {"筛选", "Filter"},
	"search":           {"搜索名称或指标,如 托位、加装电梯", "Search names and metrics, e.g. 托位, 加装电梯"},
	"kind_livelihood":  {"民生实事", "Livelihood project"},
	"kind_key_work":    {"重点工作", "Key work"},
	"kind_other":       {"其他", "Other"},
	"government":       {"政府", "Government"},
	"total":            {"目标数", "Targets"},
	"sum":              {"合计", "Total"},
	"completed":        {"已完成", "Completed"},
	"on_track":         {"正常推进", "On track"},
	"behind":           {"滞后", "Behind"},
	"none":             {"未报告进展", "No progress reported"},
	"not_completed":    {"未完成", "Not completed"},
	"item":             {"序号", "Item"},
	"name":             {"目标", "Target"},
	"value":            {"目标值", "Target value"},
	"unit":             {"单位", "Unit"},
	"done":             {"已完成量", "Completed"},
	"rate":             {"完成率 %", "Rate %"},
	"lead":             {"牵头单位", "Lead units"},
	"deadline":         {"完成时限", "Deadline"},
	"as_of":            {"截至", "As of"},
	"next":             {"下一页", "Next page"},
	"first":            {"第一页", "First page"},
	"shown":            {"本页", "shown"},
	"of":               {"共", "of"},
	"rows":             {"条", "rows"},
	"download":         {"下载本页", "Download this page"},
	"history":          {"历次报告", "Reports over time"},
	"history_done":     {"完成量", "Completed value"},
	"history_rate":     {"完成率(%)", "Completion rate (%)"},
	"links":            {"关联", "Links"},
	"rule":             {"规则", "Rule"},
	"confidence":       {"置信度", "Confidence"},
	"decision":         {"审核", "Decision"},
	"confirmed":        {"已确认", "Confirmed"},
	"rejected":         {"已否决", "Rejected"},
	"proposed":         {"待审核", "Proposed"},
	"confirm":          {"确认", "Confirm"},
	"reject":           {"否决", "Reject"},
	"plan":             {"计划", "Plan"},
	"report":           {"报告", "Report"},
	"title":            {"标题", "Title"},
	"doc_no":           {"文号", "Document number"},
	"published":        {"发布日期", "Published"},
	"where":            {"位置", "Position"},
	"table":            {"表", "table"},
	"row":              {"行", "row"},
	"col":              {"列", "column"},
	"line":             {"行号", "line"},
	"page":             {"页", "page"},
	"as_printed":       {"原文", "As printed"},
	"progress_raw":     {"进展原文", "Progress as printed"},
	"context":          {"原文上下文", "Source text around it"},
	"no_context":       {"原始文件不在本机或已变更,只能显示存储的原文片段。", "The source file is not on this machine or has changed; only the stored phrases are shown."},
	"latest":           {"最新进展", "Latest progress"},
	"reports_on":       {"本条是对以下计划目标的报告", "This target reports on the plan target"},
	"no_rows":          {"没有符合条件的目标。", "No targets match."},
	"no_history":       {"尚无报告。", "No report yet."},
	"no_links":         {"无关联。", "No links."},
	"metric_choose":    {"选择指标", "Choose a metric"},
	"metric_target":    {"目标合计", "Target (sum)"},
	"metric_done":      {"完成合计", "Completed (sum)"},
	"failures":         {"读取失败的文件", "Documents that failed"},
	"failed_at":        {"失败时间", "Failed at"},
	"reason":           {"原因", "Reason"},
	"ingested_at":      {"入库时间", "Ingested"},
	"records":          {"目标数", "Records"},
	"format":           {"格式", "Format"},
	"doc_kind":         {"文件类型", "Kind"},
	"lang_switch":      {"English", "中文"},
	"behind_first":     {"滞后的排在前面;点击表头可排序本页。", "Behind schedule first; click a heading to sort this page."},
	"legend":           {"图例", "Legend"},
	"review_off":       {"审核未开启(用 serve --allow-review 开启)。", "Review is off (start with serve --allow-review)."},
	"by":               {"审核人", "Reviewer"},
	"view_source":      {"查看来源", "Show source"},
	"cell":             {"单元格", "cell"},
	"grouped_city":     {"政府较多,按市汇总;选择一个市可看其各县(市、区)。", "Many governments: a bar for each city; choose a city to see its counties."},
	"grouped_province": {"政府较多,按省汇总;选择一个省可看其各市。", "Many governments: a bar for each province; choose one to see its cities."},
}

// sortLabels are the labels of the columns the targets table sorts by.
var sortLabels = map[string]string{"value": "value", "completed": "done", "rate": "rate", "deadline": "deadline", "as_of": "as_of"}

func translate(lang, key string) string {
	l, ok := labels[key]
	if !ok {
		return key
	}
	if lang == "en" {
		return l[1]
	}
	return l[0]
}

// funcs are the templates' helpers.
var funcs = template.FuncMap{
	"num":  num,
	"year": yearText,
	"base": func(s string) string {
		if strings.Contains(s, "://") {
			return s
		}
		return path.Base(s)
	},
	"isURL": func(s string) bool { return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") },
	"add":   func(a, b int) int { return a + b },
	"deref": func(p *int64) int64 {
		if p == nil {
			return 0
		}
		return *p
	},
	"list":       func(xs ...int) []int { return xs },
	"sortLabels": func() map[string]string { return sortLabels },
	"dict": func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	},
	"pct": func(f float64) string { return strconv.FormatFloat(f*100, 'f', 0, 64) },
}

// num prints a number without trailing zeros, two decimals at most; "" for
// nil.
func num(p *float64) string {
	if p == nil {
		return ""
	}
	s := strconv.FormatFloat(*p, 'f', 2, 64)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

func yearText(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}
