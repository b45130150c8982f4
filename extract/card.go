package extract

import (
	"slices"
	"strconv"
	"strings"

	"github.com/minsheng/minsheng/corpus"
	"github.com/minsheng/minsheng/normalize"
)

// card is an item written as a numbered heading followed by labelled
// paragraphs — a table row printed one cell per paragraph:
//
//	一、新增婴幼儿托位500个
//	建设内容:在全区新增托位500个,其中普惠性托位300个。
//	责任单位:区卫生健康局
//	完成时限:2023年12月底
type card struct {
	heading *corpus.Block
	section string // the section the item stands in
	kind    string
	fields  []cardField
}

type cardField struct {
	label, value string
	block        *corpus.Block
}

// readCardField reads a paragraph as "label:value" when the label names a
// column role (建设内容, 责任单位, 完成时限, 进展情况 …).
func readCardField(b *corpus.Block) (cardField, bool) {
	text := strings.TrimSpace(b.Text)
	i := strings.IndexAny(text, ":：")
	if i <= 0 || runeLen(text[:i]) > 8 {
		return cardField{}, false
	}
	label := strings.Trim(text[:i], " 【】[]")
	if headerRole(label) == RoleUnknown {
		return cardField{}, false
	}
	_, size := firstRune(text[i:])
	return cardField{label: label, value: strings.TrimSpace(text[i+size:]), block: b}, true
}

// continuesReport adds list item b to the card's progress field when that
// field is a numbered report ("推进情况:1.…") and b goes on with its
// numbering ("2.…"); it reports whether it did.
func (c *card) continuesReport(b *corpus.Block) bool {
	for k := len(c.fields) - 1; k >= 0; k-- {
		f := &c.fields[k]
		if headerRole(f.label) != RoleProgress {
			continue
		}
		_, num := stripNumbering(f.value)
		if num == "" || numberStyle(num) != numberStyle(listItemNumber(b)) {
			return false
		}
		f.value += "\n" + strings.TrimSpace(b.Text)
		return true
	}
	return false
}

// cardRecords reads a card as the one-row table it is. Its records point at
// the heading's line, not at a table.
func (x *extractor) cardRecords(c *card) []corpus.Record {
	if c == nil || len(c.fields) == 0 {
		return nil
	}
	name, num := stripNumbering(c.heading.Text)
	if num == "" {
		num = c.heading.Number
	}
	t := &corpus.Table{HeaderRows: 1, Rows: 2}
	add := func(header, value string, span corpus.Span) {
		t.Cells = append(t.Cells,
			corpus.Cell{Row: 0, Col: t.Cols, Text: header},
			corpus.Cell{Row: 1, Col: t.Cols, Text: value, Span: span})
		t.Cols++
	}
	// the table reads serials in digits; the records keep the number as
	// printed, as a list item's do (一、 stays 一)
	printed := itemNumber(num)
	serial := printed
	if v, ok := normalize.ParseNumber(printed); ok && v == float64(int(v)) {
		serial = strconv.Itoa(int(v))
	}
	add("序号", serial, c.heading.Span)
	// "(牵头单位:县教育局)" in the heading: columns of their own
	name, units := cutUnits(name)
	add("项目名称", name, c.heading.Span)
	if len(units.lead) > 0 {
		add("牵头单位", strings.Join(units.lead, "、"), c.heading.Span)
	}
	if len(units.support) > 0 {
		add("配合单位", strings.Join(units.support, "、"), c.heading.Span)
	}
	if units.deadline != "" {
		add("完成时限", units.deadline, c.heading.Span)
	}
	for _, f := range c.fields {
		header := f.label
		if headerRole(header) == RoleName {
			// 建设内容, 项目内容: what the item will do, its targets
			header = "目标任务"
		}
		add(header, f.value, f.block.Span)
	}
	recs := x.tableRecords(t, c.section, c.kind)
	// figures the item's progress reports that none of its targets takes
	for _, f := range c.fields {
		if headerRole(f.label) == RoleProgress && len(recs) > 0 {
			item := make([]*corpus.Record, len(recs))
			for i := range recs {
				item[i] = &recs[i]
			}
			recs = append(recs, x.unmatchedReports(item, f.value, f.block)...)
		}
	}
	for i := range recs {
		if printed != "" {
			recs[i].ItemNo = &printed
		}
		p := &recs[i].Provenance
		p.Table, p.Row, p.Col = nil, nil, nil
		if c.heading.Span.Line > 0 {
			p.Line = corpus.Ptr(c.heading.Span.Line)
		}
		if c.heading.Span.Page > 0 {
			p.Page = corpus.Ptr(c.heading.Span.Page)
		}
	}
	return recs
}

// reportOn reads a paragraph of running text after an item's numbered
// heading, in a progress report, as the item's progress when the heading
// states the target ("(二)新增养老床位250张" and then "新增378张养老床位,超额完成
// 年度任务"): the card's 进展情况.
//
// Under a heading that only names the item ("一、加大城市治堵力度"), the first
// such paragraph that states figures is what the item will do: its 建设内容.
func (x *extractor) reportOn(c *card, b *corpus.Block) (cardField, bool) {
	if b.Kind != corpus.Paragraph || !sentence(b.Text) && !strings.HasSuffix(strings.TrimSpace(b.Text), "。") {
		return cardField{}, false // a short line without a full stop may be a cell
	}
	has := func(r Role) bool {
		for _, f := range c.fields {
			if headerRole(f.label) == r {
				return true
			}
		}
		return false
	}
	name, _ := stripNumbering(c.heading.Text)
	if proseAside(name) || contextOf(name, "").aside && len(usable(name)) == 0 {
		return cardField{}, false
	}
	value := strings.TrimSpace(b.Text)
	switch {
	case len(usable(name)) > 0:
		if x.info.Kind != corpus.DocProgress || has(RoleProgress) {
			return cardField{}, false // one report an item
		}
		return cardField{label: "进展情况", value: value, block: b}, true
	case x.info.Kind != corpus.DocProgress && len(c.fields) == 0 && !contextOf(name, "").items &&
		inlineList(findInlineMarks(value)) == nil && slices.ContainsFunc(usable(value), func(q normalize.Quantity) bool {
		return q.Unit != "项" && q.Unit != "件" // not a count of the list's items
	}):
		return cardField{label: "建设内容", value: value, block: b}, true
	}
	return cardField{}, false
}
