package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"strings"
)

// The queries of this file serve readers that page through the store rather
// than print all of it (minsheng serve): completion counts, one page of
// target_latest at a time, one target with its history, links and
// provenance, documents and failures. They read the same views as Report and
// the analyst views, and take every filter as a bound parameter.

// BrowseFilter selects rows of target_latest. Regions are matched exactly;
// zero values select everything.
type BrowseFilter struct {
	Province, City, County string
	Year                   int    // 0 for any year, -1 for targets whose year is unknown
	Kind                   string // livelihood, key_work, other
	// Status is one of the overview's classes: completed, on_track,
	// behind or none (no report); "" for all.
	Status string
	// Search is a text the target's item name or metric contains.
	Search string
	// Exact makes an empty Province, City or County select the rows that
	// have none, so that a government's row of Summary selects its own
	// targets and not those of the counties under it.
	Exact bool
}

// Status classes of BrowseFilter and SummaryRow, in the overview's order.
const (
	StatusCompleted = "completed"
	StatusOnTrack   = "on_track"
	StatusBehind    = "behind"
	StatusNone      = "none"
)

// where returns the conditions of f on target_latest and their arguments.
func (f BrowseFilter) where() (string, []any) {
	conds := []string{"1 = 1"}
	var args []any
	for _, c := range []struct{ col, v string }{{"province", f.Province}, {"city", f.City}, {"county", f.County}, {"kind", f.Kind}} {
		switch {
		case c.v != "":
			conds = append(conds, c.col+" = ?")
			args = append(args, c.v)
		case f.Exact && c.col != "kind":
			conds = append(conds, "COALESCE("+c.col+", '') = ''")
		}
	}
	switch {
	case f.Year < 0:
		conds = append(conds, "year IS NULL")
	case f.Year > 0:
		conds, args = append(conds, "year = ?"), append(args, f.Year)
	}
	switch f.Status {
	case StatusCompleted:
		conds = append(conds, "(status = 'completed' OR (status IS NULL AND rate_pct >= 100))")
	case StatusBehind:
		conds = append(conds, "behind = 1")
	case StatusNone:
		conds = append(conds, "report_target_id IS NULL")
	case StatusOnTrack:
		conds = append(conds, "report_target_id IS NOT NULL AND behind = 0 AND COALESCE(status, '') <> 'completed' AND (status IS NOT NULL OR COALESCE(rate_pct, 0) < 100)")
	}
	if f.Search != "" {
		like := "%" + likeEscaper.Replace(f.Search) + "%"
		conds = append(conds, "(name LIKE ? ESCAPE '!' OR metric LIKE ? ESCAPE '!')")
		args = append(args, like, like)
	}
	return strings.Join(conds, " AND "), args
}

// SummaryRow is one government, year and kind of completion_summary, with
// the targets split into the overview's classes: Completed + OnTrack +
// Behind + None = Targets.
type SummaryRow struct {
	Province, City, County string
	Year                   *int
	Kind                   string
	Targets                int64
	Completed              int64
	OnTrack                int64
	Behind                 int64
	None                   int64 // no report reaches them
}

// Summary returns the rows of completion_summary that f selects (its Status
// and Search are ignored), by region, year and kind.
func (s *Store) Summary(ctx context.Context, f BrowseFilter) ([]SummaryRow, error) {
	f.Status, f.Search = "", ""
	cond, args := f.where()
	rs, err := s.ro.QueryContext(ctx, s.dialect.rebind(`SELECT COALESCE(province, ''), COALESCE(city, ''), COALESCE(county, ''), year, kind,
		targets, reported, completed, behind FROM completion_summary WHERE `+cond+`
		ORDER BY COALESCE(province, ''), COALESCE(city, ''), COALESCE(county, ''), year, kind`), args...)
	if err != nil {
		return nil, fmt.Errorf("store: summary: %w", err)
	}
	defer rs.Close()
	var out []SummaryRow
	for rs.Next() {
		var (
			r        SummaryRow
			year     sql.NullInt64
			reported int64
		)
		if err := rs.Scan(&r.Province, &r.City, &r.County, &year, &r.Kind, &r.Targets, &reported, &r.Completed, &r.Behind); err != nil {
			return nil, fmt.Errorf("store: summary: %w", err)
		}
		if year.Valid {
			y := int(year.Int64)
			r.Year = &y
		}
		r.None = r.Targets - reported
		r.OnTrack = reported - r.Completed - r.Behind
		out = append(out, r)
	}
	if err := rs.Err(); err != nil {
		return nil, fmt.Errorf("store: summary: %w", err)
	}
	return out, nil
}

// Region is one government: a province, a city and a county, any of them "".
type Region struct{ Province, City, County string }

// Regions returns the governments of the stored documents and of their
// items, and the years they are for, in order.
func (s *Store) Regions(ctx context.Context) ([]Region, []int, error) {
	rs, err := s.ro.QueryContext(ctx, `SELECT COALESCE(province, ''), COALESCE(city, ''), COALESCE(county, '') FROM documents
		UNION SELECT COALESCE(province, ''), COALESCE(city, ''), COALESCE(county, '') FROM item_regions
		ORDER BY 1, 2, 3`)
	if err != nil {
		return nil, nil, fmt.Errorf("store: regions: %w", err)
	}
	defer rs.Close()
	var regions []Region
	for rs.Next() {
		var r Region
		if err := rs.Scan(&r.Province, &r.City, &r.County); err != nil {
			return nil, nil, fmt.Errorf("store: regions: %w", err)
		}
		regions = append(regions, r)
	}
	if err := rs.Err(); err != nil {
		return nil, nil, fmt.Errorf("store: regions: %w", err)
	}
	yrs, err := s.ro.QueryContext(ctx, `SELECT DISTINCT year FROM documents WHERE year IS NOT NULL ORDER BY year`)
	if err != nil {
		return nil, nil, fmt.Errorf("store: years: %w", err)
	}
	defer yrs.Close()
	var years []int
	for yrs.Next() {
		var y int
		if err := yrs.Scan(&y); err != nil {
			return nil, nil, fmt.Errorf("store: years: %w", err)
		}
		years = append(years, y)
	}
	return regions, years, yrs.Err()
}

// PageKey is where a page of TargetsPage starts: the sort key of the last
// row of the page before. A nil *PageKey starts at the first row.
type PageKey struct {
	Behind     bool
	DocumentID int64
	TargetID   int64
}

// TargetsPage returns up to limit rows of target_latest that f selects,
// starting after key (nil for the first page), and the key of the next page,
// nil when there is none. Targets behind schedule come first, as in Report;
// within each part the rows are in the order they were stored, document by
// document, which the index of latest_reports on document_id (and the target
// id it ends with) serves: a page costs about the same wherever it is, at a
// million rows as at a hundred.
func (s *Store) TargetsPage(ctx context.Context, f BrowseFilter, after *PageKey, limit int) ([]ReportRow, *PageKey, error) {
	var out []pageRow
	for _, behind := range []bool{true, false} {
		if after != nil && after.Behind != behind && behind {
			continue // the page starts among the targets that are not behind
		}
		if f.Status != "" && (f.Status == StatusBehind) != behind {
			continue // a status class is all behind or all not
		}
		cond, args := f.where()
		if behind {
			cond += ` AND behind = 1`
		} else {
			cond += ` AND behind = 0`
		}
		if after != nil && after.Behind == behind {
			cond += ` AND (document_id > ? OR (document_id = ? AND target_id > ?))`
			args = append(args, after.DocumentID, after.DocumentID, after.TargetID)
		}
		q := `SELECT target_id, province, city, county, year, kind, item_no, name, metric, unit,
			target_value, completed_value, rate_pct, status, as_of, lead_units, source, doc_kind,
			deadline, deadline_raw, behind, report_source, document_id
			FROM target_latest WHERE ` + cond + ` ORDER BY document_id, target_id LIMIT ?`
		args = append(args, limit+1-len(out))
		page, err := s.pageQuery(ctx, q, args)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, page...)
		if len(out) > limit {
			break
		}
	}
	if len(out) <= limit {
		return reportRows(out), nil, nil
	}
	out = out[:limit]
	last := out[limit-1]
	return reportRows(out), &PageKey{Behind: last.Behind, DocumentID: last.documentID, TargetID: last.TargetID}, nil
}

// pageRow is a row of TargetsPage with its document, for the page key.
type pageRow struct {
	ReportRow
	documentID int64
}

func reportRows(p []pageRow) []ReportRow {
	out := make([]ReportRow, len(p))
	for i := range p {
		out[i] = p[i].ReportRow
	}
	return out
}

func (s *Store) pageQuery(ctx context.Context, q string, args []any) ([]pageRow, error) {
	rs, err := s.ro.QueryContext(ctx, s.dialect.rebind(q), args...)
	if err != nil {
		return nil, fmt.Errorf("store: targets: %w", err)
	}
	defer rs.Close()
	var out []pageRow
	for rs.Next() {
		var r pageRow
		r.ReportRow, err = scanReportRow(rs, &r.documentID)
		if err != nil {
			return nil, fmt.Errorf("store: targets: %w", err)
		}
		out = append(out, r)
	}
	if err := rs.Err(); err != nil {
		return nil, fmt.Errorf("store: targets: %w", err)
	}
	return out, nil
}

// SortColumns are the columns TargetsSorted sorts by.
var SortColumns = map[string]string{
	"value":     "target_value",
	"completed": "completed_value",
	"rate":      "rate_pct",
	"deadline":  "COALESCE(deadline, deadline_raw)",
	"as_of":     "as_of",
}

// TargetsSorted returns up to limit rows of target_latest that f selects,
// sorted by one of SortColumns (values unknown last, then by target id),
// skipping offset rows. Unlike TargetsPage it sorts every row f selects:
// keep it for filters that select few.
func (s *Store) TargetsSorted(ctx context.Context, f BrowseFilter, by string, desc bool, offset, limit int) ([]ReportRow, error) {
	col, ok := SortColumns[by]
	if !ok {
		return nil, fmt.Errorf("store: targets: no sort column %q", by)
	}
	dir := "ASC"
	if desc {
		dir = "DESC"
	}
	cond, args := f.where()
	q := `SELECT target_id, province, city, county, year, kind, item_no, name, metric, unit,
		target_value, completed_value, rate_pct, status, as_of, lead_units, source, doc_kind,
		deadline, deadline_raw, behind, report_source, document_id
		FROM target_latest WHERE ` + cond + `
		ORDER BY CASE WHEN ` + col + ` IS NULL THEN 1 ELSE 0 END, ` + col + ` ` + dir + `, target_id LIMIT ? OFFSET ?`
	rows, err := s.pageQuery(ctx, q, append(args, limit, offset))
	if err != nil {
		return nil, err
	}
	return reportRows(rows), nil
}

// CountTargets returns how many rows of target_latest f selects, counting
// no further than max (0 for no limit): a count that reaches max is max.
func (s *Store) CountTargets(ctx context.Context, f BrowseFilter, max int) (int64, error) {
	cond, args := f.where()
	q := `SELECT COUNT(*) FROM target_latest WHERE ` + cond
	if max > 0 {
		q = `SELECT COUNT(*) FROM (SELECT 1 FROM target_latest WHERE ` + cond + ` LIMIT ?) x`
		args = append(args, max)
	}
	var n int64
	if err := s.ro.QueryRowContext(ctx, s.dialect.rebind(q), args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count targets: %w", err)
	}
	return n, nil
}

// scanReportRow reads a row of the columns of Report, and extra columns
// after them into extra.
func scanReportRow(rs interface{ Scan(...any) error }, extra ...any) (ReportRow, error) {
	var (
		r                                                    ReportRow
		province, city, county, itemNo, metric, unit, status sql.NullString
		asOf, lead, deadline, deadlineRaw, reportSource      sql.NullString
		year                                                 sql.NullInt64
		target, completed, rate                              sql.NullFloat64
		behind                                               int64
	)
	err := rs.Scan(append([]any{&r.TargetID, &province, &city, &county, &year, &r.Kind, &itemNo, &r.Name, &metric, &unit,
		&target, &completed, &rate, &status, &asOf, &lead, &r.Source, &r.DocKind,
		&deadline, &deadlineRaw, &behind, &reportSource}, extra...)...)
	if err != nil {
		return r, err
	}
	r.Province, r.City, r.County = province.String, city.String, county.String
	r.Region = r.Province + r.City + r.County
	if year.Valid {
		y := int(year.Int64)
		r.Year = &y
	}
	r.ItemNo, r.Metric, r.Unit, r.Status, r.AsOf = itemNo.String, metric.String, unit.String, status.String, asOf.String
	r.Target, r.Completed, r.RatePct = floatPtr(target), floatPtr(completed), floatPtr(rate)
	r.LeadUnits = joinUnits(lead.String)
	r.Deadline = deadline.String
	if r.Deadline == "" {
		r.Deadline = deadlineRaw.String
	}
	r.Behind = behind != 0
	r.ReportSource = reportSource.String
	return r, nil
}

// Figure is one target record as stored, with where it came from.
type Figure struct {
	TargetID   int64
	DocumentID int64
	Section    string
	ItemNo     string
	Name       string
	Metric     string
	TargetRaw  string
	Value      *float64
	Unit       string
	// The document.
	Title, DocNo, Source, Published, DocKind, SHA256, Format string
	// Where in the document: from 1, 0 when unknown.
	Page, Table, Row, Col, Line int
	// The progress the document reports, "" and nil when none.
	ProgressRaw, AsOfRaw, AsOf, Status string
	Completed, RatePct                 *float64
}

// Figure returns one target record with its document and provenance;
// ErrNoTarget when there is none with that id.
func (s *Store) Figure(ctx context.Context, id int64) (Figure, error) {
	figs, err := s.figures(ctx, []int64{id})
	if err != nil {
		return Figure{}, err
	}
	if len(figs) == 0 {
		return Figure{}, fmt.Errorf("%w: %d", ErrNoTarget, id)
	}
	return figs[0], nil
}

// ErrNoTarget is returned for a target id that no target has.
var ErrNoTarget = errors.New("store: no such target")

func (s *Store) figures(ctx context.Context, ids []int64) ([]Figure, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	in, args := idList(ids)
	rs, err := s.ro.QueryContext(ctx, s.dialect.rebind(`SELECT t.id, t.document_id, COALESCE(i.section, ''), COALESCE(i.item_no, ''), i.name,
			COALESCE(t.metric, ''), COALESCE(t.raw, ''), t.value, COALESCE(t.unit, ''),
			COALESCE(d.title, ''), COALESCE(d.doc_no, ''), d.source, COALESCE(d.published, ''), d.kind, d.sha256, COALESCE(d.format, ''),
			COALESCE(t.prov_page, 0), COALESCE(t.prov_table, 0), COALESCE(t.prov_row, 0), COALESCE(t.prov_col, 0), COALESCE(t.prov_line, 0),
			COALESCE(p.raw, ''), COALESCE(p.as_of_raw, ''), COALESCE(p.as_of, ''), COALESCE(p.status, ''), p.completed_value, p.rate_pct
		FROM targets t
		JOIN items i ON i.id = t.item_id
		JOIN documents d ON d.id = t.document_id
		LEFT JOIN progress p ON p.target_id = t.id
		WHERE t.id IN (`+in+`) ORDER BY t.id`), args...)
	if err != nil {
		return nil, fmt.Errorf("store: target: %w", err)
	}
	defer rs.Close()
	var out []Figure
	for rs.Next() {
		var (
			f                   Figure
			value, done, rate   sql.NullFloat64
			page, tbl, row, col sql.NullInt64
			line                sql.NullInt64
		)
		if err := rs.Scan(&f.TargetID, &f.DocumentID, &f.Section, &f.ItemNo, &f.Name, &f.Metric, &f.TargetRaw, &value, &f.Unit,
			&f.Title, &f.DocNo, &f.Source, &f.Published, &f.DocKind, &f.SHA256, &f.Format,
			&page, &tbl, &row, &col, &line,
			&f.ProgressRaw, &f.AsOfRaw, &f.AsOf, &f.Status, &done, &rate); err != nil {
			return nil, fmt.Errorf("store: target: %w", err)
		}
		f.Value, f.Completed, f.RatePct = floatPtr(value), floatPtr(done), floatPtr(rate)
		f.Page, f.Table, f.Row, f.Col, f.Line = int(page.Int64), int(tbl.Int64), int(row.Int64), int(col.Int64), int(line.Int64)
		out = append(out, f)
	}
	return out, rs.Err()
}

// Latest returns the target_latest row of a target; ok is false when the
// target has none (it is a bulletin's report on another target).
func (s *Store) Latest(ctx context.Context, id int64) (r ReportRow, ok bool, err error) {
	row := s.ro.QueryRowContext(ctx, s.dialect.rebind(`SELECT target_id, province, city, county, year, kind, item_no, name, metric, unit,
		target_value, completed_value, rate_pct, status, as_of, lead_units, source, doc_kind,
		deadline, deadline_raw, behind, report_source
		FROM target_latest WHERE target_id = ?`), id)
	r, err = scanReportRow(row)
	if errors.Is(err, sql.ErrNoRows) {
		return r, false, nil
	}
	if err != nil {
		return r, false, fmt.Errorf("store: target %d: %w", id, err)
	}
	return r, true, nil
}

// Report is one report on a target, from target_history, with the figure
// that reports it.
type Report struct {
	LinkID *int64 // nil for the target's own progress
	Figure Figure // the reporting target and its progress
}

// History returns the reports on a target (target_history), oldest first,
// each with its figure's document and provenance.
func (s *Store) History(ctx context.Context, id int64) ([]Report, error) {
	rs, err := s.ro.QueryContext(ctx, s.dialect.rebind(`SELECT report_target_id, link_id FROM target_history
		WHERE target_id = ? ORDER BY COALESCE(as_of, report_published), report_target_id`), id)
	if err != nil {
		return nil, fmt.Errorf("store: history: %w", err)
	}
	var (
		ids   []int64
		links []*int64
	)
	for rs.Next() {
		var (
			rid  int64
			link sql.NullInt64
		)
		if err := rs.Scan(&rid, &link); err != nil {
			rs.Close()
			return nil, fmt.Errorf("store: history: %w", err)
		}
		ids = append(ids, rid)
		if link.Valid {
			links = append(links, &link.Int64)
		} else {
			links = append(links, nil)
		}
	}
	rs.Close()
	if err := rs.Err(); err != nil {
		return nil, fmt.Errorf("store: history: %w", err)
	}
	figs, err := s.figures(ctx, ids)
	if err != nil {
		return nil, err
	}
	byID := map[int64]Figure{}
	for _, f := range figs {
		byID[f.TargetID] = f
	}
	out := make([]Report, 0, len(ids))
	for i, rid := range ids {
		if f, ok := byID[rid]; ok {
			out = append(out, Report{LinkID: links[i], Figure: f})
		}
	}
	return out, nil
}

// TargetLinks returns the links from or to a target, best first.
func (s *Store) TargetLinks(ctx context.Context, id int64) ([]Link, error) {
	all, err := s.linksWhere(ctx, `l.plan_target_id = ? OR l.progress_target_id = ?`, id, id)
	if err != nil {
		return nil, err
	}
	return all, nil
}

func (s *Store) linksWhere(ctx context.Context, cond string, args ...any) ([]Link, error) {
	return s.queryLinks(ctx, cond, "l.confidence DESC, l.id", args...)
}

// MetricRow is one government and year of metric_comparison.
type MetricRow struct {
	Metric, Unit           string
	Province, City, County string
	Year                   *int
	Targets                int64
	Target, Completed      *float64
	AsOf                   string
}

// Metrics returns the metrics of metric_names, in order.
func (s *Store) Metrics(ctx context.Context) ([]string, error) {
	rs, err := s.ro.QueryContext(ctx, `SELECT DISTINCT metric FROM metric_names ORDER BY metric`)
	if err != nil {
		return nil, fmt.Errorf("store: metrics: %w", err)
	}
	defer rs.Close()
	var out []string
	for rs.Next() {
		var m string
		if err := rs.Scan(&m); err != nil {
			return nil, fmt.Errorf("store: metrics: %w", err)
		}
		out = append(out, m)
	}
	return out, rs.Err()
}

// MetricComparison returns the rows of metric_comparison for one metric
// that f's region and year select, by year and region.
func (s *Store) MetricComparison(ctx context.Context, metric string, f BrowseFilter) ([]MetricRow, error) {
	g := BrowseFilter{Province: f.Province, City: f.City, County: f.County, Year: f.Year}
	cond, args := g.where()
	rs, err := s.ro.QueryContext(ctx, s.dialect.rebind(`SELECT metric, unit, COALESCE(province, ''), COALESCE(city, ''), COALESCE(county, ''),
		year, targets, target_value, completed_value, COALESCE(as_of, '')
		FROM metric_comparison WHERE metric = ? AND `+cond+`
		ORDER BY year, COALESCE(province, ''), COALESCE(city, ''), COALESCE(county, '')`), append([]any{metric}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("store: metric: %w", err)
	}
	defer rs.Close()
	var out []MetricRow
	for rs.Next() {
		var (
			r            MetricRow
			year         sql.NullInt64
			target, done sql.NullFloat64
		)
		if err := rs.Scan(&r.Metric, &r.Unit, &r.Province, &r.City, &r.County, &year, &r.Targets, &target, &done, &r.AsOf); err != nil {
			return nil, fmt.Errorf("store: metric: %w", err)
		}
		if year.Valid {
			y := int(year.Int64)
			r.Year = &y
		}
		r.Target, r.Completed = floatPtr(target), floatPtr(done)
		out = append(out, r)
	}
	return out, rs.Err()
}

// DocumentRow is one stored document.
type DocumentRow struct {
	ID                                         int64
	Source, Title, DocNo, Published, Kind      string
	Province, City, County, Format, IngestedAt string
	Year                                       *int
	Records                                    int64
}

const documentColumns = `id, source, COALESCE(title, ''), COALESCE(doc_no, ''), COALESCE(published, ''), kind,
	COALESCE(province, ''), COALESCE(city, ''), COALESCE(county, ''), COALESCE(format, ''), COALESCE(ingested_at, ''), year, record_count`

func scanDocument(rs interface{ Scan(...any) error }) (DocumentRow, error) {
	var (
		d    DocumentRow
		year sql.NullInt64
	)
	if err := rs.Scan(&d.ID, &d.Source, &d.Title, &d.DocNo, &d.Published, &d.Kind, &d.Province, &d.City, &d.County,
		&d.Format, &d.IngestedAt, &year, &d.Records); err != nil {
		return d, err
	}
	if year.Valid {
		y := int(year.Int64)
		d.Year = &y
	}
	return d, nil
}

// Documents returns the stored documents, the latest stored first, at most
// limit of them, starting after the document before (0 to start with the
// latest).
func (s *Store) Documents(ctx context.Context, before int64, limit int) ([]DocumentRow, error) {
	if before <= 0 {
		before = math.MaxInt64
	}
	rs, err := s.ro.QueryContext(ctx, s.dialect.rebind(`SELECT `+documentColumns+`
		FROM documents WHERE id < ? ORDER BY id DESC LIMIT ?`), before, limit)
	if err != nil {
		return nil, fmt.Errorf("store: documents: %w", err)
	}
	defer rs.Close()
	var out []DocumentRow
	for rs.Next() {
		d, err := scanDocument(rs)
		if err != nil {
			return nil, fmt.Errorf("store: documents: %w", err)
		}
		out = append(out, d)
	}
	return out, rs.Err()
}

// ErrNoDocument is returned for a document id that no document has.
var ErrNoDocument = errors.New("store: no such document")

// Document returns one stored document.
func (s *Store) Document(ctx context.Context, id int64) (DocumentRow, error) {
	d, err := scanDocument(s.ro.QueryRowContext(ctx, s.dialect.rebind(`SELECT `+documentColumns+` FROM documents WHERE id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return d, fmt.Errorf("%w: %d", ErrNoDocument, id)
	}
	if err != nil {
		return d, fmt.Errorf("store: document %d: %w", id, err)
	}
	return d, nil
}

// DocumentTargets returns up to limit targets of one document, in the order
// it lists them, with the progress the document itself reports
// (target_progress).
func (s *Store) DocumentTargets(ctx context.Context, docID int64, limit int) ([]ReportRow, error) {
	rs, err := s.ro.QueryContext(ctx, s.dialect.rebind(`SELECT target_id, province, city, county, year, kind, item_no, name, metric, unit,
		target_value, completed_value, rate_pct, status, as_of, lead_units, source, doc_kind,
		deadline, deadline_raw, behind, CASE WHEN progress_raw IS NULL AND as_of IS NULL AND completed_value IS NULL AND rate_pct IS NULL AND status IS NULL THEN NULL ELSE source END
		FROM target_progress WHERE document_id = ? ORDER BY seq LIMIT ?`), docID, limit)
	if err != nil {
		return nil, fmt.Errorf("store: document targets: %w", err)
	}
	defer rs.Close()
	var out []ReportRow
	for rs.Next() {
		r, err := scanReportRow(rs)
		if err != nil {
			return nil, fmt.Errorf("store: document targets: %w", err)
		}
		out = append(out, r)
	}
	return out, rs.Err()
}

// Generation returns a text that changes whenever a document is stored,
// replaced or deleted: readers that keep what they computed from the store
// compare it to tell whether to compute again. A decision on a link does not
// change it.
func (s *Store) Generation(ctx context.Context) (string, error) {
	var (
		n, maxID int64
		last     string
	)
	err := s.ro.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(MAX(id), 0), COALESCE(MAX(ingested_at), '') FROM documents`).Scan(&n, &maxID, &last)
	if err != nil {
		return "", fmt.Errorf("store: generation: %w", err)
	}
	return fmt.Sprintf("%d/%d/%s", n, maxID, last), nil
}

// Failure is one row of ingest_failures.
type Failure struct{ Source, SHA256, Error, FailedAt string }

// Failures returns the documents that could not be read, the latest first.
func (s *Store) Failures(ctx context.Context, limit int) ([]Failure, error) {
	rs, err := s.ro.QueryContext(ctx, s.dialect.rebind(`SELECT source, COALESCE(sha256, ''), error, failed_at
		FROM ingest_failures ORDER BY failed_at DESC, source LIMIT ?`), limit)
	if err != nil {
		return nil, fmt.Errorf("store: failures: %w", err)
	}
	defer rs.Close()
	var out []Failure
	for rs.Next() {
		var f Failure
		if err := rs.Scan(&f.Source, &f.SHA256, &f.Error, &f.FailedAt); err != nil {
			return nil, fmt.Errorf("store: failures: %w", err)
		}
		out = append(out, f)
	}
	return out, rs.Err()
}
