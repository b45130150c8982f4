package extract

import (
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/minsheng/minsheng/corpus"
	"github.com/minsheng/minsheng/normalize"
)

// Running text states targets as lists and tables do, only without the
// layout: a paragraph may hold a whole numbered list ("(1)…(2)…", "一是…二是…",
// "28.…29.…"), a project's title sentence and the sentences of its targets
// ("实施城镇老旧小区改造。新开工改造…"), or semicolon-separated reports of several
// projects. The prose reader cuts a paragraph into such items and reads each
// one through the same clause reader as a list item.

// inlineMarker finds the numbering of an item inside running text, where a
// clause may begin: after the start of the text or a clause mark.
var inlineMarker = regexp.MustCompile(`(?:^|[。;；:：,，!！?？\s])\s*((?:[(（]\s*([0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*[)）])|(?:([0-9]{1,2})\s*[.、。．](?:[^0-9]|$))|(?:([0-9]{1,2}),(?:[^0-9]|$))|([①-⑳])|(?:([一二三四五六七八九十]{1,3})是)|(?:([一二三四五六七八九十]{1,3})、))`)

// markerForm tells the forms of numbering apart: a list keeps to one form.
type markerForm int

const (
	formParen markerForm = iota + 1
	formDot
	formComma
	formCircled
	formShi
	formHanDun
)

type inlineMark struct {
	form       markerForm
	n          int
	start, end int // the marker's bytes
}

// inlineItem is one item cut out of running text.
type inlineItem struct {
	number string // as printed, "" for an unnumbered chunk
	text   string
	offset int // of text in the paragraph
}

// findInlineMarks returns every numbering mark of text, in order.
func findInlineMarks(text string) []inlineMark {
	var out []inlineMark
	for _, m := range inlineMarker.FindAllStringSubmatchIndex(text, -1) {
		mk := inlineMark{start: m[2], end: m[3]}
		sub := func(k int) string {
			if m[2*k] < 0 {
				return ""
			}
			return text[m[2*k]:m[2*k+1]]
		}
		switch {
		case sub(2) != "":
			mk.form, mk.n = formParen, numeral(sub(2))
		case sub(3) != "":
			mk.form, mk.n = formDot, numeral(sub(3))
			// the marker ends at its punctuation, not at the next character
			mk.end = m[7] + len(strings.TrimLeft(text[m[7]:], " "))
			_, size := firstRune(text[m[7]:])
			mk.end = m[7] + size
		case sub(4) != "":
			mk.form, mk.n = formComma, numeral(sub(4))
			mk.end = m[9] + 1
		case sub(5) != "":
			mk.form, mk.n = formCircled, strings.Index(circled, sub(5))/len("①")+1
		case sub(6) != "":
			mk.form, mk.n = formShi, numeral(sub(6))
		case sub(7) != "":
			mk.form, mk.n = formHanDun, numeral(sub(7))
		}
		if mk.n > 0 {
			out = append(out, mk)
		}
	}
	return out
}

// numeral reads a small item number in digits or Chinese numerals.
func numeral(s string) int {
	if n, err := parseSmall(s); err == nil {
		return n
	}
	return 0
}

func parseSmall(s string) (int, error) {
	n := 0
	digits := true
	for _, r := range s {
		if r < '0' || r > '9' {
			digits = false
			break
		}
		n = n*10 + int(r-'0')
	}
	if digits && s != "" {
		return n, nil
	}
	v, ok := normalize.ParseNumber(s)
	if !ok {
		return 0, errNotNumber
	}
	return int(v), nil
}

type proseError string

func (e proseError) Error() string { return string(e) }

const errNotNumber = proseError("not a number")

// inlineList picks the numbering that makes the longest list of one form with
// rising numbers; a list whose marks are commas ("1,…2,…") must count up by
// one, since a comma after a number is more often a figure than a marker.
func inlineList(marks []inlineMark) []inlineMark {
	var best []inlineMark
	for _, form := range []markerForm{formParen, formDot, formCircled, formShi, formHanDun, formComma} {
		var run []inlineMark
		for _, m := range marks {
			if m.form != form {
				continue
			}
			if len(run) > 0 {
				last := run[len(run)-1].n
				if m.n <= last || (form == formComma || form == formShi || form == formHanDun) && m.n != last+1 {
					if len(run) > len(best) {
						best = run
					}
					run = nil
					if m.n != 1 {
						continue
					}
				}
			}
			run = append(run, m)
		}
		if len(run) > len(best) {
			best = run
		}
	}
	if len(best) < 2 {
		return nil
	}
	return best
}

// proseItems cuts a paragraph into the items it states.
func proseItems(text string) []inlineItem {
	if marks := inlineList(findInlineMarks(text)); marks != nil {
		var out []inlineItem
		if head := strings.TrimSpace(text[:marks[0].start]); head != "" {
			out = append(out, inlineItem{text: head})
		}
		for i, m := range marks {
			end := len(text)
			if i+1 < len(marks) {
				end = marks[i+1].start
			}
			out = append(out, inlineItem{number: text[m.start:m.end], text: strings.TrimSpace(text[m.end:end]), offset: m.end})
		}
		return out
	}
	// "实施城镇老旧小区改造。新开工改造…": a title sentence, then its targets.
	if i := strings.IndexAny(text, "。:："); i > 0 {
		head := strings.TrimSpace(text[:i])
		if runeLen(head) <= 20 && normalize.NumberRuns(head) == 0 && normalize.NumberRuns(text[i:]) > 0 {
			return []inlineItem{{text: text}}
		}
	}
	// Otherwise each sentence, and each semicolon-separated report, is an item.
	var out []inlineItem
	start := 0
	for i, r := range text {
		if r == '。' || r == ';' || r == '；' || r == '!' || r == '！' {
			if s := strings.TrimSpace(text[start:i]); s != "" {
				out = append(out, inlineItem{text: s, offset: start})
			}
			start = i + len(string(r))
		}
	}
	if s := strings.TrimSpace(text[start:]); s != "" {
		out = append(out, inlineItem{text: s, offset: start})
	}
	return out
}

// proseRecords reads a paragraph of running text into records: one per
// target each of its items states, and one per progress figure reported on a
// named work.
func (x *extractor) proseRecords(b *corpus.Block, ctx listContext, section string) (out []corpus.Record) {
	if ctx.kind == "" {
		ctx.kind = kindOf(&section, x.docKind())
	}
	defer func() { out = doneOfTargets(out) }()
	// the paragraph offset of the item each record of out comes from
	var at []int
	last := 0
	mark := func() {
		for len(at) < len(out) {
			at = append(at, last)
		}
	}
	if x.info.Kind == corpus.DocProgress {
		if spans := statusSpans(b.Text); len(spans) > 0 {
			// "…中,有10个项目超额完成节点任务。甲…;乙…": the projects a
			// paragraph tells of after a count in a status stand in it
			defer func() {
				for i := range out {
					if i >= len(at) || out[i].Progress != nil && out[i].Progress.Status != nil {
						continue
					}
					for _, sp := range spans {
						if at[i] >= sp.start && at[i] < sp.end {
							setStatus(&out[i], sp.status)
						}
					}
				}
			}()
		}
	}
	// naming is set once a sentence has introduced a list of projects
	// ("…的项目分别是: 甲;乙;丙"): what follows names projects by their
	// targets, whatever the document reports of them
	naming := false
	// parts is the run of items that detail the whole before them ("…项目61
	// 个。其中:甲47个;乙4个;丙10个"), in the same sentence; they share its
	// deadline
	parts := struct {
		from, offset int
		deadline     *corpus.Deadline
	}{from: -1}
	sharePartsDeadline := func() {
		for k := max(parts.from, 0); parts.from >= 0 && k < len(out); k++ {
			if out[k].Deadline == nil {
				d := *parts.deadline
				out[k].Deadline = &d
			}
		}
	}
	paragraph := strings.TrimSpace(b.Text)
	for _, it := range proseItems(paragraph) {
		mark()
		last = it.offset
		sharePartsDeadline()
		switch {
		case strings.HasPrefix(strings.TrimLeft(it.text, " "), "其中") && len(out) > 0 && out[len(out)-1].Deadline != nil:
			parts.from, parts.offset, parts.deadline = len(out), it.offset, out[len(out)-1].Deadline
		case parts.from >= 0 && it.offset > parts.offset && it.offset <= len(paragraph) && !strings.Contains(paragraph[parts.offset:it.offset], "。"):
			parts.from = len(out) // the run goes on
		default:
			parts.from = -1
		}
		names := naming
		if i := indexAny(it.text, listIntros); i >= 0 {
			// "率先完成年度任务的项目分别是新建社区食堂10家": the
			// list begins after the words that introduce it
			naming, names = true, true
			it.text = strings.TrimLeft(it.text[i:], "分别是为包括有具体:： ")
			it.text = strings.TrimPrefix(it.text, "项目")
			it.text = strings.TrimLeft(it.text, "分别是为包括有具体:： ")
		}
		if normalize.NumberRuns(it.text) == 0 {
			if x.info.Kind == corpus.DocProgress && !names {
				out = append(out, x.achievement(b, it, ctx, section)...)
			}
			continue
		}
		text, results := x.resultsWithTargets(b, it.text, ctx, section)
		out = append(out, results...)
		sub := *b
		sub.Text = text
		sub.Number = it.number
		if it.number == "" {
			sub.Number = " " // no numbering to strip from the item's own text
		}
		if x.info.Kind == corpus.DocProgress {
			out = append(out, x.parenReports(&sub, ctx, section)...)
		}
		first := len(out)
		for _, r := range x.listRecords(&sub, ctx, section) {
			if m := countDoneRe.FindStringSubmatch(r.Target.Raw); m != nil && r.Target.Value != nil && (r.Progress == nil || r.Progress.CompletedValue == nil) {
				// "40件民生实事已完成18件": the items, and how many are done
				whole, _ := normalize.ParseNumber(m[1])
				done, _ := normalize.ParseNumber(m[3])
				if m[2] == m[4] && done == *r.Target.Value && done <= whole {
					r.Target.Value = &whole
					if r.Progress == nil {
						r.Progress = &corpus.Progress{Raw: corpus.Ptr(r.Target.Raw)}
					}
					r.Progress.CompletedValue = &done
				}
			}
			if r.Target.Value != nil && r.Progress == nil && strings.Contains(r.Target.Raw, "中") {
				// "32个…项目中23个项目已开工建设": the whole, and the part done
				if m := wholeAndPartRe.FindStringSubmatch(r.Target.Raw); m != nil {
					if v, ok := normalize.ParseNumber(m[1]); ok && v <= *r.Target.Value {
						r.Progress = &corpus.Progress{CompletedValue: &v, Raw: corpus.Ptr(r.Target.Raw)}
					}
				}
			}
			if n := len(out); n > first && partOf(&out[n-1], &r) {
				// "50个区级重点建设项目中有41个项目推进顺利": the part
				// done of the whole before it
				v := *r.Target.Value
				out[n-1].Progress = &corpus.Progress{CompletedValue: &v, Raw: corpus.Ptr(r.Target.Raw)}
				continue
			}
			if !measured(r) || countsItems(r, it.text) || x.info.Kind == corpus.DocProgress && (underWay(r.Target.Raw) || expected(r.Target.Raw) || countUnit(&r) && *r.Target.Unit != "个" && !hasWorkWord(r.Target.Raw)) {
				continue
			}
			if x.info.Kind == corpus.DocProgress && strings.Contains(it.text, "其中") && placeShare(r.Target.Raw) {
				// "…484人次,其中,六枝特区开展…30人次": one area's share
				continue
			}
			if rate, ok := rateClause(r.Target.Raw); ok && len(out) > first && r.Target.Qualifier == nil && !planIntro(it.text) {
				// "…15.59万人,完成全年目标的103.9%": the rate of the
				// figure before it, not a target
				prev := &out[len(out)-1]
				if prev.Progress == nil {
					prev.Progress = &corpus.Progress{}
				}
				if prev.Progress.RatePct == nil {
					prev.Progress.RatePct = &rate
				}
				continue
			}
			if x.info.Kind == corpus.DocProgress && r.Target.Unit != nil && strings.HasSuffix(*r.Target.Unit, "百分点") && containsAny(r.Target.Raw, []string{"同比", "比上年", "比去年", "较上年", "较去年"}) {
				continue // "同比下降2.2个百分点": how the figure before compares, no work done
			}
			if _, ok := rateClause(r.Target.Raw); ok && x.info.Kind == corpus.DocProgress && strings.HasPrefix(strings.TrimSpace(r.Target.Raw), "占比") {
				continue // "…提前完成,占比57%": the share of a count no record keeps
			}
			if x.info.Kind == corpus.DocProgress && sentence(b.Text) && (!names || containsAny(outsideParens(r.Target.Raw), doneMarkers)) && !targetSentence(paragraph, it) {
				x.reportedNotPlanned(&r, it.text, b.Text)
				if r.Target.Value == nil && strings.Contains(r.Name, r.Target.Raw) && normalize.NumberRuns(r.Name) > 1 {
					r.Name = statementName(r.Name, r.Target.Raw)
				}
			}
			if worksRateOnly(&r, it.text) || x.info.Kind == corpus.DocProgress && (projectSubject.MatchString(strings.TrimLeft(r.Target.Raw, "其中从项目类别来看,，")) || r.Target.Unit != nil && *r.Target.Unit == "个" && projectSubject.MatchString(fromRaw(it.text, r.Target.Raw))) {
				continue
			}
			out = append(out, r)
		}
	}
	sharePartsDeadline()
	mark()
	return out
}

// itemNouns name the items of a list themselves.
var itemNouns = []string{"项目", "实事", "工作", "任务", "工程", "事项"}

// itemCountUnits count the items of a list.
var itemCountUnits = map[string]bool{"项": true, "件": true, "个": true}

// statusCountRe finds a count of items with the status they stand in:
// "28项已完成全年目标", "7个项目序时推进", "3个项目进度滞后".
var statusCountRe = regexp.MustCompile(`[0-9]+\s*(?:项|个|件)(?:项目|实事|任务|子项|指标|事项)?\s*(?:已|均|已经|全部|正在|正)?\s*(?:提前|超额|按期|全面|按时序|按计划|如期|基本)?\s*(?:完成|序时|正常|有序|推进|进度|进展|滞后|偏慢|未完成|尚未)`)

// statusSpan is the stretch of a paragraph told of as standing in one status.
type statusSpan struct {
	start, end int
	status     string
}

// statusSpans finds the stretches of a paragraph that a count of projects in
// a status opens ("有10个项目超额完成节点任务。甲…;乙…", "34个子项已完成年度
// 目标任务,包括甲;乙…"): each runs to the next such count, or to the end of
// its sentence where that sentence counts several statuses (a summary:
// "78个子项完成年度目标任务,15个子项正如期推进。").
func statusSpans(text string) []statusSpan {
	ms := statusCountRe.FindAllStringIndex(text, -1)
	var out []statusSpan
	for i, m := range ms {
		st := statedStatus(clauseAt(text, m[0]))
		if st == "" {
			continue
		}
		end := len(text)
		if i+1 < len(ms) {
			end = ms[i+1][0]
		}
		stop := sentenceEnd(text, m[1])
		if (i+1 < len(ms) && ms[i+1][0] < stop || i > 0 && sentenceEnd(text, ms[i-1][1]) == stop) && stop < end {
			end = stop
		}
		out = append(out, statusSpan{start: m[0], end: end, status: st})
	}
	return out
}

// statementName names a statement of work done that shares its sentence with
// others: by the topic the sentence opens with ("在实施…改造方面,已完成…"),
// else, where the sentence is a run of statements (its first clause states
// a figure), by its own clause; else by the sentence, whose head names the
// work ("年计划…同步,1-9月…26659元").
func statementName(sentence, raw string) string {
	if m := topicRe.FindStringSubmatch(sentence); m != nil && strings.Index(sentence, raw) >= len(m[0]) {
		return m[1]
	}
	cl := clauses(sentence)
	if len(cl) > 1 && normalize.NumberRuns(sentence[cl[0].start:cl[0].end]) > 0 {
		if c := clauseHolding(sentence, raw); c != "" {
			return c
		}
	}
	return sentence
}

// topicRe finds the topic a sentence opens with: "此外,在实施…改造方面,".
var topicRe = regexp.MustCompile(`^(?:此外|另外|同时)?[,，]?在?([^,，;；。]{2,30}?)方面[,，]`)

// clauseHolding is the clause of text that holds part, "" when part is not
// in it.
func clauseHolding(text, part string) string {
	i := strings.Index(text, part)
	if i < 0 {
		return ""
	}
	start := 0
	if j := strings.LastIndexAny(text[:i], ",，;；。"); j >= 0 {
		_, size := firstRune(text[j:])
		start = j + size
	}
	end := i + len(part)
	return strings.TrimSpace(text[start:end] + firstClause(text[end:]))
}

// clauseAt is the clause of text that begins at byte i.
func clauseAt(text string, i int) string {
	rest := text[i:]
	if j := strings.IndexAny(rest, ",，;；。:："); j >= 0 {
		return rest[:j]
	}
	return rest
}

// sentenceEnd is the byte offset of the end of the sentence holding byte i.
func sentenceEnd(text string, i int) int {
	if j := strings.Index(text[i:], "。"); j >= 0 {
		return i + j
	}
	return len(text)
}

// orgSuffixes end the names of government bodies.
var orgSuffixes = []string{"局", "委", "办", "部", "联", "院", "会", "中心", "政府"}

// countsItems reports a record whose figure counts the items of the
// document's own list rather than a target of it: one of the counts of a
// status summary ("12项民生实事项目中,8项已完成全年目标,4项尚未完成"), or one
// body's share of them ("其中县教育局3项"). A total of projects stated as the
// work ("实施项目1357个") stays a target.
func countsItems(r corpus.Record, chunk string) bool {
	if r.Target.Unit == nil || !itemCountUnits[*r.Target.Unit] {
		return false
	}
	metric := ""
	if r.Metric != nil {
		metric = strings.TrimSuffix(*r.Metric, "中")
	}
	summary := len(statusCountRe.FindAllStringIndex(chunk, 2)) == 2 // the chunk counts items by status
	if summary && (statusCountRe.MatchString(r.Target.Raw) || strings.HasSuffix(strings.TrimSpace(r.Target.Raw), "中")) {
		return true // one of the counts of a status summary
	}
	unitIsItem := *r.Target.Unit != "个"
	if !unitIsItem && !containsAny(metric, itemNouns) && metric != "" {
		return false
	}
	if summary {
		return true
	}
	if unitIsItem && slices.ContainsFunc(orgSuffixes, func(s string) bool { return strings.HasSuffix(metric, s) }) {
		return true
	}
	if unitIsItem && strings.Contains(chunk, "任务") && !hasWorkWord(metric) {
		return true // "…工作任务18项、…10项,共计22项(其中6项重复)": the tasks counted
	}
	return statusCountRe.MatchString(r.Target.Raw) && !strings.HasSuffix(strings.TrimSpace(r.Target.Raw), "中") || statusHaveRe.MatchString(r.Target.Raw)
}

// processWords name a section about how the list was drawn up, or on what
// principles, whose figures (letters sent, suggestions received) are no
// targets even where the heading names the projects.
var processWords = []string{"征集", "过程", "原则", "特点", "背景", "意义", "说明", "准备", "阶段"}

// oversightWords name a section about how a people's congress oversees the
// projects; its figures (groups formed, inspections held) are targets only
// where the heading names the projects themselves.
var oversightWords = []string{"监督", "视察", "督查", "督导"}

// proseAside reports a section whose running text states no targets.
func proseAside(section string) bool {
	if containsAny(section, processWords) {
		return true
	}
	return containsAny(section, oversightWords) && !containsAny(section, itemNouns)
}

// plannedWords mark a clause that states what is to be done, in a document
// that otherwise reports what was done: "年度任务是…", "计划建设800个", "力争…".
var plannedWords = []string{"计划", "目标", "任务", "力争", "确保", "预计", "预期", "要求", "争取", "拟", "将"}

// reportedNotPlanned turns a figure that a report states as done into a
// completed amount with no target: in a progress report's running text, a
// clause without a word of planning ("全市新增停车位18719个") reports work done.
// The status the sentence, else the paragraph, states in words is kept.
func (x *extractor) reportedNotPlanned(r *corpus.Record, chunk, paragraph string) {
	if r.Progress != nil && r.Progress.CompletedValue != nil || r.Target.Value == nil || countUnit(r) || containsAny(r.Target.Raw, shortfallWords) || containsAny(r.Target.Raw, plannedWords) || plannedHead(clauseHead(chunk, r.Target.Raw)) && !periodOpens(strings.TrimSpace(r.Target.Raw)) || planIntro(chunk) {
		return
	}
	if strings.Contains(r.Target.Raw, "总投资") && !containsAny(r.Target.Raw, doneMarkers) {
		return // "…项目总投资4.26亿元": what the projects cost in all, not what was spent
	}
	v := *r.Target.Value
	p := &corpus.Progress{CompletedValue: &v, Raw: corpus.Ptr(r.Target.Raw)}
	if r.Progress != nil {
		p.RatePct = r.Progress.RatePct // "完成12.2亿元、占全年计划126%"
	}
	if st := statedStatus(chunk); st != "" {
		p.Status = corpus.Ptr(st)
	} else if st := statedStatus(paragraph); st != "" && containsAny(paragraph, wholeWords) {
		// "…均超额完成任务", "…已全部如期完成": a status said of them all
		p.Status = corpus.Ptr(st)
	} else if t := x.info.Title; t != nil && containsAny(*t, wholeWords) {
		if st := statedStatus(*t); st != "" {
			p.Status = corpus.Ptr(st)
		}
	}
	if d := x.contextAsOf(); d != nil {
		p.AsOfRaw = corpus.Ptr(d.Raw)
		if d.ISO != "" {
			p.AsOf = corpus.Ptr(d.ISO)
		}
	}
	r.Progress = p
	r.Target.Value = nil // the qualifier stays: "补助约337万元" was about so much
}

// shortfallWords say that work falls short or is still under way: the clause
// states no amount done ("4所学校进入收尾阶段", "在建101台").
var shortfallWords = []string{"低于", "滞后", "未完成", "未达", "未开工", "未启动", "未竣工", "尚未", "未能", "不足", "差距", "正在", "在建", "进入"}

// expected reports a report's figure that is a forecast ("全年预计35040元"):
// neither a target nor work done.
func expected(raw string) bool {
	return containsAny(raw, []string{"预计", "预测", "有望"})
}

// underWay reports a clause that counts works still under way in a report
// ("在建101台", "另有5个正在建设"): neither a target nor work done.
func underWay(raw string) bool {
	t := strings.TrimLeft(metricPeriod.ReplaceAllString(raw, ""), "另有还其中,， ")
	t = strings.TrimPrefix(strings.TrimPrefix(t, "目前"), "现")
	return strings.HasPrefix(t, "在建") || strings.HasPrefix(t, "正在") || strings.Contains(raw, "个正在") || strings.Contains(raw, "正在建设")
}

// wholeWords say a statement holds for every item it follows.
var wholeWords = []string{"全部", "均", "全面", "都"}

// countUnit reports a record that counts items or indicators (项, 件), or
// projects ("23个市级重点建设项目"), which a report states as what it covers, not
// as work done.
func countUnit(r *corpus.Record) bool {
	if r.Target.Unit == nil {
		return false
	}
	switch *r.Target.Unit {
	case "项", "件":
		return true
	case "个":
		return projectCount.MatchString(r.Target.Raw) || r.Metric != nil && strings.HasSuffix(strings.TrimSuffix(*r.Metric, "中"), "项目")
	}
	return false
}

// projectCount finds a count of projects: "23个市级重点建设项目".
var projectCount = regexp.MustCompile(`[0-9]+\s*个[^0-9,，;；。]{0,14}项目`)

// bracketTarget finds a target printed in brackets after the result it is
// measured against: "增长58.3%(目标10.5%)", "失业率3.52%(目标4.5%以内)".
var bracketTarget = regexp.MustCompile(`[(（]\s*(?:年度|全年|预期)?目标(?:值|任务)?(?:为|是)?\s*([^()（）]{1,16}?)\s*[)）]`)

// resultsWithTargets reads the clauses of text that state a result and then
// its target in brackets into records of both, and returns the text without
// them.
func (x *extractor) resultsWithTargets(b *corpus.Block, text string, ctx listContext, section string) (string, []corpus.Record) {
	ms := bracketTarget.FindAllStringSubmatchIndex(text, -1)
	if ms == nil {
		return text, nil
	}
	var out []corpus.Record
	var rest strings.Builder
	last := 0
	for _, m := range ms {
		tq := normalize.Quantities(text[m[2]:m[3]])
		start := strings.LastIndexAny(text[:m[0]], ",，;；。:：") + 1
		if start > 0 {
			_, size := firstRune(text[start-1:])
			start += size - 1
		}
		clause := text[start:m[0]]
		rq := normalize.Quantities(clause)
		if len(tq) == 0 || len(rq) == 0 || start < last {
			continue
		}
		target, result := tq[0], rq[len(rq)-1]
		if target.Percent != result.Percent {
			continue
		}
		r := x.blockRecord(b, ctx, section, strings.TrimSpace(text[start:m[1]]))
		metric := trimMetric(clause[:result.Start])
		if metric != "" {
			r.Metric = corpus.Ptr(metric)
		}
		tv, rv := target.Value, result.Value
		r.Target = corpus.Target{Value: &tv, Raw: strings.TrimSpace(text[m[2]:m[3]])}
		if target.Unit != "" {
			r.Target.Unit = corpus.Ptr(target.Unit)
		}
		if target.Qualifier != "" {
			r.Target.Qualifier = corpus.Ptr(target.Qualifier)
		}
		r.Progress = &corpus.Progress{CompletedValue: &rv, Raw: corpus.Ptr(strings.TrimSpace(clause))}
		if d := x.contextAsOf(); d != nil {
			r.Progress.AsOfRaw = corpus.Ptr(d.Raw)
			if d.ISO != "" {
				r.Progress.AsOf = corpus.Ptr(d.ISO)
			}
		}
		out = append(out, r)
		rest.WriteString(text[last:start])
		last = m[1]
	}
	rest.WriteString(text[last:])
	return rest.String(), out
}

// placeShare reports a clause that opens with the name of one area (a
// county, a district, a town), not the whole government's: "六枝特区开展…".
func placeShare(raw string) bool {
	t := strings.TrimLeft(raw, "其中:：,， ")
	rs := []rune(t)
	for n := min(len(rs), 8); n >= 3; n-- {
		p := string(rs[:n])
		if strings.HasPrefix(p, "全") || strings.HasPrefix(p, "本") || strings.HasPrefix(p, "各") {
			return false
		}
		if hanShare(p) < 1 || len(p) != n*3 {
			continue
		}
		if gazetteer().isPlace(p) {
			return true
		}
		// towns and subdistricts, below the gazetteer's counties
		if n < len(rs) && (strings.HasSuffix(p, "街道") || strings.HasSuffix(p, "镇") && !strings.ContainsRune("村区级", rs[n])) {
			return true
		}
	}
	return false
}

// parenReports reads the reports a progress report puts in brackets after
// an item that states its own target ("实施45个居民小区雨污分流改造工程(池店镇
// 11个小区…均已完成雨污分流改造)"): each figure done, with the item's name.
// Brackets of an item that states no figure outside them are read with the
// item itself.
func (x *extractor) parenReports(b *corpus.Block, ctx listContext, section string) []corpus.Record {
	text := b.Text
	ps := parenRanges(text)
	if len(ps) == 0 {
		return nil
	}
	if len(usable(outsideParens(text))) == 0 {
		return nil
	}
	name := itemTitle(strings.TrimSpace(text[:ps[0].start]), "")
	var out []corpus.Record
	for _, p := range ps {
		_, size := firstRune(text[p.start:])
		inner := text[p.start+size : p.end]
		if !containsAny(inner, []string{"已", "完成", "建成", "完工", "发放"}) || len(usable(inner)) == 0 {
			continue
		}
		sub := *b
		sub.Text = inner
		sub.Number = " "
		for _, r := range x.listRecords(&sub, ctx, section) {
			if !measured(r) || r.Target.Value == nil || placeless(r) {
				continue
			}
			r.Name, r.ItemNo = name, nil
			if x.reportedNotPlanned(&r, inner, b.Text); r.Target.Value == nil {
				out = append(out, r)
			}
		}
	}
	return out
}

// placeless reports a record whose figure names no work: a bare count
// without a metric.
func placeless(r corpus.Record) bool {
	return r.Metric == nil || *r.Metric == ""
}

// achievement reads a report's statement of a work done that gives no figure
// ("完成校园复用餐具“快检”工作", "文化中心正式运营"): a record without a
// number, completed.
func (x *extractor) achievement(b *corpus.Block, it inlineItem, ctx listContext, section string) []corpus.Record {
	t := strings.TrimSpace(it.text)
	if i := strings.LastIndexAny(t, ",，:："); i >= 0 {
		_, size := firstRune(t[i:])
		t = strings.TrimSpace(t[i+size:]) // "关心关爱方面,完成…": the statement
	}
	if runeLen(t) < 6 || runeLen(t) > 40 {
		return nil
	}
	done := strings.HasPrefix(t, "完成") || strings.HasSuffix(t, "正式运营") || strings.HasSuffix(t, "投入使用") || strings.HasSuffix(t, "正式启用")
	if !done || containsAny(t, plannedWords) {
		return nil
	}
	r := x.blockRecord(b, ctx, section, t)
	r.Target.Raw = t
	r.Progress = &corpus.Progress{Status: corpus.Ptr(corpus.StatusCompleted), Raw: corpus.Ptr(t)}
	return []corpus.Record{r}
}

// indexAny is the byte offset of the first of words in s, or -1.
func indexAny(s string, words []string) int {
	at := -1
	for _, w := range words {
		if i := strings.Index(s, w); i >= 0 && (at < 0 || i < at) {
			at = i
		}
	}
	return at
}

// outsideParens is s without what its brackets enclose.
func outsideParens(s string) string {
	ps := parenRanges(s)
	if len(ps) == 0 {
		return s
	}
	var b strings.Builder
	last := 0
	for _, p := range ps {
		if p.start < last {
			continue
		}
		b.WriteString(s[last:p.start])
		_, size := firstRune(s[p.end:])
		last = p.end + size
	}
	b.WriteString(s[last:])
	return b.String()
}

// doneMarkers say a clause reports work done, whatever else it names.
var doneMarkers = []string{"已", "完成", "累计", "建成", "竣工", "完工"}

// listIntros introduce a list of the projects a sentence speaks of: "…的
// 项目分别是".
var listIntros = []string{"项目分别是", "项目分别为", "项目是", "项目为", "项目包括", "项目有"}

// rateRe2 reads a rate stated as a share of the year's plan or target:
// "完成全年目标的103.9%", "占全年计划110%", "完成年计划的97%".
var rateShareRe = regexp.MustCompile(`(?:完成|占|达到?|为)(?:了)?(?:今年|全年|年度|年|总)(?:投资|建设|工作)?(?:目标|计划|任务)(?:任务)?(?:数)?的?\s*([0-9]+(?:\.[0-9]+)?)\s*%`)

// doneOfTargets joins a figure a paragraph reports done to the target an
// earlier sentence of it states ("目标任务为:开工改造小区1500个。截至8月底,
// 已开工小区1110个,开工率74.0%"): the same unit, an alike metric, and the
// target without a report of its own.
//
// A cumulative figure ("累计解决了1720个…") is the one a target takes before
// the period's share of it ("新解决860个…").
func doneOfTargets(recs []corpus.Record) []corpus.Record {
	joined := make([]bool, len(recs))
	for _, cumulative := range []bool{true, false} {
		for i := range recs {
			r := &recs[i]
			if joined[i] || strings.Contains(r.Target.Raw, "累计") != cumulative {
				continue
			}
			for j := i - 1; j >= 0 && !joined[i]; j-- {
				joined[i] = !joined[j] && joinDone(&recs[j], r)
			}
		}
	}
	out := recs[:0]
	for i, r := range recs {
		if !joined[i] {
			out = append(out, r)
		}
	}
	return out
}

// joinDone gives target t the figure done that record r reports with no
// target of its own, when t has none yet and they share the unit and an
// alike metric; it reports whether it did.
func joinDone(t, r *corpus.Record) bool {
	if r.Target.Value != nil || r.Progress == nil || r.Progress.CompletedValue == nil || r.Target.Unit == nil || r.Metric == nil {
		return false
	}
	if t.Target.Value == nil || t.Target.Unit == nil || t.Metric == nil || t.Progress != nil && t.Progress.CompletedValue != nil {
		return false
	}
	if !unitsAgree(*t.Target.Unit, *r.Target.Unit) {
		return false
	}
	if bigramLikeness(bigrams(stripVerb(*t.Metric)), bigrams(stripVerb(*r.Metric))) < 0.5 && !rateAgrees(t, r.Progress) {
		return false
	}
	p := *r.Progress
	if p.RatePct == nil {
		if rate := computedRate(t, *p.CompletedValue); rate != nil {
			p.RatePct = rate
			t.AddFlag(corpus.FlagComputedRate)
		}
	}
	t.Progress = &p
	return true
}

// partOf reports a figure that counts the part of the figure before it that
// did the work: "…项目中有41个项目推进顺利".
func partOf(whole, part *corpus.Record) bool {
	i := strings.Index(part.Target.Raw, "中有")
	if i < 0 || normalize.NumberRuns(part.Target.Raw[:i]) > 0 || part.Target.Value == nil || !sameUnit(whole.Target.Unit, part.Target.Unit) {
		return false
	}
	if whole.Target.Value == nil && whole.Progress != nil && whole.Progress.CompletedValue != nil && whole.Progress.RatePct == nil {
		// a whole a report read as done: the total the part is of
		whole.Target.Value, whole.Progress = whole.Progress.CompletedValue, nil
	}
	return whole.Target.Value != nil && whole.Progress == nil && *part.Target.Value <= *whole.Target.Value
}

// wholeAndPartRe reads a count of works with the part of them done in one
// clause: "32个…项目中23个项目已开工建设".
var wholeAndPartRe = regexp.MustCompile(`^[^0-9,，;；。]{0,8}[0-9]+\s*个[^0-9,，;；。]{1,24}中有?([0-9]+)\s*个[^0-9,，;；。]{0,10}?(?:已经|已|均已)(?:开工|完成|竣工|建成|完工|投用)`)

// countDoneRe reads a count of items with how many of them are done, in
// one clause: "40件民生实事已完成18件".
var countDoneRe = regexp.MustCompile(`^[^0-9,，;；。]{0,8}?([0-9]+)\s*([件项个])[^0-9,，;；。]{1,16}?(?:已经|已|均已)(?:完成|开工|竣工|完工|建成)了?\s*([0-9]+)\s*([件项个])$`)

// worksRateRe reads the rate of works begun, finished or paid: "开工率74.0%".
var worksRateRe = regexp.MustCompile(`^(?:(?:开工|完工|竣工|建成|拨付|到位|执行|投资完成)率|占比)(?:达到|达|为)?\s*([0-9]+(?:\.[0-9]+)?)\s*%`)

// rateClause reads a clause that states only a rate of completion.
func rateClause(raw string) (float64, bool) {
	m := rateShareRe.FindStringSubmatch(raw)
	if m == nil {
		m = worksRateRe.FindStringSubmatch(strings.TrimSpace(raw))
	}
	if m == nil {
		if m = rateRe.FindStringSubmatch(raw); m == nil {
			return 0, false
		}
	}
	v, err := strconv.ParseFloat(m[1], 64)
	return v, err == nil
}

// clauseHead is the text of chunk before the clause raw, where the subject a
// clause reports on may be named with its plan ("年度计划建设800个" before
// "现已建成349个").
func clauseHead(chunk, raw string) string {
	i := strings.Index(chunk, raw)
	if i <= 0 {
		return ""
	}
	head := strings.TrimRight(chunk[:i], ",，、 ")
	if j := strings.LastIndexAny(head, ",，、"); j >= 0 {
		head = head[j:] // the clause just before
	}
	return head
}

// plannedHead reports a clause that states a plan, not that one was met
// ("…均已全部完成全年任务" names the task to say it is done).
func plannedHead(head string) bool {
	if _, ok := rateClause(head); ok {
		return false // "完成全年目标的126.7%": the rate of what came before
	}
	return containsAny(head, plannedWords) && statedStatus(head) == ""
}

// planIntro reports a sentence that opens by saying it states the plan:
// "2021年…目标任务为:开工改造小区1500个,投资完成率达到50%及以上".
func planIntro(chunk string) bool {
	i := strings.IndexAny(chunk, ":：")
	if i < 0 || runeLen(chunk[:i]) > 40 {
		return false
	}
	head := chunk[:i]
	return containsAny(head, plannedWords) && (strings.HasSuffix(head, "为") || strings.HasSuffix(head, "是") || strings.HasSuffix(head, "如下"))
}

// worksRateOnly reports a record of a report that states only the rate of works
// begun or done (开工率, 完工率), with no amount: a rate of the list, not work.
func worksRateOnly(r *corpus.Record, chunk string) bool {
	if r.Target.Value != nil || r.Target.Unit == nil || *r.Target.Unit != "%" {
		return false
	}
	rates := []string{"开工率", "完工率", "竣工率", "完成率", "执行率"}
	if r.Metric != nil && *r.Metric != "" {
		return containsAny(*r.Metric, rates)
	}
	// "开工率分别为35.29%、39.73%": the later figures of such a list
	return containsAny(chunk, rates)
}

// projectSubject finds a count of projects that is the subject of what they
// did: "23个工程类项目均已全部完成全年任务", "9个城市安全类项目完成12.2亿元".
var projectSubject = regexp.MustCompile(`^[^0-9]{0,8}[0-9]+\s*个[^0-9,，;；。]{0,14}项目(?:均|已|全部|均已)*(?:完成|推进|实现|开工|竣工|实施进度|进度)`)

// rateAgrees reports a figure done whose stated rate is its share of the
// target ("累计完成搬迁安置25.3万人,占总计划的84.3%" of 30万人): the figure is
// that target's, whatever words it is named by.
func rateAgrees(t *corpus.Record, p *corpus.Progress) bool {
	if p == nil || p.RatePct == nil || p.CompletedValue == nil || t.Target.Value == nil || *t.Target.Value == 0 {
		return false
	}
	share := *p.CompletedValue / *t.Target.Value * 100
	return share > 0 && math.Abs(share-*p.RatePct) < 0.6
}

// targetSentence reports the opening sentence of a paragraph that states
// the target, when the sentences after it tell what was done of it
// ("1800个撤并村通公路(2014—2018年)。上半年已完成建设3100公里,…。累计解决了
// 1720个…"): it names no work done itself.
func targetSentence(paragraph string, it inlineItem) bool {
	if it.offset != 0 {
		return false
	}
	end := strings.Index(paragraph, "。")
	if end < 0 || end+len("。") >= len(paragraph) || it.offset+len(it.text) > end+len("。") {
		return false
	}
	first := paragraph[:end]
	if containsAny(outsideParens(first), []string{"已", "累计", "截至", "截止", "目前"}) {
		return false
	}
	next := strings.TrimSpace(paragraph[end+len("。"):])
	return containsAny(firstRunes(next, 4), reportOpeners) || periodOpener.MatchString(next)
}

// reportOpeners open a sentence that tells what was done by a date.
var reportOpeners = []string{"上半年", "截至", "截止", "目前", "累计", "今年以来", "年初以来", "前三季度", "已"}

// fromRaw is chunk from where raw is printed in it to its end, "" when raw is
// not in it.
func fromRaw(chunk, raw string) string {
	if i := strings.Index(chunk, raw); i >= 0 && raw != "" {
		return chunk[i:]
	}
	return ""
}

// sentence reports whether text is running text rather than a cell of a
// table printed one cell a line: long enough, with clause punctuation.
func sentence(text string) bool {
	return runeLen(text) >= 20 && strings.ContainsAny(text, ",，;；。")
}

// proseNoise reports a line that is no part of a notice's body: a label of
// the page it was stored from ("SOURCE: …"), a byline, a date line.
func proseNoise(text string) bool {
	if i := strings.IndexAny(text, ":："); i > 0 && i <= 12 {
		label := text[:i]
		if strings.ToUpper(label) == label && strings.Trim(label, "ABCDEFGHIJKLMNOPQRSTUVWXYZ_ ") == "" {
			return true
		}
	}
	return false
}
