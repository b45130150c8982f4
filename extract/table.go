package extract

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/minsheng/minsheng/corpus"
	"github.com/minsheng/minsheng/normalize"
)

// tableRow is one logical row of a target table: cells by role, with the
// source position of the row.
type tableRow struct {
	serial    string
	name      string
	nameCol   int
	task      string
	taskCol   int
	progress  string
	problems  string
	lead      string
	support   string
	deadline  string
	budget    string
	category  string
	status    string
	rate      string
	milestone []string
	funding   []corpus.BudgetSource
	// noisyAmounts is set when an amount cell of the row is OCR debris.
	noisyAmounts bool
	row          int  // row index in the table, from zero
	line         int  // the source line of the row
	page         int  // the source page of the row, 0 when unpaged
	ownLine      bool // line comes from a cell anchored on this row
	flags        []string
}

// rowsOf reads a table's data rows by the roles of its columns. Header rows
// repeated on later pages are skipped; consecutive rows that repeat the same
// serial and name (a row continued after a page break) are joined.
func rowsOf(t *corpus.Table, roles []Role, header int) []tableRow {
	grid := t.Grid()
	// a funding column's name is its lowest header cell ("上级支持")
	labels := make([]string, len(roles))
	for c := range roles {
		for r := header - 1; r >= 0 && labels[c] == ""; r-- {
			if c < len(grid[r]) {
				labels[c] = squeeze(grid[r][c])
			}
		}
	}
	var out []tableRow
	for r := header; r < t.Rows; r++ {
		cells, noisy := realign(grid[r], roles)
		if isHeaderRow(cells) || isHeaderFragment(cells) || isTotalRow(cells, roles) {
			continue
		}
		tr := tableRow{row: r, nameCol: -1, taskCol: -1, noisyAmounts: noisy}
		if noisy {
			tr.flags = append(tr.flags, corpus.FlagOCRNoise)
		}
		empty := true
		for c, role := range roles {
			if c >= len(cells) {
				break
			}
			v := strings.TrimSpace(cells[c])
			if v == "" {
				continue
			}
			empty = false
			if cell := t.CellAt(r, c); cell != nil {
				// a row's line is that of its own cells; a merged cell from
				// a row above counts only when the row has none of its own
				own := cell.Row == r
				if cell.Span.Line > 0 && (tr.line == 0 || own && !tr.ownLine || own == tr.ownLine && cell.Span.Line < tr.line) {
					tr.line, tr.ownLine, tr.page = cell.Span.Line, own, cell.Span.Page
				}
				tr.flags = appendFlags(tr.flags, cell.Flags...)
			}
			switch role {
			case RoleSerial:
				tr.serial = squeeze(v)
			case RoleName:
				tr.name, tr.nameCol = joinCell(tr.name, v), c
			case RoleTask:
				tr.task, tr.taskCol = joinCell(tr.task, v), c
			case RoleProgress:
				tr.progress = joinCell(tr.progress, v)
			case RoleProblems:
				tr.problems = joinCell(tr.problems, v)
			case RoleLead:
				tr.lead = joinCell(tr.lead, v)
			case RoleSupport:
				tr.support = joinCell(tr.support, v)
			case RoleDeadline:
				tr.deadline = joinCell(tr.deadline, v)
			case RoleBudget, RoleFunding:
				if role == RoleBudget && tr.budget == "" {
					tr.budget = v
				}
				if !isNumberCell(v) {
					// "O O", "U": digits misread; the row's amounts cannot be trusted
					tr.noisyAmounts = true
					tr.flags = appendFlags(tr.flags, corpus.FlagOCRNoise)
				} else if w, ok := budgetWan(v); ok && role == RoleFunding && labels[c] != "" {
					tr.funding = append(tr.funding, corpus.BudgetSource{Source: labels[c], Wan: w})
				}
			case RoleCategory:
				tr.category = joinCell(tr.category, v)
			case RoleStatus:
				tr.status = v
			case RoleRate:
				tr.rate = v
			case RoleMilestone:
				tr.milestone = append(tr.milestone, v)
			}
		}
		if empty {
			continue
		}
		if n := len(out); n > 0 {
			prev := &out[n-1]
			if tr.serial != "" && tr.serial == prev.serial && tr.name != "" && squeeze(tr.name) == squeeze(prev.name) && tr.task == prev.task {
				prev.progress = joinCell(prev.progress, tr.progress)
				prev.problems = joinCell(prev.problems, tr.problems)
				if prev.lead == "" {
					prev.lead = tr.lead
				}
				continue
			}
		}
		out = append(out, tr)
	}
	return out
}

// realign fits a row whose cells do not sit under their headers: a PDF row
// that lost an empty cell, or gained a fragment of a spilled cell in a column
// of its own. After the content column, numbers fill the number columns
// (budget, funding) from the left and text fills the text columns (units,
// deadline) from the right; text left over is a fragment and is dropped. A
// row that fits is returned as it is.
func realign(cells []string, roles []Role) (out []string, noisy bool) {
	anchor := -1
	for c, r := range roles {
		if r == RoleTask || r == RoleName && anchor < 0 {
			anchor = c
		}
	}
	if anchor < 0 {
		return cells, false
	}
	numbered := false
	for _, r := range roles {
		numbered = numbered || isNumberRole(r)
	}
	if !numbered {
		return cells, false
	}
	fits := true
	for c := anchor + 1; c < len(cells); c++ {
		v := strings.TrimSpace(cells[c])
		if v == "" || isBlankCell(v) {
			continue
		}
		if c < len(roles) && (roles[c] == RoleProgress || roles[c] == RoleRate) {
			continue // a progress or rate cell holds a figure or words (持续推进中)
		}
		if c >= len(roles) || roles[c] == RoleUnknown || isNumberRole(roles[c]) != isNumberCell(v) {
			fits = false
			break
		}
	}
	if fits {
		return cells, false
	}
	var nums, texts []string
	for c := anchor + 1; c < len(cells); c++ {
		v := strings.TrimSpace(cells[c])
		switch {
		case v == "" || isBlankCell(v):
		case isNumberCell(v):
			nums = append(nums, v)
		case ocrDigits.MatchString(v):
			// "O O", "U": amounts misread as letters
			noisy = true
		default:
			texts = append(texts, v)
		}
	}
	out = make([]string, max(len(cells), len(roles)))
	copy(out, cells[:anchor+1])
	n := 0
	for c := anchor + 1; c < len(roles) && n < len(nums); c++ {
		if isNumberRole(roles[c]) {
			out[c] = nums[n]
			n++
		}
	}
	t := len(texts) - 1
	for c := len(roles) - 1; c > anchor && t >= 0; c-- {
		if roles[c] != RoleUnknown && !isNumberRole(roles[c]) {
			out[c] = texts[t]
			t--
		}
	}
	return out, noisy
}

var ocrDigits = regexp.MustCompile(`^[OoUlI|\s]+$`)

func isNumberRole(r Role) bool { return r == RoleBudget || r == RoleFunding || r == RoleRate }

var numberCellRe = regexp.MustCompile(`^[-+]?[0-9][0-9,]*(?:\.[0-9]+)?%?$`)

func isNumberCell(v string) bool { return numberCellRe.MatchString(squeeze(v)) }

// isBlankCell reports whether a cell is printed empty: a dash or a slash
// standing for nothing to report.
func isBlankCell(v string) bool {
	switch squeeze(v) {
	case "", "—", "——", "-", "--", "/", "／", "无":
		return true
	}
	return false
}

// isTotalRow reports whether a row sums the table (合计, 总额, 总计, 小计).
func isTotalRow(cells []string, roles []Role) bool {
	for c, r := range roles {
		if (r == RoleName || r == RoleSerial || r == RoleCategory) && c < len(cells) {
			switch squeeze(cells[c]) {
			case "合计", "总计", "总额", "小计", "共计", "总数":
				return true
			}
		}
	}
	return false
}

// isHeaderFragment reports whether a row holds only header words (a header
// cell spilled into a row of its own: "总 额").
func isHeaderFragment(cells []string) bool {
	filled := 0
	for _, c := range cells {
		t := squeeze(c)
		if t == "" {
			continue
		}
		filled++
		if runeLen(t) > 8 || headerRole(t) == RoleUnknown {
			return false
		}
	}
	return filled > 0
}

func joinCell(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "" || a == b:
		return a
	}
	return a + "\n" + b
}

func appendFlags(fs []string, more ...string) []string {
	for _, f := range more {
		found := false
		for _, x := range fs {
			if x == f {
				found = true
				break
			}
		}
		if !found {
			fs = append(fs, f)
		}
	}
	return fs
}

var serialRe = regexp.MustCompile(`^[0-9]{1,3}(?:\.[0-9]{1,2})?$`)

// tableRecords turns one table into records.
func (x *extractor) tableRecords(t *corpus.Table, section string, kind string) []corpus.Record {
	header := t.HeaderRows
	grid := t.Grid()
	if header == 0 {
		for header < len(grid) && header < 3 && isHeaderRow(grid[header]) {
			header++
		}
	}
	if header == 0 {
		return nil
	}
	roles := columnRoles(grid[:header], t.Cols)
	percentColumns(roles, grid[header:])
	if roleIndex(roles, RoleName) < 0 && roleIndex(roles, RoleTask) < 0 {
		// a row a government or a measure, planned and done in columns
		return x.measureRecords(t, section, kind)
	}
	x.tableAsOf = nil
	if c := roleIndex(roles, RoleProgress); c >= 0 {
		for _, row := range grid[:header] {
			if c < len(row) && x.tableAsOf == nil {
				x.tableAsOf = x.asOfIn(row[c], true)
			}
		}
	}
	defer func() { x.tableAsOf = nil }()
	var out []corpus.Record
	itemNo := ""
	itemName := ""
	var itemLead []string
	for _, tr := range rowsOf(t, roles, header) {
		serial := tr.serial
		name := strings.TrimSpace(tr.name)
		// A serial printed inside the content cell ("49.打造…").
		sub := ""
		name, sub = stripNumbering(name)
		sub = strings.Trim(sub, ".、。．)）(（第项:： ")
		if serial == "" && sub != "" && tr.category != "" {
			serial = sub
			sub = ""
		}
		if serial != "" && serialRe.MatchString(serial) {
			if serial != itemNo {
				itemLead = nil
			}
			itemNo = serial
			if name != "" {
				itemName = name
			}
		} else if serial == "" && name != "" && sub == "" && itemNo == "" {
			itemName = name
		}
		no := itemNo
		if sub != "" && no != "" {
			no = no + "." + sub
		} else if sub != "" {
			no = sub
		}
		if name == "" {
			name = itemName
		}
		if name == "" && tr.task == "" {
			continue
		}
		leads, supports := splitUnits(tr.lead)
		if len(leads) == 0 {
			leads = itemLead
		} else if itemLead == nil {
			// the item's units are those of its first row that names any
			itemLead = leads
		}
		s2, _ := splitUnits(tr.support)
		supports = append(supports, s2...)

		targetText := tr.task
		switch {
		case strings.TrimSpace(targetText) == "" || len(usable(targetText)) == 0 && len(usable(name)) > 0:
			targetText = name
		case looksLikeBreakdown(targetText) && len(goals(name)) == 1:
			// The task cell holds only the breakdown of the target the name states.
			targetText = name + ":" + tr.task
		}
		orphan := looksLikeBreakdown(targetText)
		base := corpus.Record{
			Doc:          x.info,
			Kind:         kind,
			Name:         itemTitle(name, tr.task),
			LeadUnits:    leads,
			SupportUnits: supports,
			Flags:        append([]string(nil), tr.flags...),
			Milestones:   tr.milestone,
		}
		if base.Name == "" {
			continue // only punctuation: nothing to name the item by
		}
		if section != "" {
			base.Section = corpus.Ptr(section)
		}
		if no != "" {
			base.ItemNo = corpus.Ptr(no)
		}
		base.Provenance = corpus.Provenance{Table: corpus.Ptr(t.Index), Row: corpus.Ptr(tr.row + 1)}
		if tr.line > 0 {
			base.Provenance.Line = corpus.Ptr(tr.line)
		}
		if tr.page > 0 {
			base.Provenance.Page = corpus.Ptr(tr.page)
		}
		if tr.deadline != "" {
			base.Deadline = x.deadline(tr.deadline)
		} else if d := x.milestoneDeadline(tr.milestone); d != nil {
			base.Deadline = d
		}
		if orphan {
			// A breakdown spilled out of its cell, with the budget, units and
			// deadline of a target stated elsewhere: kept aside to be joined to it.
			r := base
			bd, unit := breakdownUnit(targetText)
			r.Breakdown = bd
			if unit != "" {
				r.Target.Unit = corpus.Ptr(unit)
			}
			r.Target.Raw = targetText
			tr.setBudget(&r)
			x.orphans = append(x.orphans, orphanRow{rec: r, pos: x.tableCount + len(out)})
			continue
		}
		// "城镇新增就业人数(人)" | "1300": an indicator with its unit in
		// brackets, and its target a bare number
		targetText = indicatorTarget(targetText, tr.name)
		recs := x.targetsOf(base, targetText, tr)
		// Progress reported in a progress column.
		if tr.progress != "" || tr.status != "" || tr.rate != "" {
			ptr := make([]*corpus.Record, len(recs))
			for i := range recs {
				ptr[i] = &recs[i]
			}
			x.applyProgressText(ptr, tr.progress, tr.status, tr.rate)
			// a key-work row of a policy with no figure of its own ("支持…
			// 集团向…升级"): what its progress reports done are its records
			if kind == corpus.KindKeyWork && !slices.ContainsFunc(recs, func(r corpus.Record) bool {
				return r.Target.Value != nil || r.Progress != nil && r.Progress.Status != nil
			}) {
				if more := x.unmatchedReports(ptr, tr.progress, &corpus.Block{Span: corpus.Span{Line: tr.line}}); len(more) > 0 {
					for i := range more {
						more[i].Provenance = recs[0].Provenance
					}
					recs = append(recs, more...)
				}
			}
		}
		out = append(out, recs...)
	}
	return out
}

// applyProgressText gives the targets of one item the progress a text
// reports for them: its statements matched to the targets, a status in words,
// a rate given on its own.
func (x *extractor) applyProgressText(targets []*corpus.Record, progress, status, rate string) {
	rps := x.reportsOf(progress)
	if len(rps) == 0 && len(targets) > 0 && isNumberCell(progress) && !strings.Contains(progress, "%") {
		// a progress cell of a bare number counts in the target's unit
		if v, ok := normalize.ParseNumber(squeeze(progress)); ok {
			unit := ""
			if targets[0].Target.Unit != nil {
				unit = *targets[0].Target.Unit
			}
			rps = append(rps, report{raw: strings.TrimSpace(progress), completed: &normalize.Quantity{Value: v, Unit: unit, Raw: strings.TrimSpace(progress)}})
		}
	}
	var colRate *float64 // a rate column speaks of the item's first target
	if v, ok := normalize.ParseNumber(strings.TrimSuffix(squeeze(rate), "%")); ok && rate != "" {
		colRate = &v
		if len(rps) == 0 {
			rps = append(rps, report{raw: rate, rate: colRate})
		}
	} else if status == "" && !isBlankCell(rate) {
		status = rate // words in a rate column: 持续推进中
	}
	switch squeeze(status) {
	case "是", "√", "✓", "完成":
		status = "已完成"
	case "否", "×", "✗", "未完成", "没有完成":
		status = "未完成"
	}
	var matched []*report
	if free := withoutReport(targets); len(free) > 0 && len(free) < len(targets) && len(rps) > 0 {
		// a report that goes on ("推进情况:1.…" then "2.…") speaks of the
		// targets the earlier part left without a figure done
		byFree := matchReports(free, rps)
		matched = make([]*report, len(targets))
		for i, k := 0, 0; i < len(targets); i++ {
			if k < len(free) && targets[i] == free[k] {
				matched[i] = byFree[k]
				k++
			}
		}
	} else {
		matched = matchReports(targets, rps)
	}
	if len(targets) == 1 && targets[0].Target.Value == nil && matched[0] == nil && len(rps) == 1 && rps[0].raw == strings.TrimSpace(progress) && rps[0].completed != nil {
		// a row with no figure of its own and a cell of one amount done
		// ("农村保障人次 | 83342"): the amount is the row's
		matched[0] = &rps[0]
	}
	if colRate != nil && len(targets) > 0 {
		switch first := matched[0]; {
		case first == nil:
			matched[0] = &report{raw: rate, rate: colRate}
		case first.rate == nil:
			withRate := *first
			withRate.rate = colRate
			matched[0] = &withRate
		}
	}
	cell := &progressCell{text: strings.TrimSpace(progress + " " + status)}
	for i, r := range targets {
		if matched[i] == nil && r.Progress != nil && (r.Progress.CompletedValue != nil || r.Progress.RatePct != nil) {
			continue // a report it already has is not lost to one about its siblings
		}
		applyProgress(r, matched[i], cell)
		if p := r.Progress; p != nil && p.AsOf == nil && (p.CompletedValue != nil || p.RatePct != nil || p.Status != nil) {
			if d := x.contextAsOf(); d != nil {
				p.AsOfRaw, p.AsOf = corpus.Ptr(d.Raw), corpus.Ptr(d.ISO)
			}
		}
	}
}

// withoutReport is the targets that have no figure done yet.
func withoutReport(targets []*corpus.Record) []*corpus.Record {
	var out []*corpus.Record
	for _, t := range targets {
		if t.Progress == nil || t.Progress.CompletedValue == nil {
			out = append(out, t)
		}
	}
	return out
}

// contextAsOf is the date progress is reported as of where a statement does
// not say: the period its table's progress column names ("三季度完成情况",
// "上半年完成情况"), else the last "截至…" the text stated before it.
func (x *extractor) contextAsOf() *normalize.Date {
	switch {
	case x.tableAsOf != nil:
		return x.tableAsOf
	case x.textAsOf != nil:
		return x.textAsOf
	}
	// else the period a bulletin's title names: "…三季度进展情况的通报"
	if x.info.Kind == corpus.DocProgress && x.info.Title != nil {
		return x.asOfIn(*x.info.Title, true)
	}
	return nil
}

// asOfIn is the first date text gives as an as-of date ("截至9月底"), or
// with period set, the end of the first period it names ("三季度").
func (x *extractor) asOfIn(text string, period bool) *normalize.Date {
	if !period && !mayStateAsOf(text) {
		return nil
	}
	for _, d := range normalize.Dates(text, x.year(), x.published()) {
		if d.ISO != "" && (d.AsOf || period) {
			return &d
		}
	}
	if x.year() == 0 && x.published() != "" {
		// the year only the publish date gives
		for _, d := range normalize.ReadDates(text, 0, x.published()) {
			if d.ISO != "" && (d.AsOf || period) {
				return &d
			}
		}
	}
	return nil
}

// targetsOf makes one record per target of a row's target text, or one record
// with no value when the text states no number.
// indicatorTarget reads a target given as a bare number beside an indicator
// whose unit is in brackets, in the name column or in a column of its own
// ("城镇新增就业人数(人)" | "1500"): the number in that unit.
func indicatorTarget(task, name string) string {
	t := strings.TrimSpace(task)
	i := strings.LastIndexByte(t, '\n')
	number, indicator := t, name
	if i >= 0 {
		number, indicator = strings.TrimSpace(t[i+1:]), strings.TrimSpace(t[:i])
	}
	if number == "" || !isNumberCell(number) || strings.Contains(number, "%") {
		return task
	}
	u := bracketUnit(indicator)
	if u == "" {
		return task
	}
	if i >= 0 {
		return trailingUnit.ReplaceAllString(indicator, "") + number + u
	}
	return number + u
}

// bracketUnit is the unit an indicator's name ends with in brackets:
// "城镇新增就业人数(人)" → 人.
func bracketUnit(name string) string {
	m := trailingUnit.FindStringSubmatch(strings.TrimSpace(name))
	if m == nil {
		return ""
	}
	if u, ok := normalize.CanonicalUnit(m[1]); ok {
		return u
	}
	// "(万人)": a multiplier the reader folds into the number
	for _, mul := range []string{"万", "亿", "千"} {
		if rest, ok := strings.CutPrefix(m[1], mul); ok {
			if _, ok := normalize.CanonicalUnit(rest); ok {
				return m[1]
			}
		}
	}
	return ""
}

var trailingUnit = regexp.MustCompile(`[(（]([^()（）]{1,4})[)）]$`)

func (x *extractor) targetsOf(base corpus.Record, text string, tr tableRow) []corpus.Record {
	col := tr.taskCol
	if text != tr.task {
		col = tr.nameCol
	}
	head, tail, hasColon := cutColon(text)
	head, parenBD, parenUnit := cutParenBreakdown(head)
	gs, budget, sources := splitBudget(goals(head))
	var recs []corpus.Record
	if len(gs) == 0 && len(parenBD) == 0 && hasColon && looksLikeBreakdown(tail) {
		parenBD, parenUnit = breakdownUnit(tail)
	}
	switch {
	case len(gs) == 0 && len(parenBD) > 0:
		// "实现地质灾害隐患点综合治理全覆盖(鹿城1处,…)": no total, shares by area.
		r := base
		r.Target.Raw = strings.TrimSpace(text)
		if m := metricOf(head); m != "" {
			r.Metric = corpus.Ptr(m)
		}
		if parenUnit != "" {
			r.Target.Unit = corpus.Ptr(parenUnit)
		}
		r.Breakdown = parenBD
		recs = append(recs, r)
	case len(gs) > 0:
		var bd []corpus.AreaValue
		if hasColon {
			bd = breakdown(tail)
		}
		for _, g := range gs {
			r := base
			r.Flags = append([]string(nil), base.Flags...)
			goalRecord(&r, g)
			if len(gs) == 1 {
				if bd == nil {
					bd = parenBD
				}
				r.Breakdown = bd
				checkBreakdown(&r)
			}
			recs = append(recs, r)
		}
	case hasColon && len(goals(tail)) > 0:
		// "…凭卡免费乘坐公交车: 市区困难群众约1.5万人,持证轻度残疾人约0.7万人": each
		// group after the colon is a target of the phrase before it.
		for _, g := range goals(tail) {
			r := base
			r.Flags = append([]string(nil), base.Flags...)
			g.metric = strings.TrimSpace(head) + "(" + g.metric + ")"
			goalRecord(&r, g)
			// the groups share the row's budget
			tr.setBudget(&r)
			recs = append(recs, r)
		}
	default:
		r := base
		r.Target.Raw = strings.TrimSpace(text)
		if r.Target.Raw == "" {
			r.Target.Raw = base.Name
		}
		if m := metricOf(text); m != "" {
			r.Metric = corpus.Ptr(m)
		}
		recs = append(recs, r)
	}
	if len(recs) == 1 {
		tr.setBudget(&recs[0])
	}
	setItemBudget(recs, budget, sources)
	for i := range recs {
		if col >= 0 {
			recs[i].Provenance.Col = corpus.Ptr(col + 1)
		}
		if hasFlag(tr.flags, corpus.FlagOCRNoise) {
			recs[i].AddFlag(corpus.FlagOCRNoise)
		}
	}
	return recs
}

func hasFlag(fs []string, f string) bool {
	for _, x := range fs {
		if x == f {
			return true
		}
	}
	return false
}

// cutColon splits "新增托位7500个以上: 鹿城550个, …" at its first colon.
func cutColon(s string) (head, tail string, ok bool) {
	i := strings.IndexAny(s, ":：")
	if i < 0 {
		return s, "", false
	}
	_, size := firstRune(s[i:])
	return s[:i], s[i+size:], true
}

func firstRune(s string) (rune, int) {
	for _, r := range s {
		return r, len(string(r))
	}
	return 0, 0
}

// breakdown reads per-area shares: "鹿城350个, 龙湾350个, …".
func breakdown(text string) []corpus.AreaValue {
	bd, _ := breakdownUnit(text)
	return bd
}

// breakdownUnit reads per-area shares and the unit they are counted in.
func breakdownUnit(text string) ([]corpus.AreaValue, string) {
	var out []corpus.AreaValue
	unit := ""
	text = strings.ReplaceAll(text, "、", ",")
	for _, cl := range clauses(text) {
		seg := strings.TrimSpace(text[cl.start:cl.end])
		qs := usable(seg)
		var area string
		var v float64
		switch {
		case len(qs) == 1 && !qs[0].Missing:
			area, v = seg[:qs[0].Start], qs[0].Value
			// "泰顺 5 1200 0 0 家": numbers of another column printed into the
			// cell; the first number is the area's.
			if m := interleaved.FindStringSubmatch(area); m != nil {
				area = m[1]
				v, _ = strconv.ParseFloat(m[2], 64)
			}
			if unit == "" {
				unit = qs[0].Unit
			}
		case len(qs) == 0 && unit != "":
			// the last share of a cell cut before its unit: "瓯海 2152"
			m := bareShare.FindStringSubmatch(seg)
			if m == nil {
				continue
			}
			area = m[1]
			v, _ = strconv.ParseFloat(m[2], 64)
		default:
			continue
		}
		area = squeeze(strings.Trim(area, "“”\" "))
		if area == "" || runeLen(area) > 14 || hanShare(area) < 0.5 {
			continue
		}
		out = append(out, corpus.AreaValue{Area: area, Value: corpus.Ptr(v)})
	}
	return out, unit
}

var (
	interleaved = regexp.MustCompile(`^(\p{Han}[\p{Han}()（）]*)\s*([0-9]+(?:\.[0-9]+)?)(?:\s+[0-9.]+)+\s*$`)
	bareShare   = regexp.MustCompile(`^(\p{Han}[\p{Han}()（）\s]*?)\s*([0-9]+(?:\.[0-9]+)?)$`)
)

var parenRe = regexp.MustCompile(`[(（]([^()（）]*)[)）]`)

// cutParenBreakdown removes a parenthesised list of area shares from text
// ("全覆盖(鹿城1处,瓯海3处,…)") and returns it.
func cutParenBreakdown(text string) (string, []corpus.AreaValue, string) {
	if !strings.ContainsAny(text, "(（") {
		return text, nil, ""
	}
	for _, m := range parenRe.FindAllStringSubmatchIndex(text, -1) {
		inner := text[m[2]:m[3]]
		if looksLikeBreakdown(inner) {
			bd, unit := breakdownUnit(inner)
			return text[:m[0]] + text[m[1]:], bd, unit
		}
	}
	return text, nil, ""
}

// looksLikeBreakdown reports whether text is only a list of area shares (a
// spilled fragment of a breakdown cell), with no phrase of its own.
func looksLikeBreakdown(text string) bool {
	if strings.ContainsAny(text, ":：") || normalize.NumberRuns(text) < 2 {
		return false
	}
	bd := breakdown(text)
	if len(bd) < 2 {
		return false
	}
	for _, a := range bd {
		if !isAreaName(a.Area) {
			return false
		}
	}
	return true
}

// areaSuffixes end the names of areas that targets are broken down by.
var areaSuffixes = []string{"省", "市", "县", "区", "镇", "乡", "街道", "村", "社区", "本级", "市直", "集聚区", "开发区", "园区", "新区", "园"}

// isAreaName reports whether s names an area: a place of the gazetteer (full
// or short name), or a short name with a place suffix.
func isAreaName(s string) bool {
	s = squeeze(s)
	if s == "" || runeLen(s) > 12 {
		return false
	}
	for _, suf := range areaSuffixes {
		if strings.HasSuffix(s, suf) {
			return true
		}
	}
	return gazetteer().isPlace(s)
}

// checkBreakdown flags a record whose per-area shares do not add up to its
// target (an at_least target may be exceeded by its shares).
func checkBreakdown(r *corpus.Record) {
	if len(r.Breakdown) < 2 || r.Target.Value == nil {
		return
	}
	sum := 0.0
	for _, a := range r.Breakdown {
		if a.Value != nil {
			sum += *a.Value
		}
	}
	want := *r.Target.Value
	diff := sum - want
	if diff < 0 {
		diff = -diff
	}
	if diff <= 1e-6*max(1, want) {
		return
	}
	if r.Target.Qualifier != nil && *r.Target.Qualifier == corpus.AtLeast && sum > want {
		return
	}
	r.AddFlag(corpus.FlagBreakdownSum)
}

var budgetRe = regexp.MustCompile(`^-?[0-9]+(?:\.[0-9]+)?$`)

// rowBudget is the row's budget in 万元, unless its amounts are OCR debris.
func (tr *tableRow) rowBudget() (float64, bool) {
	if tr.noisyAmounts {
		return 0, false
	}
	return budgetWan(tr.budget)
}

// setBudget gives a record the row's budget and its sources, when the row's
// amounts can be trusted.
func (tr *tableRow) setBudget(r *corpus.Record) {
	b, ok := tr.rowBudget()
	if !ok {
		return
	}
	r.BudgetWan = &b
	r.BudgetSources = tr.funding
}

// budgetWan reads a budget cell in 万元.
func budgetWan(cell string) (float64, bool) {
	c := squeeze(cell)
	if !budgetRe.MatchString(c) {
		if v, ok := normalize.ParseNumber(c); ok {
			return v, true
		}
		return 0, false
	}
	v, err := strconv.ParseFloat(c, 64)
	return v, err == nil
}

// metricOf names what an item without a number is about: its first clause
// without list numbering and light verbs.
func metricOf(text string) string {
	cl := clauses(text)
	if len(cl) == 0 {
		return ""
	}
	m := trimMetric(text[cl[0].start:cl[0].end])
	return stripVerb(m)
}

var titleRe = regexp.MustCompile(`^(?:["“][^"”]{1,20}["”]|[^,，。;；]{1,12})(?:工程|行动|计划|项目|工作)$`)

// itemTitle is the item's name: the title phrase before the first comma when
// the item opens with one ("温馨教室"工程), else the text as printed.
func itemTitle(name, task string) string {
	name = strings.TrimSpace(name)
	if name == "" {
		name = strings.TrimSpace(task)
	}
	if i := strings.IndexAny(name, ",，"); i > 0 {
		if head := strings.TrimSpace(name[:i]); titleRe.MatchString(head) {
			return head
		}
	}
	// "城市书房和文化驿站建设。新建城市书房10家、文化驿站20家": a short title
	// sentence without numbers before the sentences that state the targets.
	if i := strings.IndexAny(name, "。:："); i > 0 {
		head, rest := strings.TrimSpace(name[:i]), strings.TrimSpace(name[i:])
		rest = strings.TrimLeft(rest, "。:：")
		if runeLen(head) <= 20 && normalize.NumberRuns(head) == 0 && normalize.NumberRuns(rest) > 0 {
			return head
		}
	}
	return strings.TrimRight(name, "。;；")
}

var unitSplit = regexp.MustCompile(`[、,，;；\n]+|\s{2,}`)

// splitUnits splits a units cell into lead and support units. Units marked
// △ are the leads where any is marked; the rest support them.
func splitUnits(cell string) (lead, support []string) {
	cell = strings.TrimSpace(cell)
	if cell == "" {
		return nil, nil
	}
	var marked, plain []string
	for _, u := range splitOutside(cell, unitSplit) {
		u = strings.TrimSpace(u)
		isMarked := strings.ContainsRune(u, '△')
		u = squeeze(strings.Trim(u, "△·•. 。"))
		u = strings.ReplaceAll(u, "△", "")
		if u == "" {
			continue
		}
		if isMarked {
			marked = append(marked, u)
		} else {
			plain = append(plain, u)
		}
	}
	if len(marked) > 0 {
		return marked, plain
	}
	return plain, nil
}

// splitOutside splits s at the separators sep finds outside brackets, so that
// "各县(市、区)政府" stays one unit.
func splitOutside(s string, sep *regexp.Regexp) []string {
	parens := parenRanges(s)
	var out []string
	last := 0
	for _, m := range sep.FindAllStringIndex(s, -1) {
		if within(parens, m[0]) {
			continue
		}
		out = append(out, s[last:m[0]])
		last = m[1]
	}
	return append(out, s[last:])
}

// deadline reads a deadline cell.
func (x *extractor) deadline(raw string) *corpus.Deadline {
	raw = strings.TrimSpace(raw)
	d := &corpus.Deadline{Raw: raw}
	if iso := normalize.ResolveDate(squeeze(raw), x.year()); iso != "" {
		d.Date = corpus.Ptr(iso)
	} else {
		// the language's other ways of writing dates: 年内, 三季度末, 号,
		// two-digit years, the year from the publish date
		for _, rd := range normalize.ReadDates(squeeze(raw), x.year(), x.published()) {
			if rd.ISO != "" {
				d.Date = corpus.Ptr(rd.ISO)
				break
			}
		}
	}
	return d
}

// milestoneDeadline finds a deadline in the last milestone that states one
// ("11月底前全面完成", "第四季度(11月份)").
func (x *extractor) milestoneDeadline(ms []string) *corpus.Deadline {
	for i := len(ms) - 1; i >= 0; i-- {
		ds := normalize.Dates(ms[i], x.year(), x.published())
		for k := len(ds) - 1; k >= 0; k-- {
			d := ds[k]
			if !d.AsOf && (strings.Contains(d.Raw, "底") || strings.Contains(d.Raw, "前") || strings.Contains(d.Raw, "季度")) {
				dl := &corpus.Deadline{Raw: d.Raw}
				if d.ISO != "" {
					dl.Date = corpus.Ptr(d.ISO)
				}
				return dl
			}
		}
	}
	return nil
}
