package extract

import (
	"regexp"
	"strings"
)

// Role is what a table column holds, recognised from the meaning of its header.
type Role int

const (
	RoleUnknown   Role = iota
	RoleSerial         // 序号
	RoleName           // 项目名称, 民生实事项目, 重点任务, 工作内容, 项目内容
	RoleTask           // 任务数, 目标任务: the measurable target, often with a breakdown
	RoleProgress       // 三季度完成情况, 目前实施情况, 进展情况
	RoleProblems       // 存在问题及解决建议
	RoleLead           // 牵头单位, 责任单位, 主要责任单位
	RoleSupport        // 配合单位, 实施单位, 协办单位
	RoleDeadline       // 完成时限
	RoleBudget         // 资金测算及来源(万元) / 总额
	RoleFunding        // a funding source column (上级支持, 市财政统筹 …)
	RoleMilestone      // 一季度形象进度 …, 工作进度安排
	RoleLeader         // 责任领导, 联系领导: people, not units
	RoleCategory       // 项目名称 when it is a category beside 项目内容, 代表小组
	RoleStatus         // 完成状态 / 是否完成
	RoleRate           // 完成率
	RoleRemark         // 备注
	RoleStart          // 开工时间: when works begin, no deadline
)

var roleNames = [...]string{"unknown", "serial", "name", "task", "progress", "problems", "lead", "support",
	"deadline", "budget", "funding", "milestone", "leader", "category", "status", "rate", "remark", "start"}

func (r Role) String() string {
	if int(r) < len(roleNames) {
		return roleNames[r]
	}
	return "unknown"
}

// roleRule maps header words to a role. Rules are tried in order; the first
// whose every word appears in the header wins, so specific rules come first.
type roleRule struct {
	words []string
	role  Role
}

var roleRules = []roleRule{
	{[]string{"序号"}, RoleSerial},
	{[]string{"编号"}, RoleSerial},
	{[]string{"存在问题"}, RoleProblems},
	{[]string{"问题"}, RoleProblems},
	{[]string{"领导"}, RoleLeader},
	{[]string{"联系委"}, RoleLeader},
	{[]string{"完成率"}, RoleRate},
	{[]string{"完成比例"}, RoleRate},
	{[]string{"完成百分比"}, RoleRate},
	{[]string{"占", "计划"}, RoleRate}, // 占全年计划, 占年度计划: the share of the plan done
	{[]string{"占", "目标"}, RoleRate},
	{[]string{"占", "任务"}, RoleRate},
	{[]string{"完成时限"}, RoleDeadline},
	{[]string{"竣工时间"}, RoleDeadline},
	{[]string{"完工时间"}, RoleDeadline},
	{[]string{"开工时间"}, RoleStart},
	{[]string{"开工日期"}, RoleStart},
	{[]string{"时限"}, RoleDeadline},
	{[]string{"完成时间"}, RoleDeadline},
	{[]string{"完成期限"}, RoleDeadline},
	{[]string{"协同"}, RoleSupport}, // 协同责任单位
	{[]string{"共同责任"}, RoleSupport},
	{[]string{"牵头"}, RoleLead},
	{[]string{"主要责任"}, RoleLead},
	{[]string{"责任单位"}, RoleLead},
	{[]string{"责任部门"}, RoleLead},
	{[]string{"主办"}, RoleLead},
	{[]string{"配合"}, RoleSupport},
	{[]string{"协办"}, RoleSupport},
	{[]string{"实施单位"}, RoleSupport},
	{[]string{"参与单位"}, RoleSupport},
	{[]string{"完成情况"}, RoleProgress},
	{[]string{"累计完成"}, RoleProgress},
	{[]string{"实际完成"}, RoleProgress},
	{[]string{"已完成"}, RoleProgress},
	{[]string{"完成数"}, RoleProgress},
	{[]string{"实施情况"}, RoleProgress},
	{[]string{"进展情况"}, RoleProgress},
	{[]string{"推进情况"}, RoleProgress},
	{[]string{"落实情况"}, RoleProgress},
	{[]string{"执行情况"}, RoleProgress},
	{[]string{"季度"}, RoleMilestone},
	{[]string{"月份目标"}, RoleMilestone},
	{[]string{"月目标"}, RoleMilestone},
	{[]string{"进度安排"}, RoleMilestone},
	{[]string{"形象进度"}, RoleMilestone},
	{[]string{"计划安排"}, RoleMilestone},
	{[]string{"进展"}, RoleProgress},
	{[]string{"完成状态"}, RoleStatus},
	{[]string{"是否完成"}, RoleStatus},
	{[]string{"总额"}, RoleBudget},
	{[]string{"总投资"}, RoleBudget},
	{[]string{"资金"}, RoleBudget},
	{[]string{"投资"}, RoleBudget},
	{[]string{"上级"}, RoleFunding},
	{[]string{"财政"}, RoleFunding},
	{[]string{"其他来源"}, RoleFunding},
	{[]string{"来源"}, RoleFunding},
	{[]string{"任务数"}, RoleTask},
	{[]string{"目标任务"}, RoleTask},
	{[]string{"任务指标"}, RoleTask},
	{[]string{"目标"}, RoleTask},
	{[]string{"指标"}, RoleTask},
	{[]string{"项目内容"}, RoleName},
	{[]string{"工作内容"}, RoleName},
	{[]string{"建设内容"}, RoleName},
	{[]string{"内容与要求"}, RoleName},
	{[]string{"内容及要求"}, RoleName},
	{[]string{"重点任务"}, RoleName},
	{[]string{"重点工作"}, RoleName},
	{[]string{"民生实事"}, RoleName},
	{[]string{"项目名称"}, RoleName},
	{[]string{"名称"}, RoleName},
	{[]string{"项目"}, RoleName},
	{[]string{"任务"}, RoleName},
	{[]string{"小组"}, RoleCategory},
	{[]string{"备注"}, RoleRemark},
}

// squeeze removes all white space, so that headers printed with spaces
// ("工  作  内  容") compare as words.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\n', '\r', '\u3000', '\u00a0':
			return -1
		}
		return r
	}, s)
}

// headerRole classifies one header text.
func headerRole(h string) Role {
	h = squeeze(h)
	if h == "" {
		return RoleUnknown
	}
	if h == "序" || h == "号" {
		return RoleSerial
	}
	for _, rule := range roleRules {
		ok := true
		for _, w := range rule.words {
			if !strings.Contains(h, w) {
				ok = false
				break
			}
		}
		if ok {
			return rule.role
		}
	}
	return RoleUnknown
}

// columnRoles assigns a role to each column of a table from its header rows
// (joined top to bottom per column). When two columns claim the name role, the
// one printed later is the content and the earlier one a category (项目名称 |
// 项目内容), unless the later one is a task column.
func columnRoles(header [][]string, cols int) []Role {
	roles := make([]Role, cols)
	texts := make([]string, cols)
	for c := 0; c < cols; c++ {
		var parts []string
		seen := map[string]bool{}
		for _, row := range header {
			if c < len(row) {
				t := squeeze(row[c])
				if t != "" && !seen[t] {
					seen[t] = true
					parts = append(parts, t)
				}
			}
		}
		texts[c] = strings.Join(parts, "")
		// A funding header is "资金测算及来源(万元)" over "总额"/"上级支持": the
		// lower row decides.
		roles[c] = headerRole(texts[c])
		if len(parts) > 1 {
			if r := headerRole(parts[len(parts)-1]); r == RoleBudget || r == RoleFunding {
				roles[c] = r
			}
		}
	}
	names := []int{}
	for c, r := range roles {
		if r == RoleName {
			names = append(names, c)
		}
	}
	if len(names) > 1 {
		for _, c := range names[:len(names)-1] {
			roles[c] = RoleCategory
		}
	}
	// A funding block printed without its own 总额 column: the first funding
	// column under a 资金 header holds the total.
	return roles
}

// percentColumns gives the rate role to a column the header does not name
// (累计进度, 占比) whose filled data cells are mostly percentages, status words
// aside, when the
// table has no rate column of its own.
func percentColumns(roles []Role, rows [][]string) {
	if roleIndex(roles, RoleRate) >= 0 {
		return
	}
	for c, r := range roles {
		if r != RoleUnknown {
			continue
		}
		percents, other := 0, 0
		for _, row := range rows {
			if c >= len(row) {
				continue
			}
			switch v := squeeze(row[c]); {
			case isBlankCell(v) || statedStatus(v) != "":
				// a status in words stands where a rate is not yet due
			case percentCellRe.MatchString(v):
				percents++
			default:
				other++
			}
		}
		if percents >= 2 && percents > other {
			roles[c] = RoleRate
			return
		}
	}
}

var percentCellRe = regexp.MustCompile(`^[0-9]+(?:\.[0-9]+)?[%％]$`)

// roleIndex returns the first column with role r, or -1.
func roleIndex(roles []Role, r Role) int {
	for i, x := range roles {
		if x == r {
			return i
		}
	}
	return -1
}

// isHeaderRow reports whether a row's cells read as table headers: at least two
// cells with a known role and no cell that reads as data (long text or numbers).
func isHeaderRow(cells []string) bool {
	known, filled := 0, 0
	for _, c := range cells {
		t := squeeze(c)
		if t == "" {
			continue
		}
		filled++
		if len([]rune(t)) > 16 || strings.ContainsAny(t, "%。") {
			return false // a sentence or a percentage is content, not a header
		}
		if headerRole(t) != RoleUnknown {
			known++
		}
	}
	return filled > 0 && known >= 2 && known*2 >= filled
}
