package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Query runs one read-only SQL statement with args bound to its ? placeholders
// and returns the column names and rows. Values are int64, float64, string or
// nil (a BLOB comes back as a string). The statement runs on a read-only
// connection, so any attempt to write, even on a store opened with Open, fails
// with an error and changes nothing: on SQLite the connection is opened
// read-only and an authorizer denies writes; on PostgreSQL the statement runs
// in a READ ONLY transaction that is rolled back, on a session whose
// transactions default to read-only. Given several statements, SQLite runs
// them and returns the rows of the last, provided all only read; PostgreSQL
// refuses them.
func (s *Store) Query(ctx context.Context, query string, args ...any) (cols []string, rows [][]any, err error) {
	cts, rows, err := s.QueryTyped(ctx, query, args...)
	for _, c := range cts {
		cols = append(cols, c.Name)
	}
	return cols, rows, err
}

// Column is a column of a query's result.
type Column struct {
	Name string
	// Kind is what the column's declared type holds, whatever its values:
	// KindInt, KindFloat or KindText; KindUnknown for a column computed by
	// an expression, whose type SQLite does not declare.
	Kind ColumnKind
}

// ColumnKind is what a column's declared type holds.
type ColumnKind int

// Kinds of columns.
const (
	KindUnknown ColumnKind = iota
	KindInt
	KindFloat
	KindText
)

// columnKind reads a declared type name, of either engine.
func columnKind(decl string) ColumnKind {
	d := strings.ToUpper(decl)
	switch {
	case d == "":
		return KindUnknown
	case strings.Contains(d, "INT"), d == "BOOL", d == "BOOLEAN":
		return KindInt
	case strings.Contains(d, "REAL"), strings.Contains(d, "FLOA"), strings.Contains(d, "DOUB"), d == "NUMERIC", strings.HasPrefix(d, "DECIMAL"):
		return KindFloat
	}
	return KindText
}

// QueryTyped is Query, with each column's declared type.
func (s *Store) QueryTyped(ctx context.Context, query string, args ...any) (cols []Column, rows [][]any, err error) {
	var q querier = s.ro
	if s.dialect == postgresDialect {
		tx, err := s.ro.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
		if err != nil {
			return nil, nil, fmt.Errorf("store: query: %w", err)
		}
		defer tx.Rollback() // never Commit: whatever the statement did is undone
		q = tx
	}
	rs, err := q.QueryContext(ctx, s.dialect.rebind(query), args...)
	if err != nil {
		return nil, nil, fmt.Errorf("store: query: %w", err)
	}
	defer rs.Close()
	names, err := rs.Columns()
	if err != nil {
		return nil, nil, fmt.Errorf("store: query: %w", err)
	}
	cols = make([]Column, len(names))
	numeric := make([]bool, len(names))
	types, _ := rs.ColumnTypes()
	for i, n := range names {
		cols[i].Name = n
		if i < len(types) {
			decl := types[i].DatabaseTypeName()
			cols[i].Kind = columnKind(decl)
			numeric[i] = strings.EqualFold(decl, "NUMERIC")
		}
	}
	for rs.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rs.Scan(ptrs...); err != nil {
			return nil, nil, fmt.Errorf("store: query: %w", err)
		}
		for i, v := range vals {
			vals[i] = plainValue(v)
			if str, ok := vals[i].(string); ok && numeric[i] {
				vals[i] = numericValue(str)
			}
		}
		rows = append(rows, vals)
	}
	if err := rs.Err(); err != nil {
		return nil, nil, fmt.Errorf("store: query: %w", err)
	}
	return cols, rows, nil
}

// numericValue reads a PostgreSQL NUMERIC given as text: an int64 when it is
// a whole number that fits, else a float64; text that is neither stays text.
func numericValue(s string) any {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return f
	}
	return s
}

// plainValue maps a driver value to int64, float64, string or nil.
func plainValue(v any) any {
	switch x := v.(type) {
	case nil, int64, float64, string:
		return x
	case []byte:
		return string(x)
	case bool:
		if x {
			return int64(1)
		}
		return int64(0)
	case int:
		return int64(x)
	case int32:
		return int64(x)
	case float32:
		return float64(x)
	case time.Time:
		return x.Format(time.RFC3339Nano)
	}
	return fmt.Sprint(v)
}

// Counts returns the row counts of the documents, items, targets and progress
// tables.
func (s *Store) Counts(ctx context.Context) (map[string]int64, error) {
	m := map[string]int64{}
	for _, t := range []string{"documents", "items", "targets", "progress"} {
		var n int64
		if err := s.ro.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+t).Scan(&n); err != nil {
			return nil, fmt.Errorf("store: count %s: %w", t, err)
		}
		m[t] = n
	}
	return m, nil
}

// Report returns the targets of the target_latest view that f selects, with
// their latest reported completion, from their own document or from a later
// one linked to them: behind-schedule targets first, then by region
// (province, city, county), year (unknown last), item number in natural order
// ("2" before "10", "3.1" before "3.2", "二" before "十"), and, among equals,
// by item kind, source and position in the document.
func (s *Store) Report(ctx context.Context, f ReportFilter) ([]ReportRow, error) {
	q := `SELECT target_id, province, city, county, year, kind, item_no, name, metric, unit,
		target_value, completed_value, rate_pct, status, as_of, lead_units, source, doc_kind,
		deadline, deadline_raw, behind, report_source, seq
		FROM target_latest WHERE 1 = 1`
	var args []any
	if f.Region != "" {
		cond, condArgs, err := s.regionCondition(ctx, f.Region, f.Year)
		if err != nil {
			return nil, fmt.Errorf("store: report: %w", err)
		}
		if cond == "" {
			return nil, nil // no region has that name
		}
		q += ` AND (` + cond + `)`
		args = append(args, condArgs...)
	}
	if f.Year != 0 {
		q += ` AND year = ?`
		args = append(args, f.Year)
	}
	if f.Kind != "" {
		q += ` AND kind = ?`
		args = append(args, f.Kind)
	}
	if f.Behind {
		q += ` AND behind = 1`
	}
	rs, err := s.ro.QueryContext(ctx, s.dialect.rebind(q), args...)
	if err != nil {
		return nil, fmt.Errorf("store: report: %w", err)
	}
	defer rs.Close()
	type row struct {
		ReportRow
		seq int64
	}
	var out []row
	for rs.Next() {
		var r row
		var err error
		if r.ReportRow, err = scanReportRow(rs, &r.seq); err != nil {
			return nil, fmt.Errorf("store: report: %w", err)
		}
		out = append(out, r)
	}
	if err := rs.Err(); err != nil {
		return nil, fmt.Errorf("store: report: %w", err)
	}
	slices.SortStableFunc(out, func(a, b row) int {
		if a.Behind != b.Behind {
			if a.Behind {
				return -1
			}
			return 1
		}
		if c := cmp.Or(
			cmp.Compare(a.Province, b.Province),
			cmp.Compare(a.City, b.City),
			cmp.Compare(a.County, b.County),
			compareYear(a.Year, b.Year),
			compareItemNo(a.ItemNo, b.ItemNo),
			cmp.Compare(a.Kind, b.Kind),
			cmp.Compare(a.Source, b.Source),
		); c != 0 {
			return c
		}
		return cmp.Compare(a.seq, b.seq)
	})
	rows := make([]ReportRow, len(out))
	for i := range out {
		rows[i] = out[i].ReportRow
	}
	return rows, nil
}

var likeEscaper = strings.NewReplacer("!", "!!", "%", "!%", "_", "!_")

var regionColumns = []string{"province", "city", "county"}

// regionCondition returns the condition that a row's province, city or county
// contains name, as one that the region indexes of latest_reports serve: the
// names that contain it are looked up among the regions of the documents (of
// year, unless it is 0), which are few, and matched exactly. It returns ""
// when no region's name contains it.
func (s *Store) regionCondition(ctx context.Context, name string, year int) (string, []any, error) {
	like := "%" + likeEscaper.Replace(name) + "%"
	cond, condArgs := "", []any{like}
	if year != 0 {
		cond, condArgs = " AND year = ?", []any{like, year}
	}
	var (
		q      strings.Builder
		lookup []any
	)
	for i, col := range regionColumns {
		if i > 0 {
			q.WriteString(" UNION ")
		}
		fmt.Fprintf(&q, "SELECT '%s', %s FROM documents WHERE %s LIKE ? ESCAPE '!'%s", col, col, col, cond)
		lookup = append(lookup, condArgs...)
		// the districts of a city's notice that lists targets district by district
		fmt.Fprintf(&q, " UNION SELECT '%s', r.%s FROM item_regions r JOIN documents d ON d.id = r.document_id WHERE r.%s LIKE ? ESCAPE '!'%s",
			col, col, col, strings.ReplaceAll(cond, "year", "d.year"))
		lookup = append(lookup, condArgs...)
	}
	rs, err := s.ro.QueryContext(ctx, s.dialect.rebind(q.String()), lookup...)
	if err != nil {
		return "", nil, err
	}
	defer rs.Close()
	names := map[string][]any{}
	for rs.Next() {
		var col, v string
		if err := rs.Scan(&col, &v); err != nil {
			return "", nil, err
		}
		names[col] = append(names[col], v)
	}
	if err := rs.Err(); err != nil {
		return "", nil, err
	}
	var (
		conds []string
		args  []any
	)
	for _, col := range regionColumns {
		if vs := names[col]; len(vs) > 0 {
			conds = append(conds, col+" IN ("+placeholders(len(vs))+")")
			args = append(args, vs...)
		}
	}
	return strings.Join(conds, " OR "), args, nil
}

func floatPtr(v sql.NullFloat64) *float64 {
	if !v.Valid {
		return nil
	}
	return &v.Float64
}

// joinUnits turns a JSON array of unit names into one line.
func joinUnits(js string) string {
	var units []string
	if js == "" || json.Unmarshal([]byte(js), &units) != nil {
		return js
	}
	return strings.Join(units, "、")
}

// compareYear orders known years first, ascending.
func compareYear(a, b *int) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1
	case b == nil:
		return -1
	}
	return cmp.Compare(*a, *b)
}

// compareItemNo orders item numbers naturally, unnumbered items last.
func compareItemNo(a, b string) int {
	switch {
	case a == b:
		return 0
	case a == "":
		return 1
	case b == "":
		return -1
	}
	return naturalCompare(a, b)
}

// naturalCompare compares strings so that runs of digits, and runs of Chinese
// numerals up to the thousands, compare by value: "2" < "10", "3.1" < "3.2",
// "(二)" < "(十)". A string that is a prefix of another comes first.
func naturalCompare(a, b string) int {
	for a != "" && b != "" {
		ta, na, va := nextToken(a)
		tb, nb, vb := nextToken(b)
		a, b = a[len(ta):], b[len(tb):]
		switch {
		case na && nb:
			if c := cmp.Compare(va, vb); c != 0 {
				return c
			}
			if c := cmp.Compare(ta, tb); c != 0 { // "02" and "2"
				return c
			}
		case na:
			return -1
		case nb:
			return 1
		default:
			if c := cmp.Compare(ta, tb); c != 0 {
				return c
			}
		}
	}
	return cmp.Compare(len(a), len(b))
}

// nextToken returns the leading token of s: a run of ASCII digits, a run of
// Chinese numerals, or one other character; and, for a number, its value.
func nextToken(s string) (tok string, isNum bool, val float64) {
	r, size := utf8.DecodeRuneInString(s)
	switch {
	case r >= '0' && r <= '9':
		i := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			val = val*10 + float64(s[i]-'0')
			i++
		}
		return s[:i], true, val
	case isHanNumeral(r):
		i := 0
		for i < len(s) {
			r, n := utf8.DecodeRuneInString(s[i:])
			if !isHanNumeral(r) {
				break
			}
			i += n
		}
		return s[:i], true, hanValue(s[:i])
	}
	return s[:size], false, 0
}

var hanDigits = map[rune]float64{'零': 0, '〇': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
var hanUnits = map[rune]float64{'十': 10, '百': 100, '千': 1000}

func isHanNumeral(r rune) bool {
	_, d := hanDigits[r]
	_, u := hanUnits[r]
	return d || u
}

// hanValue reads a run of Chinese numerals: 十二 is 12, 二十 is 20, 一百零五 is 105.
func hanValue(s string) float64 {
	var total, digit float64
	for _, r := range s {
		if d, ok := hanDigits[r]; ok {
			digit = d
			continue
		}
		u := hanUnits[r]
		if digit == 0 {
			digit = 1
		}
		total += digit * u
		digit = 0
	}
	return total + digit
}
