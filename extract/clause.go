package extract

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/minsheng/minsheng/corpus"
	"github.com/minsheng/minsheng/normalize"
)

// goal is one measurable target read from a clause of text.
type goal struct {
	metric    string
	raw       string
	value     *float64
	unit      string
	qualifier string
	missing   bool
	offset    int // byte offset of the clause in the text it came from
	// done is the amount a result states done, where a clause after it
	// measures it against its target (增长8.1%,低于预期目标0.4个百分点);
	// value is then the target, when printed
	done *float64
}

// gapRe opens a clause that measures a result against its target: "低于预期
// 目标0.4个百分点", "超预期目标9.7亿元".
var gapRe = regexp.MustCompile(`^(?:比|较)?(?:高于|低于|超过|超出|超|快于|慢于|少于|多于)(?:了)?(?:年初|年度|全年)?(?:预期|计划)?目标`)

// ceilingRe reads a target stated as the limit a result was held in: "控制在
// 3.5%预期目标内".
var ceilingRe = regexp.MustCompile(`^控制在.*目标(?:以)?内`)

// measuredAgainst reads results measured against their targets: a gap clause
// is no target, and turns the figure before it into a result with no
// printed target; a ceiling clause is the target of the figure before it.
func measuredAgainst(gs []goal) []goal {
	var out []goal
	for _, g := range gs {
		raw := strings.TrimLeft(g.raw, ",， ")
		n := len(out)
		switch {
		case n > 0 && g.value != nil && out[n-1].value != nil && out[n-1].done == nil && unitsAgree(out[n-1].unit, g.unit) &&
			containsAny(raw, []string{"已完成", "已建成", "已实现", "完成了"}) && out[n-1].offset == g.offset:
			// "2个嵌入式养老机构建设已完成1个": the target, then what was done
			out[n-1].done = g.value
			continue
		case gapRe.MatchString(raw):
			if n > 0 && out[n-1].value != nil && out[n-1].done == nil {
				out[n-1].done, out[n-1].value = out[n-1].value, nil
			}
			continue
		case ceilingRe.MatchString(raw) && n > 0 && out[n-1].value != nil && out[n-1].done == nil:
			g.done = out[n-1].value
			g.metric = out[n-1].metric
			out[n-1] = g
			continue
		}
		out = append(out, g)
	}
	return out
}

// clauseBreak splits text into clauses at sentence and clause punctuation.
func clauses(text string) []span {
	var out []span
	start, depth := 0, 0
	for i, r := range text {
		if r == ',' && thousands(text, i) {
			continue // 1,200张
		}
		switch r {
		case '(', '（':
			depth++
		case ')', '）':
			depth = max(depth-1, 0)
		case ':', '：':
			if depth > 0 {
				continue // "(其中:建档立卡贫困人口16449人)": a label inside brackets
			}
			if i > start {
				out = append(out, span{start, i})
			}
			start = i + utf8.RuneLen(r)
		case ',', '，', ';', '；', '。', '!', '！', '\n':
			if i > start {
				out = append(out, span{start, i})
			}
			start = i + utf8.RuneLen(r)
		}
	}
	if start < len(text) {
		out = append(out, span{start, len(text)})
	}
	return out
}

type span struct{ start, end int }

// thousands reports whether the comma at text[i] groups the digits of a
// number: a digit before it, exactly three after it.
func thousands(text string, i int) bool {
	if i == 0 || !isDigit(text[i-1]) || i+4 > len(text) {
		return false
	}
	for _, c := range []byte(text[i+1 : i+4]) {
		if !isDigit(c) {
			return false
		}
	}
	return i+4 == len(text) || !isDigit(text[i+4])
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// countable reports whether a quantity can be a target: it has a unit (or is
// a percentage or a missing number), and is not a descriptor such as an age
// ("60岁以上老人") or a duration ("15分钟").
func countable(q normalize.Quantity) bool {
	if q.Missing {
		return true
	}
	if q.Percent {
		return true
	}
	switch q.Unit {
	case "", "岁", "周岁", "分钟", "小时", "天", "年", "月", "个月", "季度", "日", "号", "期", "届", "次会议", "倍", "千伏", "伏":
		return false
	}
	return true
}

// attributive reports whether the quantity at q describes a noun rather than
// counting a target: it is followed by 的 ("超5万元以上的高额医疗费用") or by 级,
// a size class ("十亿元级企业").
func attributive(text string, q normalize.Quantity) bool {
	rest := strings.TrimLeft(text[q.End:], " ")
	if dimension(text[:q.Start]) || strings.HasPrefix(rest, "制") {
		return true // "宽12米", "日处理能力30吨", "3人制篮球场": a size, not a count
	}
	if q.Unit == "次" && q.Value <= 2 && perPerson.MatchString(text[:q.Start]) {
		return true // "为200万名学生开展1次测评": how often each, not a target
	}
	if q.Unit == "位" && containsAny(lastRunes(strings.TrimSpace(text[:q.Start]), 1), []string{"前", "第"}) {
		return true // "居全省前三位": a rank
	}
	if q.Unit == "次" && (strings.HasPrefix(rest, "会议") || strings.HasPrefix(rest, "全会") || strings.HasSuffix(strings.TrimSpace(text[:q.Start]), "届")) {
		return true // "七届人大五次会议": a meeting's ordinal
	}
	if (q.Unit == "名" || q.Unit == "位" || q.Unit == "人") && containsAny(firstRunes(rest, 4), []string{"代表", "人大代表", "委员", "政协委员", "与会"}) {
		return true // "由215名代表投票表决": who met, not work done
	}
	if hasAnySuffix(text[:q.Start], []string{"责任单位", "牵头单位", "承办单位", "部门"}) {
		return true // "涉及责任单位14家": the bodies that do the work
	}
	if itemCount(q, strings.TrimRight(text[:q.Start], " "), rest) {
		return true
	}
	if q.Unit == "班" && containsAny(firstRunes(rest, 3), []string{"幼儿园", "小学", "中学", "学校", "初中", "高中"}) {
		return true // "18班幼儿园": the size of a school
	}
	if containsAny(firstRunes(rest, 5), []string{"的年度目标", "的目标", "的年度任务", "的全年目标"}) {
		return false // "实现…培训率80%的年度目标": the target, stated as reached
	}
	if beneficiaries(text[:q.Start], q, rest) {
		return true // "已为618名儿童发放康复救助金526万元": whom, and the amount is the figure
	}
	if solvedFor(text[:q.Start], q, rest) {
		return false // "解决41.2万人的饮水安全问题": the people it is done for
	}
	return strings.HasPrefix(rest, "的") || strings.HasPrefix(rest, "级")
}

// beneficiaries reports a count of the people a work is done for, with the
// work's own amount later in the clause: "为618名儿童发放康复救助金526万元".
func beneficiaries(before string, q normalize.Quantity, rest string) bool {
	switch q.Unit {
	case "人", "户", "名", "人次", "位":
	default:
		return false
	}
	if !strings.HasSuffix(strings.TrimRight(before, " "), "为") && !strings.HasSuffix(strings.TrimRight(before, " "), "向") {
		return false
	}
	for _, later := range normalize.Quantities(firstClause(rest)) {
		if later.Unit != "次" && later.Unit != q.Unit && countable(later) {
			return true // an amount of the work itself, not how often each
		}
	}
	return false
}

// solvedFor reports a count of people or households whose problem a work
// solves: "解决6万人的农村饮水安全问题".
func solvedFor(before string, q normalize.Quantity, rest string) bool {
	switch q.Unit {
	case "人", "户", "名", "人次":
	default:
		return false
	}
	if !strings.HasPrefix(rest, "的") || !strings.Contains(lastRunes(before, 6), "解决") {
		return false
	}
	clause := firstClause(rest)
	return strings.HasSuffix(clause, "问题") || strings.HasSuffix(clause, "难题")
}

// firstClause is s up to the first mark that ends a clause.
func firstClause(s string) string {
	if i := strings.IndexAny(s, ",，;；。"); i >= 0 {
		return s[:i]
	}
	return s
}

var listNumber = regexp.MustCompile(`^\s*(?:第?[(（]?[0-9一二三四五六七八九十]+[)）]?[.、。．)）]|[①-⑳]|第[(（]?[0-9]+[)）]?项[:：]?|(?:实事|项目|任务|事项)[0-9一二三四五六七八九十]+[:：])\s*`)

// labelledItem finds an item a paragraph numbers with a word of the genre:
// "实事一:减少农村贫困人口…", "项目3:…".
var labelledItem = regexp.MustCompile(`^\s*(?:实事|项目|任务|事项)[0-9一二三四五六七八九十]+[:：]`)

// stripNumbering removes list numbering from the front of s ("1.", "(2)", "①").
func stripNumbering(s string) (string, string) {
	if m := listNumber.FindString(s); m != "" && !decimalPoint(s, m) {
		return strings.TrimSpace(s[len(m):]), strings.TrimSpace(m)
	}
	return strings.TrimSpace(s), ""
}

// decimalPoint reports whether the numbering m found at the start of s is the
// integer part of a decimal ("8.5%"), not a list number.
func decimalPoint(s, m string) bool {
	t := strings.TrimRight(m, " ")
	if !strings.HasSuffix(t, ".") && !strings.HasSuffix(t, "．") {
		return false
	}
	rest := s[len(t):]
	return rest != "" && isDigit(rest[0])
}

// trimMetric cuts a metric phrase to what it counts: no list number, no
// leading connective or preposition, no edge punctuation.
func trimMetric(s string) string {
	s, _ = stripNumbering(s)
	if m := metricPeriod.FindString(s); m != "" && len(m) < len(s) {
		s = s[len(m):] // "2024年…总投资", "上半年已完成…": when, not what
	}
	s = metricWords(s, false)
	return strings.Trim(s, " 、,，;；:：")
}

// metricPeriod is the time a metric phrase opens with: a year, a half, a
// span of months.
var metricPeriod = regexp.MustCompile(`^(?:[0-9]{4}年度?|上半年|下半年|前三季度|[一二三四1-4]季度|[0-9]{1,2}\s*[-—~至]\s*[0-9]{1,2}月)[,，]?`)

// stripVerb also drops the light verbs that open a metric.
func stripVerb(s string) string {
	return metricWords(s, true)
}

// goals reads the measurable targets of a piece of item text: one per countable
// quantity, each with the phrase that names what it counts.
//
// Quantities in parentheses are details of a target stated outside them
// ("新建省级基层体育场地设施9个(灵溪镇…等2个)", "新增民生药事服务站1家(实际完成2家)")
// and count only when the text states no quantity outside parentheses.
func goals(text string) []goal {
	var out, inner []goal
	parens := parenRanges(text)
	for _, cl := range clauses(text) {
		seg := text[cl.start:cl.end]
		qs := dropModifiers(seg, usable(seg))
		if len(qs) == 0 {
			continue
		}
		// "实施30个小区…改造工程(甲街道12个小区…)": the figures in brackets
		// do not cut the clause's own target
		var outer []normalize.Quantity
		for _, q := range qs {
			if !within(parens, cl.start+q.Start) || partsParen(text, parens, cl.start+q.Start) {
				outer = append(outer, q)
			}
		}
		if len(outer) > 0 && len(outer) < len(qs) {
			qs = outer
		}
		// Split a clause that lists several targets with 、 ("城市书房25家、文化驿站20家").
		parts := splitEnumeration(seg, qs)
		// "分别增长8%、8.5%以上": the last figure's qualifier governs the list
		if n := len(parts); n > 1 && strings.Contains(seg, "分别") && parts[n-1].q.Qualifier != "" {
			for k := range parts[:n-1] {
				if parts[k].q.Qualifier == "" && parts[k].q.Unit == parts[n-1].q.Unit {
					parts[k].q.Qualifier = parts[n-1].q.Qualifier
				}
			}
		}
		for _, p := range parts {
			g := goalFrom(seg[p.start:p.end], p.q, p.start)
			g.offset += cl.start
			if within(parens, cl.start+p.start+p.q.Start) && !partsParen(text, parens, cl.start+p.start+p.q.Start) {
				inner = append(inner, g)
			} else {
				out = append(out, g)
			}
		}
	}
	if len(out) == 0 {
		return inner
	}
	return out
}

// parenRanges returns the byte ranges enclosed by balanced parentheses; a
// parenthesis the source lost its partner of encloses nothing.
func parenRanges(s string) []span {
	var stack []int
	var out []span
	for i, r := range s {
		switch r {
		case '(', '（':
			stack = append(stack, i)
		case ')', '）':
			if n := len(stack); n > 0 {
				out = append(out, span{stack[n-1], i})
				stack = stack[:n-1]
			}
		}
	}
	return out
}

// partsParen reports whether the parenthesis around pos lists the parts of
// the figure before it ("整治125个村庄(包括63个省级补助村、62个市县级补助村)"):
// 其中 parts are targets of their own.
func partsParen(text string, ranges []span, pos int) bool {
	for _, r := range ranges {
		if pos > r.start && pos < r.end {
			_, size := firstRune(text[r.start:])
			inner := strings.TrimSpace(text[r.start+size : r.end])
			return strings.HasPrefix(inner, "包括") || strings.HasPrefix(inner, "其中")
		}
	}
	return false
}

func within(ranges []span, pos int) bool {
	for _, r := range ranges {
		if pos > r.start && pos < r.end {
			return true
		}
	}
	return false
}

// peopleNouns open the people a bare 万-scaled count counts.
var peopleNouns = []string{"农村", "城乡", "居民", "农民", "人口", "群众", "学生", "儿童", "老人", "农户", "家庭", "职工", "城镇"}

// orRange finds the lower end of a range written with 或 ("1或2个").
var orRange = regexp.MustCompile(`([0-9]+(?:\.[0-9]+)?)\s*或\s*$`)

// usable returns the quantities of seg that can be targets.
func usable(seg string) []normalize.Quantity {
	var qs []normalize.Quantity
	for _, q := range normalize.Quantities(seg) {
		if q.Unit == "" && !q.Percent && strings.ContainsAny(q.Raw, "万亿") && containsAny(firstRunes(seg[q.End:], 2), peopleNouns) {
			// "解决300万农村人口饮水安全问题", "8.63万农民": a count of
			// people the text gives no measure word
			qs = append(qs, q)
			continue
		}
		if q.Max == nil && strings.HasSuffix(strings.TrimRight(seg[:q.Start], " \t"), "或") {
			// "设置1或2个便民门诊": a range, read by its lower end
			if m := orRange.FindStringSubmatchIndex(seg[:q.Start]); m != nil {
				if lo, err := strconv.ParseFloat(seg[m[2]:m[3]], 64); err == nil && lo < q.Value {
					hi := q.Value
					q.Value, q.Max, q.Start = lo, &hi, m[2]
					q.Raw = seg[m[2]:q.End]
				}
			}
		}
		if countable(q) && !attributive(seg, q) && !quoted(seg, q) && !articleOne(q) && !perUnit(seg[:q.Start]) {
			qs = append(qs, q)
		}
	}
	return qs
}

// dropModifiers drops the quantities that modify the noun a later quantity
// counts ("新建10千伏线路20公里", "引进5亿元以上项目20个"): a measure, not a
// count ("50个站点200个桩位" counts both), with nothing but a few words without
// a verb of work between it and the next. Words are cut only for such a pair.
func dropModifiers(seg string, qs []normalize.Quantity) []normalize.Quantity {
	if len(qs) < 2 {
		return qs
	}
	out := qs[:0:0]
	for i, q := range qs {
		if i+1 < len(qs) {
			between := seg[q.End:qs[i+1].Start]
			if !countWords[q.Unit] && between != "" && runeLen(between) <= 10 &&
				!strings.ContainsAny(between, "、,，;；和及与并(（) \t") && !hasWorkWord(between) {
				continue
			}
		}
		out = append(out, q)
	}
	return out
}

// hasWorkWord reports whether text holds a verb of work or accomplishment
// as a word of its own.
func hasWorkWord(text string) bool {
	for _, w := range words(text) {
		if workVerbs[w] || lightVerbs[w] || completionVerbs[w] {
			return true
		}
	}
	return false
}

// countWords are the units that count things (个, 家, 人, 台 …), unlike
// measures (千伏, 亿元, 平方米).
var countWords = map[string]bool{
	"个": true, "家": true, "所": true, "处": true, "座": true, "间": true, "台": true, "条": true, "项": true,
	"辆": true, "张": true, "户": true, "人": true, "名": true, "套": true, "批": true, "场": true, "次": true,
	"例": true, "艘": true, "只": true, "支": true, "块": true, "栋": true, "幢": true, "片": true, "册": true,
	"件": true, "株": true, "棵": true, "班": true, "人次": true, "套(间)": true,
}

// completionVerbs state work done or begun.
var completionVerbs = map[string]bool{"建成": true, "开工": true, "竣工": true, "投用": true, "开展": true, "培育": true, "引进": true, "招录": true, "发放": true, "救助": true}

// perUnit reports whether the text before a quantity makes it a
// specification of each unit ("每个面积不小于2000平方米"), not a target.
func perUnit(before string) bool {
	b := strings.TrimLeft(before, " ,，、;；")
	for _, p := range []string{"每个", "每家", "每所", "每处", "每座", "每间", "每台", "每条", "单个"} {
		if strings.HasPrefix(b, p) {
			return true
		}
	}
	return false
}

// quoted reports whether a quantity stands inside quotation or title marks:
// a name ("最多跑一次"改革, 《…三年行动计划》), not a target.
func quoted(seg string, q normalize.Quantity) bool {
	open := 0
	for _, r := range seg[:q.Start] {
		switch r {
		case '“', '《', '「', '『':
			open++
		case '”', '》', '」', '』':
			if open > 0 {
				open--
			}
		}
	}
	if open > 0 {
		return true
	}
	// straight quotes: an odd count before the quantity
	return strings.Count(seg[:q.Start], "\"")%2 == 1
}

// articleOne reports whether a quantity is the numeral 一 used as an article
// or in a set phrase ("一件事", "新一轮", "一次"), which targets in this genre
// write with digits when they mean one.
func articleOne(q normalize.Quantity) bool {
	if q.Value == 1 && strings.HasPrefix(strings.TrimLeft(q.Raw, "约近超过达到不少于"), "一") {
		return true
	}
	// "三公里充分就业社区", "十五分钟生活圈": a distance or a time in Han
	// numerals names a standard
	return !q.Missing && !strings.ContainsAny(q.Raw, "0123456789") && (q.Unit == "公里" || q.Unit == "米" || q.Unit == "分钟")
}

type part struct {
	start, end int
	q          normalize.Quantity
}

// splitEnumeration cuts a clause into one part per quantity. Parts end after
// their quantity's qualifier; the text between two quantities belongs to the
// later one, which is how "新增城市书房25家、文化驿站20家" reads. A quantity that
// comes first and is followed by its noun ("为5000个中小学教室…") keeps the rest.
func splitEnumeration(seg string, qs []normalize.Quantity) []part {
	if len(qs) == 1 {
		return []part{{0, len(seg), qs[0]}}
	}
	var ps []part
	start := 0
	for i, q := range qs {
		end := q.End
		if i == len(qs)-1 {
			end = len(seg)
		}
		ps = append(ps, part{start, end, rebase(q, start)})
		start = end
	}
	return ps
}

func rebase(q normalize.Quantity, off int) normalize.Quantity {
	q.Start -= off
	q.End -= off
	return q
}

func goalFrom(seg string, q normalize.Quantity, off int) goal {
	g := goal{raw: strings.Trim(strings.TrimSpace(seg), "、"), offset: off, unit: q.Unit, qualifier: reachQualifier(q), missing: q.Missing}
	g.raw, _ = stripNumbering(g.raw)
	if !q.Missing {
		v := q.Value
		g.value = &v
	}
	before := trimMetric(seg[:q.Start])
	after := strings.TrimSpace(seg[q.End:])
	if i := strings.IndexAny(after, "(（"); i > 0 && normalize.NumberRuns(after[i:]) > 0 {
		after = after[:i] // "改造工程(东坪街道12个小区…)": the work, not its report
	}
	after = strings.Trim(after, " 、,，;；:：。")
	after = strings.TrimSuffix(after, "等")
	switch {
	case after != "" && runeLen(after) <= 30 && !strings.HasPrefix(after, "的"):
		// "为5000个中小学教室新安装空调", "提升改造3家街道级社区卫生服务中心":
		// the counted noun follows the number.
		if before == "为" || before == "对" {
			before = ""
		}
		g.metric = stripVerb(strings.TrimSpace(before + after))
	default:
		g.metric = stripVerb(before)
	}
	g.metric = trimQuotes(strings.TrimSuffix(g.metric, "等"))
	return g
}

func runeLen(s string) int { return utf8.RuneCountInString(s) }

// reachQualifier is a quantity's qualifier, where 达/达到 ("覆盖率达到45%")
// states the level to reach, not a floor: a floor is said with 以上, 不低于,
// 不少于; "达80%左右" is about so much.
func reachQualifier(q normalize.Quantity) string {
	if q.Qualifier != corpus.AtLeast || !strings.HasPrefix(q.Raw, "达") {
		return q.Qualifier
	}
	switch {
	case containsAny(q.Raw, []string{"以上", "不低于", "不少于", "超过", "及以上", ">", "≥", "＞"}):
		return q.Qualifier
	case strings.Contains(q.Raw, "左右"):
		return corpus.Approx
	}
	return ""
}

// listNouns are what a document calls the items of its own list.
var listNouns = []string{"实事", "工作", "子项", "任务", "事项", "项目", "方面", "指标", "领域", "大类", "牵头", "责任单位", "配合单位", "部门", "市州", "县市区", "区县"}

// itemCount reports a count of the items of a document's own list, written
// before them ("办好10件实事", "44个子项已完成", "确定了190项重点工作"): what
// the list holds, not a target of it. A total the work is stated in
// ("实施项目1357个") puts the noun first and stays a target.
func itemCount(q normalize.Quantity, before, rest string) bool {
	switch q.Unit {
	case "件", "项", "个", "大":
	default:
		return false
	}
	if (q.Unit == "项" || q.Unit == "件") && (strings.HasSuffix(before, "的") || strings.HasSuffix(before, "等")) &&
		(rest == "" || strings.ContainsAny(firstRunes(rest, 1), ",，;；。、") || containsAny(firstRunes(rest, 2), []string{"完成", "已", "均", "进度", "正在", "滞后", "尚未"})) {
		// "市直单位负责实施的7项", "易地扶贫搬迁、新增城市公厕等8项":
		// the list's items, counted by who does them or named before
		return true
	}
	if containsAny(firstRunes(rest, 3), []string{"市州", "县市区", "区县"}) {
		return true // "全省14个市州…": the province's governments
	}
	if q.Unit == "项" && (strings.HasSuffix(before, "任务") || strings.HasSuffix(before, "重点工作") || strings.HasSuffix(before, "实事")) {
		return true // "(分解任务15项)": the list's items, counted after their noun
	}
	for _, p := range []string{"具体", "重点", "民生", "为民办", "为民", "市政府", "政府", "省", "市", "区", "县"} {
		rest = strings.TrimPrefix(rest, p)
	}
	for _, p := range []string{"重点", "民生"} {
		rest = strings.TrimPrefix(rest, p)
	}
	for _, n := range listNouns {
		if strings.HasPrefix(rest, n) {
			if q.Unit == "个" && n == "项目" {
				// "12个项目中", "5个项目已提前完成": the list's own
				// projects; "实施2个项目" may be a target
				after := strings.TrimPrefix(rest, n)
				return strings.HasPrefix(after, "中") || strings.HasPrefix(after, "已") || strings.HasPrefix(after, "均") || strings.HasPrefix(after, "全部") ||
					containsAny(before, []string{"共涉及", "共有", "共计"}) // "本月清单共涉及…10个项目"
			}
			return true
		}
	}
	return false
}

// perPerson finds the people a frequency after it is counted for: "为200万名
// 以上…学生开展".
var perPerson = regexp.MustCompile(`为[^,，;；。]{0,6}[0-9][^,，;；。]*(?:名|人|户)[^,，;；。]*$`)

// dimensionWords name the size or capacity of a thing a target counts.
var dimensionWords = []string{"宽", "宽度", "长度", "高度", "深度", "跨径", "桥跨", "直径", "半径", "能力", "规模为", "标准为"}

// dimension reports whether the text before a quantity names a dimension of
// the thing counted: "宽12米", "桥梁宽度为30米", "日处理能力30吨以上".
func dimension(before string) bool {
	b := strings.TrimRight(before, " 为约达")
	for _, w := range dimensionWords {
		if strings.HasSuffix(b, w) {
			return true
		}
	}
	return false
}

// lastRunes is the last n runes of s.
func lastRunes(s string, n int) string {
	rs := []rune(s)
	if len(rs) <= n {
		return s
	}
	return string(rs[len(rs)-n:])
}

// firstRunes is the first n runes of s.
func firstRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

// hanShare is the share of Han characters among the letters of s.
func hanShare(s string) float64 {
	han, all := 0, 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			all++
			if unicode.Is(unicode.Han, r) {
				han++
			}
		}
	}
	if all == 0 {
		return 0
	}
	return float64(han) / float64(all)
}

// goalRecord fills a record's target fields from a goal.
func goalRecord(r *corpus.Record, g goal) {
	r.Target.Raw = g.raw
	r.Target.Value = g.value
	if g.unit != "" {
		r.Target.Unit = corpus.Ptr(g.unit)
	}
	if g.qualifier != "" {
		r.Target.Qualifier = corpus.Ptr(g.qualifier)
	}
	if g.metric != "" {
		r.Metric = corpus.Ptr(g.metric)
	}
	if g.missing {
		r.AddFlag(corpus.FlagMissingNumber)
	}
	if g.done != nil {
		r.Progress = &corpus.Progress{CompletedValue: g.done, Raw: corpus.Ptr(g.raw)}
	}
}

// trimQuotes removes quotation marks left unbalanced at the ends of a phrase
// cut out of a sentence, and keeps balanced ones: 建设智能“阳光厨房” stays whole.
func trimQuotes(s string) string {
	s = strings.TrimSpace(s)
	for {
		switch {
		case strings.HasPrefix(s, "“") && !strings.Contains(s, "”"):
			s = strings.TrimPrefix(s, "“")
		case strings.HasSuffix(s, "”") && !strings.Contains(s, "“"):
			s = strings.TrimSuffix(s, "”")
		case strings.Count(s, "\"")%2 == 1 && (strings.HasPrefix(s, "\"") || strings.HasSuffix(s, "\"")):
			s = strings.Trim(s, "\"")
		default:
			return strings.TrimSpace(s)
		}
	}
}

// budgetWords open the phrase of an amount that is the item's budget, not a
// target: "总投资约500万元", "计划投资1200万元".
var budgetWords = []string{"总投资", "计划投资", "预计投资", "估算投资", "概算投资", "投资", "总预算", "预算", "所需资金", "总资金", "项目资金", "安排资金", "资金"}

// fundingWords name where part of a budget comes from: "其中财政补助300万元".
var fundingWords = []string{"财政", "补助", "补贴", "上级", "自筹", "社会资本", "专项", "债券"}

// splitBudget takes the budget and its sources out of an item's goals:
// amounts of money whose phrase names an investment or a fund. The budget is
// in 万元.
func splitBudget(gs []goal) ([]goal, *float64, []corpus.BudgetSource) {
	var (
		out     []goal
		budget  *float64
		sources []corpus.BudgetSource
	)
	for _, g := range gs {
		if g.unit != "元" || g.value == nil {
			out = append(out, g)
			continue
		}
		wan := *g.value / 10000
		switch {
		case budget == nil && slices.ContainsFunc(budgetWords, func(w string) bool { return strings.HasPrefix(g.metric, w) }) &&
			!opensWithListed(g.raw, true) && !strings.Contains(g.raw, "完成投资"):
			// (investment done, "累计完成投资12.6亿元", is what a report
			// reports, not a budget)
			// (an investment to be made, "确保完成投资50亿元", is a target)
			budget = &wan
		case budget != nil && containsAny(g.metric, fundingWords):
			sources = append(sources, corpus.BudgetSource{Source: g.metric, Wan: wan})
		default:
			out = append(out, g)
		}
	}
	return out, budget, sources
}

// setItemBudget gives the first target of an item the budget its text
// states, unless a budget column gave one.
func setItemBudget(recs []corpus.Record, budget *float64, sources []corpus.BudgetSource) {
	if budget == nil || len(recs) == 0 || recs[0].BudgetWan != nil {
		return
	}
	recs[0].BudgetWan, recs[0].BudgetSources = budget, sources
}
