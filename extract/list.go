package extract

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/minsheng/minsheng/corpus"
	"github.com/minsheng/minsheng/normalize"
)

// unitMarker finds a parenthesis that names units: "(牵头单位:市教育局)",
// "(牵头单位:县民政局;配合单位:各乡镇街道)", "(责任单位:县住建局,12月底前完成)".
var unitMarker = regexp.MustCompile(`[(（]\s*(?:[市区县省]级)?(?:牵头责任单位|牵头单位|牵头部门|共同责任单位|协同责任单位|主要责任单位|责任单位|责任部门|主办单位|配合单位|协办单位|实施单位|参与单位)\s*[:：](?:[^()（）]|[(（][^()（）]*[)）])*(?:[)）]|$)`)

// unitLabel is a label inside such a parenthesis.
var unitLabel = regexp.MustCompile(`(?:[市区县省]级)?(牵头责任单位|牵头单位|牵头部门|共同责任单位|协同责任单位|主要责任单位|责任单位|责任部门|主办单位|配合单位|协办单位|实施单位|参与单位|完成时限|完成时间)\s*[:：]`)

// itemUnits are what the parentheses of an item text say about who does it
// and by when.
type itemUnits struct {
	lead, support []string
	deadline      string // as printed
}

var commaSplit = regexp.MustCompile(`[,，;；\n]+`)

// withoutAreaShares drops the goals that give one area's share of a figure
// stated before them ("培训484人次,其中,六枝特区开展…30人次、盘州市…186人次").
func withoutAreaShares(gs []goal, body string) []goal {
	at := strings.Index(body, "其中")
	if at < 0 {
		return gs
	}
	out := gs[:0:0]
	for _, g := range gs {
		if g.offset >= at && placeShare(g.raw) {
			continue
		}
		out = append(out, g)
	}
	return out
}

// trailingLabel finds the first unit or deadline label that follows an
// item's text on its line, after a space or the end of a sentence.
var trailingLabel = regexp.MustCompile(`(?:[\s。;；]|^)(?:[市区县省]级)?(?:牵头责任单位|牵头单位|牵头部门|主要责任单位|责任单位|责任部门|主办单位|完成时限|完成时间)\s*[:：]`)

// chromeWords are the controls of a government site's page, printed before
// its text: accessibility and elder modes, font size, print, share.
var chromeWords = []string{"无障碍", "长辈版", "关怀版", "适老化", "字体", "字号", "打印", "关闭窗口", "分享到", "收藏", "繁体", "简体", "登录", "注册"}

// emailRe finds an e-mail address.
var emailRe = regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`)

// contactLine reports a line that tells how to reach an office (an e-mail
// address, a postal address, a way to send feedback), not an item.
func contactLine(text string) bool {
	return emailRe.MatchString(text) || containsAny(firstRunes(text, 12), []string{"反馈", "邮寄地址", "联系电话", "联系人", "邮编"})
}

// pageChrome reports a short line that is one of a page's controls.
func pageChrome(text string) bool {
	t := strings.Trim(text, " |[]【】")
	return runeLen(t) <= 12 && normalize.NumberRuns(t) == 0 && containsAny(t, chromeWords)
}

// trimUnbalanced drops closing parentheses and separators at the end of s
// that close nothing within it: "市住建局)" loses its bracket, "各区(县)" keeps
// its own.
func trimUnbalanced(s string) string {
	for {
		s = strings.TrimRight(s, ";；,， ")
		r, size := lastRune(s)
		if r != ')' && r != '）' {
			return s
		}
		if strings.Count(s, "(")+strings.Count(s, "（") >= strings.Count(s, ")")+strings.Count(s, "）") {
			return s
		}
		s = s[:len(s)-size]
	}
}

func lastRune(s string) (rune, int) {
	return utf8.DecodeLastRuneInString(s)
}

// cutUnits removes unit parentheses from item text and returns what they say.
func cutUnits(text string) (string, itemUnits) {
	var u itemUnits
	parens := unitMarker.FindAllString(text, -1)
	// "…消除隐患。 责任单位: 德阳经开区管委会 完成时限: 2025年6月": labels
	// run into the item's line after its text, without brackets
	if len(parens) == 0 {
		if m := trailingLabel.FindStringIndex(text); m != nil && m[0] > 0 {
			parens = []string{text[m[0]:]}
			text = text[:m[0]]
		}
	}
	for _, paren := range parens {
		labels := unitLabel.FindAllStringSubmatchIndex(paren, -1)
		for i, m := range labels {
			end := len(paren)
			if i+1 < len(labels) {
				end = labels[i+1][0]
			}
			value := trimUnbalanced(strings.TrimRight(paren[m[1]:end], ";；,， "))
			if i := strings.Index(value, "。"); i > 0 {
				value = value[:i] // "…人民政府。以下任务均需…落实": a note after the units
			}
			label := paren[m[2]:m[3]]
			if label == "完成时限" || label == "完成时间" {
				u.deadline = strings.TrimSpace(value)
				continue
			}
			// "县住建局,12月底前完成": a deadline after the units
			// "市发改局,各乡、镇人民政府": where commas separate the units,
			// a 、 stays inside a unit's name
			sep := unitSplit
			if strings.ContainsAny(value, ",，") {
				sep = commaSplit
			}
			var units []string
			for _, part := range splitOutside(value, sep) {
				if isDeadlinePhrase(part) {
					u.deadline = strings.TrimSpace(part)
				} else {
					units = append(units, part)
				}
			}
			var l, s []string
			if sep == commaSplit {
				for _, part := range units {
					if part = squeeze(strings.TrimSpace(part)); part != "" {
						l = append(l, bodiesOf(part)...)
					}
				}
			} else {
				l, s = splitUnits(strings.Join(units, "、"))
			}
			switch label {
			case "配合单位", "协办单位", "实施单位", "参与单位", "共同责任单位", "协同责任单位":
				u.support = append(u.support, l...)
				u.support = append(u.support, s...)
			default:
				u.lead = append(u.lead, l...)
				u.support = append(u.support, s...)
			}
		}
	}
	return strings.TrimSpace(unitMarker.ReplaceAllString(text, "")), u
}

// bodiesOf splits a comma-separated part of a units list at 、 where every
// piece names a body ("市商务局、市发改委"), and keeps it whole where a piece
// does not ("各乡、镇人民政府").
func bodiesOf(part string) []string {
	pieces := splitOutside(part, enumComma)
	if len(pieces) < 2 {
		return []string{part}
	}
	for _, p := range pieces {
		if !hasAnySuffix(p, orgSuffixes) {
			return []string{part}
		}
	}
	return pieces
}

var enumComma = regexp.MustCompile(`、`)

// leadInTextRe finds a body named in running text as the one that leads the
// work: "市公安局牵头建设…", "由市住建局牵头实施…".
var leadInTextRe = regexp.MustCompile(`(?:^|[,，;；、由])([^\s,，;；。、:：()（）“”]{1,12}?(?:局|委员会|委|办公室|办|厅|院|中心|集团|政府))牵头`)

// cutDeadline takes the deadline an item's text states out of it: a
// parenthesis or a clause that only says when ("(6月底前完成)", ",年底前完成"),
// or a date before which the work is done opening a clause ("2023年10月底前建成
// 城市书房5家" keeps "建成城市书房5家").
func cutDeadline(text string) (string, string) {
	for _, p := range parenRanges(text) {
		_, open := utf8.DecodeRuneInString(text[p.start:])
		_, closing := utf8.DecodeRuneInString(text[p.end:])
		inner := text[p.start+open : p.end]
		if runeLen(inner) <= 16 && (whenOnly(inner) || yearRangeRe.MatchString(squeeze(inner))) {
			return strings.TrimSpace(text[:p.start] + text[p.end+closing:]), strings.TrimSpace(inner)
		}
	}
	for _, cl := range clauses(text) {
		c := strings.TrimSpace(text[cl.start:cl.end])
		if runeLen(c) <= 16 && whenOnly(c) {
			rest := strings.TrimRight(text[:cl.start], ",，;；。 ") + text[cl.end:]
			return strings.TrimSpace(strings.TrimRight(rest, ",，;；。 ")), c
		}
		// "计划2017年底新增…": a plan's word before the date
		lead := ""
		for _, w := range []string{"计划", "力争", "确保", "争取", "决定"} {
			if strings.HasPrefix(c, w) {
				lead = w
				break
			}
		}
		ds := normalize.Dates(c[len(lead):], 2000, "")
		if (len(ds) == 0 || ds[0].Start != 0) && yearOpens(c[len(lead):]) {
			if rd := normalize.ReadDates(c[len(lead):], 2000, ""); len(rd) > 0 && rd[0].Start == 0 && yearSpan(rd[0].Raw, c[len(lead)+rd[0].End:]) {
				ds = rd[:1]
			}
		}
		if len(ds) > 0 && ds[0].Start == 0 && (strings.HasSuffix(ds[0].Raw, "前") || strings.HasSuffix(ds[0].Raw, "年底") || strings.HasSuffix(ds[0].Raw, "月底") || yearSpan(ds[0].Raw, c[len(lead)+ds[0].End:])) &&
			len(usable(c[len(lead)+ds[0].End:])) > 0 {
			start := cl.start + strings.Index(text[cl.start:], c)
			return strings.TrimSpace(text[:start] + lead + c[len(lead)+ds[0].End:] + text[cl.end:]), ds[0].Raw
		}
	}
	if strings.Contains(text, "前") && len(usable(text)) == 0 {
		// a work with no figure, by when it is done: "确保“三类”项目2025年9月
		// 底前全面开工"
		for _, d := range normalize.Dates(text, 2000, "") {
			if !d.AsOf && strings.HasSuffix(d.Raw, "前") {
				return strings.TrimSpace(text[:d.Start] + text[d.End:]), d.Raw
			}
		}
	}
	return text, ""
}

// yearOpens reports a text that opens with four digits, as a year does.
func yearOpens(s string) bool {
	return len(s) >= 4 && (s[0] == '1' || s[0] == '2') && isDigit(s[1]) && isDigit(s[2]) && isDigit(s[3])
}

// yearRangeRe is a span of years in brackets after a target: the years it
// is to be done in ("(2014—2018年)").
var yearRangeRe = regexp.MustCompile(`^[0-9]{4}\s*[-—–~至到]\s*[0-9]{4}年?$`)

// yearSpanRe is a year or a span of years as printed: "2024年", "2021-2025年".
var yearSpanRe = regexp.MustCompile(`^[0-9]{4}(?:\s*[-—~至到]\s*[0-9]{4})?年$`)

// yearSpan reports a year or span of years that opens a target clause as the
// time it is to be done in, a verb of work or of planning after it
// ("2014-2015年支持…项目61个", "2014年确定开工建设项目55个"), not as a date it
// speaks of ("2023年的基础上", "2018年我区23个项目…").
func yearSpan(raw, rest string) bool {
	if !yearSpanRe.MatchString(squeeze(raw)) {
		return false
	}
	head := firstRunes(rest, 2)
	return workVerbs[head] || lightVerbs[head] || completionVerbs[head] || planVerbs[head]
}

// planVerbs decide or support the work of a program: "2014-2015年支持…项目61个".
var planVerbs = map[string]bool{"支持": true, "确定": true, "安排": true, "启动": true, "计划": true}

// whenOnly reports a phrase that says only by when the work is done:
// "6月底前完成", "年底前", "年内完成".
func whenOnly(s string) bool {
	s = squeeze(s)
	if strings.HasPrefix(s, "截") || len(usable(s)) > 0 {
		return false
	}
	return byWhen(s) && resolves(s)
}

// isDeadlinePhrase reports a phrase that says when, not who: "12月底前完成",
// "年内", "2023年6月".
func isDeadlinePhrase(s string) bool {
	s = squeeze(s)
	return s != "" && (byWhen(s) || resolves(s))
}

// byWhen reports the words of a time limit: 前, 年内, 年底.
func byWhen(s string) bool {
	return strings.Contains(s, "前") || strings.Contains(s, "年内") || strings.Contains(s, "年底")
}

// resolves reports whether s reads as a date (in any year).
func resolves(s string) bool {
	return normalize.ResolveDate(s, 2000) != ""
}

var circled = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

// itemNumber turns list numbering as printed into an item number: "1." → "1",
// "(2)" → "2", "③" → "3", "第(1)项" → "1"; Chinese numerals stay as printed.
func itemNumber(num string) string {
	num = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(num), "-"))
	for i, r := range []rune(circled) {
		if strings.ContainsRune(num, r) {
			return strconv.Itoa(i + 1)
		}
	}
	for _, w := range []string{"实事", "项目", "任务", "事项"} {
		num = strings.TrimPrefix(strings.TrimSpace(num), w)
	}
	num = strings.Trim(num, " .、。．,)）(（第项:：")
	num = strings.TrimSuffix(num, "是") // 一是, 二是
	return num
}

// listRecords reads one list item (or a paragraph of a list whose marker was
// lost) into records: one per target, or one without a value.
func (x *extractor) listRecords(b *corpus.Block, ctx listContext, section string) []corpus.Record {
	text := strings.TrimSpace(b.Text)
	if pageChrome(text) || contactLine(text) {
		return nil
	}
	num := b.Number
	if num == "" {
		text, num = stripNumbering(text)
	}
	text, units := cutUnits(text)
	text = strings.TrimRight(text, ";；。 ")
	// "新增托位300个,已完成新增托位120个,完成率40%": the target, then its progress.
	progress := ""
	if i := progressStart(text); i > 0 {
		text, progress = strings.TrimRight(text[:i], ",，;；。 "), text[i:]
	}
	// "新增托位300个(6月底前完成)", "…,年底前完成", "2023年10月底前建成…"
	printed := text
	text, dl := cutDeadline(text)
	if units.deadline != "" {
		dl = units.deadline
	}
	base := x.blockRecord(b, ctx, section, itemTitle(printed, ""))
	base.LeadUnits, base.SupportUnits = units.lead, units.support
	if len(base.LeadUnits) == 0 {
		if strings.Contains(text, "牵头") {
			if m := leadInTextRe.FindStringSubmatch(text); m != nil {
				base.LeadUnits = []string{m[1]} // "市公安局牵头建设2162个平安屋"
			}
		}
	}
	if dl != "" {
		base.Deadline = x.deadline(dl)
	}
	if base.Name == "" {
		return nil
	}
	if n := itemNumber(num); n != "" {
		base.ItemNo = corpus.Ptr(n)
	}
	body := text
	if base.Name != text && strings.HasPrefix(text, base.Name) {
		body = strings.TrimLeft(text[len(base.Name):], ",， ")
	}
	if x.info.Kind == corpus.DocProgress && body != text && asOfOpens(body) {
		// "集中财力保障民生项目支出。截至6月底,全市民生支出236.51亿元,…": a
		// title, and then what was done by a date
		if progress != "" {
			body += "," + progress
		}
		progress, body = body, ""
	}
	gs, budget, sources := splitBudget(measuredAgainst(goals(body)))
	if x.info.Kind == corpus.DocProgress {
		// a report's shares by area detail its figure; a plan's are
		// targets of their own
		gs = withoutAreaShares(gs, body)
	}
	var recs []corpus.Record
	for _, g := range gs {
		r := base
		r.Flags = append([]string(nil), base.Flags...)
		goalRecord(&r, g)
		recs = append(recs, r)
	}
	if len(recs) == 0 {
		r := base
		r.Target.Raw = text
		if body == "" {
			body = base.Name // the report follows a title: the title names it
		}
		if m := metricOf(body); m != "" {
			r.Metric = corpus.Ptr(m)
		}
		recs = append(recs, r)
	}
	setItemBudget(recs, budget, sources)
	if progress != "" {
		targets := make([]*corpus.Record, len(recs))
		for i := range recs {
			targets[i] = &recs[i]
		}
		x.applyProgressText(targets, progress, "", "")
	}
	if ctx.status != "" {
		for i := range recs {
			recs[i].Progress = &corpus.Progress{Status: corpus.Ptr(ctx.status), Raw: corpus.Ptr(ctx.text)}
		}
	}
	return recs
}

// blockRecord is the record of what block b states under name: its kind and
// section from the context, its flags, and where it stands.
func (x *extractor) blockRecord(b *corpus.Block, ctx listContext, section, name string) corpus.Record {
	r := corpus.Record{Doc: x.info, Kind: ctx.kind, Name: name, Flags: append([]string(nil), b.Flags...)}
	if sec := joinSection(section, ctx.text); sec != "" {
		r.Section = corpus.Ptr(sec)
	}
	if b.Span.Line > 0 {
		r.Provenance.Line = corpus.Ptr(b.Span.Line)
	}
	if b.Span.Page > 0 {
		r.Provenance.Page = corpus.Ptr(b.Span.Page)
	}
	return r
}

// progressOpeners open the clause where an item's text turns from its target
// to its progress: "已完成…", "目前…", "截至9月底…", "累计…", "1-3月…", "完成率…",
// "该项工作…".
var (
	progressOpeners = []string{"已", "现已", "目前", "截至", "截止", "累计", "完成率", "今年以来", "年初以来", "上半年", "全年已",
		// the item named again as the subject of its progress: "该件实事已全面完成"
		"该件", "该项", "此项", "本项"}
	periodOpener = regexp.MustCompile(`^(?:\d{1,2}\s*[-—~至]\s*\d{1,2}\s*月|[一二三四1-4]季度)`)
)

// progressStart is the byte offset of the first clause, after one that
// states a target, that opens with a progress opener; 0 when there is none.
func progressStart(text string) int {
	cls := clauses(text)
	target, planned := false, false
	for _, cl := range cls {
		c := strings.TrimSpace(text[cl.start:cl.end])
		if planned && !hedged(c) && containsAny(c, []string{"完成", "建成", "竣工", "完工", "累计"}) && !containsAny(c, plannedWords) {
			// "年度投资目标15495万元,1-3月完成投资2513万元": what was done of
			// the year's target
			return cl.start
		}
		if target {
			for _, o := range progressOpeners {
				if strings.HasPrefix(c, o) {
					return cl.start
				}
			}
			if periodOpener.MatchString(c) {
				return cl.start
			}
		}
		if len(usable(c)) > 0 && !projectSubject.MatchString(c) {
			// (a count of projects as the subject of what they did
			// states no target: "5个…项目均已完成全年任务,累计完成投资…")
			target = true
			planned = containsAny(c, []string{"目标", "计划", "任务"})
		}
	}
	return 0
}

// asOfOpens reports a text that opens by saying as of when it reports:
// "截至6月底,…", "目前,…", "今年以来,…".
func asOfOpens(text string) bool {
	t := strings.TrimLeft(text, " ,，。")
	for _, w := range []string{"截至", "截止", "目前", "今年以来", "年初以来"} {
		if strings.HasPrefix(t, w) {
			return true
		}
	}
	return false
}

// bigrams is the set of character bigrams of s without spaces and punctuation.
func bigrams(s string) map[string]bool {
	rs := []rune(squeeze(s))
	out := map[string]bool{}
	for i := 0; i+1 < len(rs); i++ {
		out[string(rs[i:i+2])] = true
	}
	if len(rs) == 1 {
		out[string(rs)] = true
	}
	return out
}

// bigramMemo computes the bigrams of each text once.
type bigramMemo map[string]map[string]bool

func (m bigramMemo) of(s string) map[string]bool {
	b, ok := m[s]
	if !ok {
		b = bigrams(s)
		m[s] = b
	}
	return b
}

// bigramLikeness is the share of the smaller bigram set found in the other.
func bigramLikeness(x, y map[string]bool) float64 {
	if len(x) == 0 || len(y) == 0 {
		return 0
	}
	if len(x) > len(y) {
		x, y = y, x
	}
	hit := 0
	for g := range x {
		if y[g] {
			hit++
		}
	}
	return float64(hit) / float64(len(x))
}

func recordText(r *corpus.Record) string {
	m := ""
	if r.Metric != nil {
		m = *r.Metric
	}
	return r.Name + " " + m + " " + r.Target.Raw
}

// applyStatusLists carries the status of items named in a bulletin's status
// lists ("4项尚未完成年度目标任务的民生实事项目为: ①…") to their rows in the
// tables, and, where the bulletin says how many items of a kind there are and
// that all the others are completed, marks those others completed.
func (x *extractor) applyStatusLists(table, status []corpus.Record) []corpus.Record {
	if len(status) == 0 {
		return table
	}
	memo := bigramMemo{}
	matchedItems := map[string]map[string]bool{} // kind -> top item numbers named by a list
	named := map[string]string{}                 // kind -> status the lists give
	for _, s := range status {
		best, bestScore := -1, 0.0
		for i := range table {
			t := &table[i]
			if t.Kind != s.Kind {
				continue
			}
			score := bigramLikeness(memo.of(s.Name), memo.of(t.Name))
			if score > bestScore {
				best, bestScore = i, score
			}
		}
		named[s.Kind] = *s.Progress.Status
		if best < 0 || bestScore < 0.7 {
			continue
		}
		// every target of the matched row's item and name shares the status
		anchor := table[best]
		for i := range table {
			t := &table[i]
			if t.Name != anchor.Name || !sameItem(t.ItemNo, anchor.ItemNo) || t.Kind != anchor.Kind {
				continue
			}
			setStatus(t, *s.Progress.Status)
		}
		if anchor.ItemNo != nil {
			if matchedItems[s.Kind] == nil {
				matchedItems[s.Kind] = map[string]bool{}
			}
			matchedItems[s.Kind][topItem(*anchor.ItemNo)] = true
		}
	}
	// The complement: "12项民生实事项目中,8项已完成全年目标,4项尚未完成…".
	for kind, st := range named {
		counts := x.statusCounts(kind)
		if len(counts) != 2 || counts[corpus.StatusCompleted] == 0 || counts[st] == 0 {
			continue
		}
		if len(matchedItems[kind]) != counts[st] {
			continue
		}
		for i := range table {
			t := &table[i]
			if t.Kind != kind || t.ItemNo == nil || matchedItems[kind][topItem(*t.ItemNo)] {
				continue
			}
			if t.Progress == nil || t.Progress.Status == nil {
				setStatus(t, corpus.StatusCompleted)
			}
		}
	}
	return table
}

func sameItem(a, b *string) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func topItem(no string) string {
	if i := strings.IndexByte(no, '.'); i >= 0 {
		return no[:i]
	}
	return no
}

func setStatus(r *corpus.Record, st string) {
	if r.Progress == nil {
		r.Progress = &corpus.Progress{}
	}
	r.Progress.Status = corpus.Ptr(st)
}

var summaryRe = regexp.MustCompile(`([0-9]+)项(?:[^,，;；。]{0,10})?(民生实事项目|民生实事|重点工作|重点任务)中[,，]?([^。;；]*)`)
var countRe = regexp.MustCompile(`([0-9]+)项([^,，;；。0-9]*)`)

// statusCounts reads a bulletin's summary of how many items of a kind stand
// in each status.
func (x *extractor) statusCounts(kind string) map[string]int {
	for _, b := range x.doc.Blocks {
		if b.Kind != corpus.Paragraph {
			continue
		}
		for _, m := range summaryRe.FindAllStringSubmatch(b.Text, -1) {
			k := kindOf(&m[2], "")
			if k != kind {
				continue
			}
			counts := map[string]int{}
			for _, c := range countRe.FindAllStringSubmatch(m[3], -1) {
				st := ""
				phrase := c[2]
				for _, sw := range statusWords {
					for _, w := range sw.words {
						if strings.Contains(phrase, w) {
							st = sw.status
							break
						}
					}
					if st != "" {
						break
					}
				}
				if st == "" && strings.Contains(phrase, "完成") {
					st = corpus.StatusCompleted
				}
				if st == "" {
					continue
				}
				n, _ := strconv.Atoi(c[1])
				counts[st] += n
			}
			if len(counts) > 0 {
				return counts
			}
		}
	}
	return nil
}

// mergeListIntoTable joins an item list and a table that restate the same
// targets (a report's list of projects and its responsibility table): the
// table's record is kept, completed with the list's item number, title and
// lead units; list targets the table does not restate are kept as they are.
func mergeListIntoTable(table, list []corpus.Record) ([]corpus.Record, []corpus.Record) {
	if len(table) == 0 || len(list) == 0 {
		return table, list
	}
	memo := bigramMemo{}
	usedList := make([]bool, len(list))
	matched := make([]int, len(table))
	// the list's targets by value, so that a row is compared only with
	// those of its value
	byValue := map[float64][]int{}
	for j := range list {
		if v := list[j].Target.Value; v != nil {
			byValue[valueKey(*v)] = append(byValue[valueKey(*v)], j)
		}
	}
	for i := range table {
		matched[i] = -1
		t := &table[i]
		if t.Target.Value == nil {
			continue
		}
		best, bestScore := -1, 0.0
		for _, j := range byValue[valueKey(*t.Target.Value)] {
			l := &list[j]
			if usedList[j] || !sameValue(*l.Target.Value, *t.Target.Value) {
				continue
			}
			if t.Target.Unit != nil && l.Target.Unit != nil && !unitsAgree(*t.Target.Unit, *l.Target.Unit) {
				continue
			}
			score := bigramLikeness(memo.of(recordText(l)), memo.of(recordText(t)))
			if score > bestScore {
				best, bestScore = j, score
			}
		}
		if best < 0 || bestScore < 0.4 {
			continue
		}
		usedList[best] = true
		matched[i] = best
		l := &list[best]
		t.ItemNo, t.Name = l.ItemNo, l.Name
		if t.Kind == corpus.KindOther {
			t.Kind = l.Kind
		}
		if !plausibleUnits(t.LeadUnits) {
			if len(l.LeadUnits) == 1 {
				t.LeadUnits = l.LeadUnits
			} else if len(t.LeadUnits) > 0 {
				t.AddFlag(corpus.FlagOCRNoise)
			}
		}
		if t.Target.Qualifier == nil {
			t.Target.Qualifier = l.Target.Qualifier
		}
	}
	// Rows between two rows of the same item belong to it.
	nextMatched := make([]int, len(table)+1)
	nextMatched[len(table)] = -1
	for i := len(table) - 1; i >= 0; i-- {
		nextMatched[i] = nextMatched[i+1]
		if matched[i] >= 0 {
			nextMatched[i] = i
		}
	}
	prev := -1
	for i := range table {
		if matched[i] >= 0 {
			prev = i
			continue
		}
		next := nextMatched[i]
		if prev >= 0 && next >= 0 && sameItem(table[prev].ItemNo, table[next].ItemNo) {
			table[i].ItemNo, table[i].Name = table[prev].ItemNo, table[prev].Name
		}
	}
	var rest []corpus.Record
	for j, l := range list {
		if !usedList[j] {
			rest = append(rest, l)
		}
	}
	return table, rest
}

// valueKey is a value rounded so that values sameValue holds equal share it.
func valueKey(v float64) float64 {
	return math.Round(v*1e6) / 1e6
}

func sameValue(a, b float64) bool {
	d := a - b
	if d < 0 {
		d = -d
	}
	return d <= 1e-9*max(1, a, b)
}

// plausibleUnits reports whether unit names read as government bodies.
func plausibleUnits(us []string) bool {
	if len(us) == 0 {
		return false
	}
	for _, u := range us {
		if runeLen(u) < 3 {
			return false
		}
	}
	return true
}

// adoptOrphans joins each spilled breakdown row to the list target it belongs
// to: the rows around it name the item, and the one target of that item that
// no table row restates takes the row's breakdown, budget, units and deadline.
func adoptOrphans(table, list []corpus.Record, orphans []orphanRow) []corpus.Record {
	for _, o := range orphans {
		if o.pos <= 0 || o.pos >= len(table) || !sameItem(table[o.pos-1].ItemNo, table[o.pos].ItemNo) || table[o.pos].ItemNo == nil {
			continue
		}
		item := *table[o.pos].ItemNo
		cand := -1
		for j := range list {
			l := &list[j]
			if l.ItemNo == nil || *l.ItemNo != item || l.Target.Value == nil {
				continue
			}
			if cand >= 0 {
				cand = -2
				break
			}
			cand = j
		}
		if cand < 0 {
			continue
		}
		l := &list[cand]
		if o.rec.Target.Unit != nil && l.Target.Unit != nil && !unitsAgree(*l.Target.Unit, *o.rec.Target.Unit) {
			continue
		}
		l.Breakdown = o.rec.Breakdown
		l.BudgetWan, l.BudgetSources = o.rec.BudgetWan, o.rec.BudgetSources
		if o.rec.Deadline != nil {
			l.Deadline = o.rec.Deadline
		}
		if plausibleUnits(o.rec.LeadUnits) {
			l.LeadUnits = o.rec.LeadUnits
		}
		l.Section = o.rec.Section
		l.Provenance.Table, l.Provenance.Row, l.Provenance.Col = o.rec.Provenance.Table, o.rec.Provenance.Row, o.rec.Provenance.Col
		checkBreakdown(l)
	}
	return list
}

// statusMention is an item a sentence names with a status: "进度滞后的项目有2个:
// 城市书房建设、农村公路提升。"
type statusMention struct {
	name, status string
	block        *corpus.Block // where the sentence stands
}

// statusMentions reads the items a paragraph names, after a colon, under a
// status in the document's own words.
func statusMentions(text string) []statusMention {
	var out []statusMention
	for _, sent := range splitAny(text, "。;；") {
		out = append(out, groupMentions(sent)...)
		out = append(out, bracketMentions(sent)...)
		i := strings.IndexAny(sent, ":：")
		if i < 0 {
			continue
		}
		st := statedStatus(sent[:i])
		if st == "" {
			continue
		}
		_, size := firstRune(sent[i:])
		out = append(out, namedList(sent[i+size:], st, func(n string) bool { return runeLen(n) <= 40 })...)
	}
	return out
}

// namedList gives each name of a list of items ("甲、乙、丙等") the status st,
// or nothing when one of them is empty or not a name by ok.
func namedList(list, st string, ok func(name string) bool) []statusMention {
	var ms []statusMention
	for _, n := range splitAny(list, "、,，") {
		n = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(n), "等"))
		if n == "" || !ok(n) {
			return nil
		}
		ms = append(ms, statusMention{name: n, status: st})
	}
	return ms
}

// statusHaveRe finds a count of items in a status told the other way round,
// with the items named in brackets after it: "推进缓慢的有3项(城区公办幼儿园
// 建设、乡镇污水处理站建设)".
var statusHaveRe = regexp.MustCompile(`([^,，;；。:：]*(?:完成|推进|滞后|缓慢|偏慢|较快|序时|进度)[^0-9,，;；。:：]{0,12}?)的(?:有|为|共)\s*[0-9]+\s*[项个件](?:项目|实事|子项)?(?:[(（]([^()（）]+)[)）])?`)

// bracketMentions reads the items a sentence names in brackets after the
// count of them in a status.
func bracketMentions(sent string) []statusMention {
	var out []statusMention
	for _, m := range statusHaveRe.FindAllStringSubmatch(sent, -1) {
		st := statedStatus(m[1])
		if st == "" || m[2] == "" {
			continue
		}
		out = append(out, namedList(m[2], st, func(n string) bool {
			return runeLen(n) <= 30 && !strings.ContainsAny(n, "0123456789")
		})...)
	}
	return out
}

// groupRe finds the items a sentence lists before the count of their group
// and the group's status: "养老床位、口袋公园、运动球场等19个项目超额完成".
var groupRe = regexp.MustCompile(`([^,，:：;；。]+?)等\s*[0-9]+\s*[个项件](?:项目|实事|子项)?([^,，;；。]{0,12})`)

// groupMentions reads the items a sentence names as a group with a status.
func groupMentions(sent string) []statusMention {
	var out []statusMention
	for _, m := range groupRe.FindAllStringSubmatch(sent, -1) {
		st := statedStatus(m[2])
		if st == "" {
			continue
		}
		var ms []statusMention
		for _, n := range splitAny(m[1], "、") {
			n = strings.TrimSpace(n)
			if n == "" || runeLen(n) > 30 || strings.ContainsAny(outsideParens(n), "0123456789") {
				ms = nil
				break
			}
			ms = append(ms, statusMention{name: n, status: st})
		}
		if len(ms) >= 2 {
			out = append(out, ms...)
		}
	}
	return out
}

// applyStatusMentions gives the items a sentence names the status it names
// them under, where their own progress states none, and returns the mentions
// that name no item read elsewhere.
func applyStatusMentions(recs []corpus.Record, ms []statusMention) []statusMention {
	var unmatched []statusMention
	memo := bigramMemo{}
	for _, m := range ms {
		best, bestScore := -1, 0.0
		for i := range recs {
			score := max(bigramLikeness(memo.of(m.name), memo.of(recs[i].Name)), bigramLikeness(memo.of(m.name), memo.of(recordText(&recs[i]))))
			if score > bestScore {
				best, bestScore = i, score
			}
		}
		if best < 0 || bestScore < 0.6 {
			unmatched = append(unmatched, m)
			continue
		}
		anchor := recs[best]
		for i := range recs {
			r := &recs[i]
			if r.Name != anchor.Name || !sameItem(r.ItemNo, anchor.ItemNo) {
				continue
			}
			if r.Progress == nil || r.Progress.Status == nil {
				setStatus(r, m.status)
			}
		}
	}
	return unmatched
}

// mentionRecords gives each item a sentence names under a status, and that no
// list, table or paragraph states, a record of its own: no number, the status.
func (x *extractor) mentionRecords(ms []statusMention, kind string) []corpus.Record {
	var out []corpus.Record
	for _, m := range ms {
		r := corpus.Record{Doc: x.info, Kind: kind, Name: m.name,
			Progress: &corpus.Progress{Status: corpus.Ptr(m.status)}}
		r.Target.Raw = m.name
		if mt := metricOf(m.name); mt != "" {
			r.Metric = corpus.Ptr(mt) // "城区停车场建设": what the work is
		}
		if m.block != nil {
			r.Progress.Raw = corpus.Ptr(strings.TrimSpace(m.block.Text))
			if m.block.Span.Line > 0 {
				r.Provenance.Line = corpus.Ptr(m.block.Span.Line)
			}
		}
		out = append(out, r)
	}
	return out
}
