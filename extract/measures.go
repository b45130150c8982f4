package extract

import (
	"regexp"
	"strings"

	"github.com/minsheng/minsheng/corpus"
	"github.com/minsheng/minsheng/normalize"
)

// A measure table reports one project for many governments, or many
// measures of one, a row each: a text column names the row (市州, 地区, 区县),
// and groups of number columns give a planned amount, what was done of it and
// the rate:
//
//	序号 | 市 州 | 计划完成数 | 累计开工数 | 开工率 | 计划投资额(万元) | 累计完成投资额(万元) | 计划投资完成率
//
// Each planned column of a row is a target; the last done column of its group
// before the next planned column is its progress, and the rate column after
// that done column its rate. The unit is the header's, "(万元)" folded into
// 元.

// measureKind is what a number column of a measure table holds.
type measureKind int

const (
	measureOther measureKind = iota
	measurePlan
	measureDone
	measureRate
)

var (
	planWords = []string{"目标任务", "计划", "预算安排", "安排数", "任务数", "目标数", "年度目标", "下达任务"}
	doneWords = []string{"完成", "累计", "拨付数", "下达数", "开工数", "已", "实际", "进度数"}
	rateWords = []string{"率", "比例", "占比", "百分比", "%"}
	// headerUnit reads the unit a header names in brackets: "(万元)", "(个)",
	// "(万元、%)".
	headerUnit = regexp.MustCompile(`[(（]\s*([^()（）、,，%]{1,4})[、,，%)）]`)
)

// measureColumns reads the header of a table as a measure table: the kind of
// each column and the unit its header names. It returns nil unless the table
// has a planned column and a done or rate column after it.
func measureColumns(header [][]string, cols int) ([]measureKind, []string) {
	kinds := make([]measureKind, cols)
	units := make([]string, cols)
	plans, reports := 0, 0
	for c := 0; c < cols; c++ {
		var path []string
		for _, row := range header {
			if c < len(row) {
				if v := squeeze(row[c]); v != "" && (len(path) == 0 || path[len(path)-1] != v) {
					path = append(path, v)
				}
			}
		}
		if len(path) == 0 {
			continue
		}
		label := path[len(path)-1]
		for i := len(path) - 1; i >= 0 && units[c] == ""; i-- {
			if m := headerUnit.FindStringSubmatch(path[i]); m != nil {
				units[c] = m[1]
			}
		}
		switch {
		case containsAny(label, rateWords) && !containsAny(label, []string{"数", "额"}):
			kinds[c] = measureRate
		case containsAny(label, planWords):
			kinds[c] = measurePlan
			plans++
		case containsAny(label, doneWords):
			kinds[c] = measureDone
			reports++
		}
	}
	if plans == 0 || reports == 0 {
		return nil, nil
	}
	return kinds, units
}

// measureRecords reads a measure table into records, or returns nil when the
// table is none.
func (x *extractor) measureRecords(t *corpus.Table, section, kind string) []corpus.Record {
	header := t.HeaderRows
	grid := t.Grid()
	if header == 0 || header >= len(grid) {
		return nil
	}
	kinds, units := measureColumns(grid[:header], t.Cols)
	if kinds == nil {
		return nil
	}
	// the name column: the first whose body cells are text
	nameCol, serialCol := -1, -1
	for c := 0; c < t.Cols && nameCol < 0; c++ {
		if kinds[c] != measureOther {
			break
		}
		text, numbers := 0, 0
		for _, row := range grid[header:] {
			if c >= len(row) || squeeze(row[c]) == "" {
				continue
			}
			if isNumberCell(row[c]) {
				numbers++
			} else {
				text++
			}
		}
		switch {
		case text > numbers:
			nameCol = c
		case numbers > 0 && serialCol < 0:
			serialCol = c
		}
	}
	if nameCol < 0 {
		return nil
	}
	itemNo := tableItemNo(grid[:header])
	var out []corpus.Record
	prevSerial := ""
	for r := header; r < len(grid); r++ {
		row := grid[r]
		if nameCol >= len(row) || strings.TrimSpace(row[nameCol]) == "" {
			continue
		}
		name := strings.TrimSpace(row[nameCol])
		serial := ""
		if serialCol >= 0 && serialCol < len(row) {
			serial = squeeze(row[serialCol])
		}
		if serial == prevSerial {
			serial = "" // a merged cell repeated from the row above, as a total row's blank serial may be
		} else {
			prevSerial = serial
		}
		for c := 0; c < t.Cols && c < len(row); c++ {
			if kinds[c] != measurePlan {
				continue
			}
			v, ok := normalize.ParseNumber(squeeze(row[c]))
			if !ok {
				continue
			}
			unit, scale := measureUnit(units[c])
			rec := corpus.Record{Doc: x.info, Kind: kind, Name: name}
			if section != "" {
				rec.Section = corpus.Ptr(section)
			}
			no := itemNo
			if serial != "" {
				no = serial
			}
			if no != "" {
				rec.ItemNo = corpus.Ptr(no)
			}
			label := columnLabel(grid[:header], c)
			rec.Metric = corpus.Ptr(label)
			value := v * scale
			rec.Target = corpus.Target{Value: &value, Raw: strings.TrimSpace(row[c])}
			if unit != "" {
				rec.Target.Unit = corpus.Ptr(unit)
			}
			rec.Provenance = corpus.Provenance{Table: corpus.Ptr(t.Index), Row: corpus.Ptr(r + 1), Col: corpus.Ptr(c + 1)}
			if line := cellLine(t, r, c); line > 0 {
				rec.Provenance.Line = corpus.Ptr(line)
			}
			// the group's last done column, and the rate after it
			done, rate := -1, -1
			for k := c + 1; k < t.Cols && k < len(row) && kinds[k] != measurePlan; k++ {
				switch kinds[k] {
				case measureDone:
					if squeeze(row[k]) != "" {
						done, rate = k, -1
					}
				case measureRate:
					if rate < 0 && squeeze(row[k]) != "" {
						rate = k
					}
				}
			}
			p := &corpus.Progress{}
			if done >= 0 {
				if d, ok := normalize.ParseNumber(squeeze(row[done])); ok {
					dv := d * scale
					p.CompletedValue = &dv
					p.Raw = corpus.Ptr(strings.TrimSpace(row[done]))
				}
			}
			if rate >= 0 {
				if rv, ok := normalize.ParseNumber(strings.TrimSuffix(squeeze(row[rate]), "%")); ok {
					p.RatePct = &rv
				}
			}
			if p.CompletedValue != nil || p.RatePct != nil {
				if p.CompletedValue != nil && *p.CompletedValue >= value && value > 0 {
					p.Status = corpus.Ptr(corpus.StatusCompleted)
				}
				if d := x.contextAsOf(); d != nil {
					p.AsOfRaw = corpus.Ptr(d.Raw)
					if d.ISO != "" {
						p.AsOf = corpus.Ptr(d.ISO)
					}
				}
				rec.Progress = p
			}
			out = append(out, rec)
		}
	}
	return out
}

// measureUnit is the unit a header names, and the factor its multiplier
// folds into the value: 万元 is 元 ×10000.
func measureUnit(u string) (string, float64) {
	switch {
	case u == "":
		return "", 1
	case strings.HasPrefix(u, "亿"):
		return strings.TrimPrefix(u, "亿"), 1e8
	case strings.HasPrefix(u, "万") && len(u) > len("万"):
		return strings.TrimPrefix(u, "万"), 1e4
	}
	return u, 1
}

// columnLabel is a column's header path, its group's words first:
// "资金拨付情况(万元) 年初预算安排数".
func columnLabel(header [][]string, c int) string {
	var path []string
	for _, row := range header {
		if c < len(row) {
			v := strings.TrimSpace(row[c])
			if v != "" && (len(path) == 0 || path[len(path)-1] != v) {
				path = append(path, v)
			}
		}
	}
	if len(path) > 2 {
		path = path[len(path)-2:]
	}
	return strings.Join(path, " ")
}

// tableItemNo is the item number a header's caption row prints
// ("二十、实施89个大型公共体育场馆…"), or "".
func tableItemNo(header [][]string) string {
	for _, row := range header {
		for _, cell := range row {
			if _, num := stripNumbering(cell); num != "" {
				return itemNumber(num)
			}
		}
	}
	return ""
}

// cellLine is the source line of a table cell, or 0.
func cellLine(t *corpus.Table, r, c int) int {
	for _, cell := range t.Cells {
		if cell.Row <= r && r < cell.Row+max(cell.RowSpan, 1) && cell.Col <= c && c < cell.Col+max(cell.ColSpan, 1) {
			return cell.Span.Line
		}
	}
	return 0
}

// unitsFromText gives the columns of a table whose header names no unit the
// unit the text states for the same figure: a measure table's total row
// (全省 1500) restates the target the text gives ("开工改造小区1500个").
func unitsFromText(table, text []corpus.Record) {
	type column struct{ table, col int }
	values := map[column][]int{}
	for i, r := range table {
		if r.Target.Unit != nil || r.Target.Value == nil || r.Provenance.Table == nil || r.Provenance.Col == nil {
			continue
		}
		k := column{*r.Provenance.Table, *r.Provenance.Col}
		values[k] = append(values[k], i)
	}
	for _, rows := range values {
		unit := ""
		for _, i := range rows {
			for _, t := range text {
				if t.Target.Unit != nil && t.Target.Value != nil && *t.Target.Value >= 10 && sameValue(*t.Target.Value, *table[i].Target.Value) {
					unit = *t.Target.Unit
				}
			}
		}
		if unit == "" {
			continue
		}
		for _, i := range rows {
			table[i].Target.Unit = corpus.Ptr(unit)
		}
	}
}
