package web

import (
	"context"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/minsheng/minsheng/corpus/store"
)

// filterForm is what the filter form of the overview and the targets table
// offers: the chosen filter and the choices, regions narrowed to the chosen
// province and city.
type filterForm struct {
	F                           store.BrowseFilter
	Provinces, Cities, Counties []string
	Years                       []int
	Kinds                       []string
	Statuses                    []string
}

func (s *Server) form(ctx context.Context, f store.BrowseFilter) (filterForm, error) {
	ry, err := s.regions(ctx)
	if err != nil {
		return filterForm{}, err
	}
	regions, years := ry.regions, ry.years
	ff := filterForm{F: f, Years: years, Kinds: []string{"livelihood", "key_work"},
		Statuses: []string{store.StatusBehind, store.StatusOnTrack, store.StatusCompleted, store.StatusNone}}
	seen := map[string]bool{}
	add := func(list []string, level, v string) []string {
		if v != "" && !seen[level+v] {
			seen[level+v] = true
			list = append(list, v)
		}
		return list
	}
	for _, r := range regions {
		ff.Provinces = add(ff.Provinces, "p", r.Province)
		if f.Province == "" || r.Province == f.Province {
			ff.Cities = add(ff.Cities, "c", r.City)
			if f.City == "" || r.City == f.City {
				ff.Counties = add(ff.Counties, "x", r.County)
			}
		}
	}
	slices.Sort(ff.Cities)
	slices.Sort(ff.Counties)
	// a list too long to choose from waits for the level above it
	if f.City == "" && f.County == "" && len(ff.Counties) > maxChoices {
		ff.Counties = nil
	}
	if f.Province == "" && f.City == "" && len(ff.Cities) > maxChoices {
		ff.Cities = nil
	}
	return ff, nil
}

// maxChoices is the longest list of cities or counties the filter form
// offers before a province or city is chosen.
const maxChoices = 200

// govYear is one government and year of the overview.
type govYear struct {
	Label     string
	Region    string
	Year      *int
	Counts    map[string]int64 // by status class
	Targets   int64
	Links     map[string]string // the targets list of each class
	TotalLink string
}

type overviewData struct {
	Form    filterForm
	Level   int // the governments of the bars: levelCounty (each its own), levelCity or levelProvince
	Rows    []*govYear
	Total   govYear
	Chart   template.HTML
	Classes []string
}

// The levels the overview groups its bars at.
const (
	levelProvince = iota
	levelCity
	levelCounty
)

// maxBars is the most bars the overview draws; with more governments than
// this it draws one for each city or province.
const maxBars = 100

// groupSummary adds up the rows of sum by government (at level) and year.
func groupSummary(sum []store.SummaryRow, level int, kind string, links func(store.BrowseFilter) (map[string]string, string)) []*govYear {
	byKey := map[string]*govYear{}
	var out []*govYear
	for _, row := range sum {
		sel := store.BrowseFilter{Province: row.Province, Kind: kind}
		switch level {
		case levelCounty:
			sel.City, sel.County, sel.Exact = row.City, row.County, true
		case levelCity:
			sel.City = row.City
			sel.Exact = row.City == "" // the province's own targets
		default:
			sel.Exact = row.Province == ""
		}
		key := sel.Province + "\x1f" + sel.City + "\x1f" + sel.County + "\x1f" + yearText(row.Year)
		g := byKey[key]
		if g == nil {
			label := sel.County
			if label == "" {
				label = sel.City
			}
			if label == "" {
				label = sel.Province
			}
			if label == "" {
				label = "?"
			}
			sel.Year = -1 // unknown
			if row.Year != nil {
				label += " " + strconv.Itoa(*row.Year)
				sel.Year = *row.Year
			}
			g = &govYear{Label: label, Region: sel.Province + sel.City + sel.County, Year: row.Year, Counts: map[string]int64{}}
			g.Links, g.TotalLink = links(sel)
			byKey[key] = g
			out = append(out, g)
		}
		for c, n := range map[string]int64{store.StatusCompleted: row.Completed, store.StatusOnTrack: row.OnTrack, store.StatusBehind: row.Behind, store.StatusNone: row.None} {
			g.Counts[c] += n
		}
		g.Targets += row.Targets
	}
	return out
}

// grouped are the bars of an overview, kept between requests.
type grouped struct {
	rows  []*govYear
	level int
}

type overviewKey struct{ f store.BrowseFilter }

// bars returns the overview's bars for f: one for each government and year,
// or for each city or province and year when there would be more than a
// page can show.
func (s *Server) bars(ctx context.Context, f store.BrowseFilter) (grouped, error) {
	return memoized(ctx, &s.memo, s.st, overviewKey{f}, func() (grouped, error) {
		sum, err := s.summary(ctx, f)
		if err != nil {
			return grouped{}, err
		}
		var g grouped
		for level := levelCounty; level >= levelProvince; level-- {
			g.rows, g.level = groupSummary(sum, level, f.Kind, classLinks), level
			if len(g.rows) <= maxBars {
				break
			}
		}
		return g, nil
	})
}

// classLinks returns the links of each status class to the targets g
// selects, and the link to all of them.
func classLinks(g store.BrowseFilter) (map[string]string, string) {
	m := map[string]string{}
	for _, c := range classes {
		g.Status = c
		m[c] = "/targets?" + values(g).Encode()
	}
	g.Status = ""
	return m, "/targets?" + values(g).Encode()
}

// classes are the overview's status classes, in the bars' order.
var classes = []string{store.StatusCompleted, store.StatusOnTrack, store.StatusBehind, store.StatusNone}

func (s *Server) overview(w http.ResponseWriter, r *http.Request) {
	f := filter(r.URL.Query())
	f.Status, f.Search, f.Exact = "", "", false
	ctx := r.Context()
	form, err := s.form(ctx, f)
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, err)
		return
	}
	d := overviewData{Form: form, Classes: classes}
	g, err := s.bars(ctx, f)
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, err)
		return
	}
	d.Rows, d.Level = g.rows, g.level
	d.Total = govYear{Counts: map[string]int64{}}
	d.Total.Links, d.Total.TotalLink = classLinks(f)
	bars := make([]stackedBar, len(d.Rows))
	for i, g := range d.Rows {
		for _, c := range classes {
			d.Total.Counts[c] += g.Counts[c]
			bars[i].Segs = append(bars[i].Segs, segment{Class: c, N: g.Counts[c], Href: g.Links[c]})
		}
		d.Total.Targets += g.Targets
		bars[i].Label = g.Label
	}
	d.Chart = stackedBars(bars, translate(lang(r), "overview"))
	s.render(w, r, "overview", http.StatusOK, &page{Title: "overview", Nav: "overview", Data: d})
}

type targetsData struct {
	Form        filterForm
	Rows        []store.ReportRow
	Total       int64
	More        bool // there are more than Total
	N           int
	Next, First string
	Paged       bool
	CSV, XLSX   string
	Sort        string            // the column the rows are sorted by, "-" before it for descending
	SortLinks   map[string]string // for each sortable column, the link that sorts by it
	NoSort      bool              // a sort was asked for but the filter selects too many rows
}

// maxCount is how far the targets page counts the rows of its filter: a
// search over a million rows stops counting there. A filter that selects
// fewer rows may sort them by a column.
const maxCount = 1000

// tablePage is a page of the targets table as a request asks for it.
type tablePage struct {
	f       store.BrowseFilter
	rows    []store.ReportRow
	total   int64
	n       int
	next    url.Values // the parameters of the next page, nil on the last
	sort    string
	noSort  bool
	started bool // not the first page
}

// pageRows reads the page of the targets table a request asks for: in the
// report's order, by key, or sorted by a column when the filter selects
// fewer than maxCount rows.
func (s *Server) pageRows(r *http.Request) (tablePage, error) {
	q := r.URL.Query()
	t := tablePage{f: filter(q), n: defaultPageSize}
	if v, err := strconv.Atoi(q.Get("n")); err == nil && v > 0 {
		t.n = min(v, maxPageSize)
	}
	ctx := r.Context()
	var err error
	if t.total, err = s.st.CountTargets(ctx, t.f, maxCount); err != nil {
		return t, err
	}
	base := values(t.f)
	if t.n != defaultPageSize {
		base.Set("n", strconv.Itoa(t.n))
	}
	if by := q.Get("sort"); by != "" {
		col := strings.TrimPrefix(by, "-")
		if _, ok := store.SortColumns[col]; !ok {
			return t, errBadSort
		}
		if t.total < maxCount {
			p, _ := strconv.Atoi(q.Get("p"))
			p = max(p, 0)
			t.sort, t.started = by, p > 0
			if t.rows, err = s.st.TargetsSorted(ctx, t.f, col, by != col, p*t.n, t.n); err != nil {
				return t, err
			}
			if int64((p+1)*t.n) < t.total {
				t.next = cloneValues(base)
				t.next.Set("sort", by)
				t.next.Set("p", strconv.Itoa(p+1))
			}
			return t, nil
		}
		t.noSort = true
	}
	after, err := decodeKey(q.Get("after"))
	if err != nil {
		return t, err
	}
	t.started = after != nil
	rows, next, err := s.st.TargetsPage(ctx, t.f, after, t.n)
	if err != nil {
		return t, err
	}
	t.rows = rows
	if next != nil {
		t.next = cloneValues(base)
		t.next.Set("after", encodeKey(next))
	}
	return t, nil
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, x := range v {
		out[k] = append([]string(nil), x...)
	}
	return out
}

var (
	errBadRequest = errors.New("bad request")
	errBadSort    = errors.New("no such sort column")
)

// pageStatus is the status of a page whose rows could not be read.
func pageStatus(err error) int {
	if errors.Is(err, errPageKey) || errors.Is(err, errBadSort) {
		return http.StatusBadRequest
	}
	return http.StatusInternalServerError
}

func (s *Server) targets(w http.ResponseWriter, r *http.Request) {
	t, err := s.pageRows(r)
	if err != nil {
		s.fail(w, r, pageStatus(err), err)
		return
	}
	form, err := s.form(r.Context(), t.f)
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, err)
		return
	}
	base := values(t.f)
	if t.n != defaultPageSize {
		base.Set("n", strconv.Itoa(t.n))
	}
	d := targetsData{Form: form, Rows: t.rows, Total: t.total, More: t.total >= maxCount, N: t.n, Paged: t.started,
		Sort: t.sort, NoSort: t.noSort, SortLinks: map[string]string{}}
	first := cloneValues(base)
	if t.sort != "" {
		first.Set("sort", t.sort)
	}
	d.First = "/targets?" + first.Encode()
	if t.next != nil {
		d.Next = "/targets?" + t.next.Encode()
	}
	for col := range store.SortColumns {
		v := cloneValues(base)
		if t.sort == col {
			v.Set("sort", "-"+col)
		} else {
			v.Set("sort", col)
		}
		d.SortLinks[col] = "/targets?" + v.Encode()
	}
	if s.opts.Export != nil {
		d.CSV = "/targets.csv?" + r.URL.RawQuery
		d.XLSX = "/targets.xlsx?" + r.URL.RawQuery
	}
	s.render(w, r, "targets", http.StatusOK, &page{Title: "targets", Nav: "targets", Data: d})
}

// exportColumns are the columns of the targets table, as downloaded.
var exportColumns = []string{"target_id", "province", "city", "county", "year", "kind", "item_no", "name", "metric",
	"target_value", "unit", "completed_value", "rate_pct", "status", "behind", "lead_units", "deadline", "as_of", "source", "report_source"}

// targetsExport downloads the rows the targets table shows for the same
// parameters, through the export command's writers.
func (s *Server) targetsExport(format string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.opts.Export == nil {
			http.NotFound(w, r)
			return
		}
		t, err := s.pageRows(r)
		if err != nil {
			s.fail(w, r, pageStatus(err), err)
			return
		}
		out := make([][]any, len(t.rows))
		for i, x := range t.rows {
			var year any
			if x.Year != nil {
				year = int64(*x.Year)
			}
			behind := int64(0)
			if x.Behind {
				behind = 1
			}
			out[i] = []any{x.TargetID, x.Province, x.City, x.County, year, x.Kind, x.ItemNo, x.Name, x.Metric,
				fval(x.Target), x.Unit, fval(x.Completed), fval(x.RatePct), x.Status, behind, x.LeadUnits, x.Deadline, x.AsOf, x.Source, x.ReportSource}
		}
		switch format {
		case "csv":
			w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		default:
			w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		}
		w.Header().Set("Content-Disposition", `attachment; filename="targets.`+format+`"`)
		if err := s.opts.Export(w, format, "targets", exportColumns, out); err != nil {
			s.opts.Log.Printf("web: export: %v", err)
		}
	}
}

func fval(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

type targetData struct {
	ID        int64
	Fig       store.Figure
	Latest    store.ReportRow
	HasLatest bool
	ReportsOn []store.Link // links from this target to plan targets
	History   []store.Report
	Links     []store.Link
	Done      template.HTML
	Rate      template.HTML
}

func (s *Server) target(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, err)
		return
	}
	ctx := r.Context()
	fig, err := s.st.Figure(ctx, id)
	if errors.Is(err, store.ErrNoTarget) {
		s.fail(w, r, http.StatusNotFound, err)
		return
	}
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, err)
		return
	}
	d := targetData{ID: id, Fig: fig}
	if d.Latest, d.HasLatest, err = s.st.Latest(ctx, id); err != nil {
		s.fail(w, r, http.StatusInternalServerError, err)
		return
	}
	if d.History, err = s.st.History(ctx, id); err != nil {
		s.fail(w, r, http.StatusInternalServerError, err)
		return
	}
	if d.Links, err = s.st.TargetLinks(ctx, id); err != nil {
		s.fail(w, r, http.StatusInternalServerError, err)
		return
	}
	for _, l := range d.Links {
		if l.ProgressTarget != nil && *l.ProgressTarget == id {
			d.ReportsOn = append(d.ReportsOn, l)
		}
	}
	l := lang(r)
	var done, rate []point
	for _, h := range d.History {
		x := h.Figure.AsOf
		if x == "" {
			x = h.Figure.Published
		}
		done = append(done, point{X: x, Y: h.Figure.Completed})
		rate = append(rate, point{X: x, Y: h.Figure.RatePct})
	}
	if len(d.History) > 0 {
		hundred := 100.0
		d.Done = lineChart(done, fig.Value, translate(l, "value"), translate(l, "history_done"), "#1565c0")
		d.Rate = lineChart(rate, &hundred, "", translate(l, "history_rate"), "#2e7d32")
	}
	p := &page{Title: "target", Nav: "targets", Data: d}
	s.render(w, r, "target", http.StatusOK, p)
}

type sourceData struct {
	ID   int64 // the target whose page links here
	Fig  store.Figure
	View sourceView
}

// source shows where one figure came from: the target itself, or ?fig= one
// of the reports in its history.
func (s *Server) source(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, err)
		return
	}
	figID := id
	if v := r.URL.Query().Get("fig"); v != "" {
		if figID, err = strconv.ParseInt(v, 10, 64); err != nil || figID <= 0 {
			s.fail(w, r, http.StatusBadRequest, errBadRequest)
			return
		}
	}
	fig, err := s.st.Figure(r.Context(), figID)
	if errors.Is(err, store.ErrNoTarget) {
		s.fail(w, r, http.StatusNotFound, err)
		return
	}
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, err)
		return
	}
	d := sourceData{ID: id, Fig: fig, View: sourceContext(fig)}
	s.render(w, r, "source", http.StatusOK, &page{Title: "source", Nav: "targets", Data: d})
}

type metricData struct {
	Level   int // as in overviewData
	Metrics []string
	Metric  string
	Unit    string
	Form    filterForm
	Rows    []store.MetricRow
	Chart   template.HTML
}

func (s *Server) metric(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	f := filter(q)
	f.Kind, f.Status, f.Search, f.Exact = "", "", "", false
	metrics, err := s.st.Metrics(ctx)
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, err)
		return
	}
	d := metricData{Metrics: metrics, Metric: clip(q.Get("m")), Level: levelCounty}
	if d.Form, err = s.form(ctx, f); err != nil {
		s.fail(w, r, http.StatusInternalServerError, err)
		return
	}
	if d.Metric != "" {
		if d.Rows, err = s.metricRows(ctx, d.Metric, f); err != nil {
			s.fail(w, r, http.StatusInternalServerError, err)
			return
		}
		for level := levelCity; level >= levelProvince && len(d.Rows) > maxBars; level-- {
			d.Rows, d.Level = groupMetric(d.Rows, level), level
		}
		var bars []pairBar
		for _, m := range d.Rows {
			d.Unit = m.Unit
			label := m.County
			if label == "" {
				label = m.City
			}
			if label == "" {
				label = m.Province
			}
			if m.Year != nil {
				label += " " + strconv.Itoa(*m.Year)
			}
			sel := store.BrowseFilter{Province: m.Province, City: m.City, County: m.County, Search: d.Metric, Exact: d.Level == levelCounty, Year: -1}
			if m.Year != nil {
				sel.Year = *m.Year
			}
			bars = append(bars, pairBar{Label: label, Target: m.Target, Completed: m.Completed, Href: "/targets?" + values(sel).Encode()})
		}
		d.Chart = pairedBars(bars, d.Unit, d.Metric)
	}
	s.render(w, r, "metric", http.StatusOK, &page{Title: "metric", Nav: "metric", Data: d})
}

// groupMetric adds up rows by city (or province) and year.
func groupMetric(rows []store.MetricRow, level int) []store.MetricRow {
	var out []store.MetricRow
	at := map[string]int{}
	add := func(a, b *float64) *float64 {
		if b == nil {
			return a
		}
		v := *b
		if a != nil {
			v += *a
		}
		return &v
	}
	for _, r := range rows {
		r.County = ""
		if level == levelProvince {
			r.City = ""
		}
		key := r.Province + "\x1f" + r.City + "\x1f" + yearText(r.Year)
		i, ok := at[key]
		if !ok {
			at[key] = len(out)
			out = append(out, r)
			continue
		}
		g := &out[i]
		g.Targets += r.Targets
		g.Target, g.Completed = add(g.Target, r.Target), add(g.Completed, r.Completed)
		g.AsOf = max(g.AsOf, r.AsOf)
	}
	return out
}

type documentsData struct {
	Docs     []store.DocumentRow
	Next     string // the next page of documents
	Failures []store.Failure
}

// listLimit caps the documents and failures listed on a page.
const listLimit = 200

func (s *Server) documents(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	before, err := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	if err != nil && r.URL.Query().Get("before") != "" {
		s.fail(w, r, http.StatusBadRequest, errBadRequest)
		return
	}
	var d documentsData
	docs, err := s.st.Documents(ctx, before, listLimit+1)
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, err)
		return
	}
	if len(docs) > listLimit {
		docs = docs[:listLimit]
		d.Next = "/documents?before=" + strconv.FormatInt(docs[listLimit-1].ID, 10)
	}
	d.Docs = docs
	if before <= 0 { // the failures go with the first page
		if d.Failures, err = s.st.Failures(ctx, listLimit); err != nil {
			s.fail(w, r, http.StatusInternalServerError, err)
			return
		}
	}
	s.render(w, r, "documents", http.StatusOK, &page{Title: "documents", Nav: "documents", Data: d})
}

// maxDocumentTargets caps the targets listed on a document's page.
const maxDocumentTargets = 2000

type documentData struct {
	Doc  store.DocumentRow
	Rows []store.ReportRow
}

func (s *Server) document(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, err)
		return
	}
	ctx := r.Context()
	doc, err := s.st.Document(ctx, id)
	if errors.Is(err, store.ErrNoDocument) {
		s.fail(w, r, http.StatusNotFound, err)
		return
	}
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, err)
		return
	}
	rows, err := s.st.DocumentTargets(ctx, id, maxDocumentTargets)
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, err)
		return
	}
	s.render(w, r, "document", http.StatusOK, &page{Title: "document", Nav: "documents", Data: documentData{Doc: doc, Rows: rows}})
}
