// Package extract owns the step from a document's blocks to canonical target
// records: it reads tables by the meaning of their headers (or, for tables of
// planned and done amounts a row a government, by what their columns measure),
// numbered lists and running text by their clauses, finds each measurable
// target with its value, unit and qualifier, its lead units and deadline, and
// the progress a bulletin reports for it — with a target or, where a report
// states only what was done, without one. It never invents a value: what the
// source lost is null and flagged. It also scores records against hand-made
// annotations (Evaluate), as the shared score.py does.
package extract

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/minsheng/minsheng/corpus"
	"github.com/minsheng/minsheng/normalize"
)

// Extract turns a document into target records, in document order. It first
// completes doc.Info with the facts (title, 文号, issuer, dates, region, kind)
// that its metadata lacks and its text states, so that the document stored
// beside the records says the same as the records do.
func Extract(doc *corpus.Document) []corpus.Record {
	return ExtractWith(doc, Options{})
}

// Options say which of a document's targets Extract keeps.
type Options struct {
	Scope Scope
	// Kind keeps only the records of one kind (corpus.KindLivelihood,
	// corpus.KindKeyWork); "" keeps every kind.
	Kind string
}

// ExtractWith is Extract with options.
func ExtractWith(doc *corpus.Document, opts Options) []corpus.Record {
	doc.Info = DocFacts(doc)
	x := &extractor{doc: doc, info: doc.Info, scope: opts.Scope}
	recs := x.run()
	if x.skipped > 0 && !slices.ContainsFunc(recs, func(r corpus.Record) bool { return r.Kind == corpus.KindLivelihood }) {
		// the livelihood table gave no record after all: the key work
		// stays, as it does in a document without livelihood projects
		x = &extractor{doc: doc, info: doc.Info, scope: ScopeAll}
		recs = x.run()
	}
	if opts.Kind != "" {
		recs = slices.DeleteFunc(recs, func(r corpus.Record) bool { return r.Kind != opts.Kind })
	}
	return recs
}

// Scope is which items of a document become records. ScopeAll, the default,
// keeps every item: 民生实事 projects and 重点工作 alike, each record saying its
// kind (Options.Kind keeps one kind). ScopeLivelihood keeps the livelihood
// projects and those key tasks the document itself singles out by name with
// a status (进度偏慢的重点工作为:…), leaving out the rest of a government's key
// work list that a 民生实事 notice may carry beside its projects; a document
// with no livelihood project keeps its key work.
type Scope int

const (
	ScopeAll Scope = iota
	ScopeLivelihood
)

var scopeNames = [...]string{ScopeAll: "all", ScopeLivelihood: "livelihood"}

func (s Scope) String() string {
	if int(s) < len(scopeNames) {
		return scopeNames[s]
	}
	return fmt.Sprintf("Scope(%d)", int(s))
}

// Set parses a scope name, so that a Scope is a flag.Value.
func (s *Scope) Set(name string) error {
	for i, n := range scopeNames {
		if n == name {
			*s = Scope(i)
			return nil
		}
	}
	return fmt.Errorf("unknown scope %q: want livelihood or all", name)
}

// keep drops the records the scope leaves out, keeping the order of the rest;
// the first named records come from the document's status lists.
func (s Scope) keep(recs []corpus.Record, named int) []corpus.Record {
	if s == ScopeAll || !slices.ContainsFunc(recs, func(r corpus.Record) bool { return r.Kind == corpus.KindLivelihood }) {
		return recs
	}
	kept := recs[:named]
	for _, r := range recs[named:] {
		if r.Kind != corpus.KindKeyWork {
			kept = append(kept, r)
		}
	}
	return kept
}

type extractor struct {
	doc   *corpus.Document
	info  corpus.DocInfo
	scope Scope
	// orphans are table rows that hold only a spilled breakdown, kept to be
	// joined to the target they belong to; tableCount is how many table
	// records came before the table being read.
	orphans    []orphanRow
	tableCount int
	// textAsOf is the last as-of date the text stated ("截至9月底,…");
	// tableAsOf the period the progress column of the table being read names.
	textAsOf, tableAsOf *normalize.Date
	hasLivelihood       *bool // see livelihoodTable
	skipped             int   // key-work tables not read
	reportMemo          map[string][]report
}

// orphanRow is a spilled breakdown row and where it stood among the table records.
type orphanRow struct {
	rec corpus.Record
	pos int
}

func (x *extractor) year() int {
	if x.info.Year != nil {
		return *x.info.Year
	}
	return 0
}

func (x *extractor) published() string {
	if x.info.Published != nil {
		return *x.info.Published
	}
	return ""
}

// docKind is the kind of item the document's title announces.
func (x *extractor) docKind() string {
	t := x.info.Title
	if t != nil && strings.Contains(*t, "民生实事") && !strings.Contains(*t, "重点工作") {
		return corpus.KindLivelihood
	}
	return kindOf(t, corpus.KindOther)
}

// livelihoodTable reports whether the document has a table of livelihood
// projects: then ScopeLivelihood leaves its key-work tables out, and they
// need not be read.
func (x *extractor) livelihoodTable() bool {
	if x.hasLivelihood == nil {
		found := false
		docKind := x.docKind()
		section := ""
		for _, b := range x.doc.Blocks {
			switch {
			case b.Kind == corpus.Heading:
				section = b.Text
			case b.Kind == corpus.TableBlock:
				sec := joinSection(section, b.Table.Caption)
				if kindOf(&sec, docKind) == corpus.KindLivelihood {
					found = true
				}
			}
		}
		x.hasLivelihood = &found
	}
	return *x.hasLivelihood
}

// listContext is what the text before a list says about its items.
type listContext struct {
	text   string // the introducing heading or sentence
	kind   string
	status string // a status the introduction gives every item (进展偏慢的…为:)
	items  bool   // the list enumerates target items
	aside  bool   // the section is about how the work is done (工作要求, 保障措施), not what
}

func (x *extractor) run() []corpus.Record {
	var tableRecs, listRecs, statusRecs []corpus.Record
	section := ""
	ctx := listContext{}
	docKind := x.docKind()
	// a document about the genre: its title names livelihood projects or
	// key work, or it is a plan, a list of candidates, a progress report
	inGenre := docKind != corpus.KindOther || x.info.Kind != corpus.DocOther
	inStatusList := false
	// reportStyle is the numbering of a report that lists what an item did
	// ("推进情况:1.…" then "2.…"), and reportItem that item's records.
	reportStyle := ""
	var reportItem []int
	// lastItem holds the records of the list item just read, for the
	// progress paragraph that may follow it ("进展情况:截至9月底,…").
	var lastItem []int
	// open is the item being read as a numbered heading with labelled
	// paragraphs, closed by the next block of another kind.
	var open *card
	var mentions []statusMention
	// titleOnly is the record of the list item just read when it states
	// only a title, for the paragraphs that state its targets.
	titleOnly := -1
	// docStatus is the status a sentence states of every item
	docStatus := ""
	// unmeasured are list items of implied lists that state no figure
	var unmeasured []corpus.Record
	// firstLeads is set where the document says the unit listed first
	// leads ("列第一位为牵头单位")
	firstLeads := false
	for i := range x.doc.Blocks {
		b := &x.doc.Blocks[i]
		firstLeads = firstLeads || strings.Contains(b.Text, "第一") && firstLeadRe.MatchString(b.Text)
		if b.Kind == corpus.ListItem && reportStyle != "" && numberStyle(listItemNumber(b)) == reportStyle && len(reportItem) > 0 {
			// "推进情况:1.…" and then "2.…", "3.…": the report goes on
			item := make([]*corpus.Record, len(reportItem))
			for k, j := range reportItem {
				item[k] = &listRecs[j]
			}
			text := strings.TrimSpace(b.Text)
			x.applyProgressText(item, text, "", "")
			listRecs = append(listRecs, x.unmatchedReports(item, text, b)...)
			continue
		}
		if b.Kind != corpus.Paragraph {
			lastItem = nil
			titleOnly = -1
			reportStyle, reportItem = "", nil
		}
		if open != nil {
			if f, ok := readCardField(b); ok && b.Kind == corpus.Paragraph {
				open.fields = append(open.fields, f)
				continue
			}
			if b.Kind == corpus.ListItem && open.continuesReport(b) {
				// "推进情况:1.…" and then "2.…": the report goes on
				continue
			}
			if f, ok := x.reportOn(open, b); ok {
				open.fields = append(open.fields, f)
				continue
			}
			if b.Kind != corpus.Paragraph {
				listRecs = append(listRecs, x.cardRecords(open)...)
				open = nil
			}
		}
		switch b.Kind {
		case corpus.Heading:
			if _, num := stripNumbering(b.Text); num != "" && inGenre && !ctx.aside {
				open = &card{heading: b, section: section, kind: kindOf(&section, docKind)}
			}
			section = b.Text
			ctx = contextOf(b.Text, docKind)
			inStatusList = false
			if d := x.asOfIn(b.Text, false); d != nil {
				x.textAsOf = d
			}
		case corpus.TableBlock:
			t := b.Table
			sec := section
			if t.Caption != "" {
				sec = joinSection(section, t.Caption)
			}
			kind := kindOf(&sec, docKind)
			inStatusList = false
			if kind == corpus.KindKeyWork && x.scope == ScopeLivelihood && x.livelihoodTable() {
				x.skipped++
				continue // its records would be left out
			}
			x.tableCount = len(tableRecs)
			tableRecs = append(tableRecs, x.tableRecords(t, sec, kind)...)
		case corpus.ListItem:
			ctx := ctx
			if ctx.aside && goalItem(b.Text) {
				// "(二)总体目标。…增长8%" under 总体要求: the targets
				ctx.aside, ctx.items = false, true
			}
			if i+1 < len(x.doc.Blocks) && !ctx.aside && ctx.status == "" {
				if _, ok := readCardField(&x.doc.Blocks[i+1]); ok && x.doc.Blocks[i+1].Kind == corpus.Paragraph {
					// an item whose labelled paragraphs follow (Word
					// numbering turns the heading into a list item)
					open = &card{heading: b, section: section, kind: ctx.kind}
					if open.kind == "" {
						open.kind = kindOf(&section, docKind)
					}
					continue
				}
			}
			// In a document about livelihood projects or key work, the
			// items of any section that is not an aside are its items when
			// they state a target or report progress.
			implied := !ctx.items && inGenre && !ctx.aside && section != ""
			if !ctx.items && !implied && !(inGenre && section == "") {
				// (a list straight under the title of a livelihood notice
				// is its list of items)
				continue
			}
			if x.groupHeading(i) {
				// "一、主要经济指标" over "1.地区生产总值增长…": a group, not an item
				continue
			}
			recs := x.listRecords(b, ctx, section)
			if implied && !slices.ContainsFunc(recs, measured) {
				// an item without a figure counts where its siblings
				// state theirs: decided once the list is read
				unmeasured = append(unmeasured, recs...)
				continue
			}
			titleOnly = -1
			if len(recs) == 1 && !measured(recs[0]) && ctx.status == "" {
				// "一、加大城市治堵力度" and then paragraphs that state its
				// targets: the item's title
				titleOnly = len(listRecs)
			}
			if ctx.status != "" {
				statusRecs = append(statusRecs, recs...)
				inStatusList = true
			} else {
				lastItem = lastItem[:0]
				for k := range recs {
					lastItem = append(lastItem, len(listRecs)+k)
				}
				listRecs = append(listRecs, recs...)
			}
		case corpus.Paragraph:
			text := strings.TrimSpace(b.Text)
			if titleOnly >= 0 && !proseAside(section) && !proseNoise(text) {
				if recs := x.proseRecords(b, ctx, section); len(recs) > 0 {
					title := listRecs[titleOnly]
					for k := range recs {
						if recs[k].ItemNo == nil {
							recs[k].ItemNo = title.ItemNo
							recs[k].Name = title.Name
						}
						if len(recs[k].LeadUnits) == 0 {
							recs[k].LeadUnits = title.LeadUnits
						}
					}
					listRecs[titleOnly].Kind = dropped
					listRecs = append(listRecs, recs...)
					continue
				}
			}
			if body, ok := progressParagraph(text); ok && len(lastItem) > 0 {
				item := make([]*corpus.Record, len(lastItem))
				for k, j := range lastItem {
					item[k] = &listRecs[j]
				}
				// the reports may be numbered, and go on in list items
				if _, num := stripNumbering(body); num != "" {
					reportStyle, reportItem = numberStyle(num), append([]int(nil), lastItem...)
					body = strings.TrimSpace(body)
				}
				x.applyProgressText(item, body, "", "")
				listRecs = append(listRecs, x.unmatchedReports(item, body, b)...)
				continue
			}
			itemBefore := lastItem
			lastItem = nil
			if labelledItem.MatchString(text) && !ctx.aside {
				// "实事一:…": an item, numbered by a word of the genre; a
				// heading above it was the section's, not an item's
				listRecs = append(listRecs, x.cardRecords(open)...)
				open = nil
				recs := x.listRecords(b, ctx, section)
				for k := range recs {
					lastItem = append(lastItem, len(listRecs)+k)
				}
				listRecs = append(listRecs, recs...)
				continue
			}
			if d := x.asOfIn(text, false); d != nil {
				x.textAsOf = d
			}
			if st := wholeStatus(text); st != "" && docStatus == "" {
				docStatus = st
			}
			for _, m := range statusMentions(text) {
				m.block = b
				mentions = append(mentions, m)
			}
			if inStatusList && ctx.status != "" && unitMarker.MatchString(text) && !strings.HasSuffix(text, ":") && !strings.HasSuffix(text, "：") {
				// An item of the list whose marker was lost.
				statusRecs = append(statusRecs, x.listRecords(b, ctx, section)...)
				continue
			}
			if strings.HasSuffix(text, ":") || strings.HasSuffix(text, "：") || isListTitle(text) {
				if i := strings.LastIndex(text, "。"); i > 0 && !ctx.aside && !proseAside(section) && x.info.Kind == corpus.DocProgress {
					// "…上半年实际完成投资64.8亿元,占全年计划投资的54%。
					// 主要进度如下:": what the sentences before the list's
					// intro report
					lead := *b
					lead.Text = text[:i+len("。")]
					listRecs = append(listRecs, x.proseRecords(&lead, ctx, section)...)
				}
				next := contextOf(text, docKind)
				if !next.items && !next.aside && next.status == "" {
					// "具体如下:", "发布时间:": says nothing of what follows;
					// the section's items go on
					next.items, next.text = ctx.items, ctx.text
				}
				ctx = next
				inStatusList = ctx.status != ""
				continue
			}
			inStatusList = false
			if !ctx.aside && !proseAside(section) && !proseNoise(text) {
				first := len(listRecs)
				listRecs = append(listRecs, x.proseRecords(b, ctx, section)...)
				if len(itemBefore) > 0 && len(listRecs) > first {
					// a paragraph of figures right after an item is the
					// item's: its progress may follow
					lastItem = itemBefore
					parent := listRecs[itemBefore[0]]
					for k := first; k < len(listRecs); k++ {
						joined := false
						for _, j := range itemBefore {
							if !joined && joinDone(&listRecs[j], &listRecs[k]) {
								joined = true // the figure done of the item's target
							}
						}
						if joined {
							listRecs[k].Kind = dropped
							continue
						}
						if listRecs[k].ItemNo == nil {
							listRecs[k].ItemNo = parent.ItemNo
						}
						lastItem = append(lastItem, k)
					}
				}
			}
		}
	}
	listRecs = append(listRecs, x.cardRecords(open)...)
	listRecs = append(listRecs, itemsAmongMeasured(unmeasured, listRecs)...)
	restatedBySubItems(listRecs)
	listRecs = slices.DeleteFunc(listRecs, func(r corpus.Record) bool { return r.Kind == dropped })
	unitsFromText(tableRecs, listRecs)
	tableRecs = x.applyStatusLists(tableRecs, statusRecs)
	tableRecs, listRecs = mergeListIntoTable(tableRecs, listRecs)
	listRecs = adoptOrphans(tableRecs, listRecs, x.orphans)
	out := make([]corpus.Record, 0, len(tableRecs)+len(listRecs)+len(statusRecs))
	out = append(out, statusRecs...)
	out = append(out, listRecs...)
	out = append(out, tableRecs...)
	if unmatched := applyStatusMentions(out, mentions); len(unmatched) > 0 && !slices.ContainsFunc(out, func(r corpus.Record) bool { return r.ItemNo != nil }) {
		// a report that lists no items of its own names its projects
		// only there; where it has a list, a name that matches none of
		// its items is a loose reference to one
		out = append(out, x.mentionRecords(unmatched, docKind)...)
	}
	if docStatus != "" {
		for i := range out {
			if r := &out[i]; (r.Progress == nil || r.Progress.Status == nil) && (r.Target.Value != nil || r.Progress != nil && r.Progress.CompletedValue != nil) {
				setStatus(r, docStatus)
			}
		}
	}
	if firstLeads {
		for i := range out {
			if r := &out[i]; len(r.LeadUnits) > 1 {
				r.SupportUnits = append(slices.Clone(r.LeadUnits[1:]), r.SupportUnits...)
				r.LeadUnits = r.LeadUnits[:1]
			}
		}
	}
	resolveMixedKinds(out)
	out = x.scope.keep(out, len(statusRecs))
	sortByPosition(out)
	regionsOf(out, x.info.Region)
	for i := range out {
		if x.info.Year == nil {
			out[i].AddFlag(corpus.FlagYearUnknown)
		}
		out[i].Normalized()
	}
	return out
}

// goalItem reports a list item titled as the goals of the plan: "总体目标。…",
// "主要目标:…".
func goalItem(text string) bool {
	t, _ := stripNumbering(text)
	if i := strings.IndexAny(t, "。:："); i > 0 && runeLen(t[:i]) <= 8 {
		return strings.HasSuffix(t[:i], "目标") || strings.HasSuffix(t[:i], "指标")
	}
	return false
}

// firstLeadRe finds a document's word that of the units listed for an item
// the first leads: "列第一位为牵头或汇总单位", "排在第一位的为牵头单位".
var firstLeadRe = regexp.MustCompile(`(?:列|排|排在|列在|排名)第一(?:位|个|家)?的?(?:责任|牵头)?(?:单位|部门)?(?:为|是)(?:牵头|主要责任|主办|汇总)`)

// dropped marks a record read and then found to be no target of its own.
const dropped = "dropped"

// groupHeading reports whether the list item at i names a group of the items
// that follow it: short, without a figure, and followed by an item numbered
// in another style.
func (x *extractor) groupHeading(i int) bool {
	b := &x.doc.Blocks[i]
	if i+1 >= len(x.doc.Blocks) || x.doc.Blocks[i+1].Kind != corpus.ListItem {
		return false
	}
	text, num := stripNumbering(b.Text)
	if num == "" {
		num = b.Number
	}
	text = strings.TrimRight(text, "。:： ")
	if runeLen(text) > 16 || normalize.NumberRuns(text) > 0 || strings.ContainsAny(text, ",，;；。") {
		return false
	}
	next := &x.doc.Blocks[i+1]
	_, nextNum := stripNumbering(next.Text)
	if nextNum == "" {
		nextNum = next.Number
	}
	return numberStyle(num) != "" && numberStyle(nextNum) != "" && numberStyle(num) != numberStyle(nextNum)
}

// itemsAmongMeasured keeps the items without a figure of a list whose other
// items state figures: in a document's list of projects, an item without a
// number is still an item ("1.实施…小学部建设工程。" beside "3.…占地132亩").
// A list numbered in the same style, under a heading of the same level, is
// one list.
func itemsAmongMeasured(unmeasured, recs []corpus.Record) []corpus.Record {
	if len(unmeasured) == 0 {
		return nil
	}
	type list struct{ style, kind string }
	lists := map[list]bool{} // the lists whose items state figures
	for _, r := range recs {
		if r.ItemNo != nil && measured(r) && r.Provenance.Table == nil {
			lists[list{numberStyle(*r.ItemNo + "."), r.Kind}] = true
		}
	}
	var out []corpus.Record
	for _, u := range unmeasured {
		if u.ItemNo != nil && lists[list{numberStyle(*u.ItemNo + "."), u.Kind}] {
			out = append(out, u)
		}
	}
	return out
}

// restatedBySubItems drops the targets of an item numbered 一、二… that its
// sub-items (1. 2. under it) state again: "一、减少农村扶贫对象6.76万人;实施易地
// 扶贫搬迁18695人" over "1.减少农村扶贫对象6.76万人" and "2.实施易地扶贫搬迁18695人".
func restatedBySubItems(recs []corpus.Record) {
	var parents []int
	parentStyle := ""
	for i := range recs {
		r := &recs[i]
		if r.ItemNo == nil || r.Kind == dropped {
			continue
		}
		style := numberStyle(*r.ItemNo + ".")
		if style == "han" {
			if len(parents) == 0 || *recs[parents[0]].ItemNo != *r.ItemNo {
				parents = parents[:0]
			}
			parents = append(parents, i)
			parentStyle = style
			continue
		}
		if parentStyle == "" || style == parentStyle || r.Target.Value == nil {
			continue
		}
		for _, p := range parents {
			t := &recs[p]
			if t.Kind != dropped && t.Target.Value != nil && sameValue(*t.Target.Value, *r.Target.Value) && sameUnit(t.Target.Unit, r.Target.Unit) {
				t.Kind = dropped
			}
		}
	}
}

func sameUnit(a, b *string) bool {
	if a == nil || b == nil {
		return a == b
	}
	return unitsAgree(*a, *b)
}

// listItemNumber is a list item's number as printed.
func listItemNumber(b *corpus.Block) string {
	if _, num := stripNumbering(b.Text); num != "" {
		return num
	}
	return b.Number
}

// numberStyle names how an item number is written: Han numerals, digits, in
// brackets, circled.
func numberStyle(num string) string {
	num = strings.TrimSpace(num)
	switch {
	case num == "":
		return ""
	case strings.ContainsAny(num, circled):
		return "circled"
	case strings.ContainsAny(num, "(（"):
		return "paren"
	case strings.ContainsAny(num, "0123456789"):
		return "digit"
	case strings.ContainsAny(num, "一二三四五六七八九十"):
		return "han"
	}
	return ""
}

func joinSection(section, caption string) string {
	if section == "" || strings.Contains(caption, section) {
		return caption
	}
	if strings.Contains(section, caption) {
		return section
	}
	return section + " " + caption
}

// kindOf decides livelihood or key work from words in a title or section.
func kindOf(text *string, fallback string) string {
	if text == nil {
		return fallback
	}
	t := *text
	lv := strings.Contains(t, "民生实事") || strings.Contains(t, "民生项目") || strings.Contains(t, "为民办实事")
	kw := strings.Contains(t, "重点工作") || strings.Contains(t, "重点任务") || strings.Contains(t, "重点项目")
	switch {
	case lv && !kw:
		return corpus.KindLivelihood
	case kw && !lv:
		return corpus.KindKeyWork
	}
	return fallback
}

// isListTitle reports whether a short standalone line names a list of items
// ("杭州市政府年度民生实事项目").
func isListTitle(text string) bool {
	if runeLen(text) > 30 || strings.ContainsAny(text, "。,，;；") {
		return false
	}
	return strings.HasSuffix(text, "项目") || strings.HasSuffix(text, "重点工作") || strings.HasSuffix(text, "实事")
}

// contextOf reads what an introduction says about the list that follows.
func contextOf(text, docKind string) listContext {
	c := listContext{text: strings.TrimRight(text, ":： "), kind: kindOf(&text, docKind)}
	c.items = strings.Contains(text, "项目") || strings.Contains(text, "实事") || strings.Contains(text, "重点工作") ||
		strings.Contains(text, "重点任务") || strings.Contains(text, "目标任务") || strings.Contains(text, "预期目标") ||
		strings.Contains(text, "主要目标") || strings.Contains(text, "总体目标") || strings.Contains(text, "工作目标")
	for _, sw := range statusWords {
		for _, w := range sw.words {
			if strings.Contains(text, w) {
				c.status = sw.status
				break
			}
		}
		if c.status != "" {
			break
		}
	}
	c.aside = !c.items && containsAny(text, asideWords)
	if groupIntro.MatchString(strings.TrimSpace(text)) {
		// "…四个方面分别是:": the groups the tasks fall in, not items
		c.items, c.aside = false, true
	}
	// "…情况如下:" introduces content, not a status.
	if c.status == corpus.StatusCompleted && !strings.Contains(text, "已完成") {
		c.status = ""
	}
	return c
}

// groupIntro ends a sentence that introduces the groups a list of tasks
// falls in rather than the tasks: "…四个方面分别是:".
var groupIntro = regexp.MustCompile(`(?:方面|大类|板块|领域)(?:分别|主要)?(?:是|为|包括)[:：]$`)

func sortByPosition(recs []corpus.Record) {
	line := func(r *corpus.Record) int {
		if r.Provenance.Line != nil {
			return *r.Provenance.Line
		}
		return 1 << 30
	}
	slices.SortStableFunc(recs, func(a, b corpus.Record) int { return line(&a) - line(&b) })
}

// resolveMixedKinds sorts the items of a section that lists both 重点工作 and
// 民生实事 ("…重点工作和民生实事项目代表分组监督方案", where bold type marked
// the livelihood items and the text lost it): an item the document names
// elsewhere as a livelihood project is one, and the others are key work. When
// the document names no livelihood project, the kind stays unknown.
func resolveMixedKinds(recs []corpus.Record) {
	livelihood := map[string]bool{}
	for i := range recs {
		if recs[i].Kind == corpus.KindLivelihood {
			livelihood[squeeze(recs[i].Name)] = true
		}
	}
	if len(livelihood) == 0 {
		return
	}
	for i := range recs {
		r := &recs[i]
		if r.Kind != corpus.KindOther || r.Section == nil || !mixedSection(*r.Section) {
			continue
		}
		if livelihood[squeeze(r.Name)] {
			r.Kind = corpus.KindLivelihood
		} else {
			r.Kind = corpus.KindKeyWork
		}
	}
}

func mixedSection(s string) bool {
	return strings.Contains(s, "民生实事") && (strings.Contains(s, "重点工作") || strings.Contains(s, "重点任务"))
}

// asideWords name sections about how the work is to be done, or about
// anything but this year's targets, whose numbered points are not targets:
// 工作要求, 保障措施, 组织领导, 基本原则, 工作回顾, 存在问题, 下一步工作.
var asideWords = []string{"要求", "保障", "措施", "领导", "思想", "原则", "机制", "考核", "步骤", "方式", "意义", "背景", "说明", "分工",
	"回顾", "成效", "成绩", "经验", "总结", "问题", "困难", "建议", "下一步", "打算", "分组", "小组", "人员", "日程", "时间安排"}

func containsAny(s string, words []string) bool {
	return slices.ContainsFunc(words, func(w string) bool { return strings.Contains(s, w) })
}

// measured reports whether a record states a target or reports progress.
func measured(r corpus.Record) bool {
	return r.Target.Value != nil || r.HasFlag(corpus.FlagMissingNumber) || r.Progress != nil
}

// progressLabels open a paragraph that reports the progress of the item
// before it.
var progressLabels = []string{"进展情况", "完成情况", "实施情况", "推进情况", "进度情况", "落实情况", "工作进展", "目前进展", "进展", "进度"}

// progressParagraph reports whether text reports the progress of the item
// before it ("进展情况:截至9月底,已完成…", "截至9月底,…"), and returns the report.
func progressParagraph(text string) (string, bool) {
	t := strings.TrimLeft(text, " 【[（(")
	for _, l := range progressLabels {
		if rest, ok := strings.CutPrefix(t, l); ok {
			if r, ok := strings.CutPrefix(rest, "】"); ok && len(t) < len(text) {
				return strings.TrimSpace(strings.TrimLeft(r, ":：")), true
			}
			rest = strings.TrimLeft(rest, " 】]）)")
			if r, ok := strings.CutPrefix(rest, ":"); ok {
				return strings.TrimSpace(r), true
			}
			if r, ok := strings.CutPrefix(rest, "："); ok {
				return strings.TrimSpace(r), true
			}
		}
	}
	for _, w := range []string{"截至", "截止", "目前", "已"} {
		if strings.HasPrefix(t, w) {
			return text, true
		}
	}
	// "此项工作已完成。截至12月底,…": a status sentence opens the report
	if i := strings.IndexAny(t, "。;；,，"); i > 0 && runeLen(t[:i]) <= 15 && statedStatus(t[:i]) != "" {
		return text, true
	}
	return "", false
}
