package extract

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/minsheng/minsheng/corpus"
	"github.com/minsheng/minsheng/normalize"
)

// report is one progress statement: what was completed, at what rate.
type report struct {
	raw       string
	completed *normalize.Quantity
	rate      *float64
	asOfRaw   string
	asOf      string
	// started is set when the amount counts works begun (已开工10个), not
	// finished (完工4个).
	started bool
	// bare is set when the clause states an amount without a completion
	// word ("改造提升农村公厕52座" in a progress column): it reports only on a
	// target of the same unit that no other statement reports on.
	bare bool
	// part is set for the part of the figure before it that a bracket names
	// with 其中: it reports only on a target that is such a part.
	part bool
	// growth is set when the amount is a rate of growth ("同比增长2.9%"),
	// which reports only on a target of growth.
	growth bool
}

// levelRe reads a level a rate reached: "参合率达100%", "补偿比达到80%", and,
// for the rate a target names, "目前已达46.2%".
var levelRe = regexp.MustCompile(`(?:(?:率|比|比例|覆盖面)(?:达到|达|为|稳定在|提高到)|^(?:目前|现|当前)?已(?:达到|达))\s*([0-9]+(?:\.[0-9]+)?)\s*%`)

// reachedRe reads a level stated as reached by what names it: "补偿达80%".
var reachedRe = regexp.MustCompile(`\p{Han}(?:达到|达|提高到|提升至|提高至)\s*([0-9]+(?:\.[0-9]+)?)\s*%`)

// growthRe reads a result stated as growth: "同比增长2.9%", "增速-0.9%".
var growthRe = regexp.MustCompile(`(?:增长|增幅|增速|上涨|涨幅|下降)(?:了|为|达|达到)?\s*(-?[0-9]+(?:\.[0-9]+)?)\s*%`)

// growthWords name a target of growth.
var growthWords = []string{"增长", "增幅", "增速", "上涨", "涨幅", "下降"}

// startWords count works begun; finishWords works finished.
var (
	startWords  = []string{"开工", "启动", "动工"}
	finishWords = []string{"完工", "竣工", "建成", "完成", "投用", "投入使用"}
)

// completionWords mark a clause that reports a completed amount.
var completionWords = []string{"已完成", "完成", "已建成", "建成", "累计", "已发放", "发放", "新增", "新建", "完工", "竣工", "已经", "已", "达到", "实现", "开工", "投入使用", "签约", "引进", "开展", "解决"}

// hedges mark a clause that does not report a completed amount even though
// it uses a completion verb.
var hedges = []string{"基本完成", "尚未", "未完成", "计划", "拟", "预计", "争取", "力争", "正在", "将", "需"}

// rateRe reads a completion rate: "完成率129%", "完成进度80%", "完成全年任务的
// 124.4%", "占年度目标的86%".
var rateRe = regexp.MustCompile(`(?:完成(?:率|进度|比例)?(?:达|为|达到)?|(?:完成|占|达到?|为)(?:今年|全年|年度|年初|总)(?:目标|计划|预算)?(?:任务)?(?:数)?的)\s*([0-9]+(?:\.[0-9]+)?)\s*%`)

// reports splits a progress text into statements: one per clause that
// reports a completed amount ("新建居家养老服务中心3家,新增养老床位150张" gives two),
// each with the rate stated after it in the same sentence, and the as-of date
// of the text.
func reports(text string, year int, published string) []report {
	var asOfRaw, asOf string
	if mayStateAsOf(text) {
		for _, d := range normalize.Dates(text, year, published) {
			if d.AsOf {
				asOfRaw, asOf = d.Raw, d.ISO
				break
			}
		}
	}
	var out []report
	single := len(clauses(text)) == 1 // a cell that is one statement
	for _, sent := range splitAny(text, ";；。\n") {
		sent = strings.TrimSpace(sent)
		first := len(out) // the statements of this sentence are out[first:]
		for _, cl := range clauses(sent) {
			c := strings.TrimSpace(sent[cl.start:cl.end])
			if strings.Contains(sent[:cl.start], "其中") && (placeShare(c) || placeOpens.MatchString(c)) {
				continue // "…484人次,其中,盘州市…186人次": one place's share of it
			}
			var rate *float64
			hasPercent := strings.Contains(c, "%")
			if hasPercent {
				if m := rateRe.FindStringSubmatch(c); m != nil {
					if v, err := strconv.ParseFloat(m[1], 64); err == nil {
						rate = &v
					}
				}
			}
			q, bare := completedIn(c), false
			if q == nil && !hedged(c) && (containsAny(firstRunes(c, 3), []string{"目前", "现已", "截至", "截止"}) || asOfBefore(sent, cl.start) && wholeArea(c) || periodOpens(c)) {
				// "目前发卡37.9万张": what stands done as of now
				q = amountIn(c)
			}
			if q == nil && rate == nil && hasPercent {
				// "目前全市参合率达100%": a level reached, for a target
				// of that level
				if m := levelRe.FindStringSubmatch(c); m != nil {
					if v, err := strconv.ParseFloat(m[1], 64); err == nil {
						q = &normalize.Quantity{Value: v, Unit: "%", Percent: true, Raw: m[0]}
					}
				}
			}
			growth := false
			if q == nil && rate == nil && hasPercent {
				// "地区生产总值同比增长2.9%": a growth result, for a
				// growth target
				if m := growthRe.FindStringSubmatch(c); m != nil {
					if v, err := strconv.ParseFloat(m[1], 64); err == nil {
						q, growth = &normalize.Quantity{Value: v, Unit: "%", Percent: true, Raw: m[0]}, true
					}
				}
			}
			if q == nil && rate == nil && hasPercent && !hedged(c) && !containsAny(c, plannedWords) {
				// "县镇政策补偿达80%": a level reached, for a target of a
				// level
				if m := reachedRe.FindStringSubmatch(c); m != nil {
					if v, err := strconv.ParseFloat(m[1], 64); err == nil {
						q = &normalize.Quantity{Value: v, Unit: "%", Percent: true, Raw: m[0]}
					}
				}
			}
			if q == nil && len(out) > first && out[len(out)-1].completed != nil && !hedged(c) && !strings.Contains(sent[:cl.end], "其中") && !containsAny(c, plannedWords) {
				// "引进亿元及以上项目68个,10亿元以上项目24个": the verb of the
				// clause before goes on, for an amount of its unit
				for _, a := range normalize.Quantities(c) {
					if !a.Percent && !a.Missing && countable(a) && a.Unit == out[len(out)-1].completed.Unit {
						q = &a
						break
					}
				}
			}
			if q == nil && single && !hedged(c) && !containsAny(c, descriptorWords) {
				// a cell that only states an amount: "改造提升农村公厕52座"
				q, bare = amountIn(c), true
			}
			if q != nil {
				if n := len(out); n > first && out[n-1].completed == nil {
					// a rate stated first: "完成率75%,已建成15万平方米"
					out[n-1].completed, out[n-1].bare = q, bare
					out[n-1].raw += "," + c
				} else {
					started := containsAny(c, startWords) && !containsAny(c, finishWords)
					out = append(out, report{raw: c, completed: q, asOfRaw: asOfRaw, asOf: asOf, started: started, bare: bare, growth: growth})
					if raw, part := bracketPart(c, q); part != nil {
						// "已完成搬迁入住18695人(其中:建档立卡贫困人口16449人)":
						// the part done, for a target of the part
						out = append(out, report{raw: raw, completed: part, asOfRaw: asOfRaw, asOf: asOf, started: started, part: true})
					}
				}
			}
			if rate == nil {
				continue
			}
			if n := len(out); n > first && out[n-1].rate == nil {
				out[n-1].rate = rate
				if !strings.HasSuffix(out[n-1].raw, c) {
					out[n-1].raw += "," + c
				}
				continue
			}
			out = append(out, report{raw: c, rate: rate, asOfRaw: asOfRaw, asOf: asOf})
		}
	}
	return out
}

// placeOpens finds a clause that opens with the name of a place below the
// city: "东岭区开展…", "其中,西峡县…".
var placeOpens = regexp.MustCompile(`^(?:其中[,，:：]?)?\p{Han}{1,5}(?:区|县|镇|乡|街道|旗)`)

// asOfBefore reports whether the clause of sent before byte i says only as
// of when ("截至2024年6月底,全市民生支出236.51亿元"), so that what follows
// stands done by then.
func asOfBefore(sent string, i int) bool {
	head := strings.TrimRight(sent[:i], ",， ")
	if j := strings.LastIndexAny(head, ",，;；。"); j >= 0 {
		_, size := firstRune(head[j:])
		head = head[j+size:]
	}
	head = strings.TrimSpace(head)
	if !strings.HasPrefix(head, "截至") && !strings.HasPrefix(head, "截止") {
		return false
	}
	return runeLen(head) <= 14 && len(usable(head)) == 0
}

// bracketPart is the bracket text and the amount of the same unit a clause
// states in brackets after its figure, as the part of it 其中 names:
// "…18695人(其中:建档立卡贫困人口16449人)"; nil when there is none.
func bracketPart(c string, whole *normalize.Quantity) (string, *normalize.Quantity) {
	for _, p := range parenRanges(c) {
		if p.start < whole.End {
			continue
		}
		_, size := firstRune(c[p.start:])
		inner := c[p.start+size : p.end]
		if !strings.HasPrefix(inner, "其中") {
			continue
		}
		for _, q := range usable(inner) {
			if q.Unit == whole.Unit && q.Value < whole.Value {
				return inner, &q // offsets in inner
			}
		}
	}
	return "", nil
}

// periodOpens reports a clause that opens with the period it reports on:
// "前三季度我市企业减负70.66亿元", "1-9月新增就业1.8万人".
func periodOpens(c string) bool {
	return containsAny(firstRunes(c, 4), []string{"前三季度", "上半年", "今年以来", "年初以来"}) || periodOpener.MatchString(c)
}

// wholeArea reports a clause about the whole of the government's area:
// "全市民生支出236.51亿元".
func wholeArea(c string) bool {
	return containsAny(firstRunes(c, 2), []string{"全市", "全县", "全区", "全省", "全州", "全旗"})
}

// mayStateAsOf reports whether text has the words an as-of date opens with
// (截至, 截止, 到), so that texts without them are not searched for dates.
func mayStateAsOf(text string) bool {
	return strings.Contains(text, "截") || strings.Contains(text, "到")
}

// completedIn is the completed amount a clause reports, or nil.
func completedIn(c string) *normalize.Quantity {
	if !reportsCompletion(c) {
		return nil
	}
	return amountIn(c)
}

// amountIn is the amount a clause states that could count a target: a total
// it sums its parts to ("A(80张)、B(48张)共计128张"), else the first amount
// outside brackets, else the first.
func amountIn(c string) *normalize.Quantity {
	var first, outside *normalize.Quantity
	parens := parenRanges(c)
	for _, q := range normalize.Quantities(c) {
		if q.Percent || q.Missing || !countable(q) || attributive(c, q) {
			continue
		}
		if hasAnySuffix(c[:q.Start], totalWords) {
			return &q
		}
		if first == nil {
			first = &q
		}
		if outside == nil && !within(parens, q.Start) {
			outside = &q
		}
	}
	if outside != nil {
		return outside
	}
	return first
}

// totalWords introduce the sum of the parts listed before them.
var totalWords = []string{"共计", "合计", "总计", "累计共", "共"}

func hasAnySuffix(s string, words []string) bool {
	s = strings.TrimRight(s, " ")
	for _, w := range words {
		if strings.HasSuffix(s, w) {
			return true
		}
	}
	return false
}

// descriptorWords make an amount describe a rule, not count work done:
// "门诊一年封顶2万元", "最多达186项".
var descriptorWords = []string{"封顶", "最多", "最高", "最低", "每", "不超过"}

// bareAbout reports whether a bare amount's clause is about the target:
// most of the target's metric is in it.
func bareAbout(t *corpus.Record, rp *report) bool {
	if t.Metric == nil {
		return false
	}
	m := bigrams(*t.Metric)
	if len(m) == 0 {
		return false
	}
	in := bigrams(rp.raw)
	shared := 0
	for b := range m {
		if in[b] {
			shared++
		}
	}
	return float64(shared) >= 0.6*float64(len(m))
}

func hedged(clause string) bool {
	return containsAny(clause, hedges)
}

func reportsCompletion(clause string) bool {
	if hedged(clause) {
		return false
	}
	for _, w := range completionWords {
		if strings.Contains(clause, w) {
			return true
		}
	}
	return false
}

func splitAny(s, seps string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(seps, r) })
}

// classifiers are measure words that count things interchangeably: a target
// of 22个 may be reported as 22家.
var classifiers = map[string]bool{"个": true, "家": true, "所": true, "处": true, "座": true, "间": true}

func unitsAgree(target, reported string) bool {
	if target == reported {
		return true
	}
	return classifiers[target] && classifiers[reported]
}

// matchReports pairs each target of an item with the progress statement that
// reports on it: the same unit first, in order; a target without a number takes
// a statement that carries a rate.
func matchReports(targets []*corpus.Record, rps []report) []*report {
	out := make([]*report, len(targets))
	used := make([]bool, len(rps))
	// a figure done with its share stated goes to the one target it is that
	// share of ("总投资4.26亿元,年度计划投资2.85亿元…完成投资2.79亿元,占年度
	// 计划的97.9%")
	for j := range rps {
		rp := &rps[j]
		if rp.completed == nil || rp.rate == nil {
			continue
		}
		fit := -1
		for i, t := range targets {
			if out[i] == nil && t.Target.Unit != nil && unitsAgree(*t.Target.Unit, rp.completed.Unit) &&
				rateAgrees(t, &corpus.Progress{CompletedValue: &rp.completed.Value, RatePct: rp.rate}) {
				if fit >= 0 {
					fit = -2 // more than one: the order decides
					break
				}
				fit = i
			}
		}
		if fit >= 0 {
			out[fit], used[j] = rp, true
		}
	}
	for i, t := range targets {
		if out[i] != nil {
			continue
		}
		unit := ""
		if t.Target.Unit != nil {
			unit = *t.Target.Unit
		}
		// A target to finish works takes the works finished before those
		// begun; a target to begin them (开工建设…) the works begun.
		startTarget := containsAny(t.Target.Raw, startWords)
		order := make([]int, 0, len(rps))
		for _, pass := range []func(r *report) bool{
			func(r *report) bool { return !r.bare && r.started == startTarget },
			func(r *report) bool { return !r.bare && r.started != startTarget },
			func(r *report) bool { return r.bare && unit != "" && r.completed.Unit == unit && bareAbout(t, r) },
		} {
			for j := range rps {
				if pass(&rps[j]) {
					order = append(order, j)
				}
			}
		}
		if outnumbered(targets, rps, unit) {
			order = likestFirst(t, rps, order, used)
		}
		for _, j := range order {
			if used[j] {
				continue
			}
			rp := &rps[j]
			switch {
			case rp.part && !strings.Contains(t.Target.Raw, "其中"):
				continue // a part's figure for a part's target only
			case rp.growth && !containsAny(strings.ReplaceAll(t.Target.Raw, "与经济增长", ""), growthWords):
				// "居民收入与经济增长同步": a target of income, whose report
				// is the amount, not its growth
				continue
			case unit == "%" && rp.completed == nil:
				// a percentage target is reported as a rate alone
				continue
			case unit != "" && rp.completed != nil && unitsAgree(unit, rp.completed.Unit):
			case unit == "" && t.Target.Value == nil && rp.completed != nil && rp.rate != nil:
			default:
				continue
			}
			used[j] = true
			out[i] = rp
			break
		}
	}
	// A single target and a single statement that only carries a rate.
	if len(targets) == 1 && out[0] == nil && len(rps) == 1 && rps[0].completed == nil && rps[0].rate != nil {
		out[0] = &rps[0]
	}
	return out
}

// outnumbered reports whether more statements report amounts of unit than
// there are targets of it, so that the order they come in cannot pair them.
func outnumbered(targets []*corpus.Record, rps []report, unit string) bool {
	if unit == "" {
		return false
	}
	ts, rs := 0, 0
	for _, t := range targets {
		if t.Target.Unit != nil && *t.Target.Unit == unit {
			ts++
		}
	}
	for _, r := range rps {
		if r.completed != nil && unitsAgree(unit, r.completed.Unit) {
			rs++
		}
	}
	return rs > ts
}

// likestFirst moves to the front of order the unused report whose words are
// clearly most like the target's metric, where the first in order is not: of
// "投资10亿元以上项目10个、亿元以上项目100个" and "引进亿元及以上项目68个,10亿元
// 以上项目24个", each target takes the report of its own kind, not the next
// in line.
func likestFirst(t *corpus.Record, rps []report, order []int, used []bool) []int {
	if t.Metric == nil || len(order) < 2 {
		return order
	}
	m := bigrams(stripVerb(*t.Metric))
	first, best, bestAt := -1.0, -1.0, -1
	for k, j := range order {
		if used[j] || rps[j].completed == nil {
			continue
		}
		l := bigramLikeness(m, bigrams(stripVerb(rps[j].raw)))
		if first < 0 {
			first = l
		}
		if l > best {
			best, bestAt = l, k
		}
	}
	if bestAt <= 0 || best < 0.5 || best < first+0.25 {
		return order
	}
	out := append([]int{order[bestAt]}, order[:bestAt]...)
	return append(out, order[bestAt+1:]...)
}

// statusWords are status phrases in a document's own words.
var statusWords = []struct {
	words  []string
	status string
}{
	{[]string{"尚未完成", "未完成", "未能完成"}, corpus.StatusNotCompleted},
	{[]string{"进度偏慢", "进展偏慢", "进度滞后", "进展滞后", "滞后于", "进度较缓慢", "进度缓慢", "推进缓慢", "进展缓慢", "滞后", "偏慢", "未达序时", "未达到序时", "低于序时"}, corpus.StatusBehind},
	{[]string{"正常推进", "序时推进", "有序推进", "按序时", "按计划推进", "达到序时", "符合序时", "快于序时", "超序时", "按时序推进", "稳步推进", "持续推进中", "如期推进", "高于时序进度", "快于时序进度", "超时序进度", "超时间进度", "超进度"}, corpus.StatusOnTrack},
	{[]string{"已完成全年", "已全面完成", "已全部完成", "全面完成年度", "已完成年度目标", "已提前完成", "提前完成年度", "超额完成年度", "超额完成全年", "超额完成目标", "超额完成任务", "该项民生实事已完成", "全部如期完成", "如期完成", "按计划完成", "按期完成", "全部完成", "超额完成", "提前完成", "全面完工", "已完成。", "已完成"}, corpus.StatusCompleted},
}

// statusWordList is every status word in the order of statusWords, and
// statusWordsByRune the words of it by their first character.
var statusWordList, statusWordsByRune = func() ([]string, map[rune][]int) {
	var list []string
	by := map[rune][]int{}
	for _, sw := range statusWords {
		for _, w := range sw.words {
			r, _ := utf8.DecodeRuneInString(w)
			by[r] = append(by[r], len(list))
			list = append(list, w)
		}
	}
	return list, by
}()

// statusRunes are the characters one of which every status word holds.
const statusRunes = "完滞慢序推进"

// statedStatus returns the status a progress text states in words, or "".
// "已完成" counts only when it stands as a statement, not as the verb of a
// completed amount ("已完成建设5G基站516个").
//
// A completion stated of a period's share of the work ("一季度工作任务已完成",
// "第一季度工作已完成") says the target is on schedule, not that it is done.
func statedStatus(text string) string {
	if !strings.ContainsAny(text, statusRunes) {
		return "" // every status word holds one of these
	}
	// where each status word first stands in the text, in one pass
	at := make([]int, len(statusWordList))
	for k := range at {
		at[k] = -1
	}
	for i, r := range text {
		for _, k := range statusWordsByRune[r] {
			if at[k] < 0 && strings.HasPrefix(text[i:], statusWordList[k]) {
				at[k] = i
			}
		}
	}
	k := 0
	for _, sw := range statusWords {
		for _, w := range sw.words {
			i := at[k]
			k++
			if i < 0 {
				continue
			}
			if sw.status != corpus.StatusCompleted {
				return sw.status
			}
			if w == "已完成" {
				rest := strings.TrimLeft(text[i+len(w):], " ")
				if rest != "" && !strings.HasPrefix(rest, "。") && !strings.HasPrefix(rest, ",") && !strings.HasPrefix(rest, "，") {
					continue
				}
			}
			if periodShare(clauseBefore(text, i)) {
				return corpus.StatusOnTrack
			}
			return sw.status
		}
	}
	return ""
}

// finishedCells state that works are finished; said of a whole progress cell
// ("已完工。") they say the item is done, inside a longer report they may say
// it of a part ("…幼儿园已完工;…正在进行施工").
var finishedCells = map[string]bool{"已完工": true, "完工": true, "已竣工": true, "竣工": true, "已建成": true,
	"已建成投用": true, "已建成投运": true, "已投入使用": true, "已投用": true, "已完成建设": true}

// cellStatus is the status a progress text states: in the genre's status
// words, or, for a cell that says nothing else, in words of works finished.
func cellStatus(cell string) string {
	if st := statedStatus(cell); st != "" {
		return st
	}
	if finishedCells[strings.Trim(squeeze(cell), "。.;；,，")] {
		return corpus.StatusCompleted
	}
	return ""
}

// clauseBefore is the text of the clause that ends at byte i.
func clauseBefore(text string, i int) string {
	start := strings.LastIndexAny(text[:i], ",，;；。:：")
	if start < 0 {
		return text[:i]
	}
	_, size := firstRune(text[start:])
	return text[start+size : i]
}

// periodWords name a share of the year's work.
var periodWords = []string{"季度", "月份", "上半年", "阶段", "节点", "序时", "前期"}

func periodShare(subject string) bool {
	for _, w := range periodWords {
		if strings.Contains(subject, w) {
			return true
		}
	}
	return false
}

// progressCell is the text a row or an item reports its progress in, with
// the status it states read once for all the targets it speaks of.
type progressCell struct {
	text            string
	read, readFrame bool
	st              string
	frame           bool
}

// status is the status the text states (cellStatus).
func (c *progressCell) status() string {
	if !c.read {
		c.st, c.read = cellStatus(c.text), true
	}
	return c.st
}

// framed reports a status that opens or closes the text, said of all it
// reports.
func (c *progressCell) framed() bool {
	if !c.readFrame {
		c.frame, c.readFrame = statusOpens(c.text) || statusCloses(c.text), true
	}
	return c.frame
}

// applyProgress fills a record's progress from a statement and the cell text.
func applyProgress(r *corpus.Record, rp *report, c *progressCell) {
	cell := c.text
	p := &corpus.Progress{}
	if rp != nil {
		p.Raw = corpus.Ptr(rp.raw)
		if rp.asOfRaw != "" {
			p.AsOfRaw = corpus.Ptr(rp.asOfRaw)
			if rp.asOf != "" {
				p.AsOf = corpus.Ptr(rp.asOf)
			}
		}
		if rp.completed != nil {
			v := rp.completed.Value
			p.CompletedValue = &v
			if r.Target.Unit == nil && rp.completed.Unit != "" {
				r.Target.Unit = corpus.Ptr(rp.completed.Unit)
			}
		}
		if rp.rate != nil {
			p.RatePct = rp.rate
		}
	} else if strings.TrimSpace(cell) != "" {
		p.Raw = corpus.Ptr(strings.TrimSpace(cell))
	}
	if p.RatePct == nil && p.CompletedValue != nil {
		if rate := computedRate(r, *p.CompletedValue); rate != nil {
			p.RatePct = rate
			r.AddFlag(corpus.FlagComputedRate)
		}
	}
	if st := c.status(); st != "" && (rp == nil || len(cell) == len(rp.raw) || st != corpus.StatusCompleted || c.framed()) {
		p.Status = corpus.Ptr(st)
	}
	if p.Status == nil {
		if p.CompletedValue != nil && r.Target.Value != nil && *p.CompletedValue >= *r.Target.Value {
			p.Status = corpus.Ptr(corpus.StatusCompleted)
		} else if rp != nil && rp.rate != nil && *rp.rate >= 100 {
			p.Status = corpus.Ptr(corpus.StatusCompleted)
		}
	}
	if p.Raw == nil && p.Status == nil {
		return
	}
	r.Progress = p
}

func round2(v float64) float64 {
	return float64(int64(v*100+0.5)) / 100
}

// unmatchedReports gives each figure done that a progress paragraph reports
// and that none of its item's targets takes a record of its own, in the item,
// without a target: "城镇新增就业24277人" under a target of 21万人 for the whole
// city is reported, not lost. One area's share (其中…) is not.
func (x *extractor) unmatchedReports(item []*corpus.Record, progress string, b *corpus.Block) []corpus.Record {
	if len(item) == 0 {
		return nil
	}
	rps := x.reportsOf(progress)
	matched := matchReports(item, rps)
	used := map[*report]bool{}
	for _, m := range matched {
		used[m] = true
	}
	var out []corpus.Record
	for i := range rps {
		rp := &rps[i]
		if used[rp] || rp.completed == nil || rp.completed.Missing || rp.started || rp.bare || rp.part || afterShare(progress, rp.raw) {
			continue
		}
		r := corpus.Record{Doc: item[0].Doc, Kind: item[0].Kind, Section: item[0].Section, ItemNo: item[0].ItemNo,
			Name: item[0].Name, LeadUnits: item[0].LeadUnits, Provenance: item[0].Provenance}
		r.Target.Raw = rp.raw
		if rp.completed.Unit != "" {
			r.Target.Unit = corpus.Ptr(rp.completed.Unit)
		}
		if m := trimMetric(stripVerb(rp.raw[:rp.completed.Start])); m != "" {
			r.Metric = corpus.Ptr(m)
		}
		if b.Span.Line > 0 {
			r.Provenance.Line = corpus.Ptr(b.Span.Line)
		}
		v := rp.completed.Value
		r.Progress = &corpus.Progress{CompletedValue: &v, RatePct: rp.rate, Raw: corpus.Ptr(rp.raw)}
		if rp.asOfRaw != "" {
			r.Progress.AsOfRaw = corpus.Ptr(rp.asOfRaw)
			if rp.asOf != "" {
				r.Progress.AsOf = corpus.Ptr(rp.asOf)
			}
		}
		if st := openingStatus(progress); st != "" {
			// "此项工作已完成。截至12月底,…": said of all the report tells
			r.Progress.Status = corpus.Ptr(st)
		}
		out = append(out, r)
	}
	return out
}

// statusOpens reports a progress text opened by a sentence that states a
// status and nothing else: "此项工作已完成。截至12月底,…".
func statusOpens(text string) bool {
	t := strings.TrimSpace(text)
	i := strings.IndexAny(t, "。;；,，")
	return i > 0 && runeLen(t[:i]) <= 15 && statedStatus(t[:i]) != "" && normalize.NumberRuns(t[:i]) == 0
}

// statusCloses reports a text whose last clause is a status and nothing else
// ("…共计229张床位改造,超额完成年度任务。").
func statusCloses(text string) bool {
	t := strings.TrimRight(strings.TrimSpace(text), "。;；,， ")
	i := strings.LastIndexAny(t, "。;；,，")
	if i < 0 {
		return false
	}
	_, size := firstRune(t[i:])
	last := t[i+size:]
	return runeLen(last) <= 15 && statedStatus(last) != "" && normalize.NumberRuns(last) == 0
}

// openingStatus is the status the opening sentence of a progress text states
// when that is all it says, or "".
func openingStatus(text string) string {
	if !statusOpens(text) {
		return ""
	}
	t := strings.TrimSpace(text)
	return statedStatus(t[:strings.IndexAny(t, "。;；,，")])
}

// wholeStatus is the status a sentence states of every item of a document
// ("目前所有项目均已提前完成全年目标任务"), or "".
func wholeStatus(text string) string {
	for _, sent := range splitAny(text, "。;；") {
		if !containsAny(sent, []string{"所有项目", "全部项目", "各项目", "均已", "全部如期", "已全部"}) {
			continue
		}
		if itemCountRe.MatchString(sent) {
			continue // "40个项目中,有10个项目…": some of them
		}
		if st := statedStatus(sent); st != "" {
			return st
		}
	}
	return ""
}

// itemCountRe finds a count of items: "10个项目", "16项", "5件".
var itemCountRe = regexp.MustCompile(`[0-9]+\s*(?:个|项|件)`)

// computedRate is the share of a target an amount done is, or nil where no
// share can be told: no target, or a target of growth (增长8%, done 2.9%: the
// ratio of two growth rates is no completion).
func computedRate(r *corpus.Record, done float64) *float64 {
	if r.Target.Value == nil || *r.Target.Value <= 0 {
		return nil
	}
	if r.Target.Unit != nil && *r.Target.Unit == "%" && containsAny(r.Target.Raw, growthWords) {
		return nil
	}
	rate := round2(done / *r.Target.Value * 100)
	return &rate
}

// afterShare reports a statement that gives one area's share after the
// figure it details: "…7.497万人,其中:西秀区完成6962人".
func afterShare(text, raw string) bool {
	i := strings.Index(text, raw)
	j := strings.Index(text, "其中")
	return j >= 0 && i > j && placeShare(raw)
}

// reportsOf is reports for a text of this document, read once: a progress
// text is matched to its item's targets and then searched for the figures
// no target took.
func (x *extractor) reportsOf(text string) []report {
	if rps, ok := x.reportMemo[text]; ok {
		return rps
	}
	rps := reports(text, x.year(), x.published())
	if x.reportMemo == nil {
		x.reportMemo = map[string][]report{}
	}
	x.reportMemo[text] = rps
	return rps
}
