package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode"
)

// Decisions a person records about a link.
const (
	LinkConfirmed = "confirmed"
	LinkRejected  = "rejected"
)

// ErrNoLink is returned by DecideLink for a link id the store does not hold.
var ErrNoLink = errors.New("store: no such link")

// Link thresholds: a candidate whose metric is less alike than minLikeness, or
// whose confidence is below minConfidence, is not linked.
const (
	minLikeness   = 0.4
	minConfidence = 0.5
)

// linkTarget is a target as the linker sees it.
type linkTarget struct {
	docID   int64
	sha     string
	docKind string
	id      int64
	seq     int64
	metric  string // the metric, else the item's name
	value   sql.NullFloat64
	unit    string
	itemNo  string
	lead    string // lead units run together

	metricGrams, leadGrams []string // sorted bigrams
}

type linkKey struct {
	progressSHA string
	progressSeq int64
	planSHA     string
	planSeq     int64
}

type linkRow struct {
	id       int64
	decision sql.NullString
}

type linkCandidate struct {
	progress, plan *linkTarget
	confidence     float64
	rule           string
}

// A linkGroupKey names a group of documents that are linked together: a
// region and a year.
type linkGroupKey struct {
	year                   int64
	province, city, county string
}

func (g linkGroupKey) String() string {
	return fmt.Sprintf("%d/%s/%s/%s", g.year, g.province, g.city, g.county)
}

// lockGroup takes, on PostgreSQL, the lock of group g until the end of the
// transaction: two processes linking one group would each miss the other's
// document.
func (s *Store) lockGroup(ctx context.Context, tx *sql.Tx, g linkGroupKey) error {
	if s.dialect != postgresDialect {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtext($1))`, "minsheng link "+g.String()); err != nil {
		return fmt.Errorf("lock: %w", err)
	}
	return nil
}

// linkGroup links the progress targets of the documents of docID's region and
// year to the plan targets of the same region and year; see SCHEMA.md,
// target_links. It runs inside the transaction that stored docID. Links that a
// person decided are kept as they are; the others are computed again. It
// returns the documents whose targets' links it may have changed: docID, and
// the documents of the links it added or removed.
func (s *Store) linkGroup(ctx context.Context, tx *sql.Tx, docID int64) ([]int64, error) {
	r := s.dialect.rebind
	var (
		year                   sql.NullInt64
		province, city, county sql.NullString
		kind                   string
	)
	err := tx.QueryRowContext(ctx, r(`SELECT year, province, city, county, kind FROM documents WHERE id = ?`), docID).
		Scan(&year, &province, &city, &county, &kind)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("link: %w", err)
	}
	changed := []int64{docID}
	if !year.Valid || (!isReportKind(kind) && kind != "plan" && kind != "candidates") {
		return changed, nil // a document of unknown year, or neither plan nor report, is linked to nothing
	}
	group := linkGroupKey{year.Int64, province.String, city.String, county.String}
	if err := s.lockGroup(ctx, tx, group); err != nil {
		return nil, fmt.Errorf("link: %w", err)
	}
	if !isReportKind(kind) {
		// A plan in a group without reports has nothing to link.
		var one int
		err := tx.QueryRowContext(ctx, r(`SELECT 1 FROM documents d
			WHERE d.year = ? AND COALESCE(d.province, '') = ? AND COALESCE(d.city, '') = ? AND COALESCE(d.county, '') = ?
			AND d.kind IN ('progress', 'supervision') LIMIT 1`), group.year, group.province, group.city, group.county).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return changed, nil
		}
		if err != nil {
			return nil, fmt.Errorf("link: %w", err)
		}
	}
	// A new report is compared with the plans of the group, through the
	// index of the group's documents by kind; its own targets are read by
	// its id. A new plan may be what every report of the group reports on:
	// the whole group is read.
	groupDocs := `WHERE d.year = ? AND COALESCE(d.province, '') = ? AND COALESCE(d.city, '') = ? AND COALESCE(d.county, '') = ?`
	groupArgs := []any{group.year, group.province, group.city, group.county}
	if isReportKind(kind) {
		groupDocs = `WHERE d.id = ? OR d.id IN (SELECT d.id FROM documents d ` + groupDocs + ` AND d.kind IN ('plan', 'candidates'))`
		groupArgs = append([]any{docID}, groupArgs...)
	}
	rows, err := tx.QueryContext(ctx, r(`SELECT d.id, d.sha256, d.kind, t.id, t.seq, COALESCE(t.metric, i.name), t.value,
			COALESCE(t.unit, ''), COALESCE(i.item_no, ''), i.lead_units
		FROM targets t
		JOIN documents d ON d.id = t.document_id
		JOIN items i ON i.id = t.item_id
		`+groupDocs+`
		ORDER BY d.id, t.seq`), groupArgs...)
	if err != nil {
		return nil, fmt.Errorf("link: %w", err)
	}
	plans, reports, shaDoc, err := scanLinkTargets(rows, kind, docID)
	if err != nil {
		return nil, err
	}
	changed = uniqueIDs(changed)
	if len(reports) == 0 {
		return changed, nil
	}

	existing, decided, err := loadLinks(ctx, tx, r, reports)
	if err != nil {
		return nil, err
	}
	want := chooseLinks(plans, reports, existing, decided)

	// The documents of a link that goes or comes change; those of links that
	// stay do not. A new report's own links are its own: the caller
	// refreshes the plan targets they reach.
	if !isReportKind(kind) {
		for k, lr := range existing {
			if _, ok := want[k]; !ok && !lr.decision.Valid {
				changed = append(changed, shaDoc[k.progressSHA], shaDoc[k.planSHA])
			}
		}
		for k := range want {
			if _, ok := existing[k]; !ok {
				changed = append(changed, shaDoc[k.progressSHA], shaDoc[k.planSHA])
			}
		}
	}
	if err := s.storeLinks(ctx, tx, existing, want); err != nil {
		return nil, err
	}

	// Decided links follow their targets' current ids: those of the new
	// document, the only one whose targets were stored anew.
	var docSHA string
	if err := tx.QueryRowContext(ctx, r(`SELECT sha256 FROM documents WHERE id = ?`), docID).Scan(&docSHA); err != nil {
		return nil, fmt.Errorf("link: %w", err)
	}
	if _, err := tx.ExecContext(ctx, r(`UPDATE target_links SET
			progress_target_id = (SELECT t.id FROM targets t JOIN documents d ON d.id = t.document_id
				WHERE d.sha256 = target_links.progress_sha256 AND t.seq = target_links.progress_seq),
			plan_target_id = (SELECT t.id FROM targets t JOIN documents d ON d.id = t.document_id
				WHERE d.sha256 = target_links.plan_sha256 AND t.seq = target_links.plan_seq)
		WHERE decision IS NOT NULL AND (progress_sha256 = ? OR plan_sha256 = ?)`), docSHA, docSHA); err != nil {
		return nil, fmt.Errorf("link: %w", err)
	}
	// Undecided links to a target no longer stored are computed again when
	// its document comes back.
	if _, err := tx.ExecContext(ctx, `DELETE FROM target_links
		WHERE decision IS NULL AND (progress_target_id IS NULL OR plan_target_id IS NULL)`); err != nil {
		return nil, fmt.Errorf("link: %w", err)
	}
	return uniqueIDs(changed), nil
}

// scanLinkTargets reads the targets a group query selects (document id,
// sha256 and kind; target id, seq, metric, value, unit, item number and lead
// units) into plan targets and the report targets to link: a new report
// document links only its own, a new plan every report of the group. It
// returns the documents of the rows by sha256 too, and closes rows.
func scanLinkTargets(rows *sql.Rows, kind string, docID int64) (plans, reports []*linkTarget, shaDoc map[string]int64, err error) {
	defer rows.Close()
	shaDoc = map[string]int64{}
	for rows.Next() {
		var (
			t    linkTarget
			lead string
		)
		if err := rows.Scan(&t.docID, &t.sha, &t.docKind, &t.id, &t.seq, &t.metric, &t.value, &t.unit, &t.itemNo, &lead); err != nil {
			return nil, nil, nil, fmt.Errorf("link: %w", err)
		}
		t.lead = joinUnits(lead)
		t.metricGrams, t.leadGrams = sortedBigrams(t.metric), sortedBigrams(t.lead)
		shaDoc[t.sha] = t.docID
		switch t.docKind {
		case "plan", "candidates":
			plans = append(plans, &t)
		case "progress", "supervision":
			if !isReportKind(kind) || t.docID == docID {
				reports = append(reports, &t)
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, nil, fmt.Errorf("link: %w", err)
	}
	return plans, reports, shaDoc, nil
}

// loadLinks reads the links already stored for the documents of reports,
// and the report targets a person confirmed a link of.
func loadLinks(ctx context.Context, tx *sql.Tx, r func(string) string, reports []*linkTarget) (map[linkKey]linkRow, map[[2]any]bool, error) {
	existing := map[linkKey]linkRow{}
	decided := map[[2]any]bool{} // progress targets with a confirmed link
	reportSHAs := map[string]bool{}
	for _, p := range reports {
		reportSHAs[p.sha] = true
	}
	var repArgs []any
	for _, v := range slices.Sorted(maps.Keys(reportSHAs)) {
		repArgs = append(repArgs, v)
	}
	if len(repArgs) == 0 {
		repArgs = append(repArgs, "")
	}
	lrows, err := tx.QueryContext(ctx, r(`SELECT id, progress_sha256, progress_seq, plan_sha256, plan_seq, decision
		FROM target_links WHERE progress_sha256 IN (`+placeholders(len(repArgs))+`)`), repArgs...)
	if err != nil {
		return nil, nil, fmt.Errorf("link: %w", err)
	}
	defer lrows.Close()
	for lrows.Next() {
		var (
			k  linkKey
			lr linkRow
		)
		if err := lrows.Scan(&lr.id, &k.progressSHA, &k.progressSeq, &k.planSHA, &k.planSeq, &lr.decision); err != nil {
			return nil, nil, fmt.Errorf("link: %w", err)
		}
		existing[k] = lr
		if lr.decision.String == LinkConfirmed {
			decided[[2]any{k.progressSHA, k.progressSeq}] = true
		}
	}
	if err := lrows.Err(); err != nil {
		return nil, nil, fmt.Errorf("link: %w", err)
	}
	return existing, decided, nil
}

// chooseLinks scores every pair of a report target and a plan target that
// share a bigram of their metrics, then takes the best pairs first, one plan
// target per report document and one plan target per report target. Report
// targets with a confirmed link and pairs a person rejected are left out.
func chooseLinks(plans, reports []*linkTarget, existing map[linkKey]linkRow, decided map[[2]any]bool) map[linkKey]linkCandidate {
	// Plan targets by bigram: a pair with no bigram in common is not alike.
	byGram := map[string][]int{}
	for i, q := range plans {
		for j, g := range q.metricGrams {
			if j == 0 || g != q.metricGrams[j-1] {
				byGram[g] = append(byGram[g], i)
			}
		}
	}
	var cands []linkCandidate
	seen := make([]int, len(plans)) // report index + 1 that last looked at a plan
	for ri, p := range reports {
		if decided[[2]any{p.sha, p.seq}] {
			continue
		}
		for _, g := range p.metricGrams {
			for _, qi := range byGram[g] {
				if seen[qi] == ri+1 {
					continue
				}
				seen[qi] = ri + 1
				q := plans[qi]
				if q.docID == p.docID {
					continue
				}
				k := linkKey{p.sha, p.seq, q.sha, q.seq}
				if lr, ok := existing[k]; ok && lr.decision.String == LinkRejected {
					continue
				}
				if c, ok := scoreLink(p, q); ok {
					cands = append(cands, c)
				}
			}
		}
	}
	slices.SortStableFunc(cands, func(a, b linkCandidate) int {
		return cmp.Or(
			cmp.Compare(b.confidence, a.confidence),
			cmp.Compare(a.progress.id, b.progress.id),
			cmp.Compare(a.plan.id, b.plan.id))
	})
	want := map[linkKey]linkCandidate{}
	usedReport := map[int64]bool{}
	usedPlan := map[[2]int64]bool{} // report document, plan target
	for _, c := range cands {
		if usedReport[c.progress.id] || usedPlan[[2]int64{c.progress.docID, c.plan.id}] {
			continue
		}
		usedReport[c.progress.id] = true
		usedPlan[[2]int64{c.progress.docID, c.plan.id}] = true
		want[linkKey{c.progress.sha, c.progress.seq, c.plan.sha, c.plan.seq}] = c
	}
	return want
}

// storeLinks deletes the undecided links no longer wanted and stores the
// wanted ones.
func (s *Store) storeLinks(ctx context.Context, tx *sql.Tx, existing map[linkKey]linkRow, want map[linkKey]linkCandidate) error {
	r := s.dialect.rebind
	var gone []int64
	for k, lr := range existing {
		if _, ok := want[k]; !ok && !lr.decision.Valid {
			gone = append(gone, lr.id)
		}
	}
	if len(gone) > 0 {
		in, args := idList(gone)
		if _, err := tx.ExecContext(ctx, r(`DELETE FROM target_links WHERE id IN (`+in+`)`), args...); err != nil {
			return fmt.Errorf("link: %w", err)
		}
	}
	now := time.Now().UTC().Format(time.RFC3339)
	keys := slices.SortedFunc(maps.Keys(want), func(a, b linkKey) int {
		return cmp.Or(cmp.Compare(a.progressSHA, b.progressSHA), cmp.Compare(a.progressSeq, b.progressSeq),
			cmp.Compare(a.planSHA, b.planSHA), cmp.Compare(a.planSeq, b.planSeq))
	})
	linkRows := make([][]any, len(keys))
	for i, k := range keys {
		c := want[k]
		linkRows[i] = []any{k.progressSHA, k.progressSeq, k.planSHA, k.planSeq, c.progress.id, c.plan.id, c.confidence, c.rule, now}
	}
	err := s.insertRows(ctx, tx, `target_links
			(progress_sha256, progress_seq, plan_sha256, plan_seq, progress_target_id, plan_target_id, confidence, rule, linked_at)`,
		linkRows, `ON CONFLICT (progress_sha256, progress_seq, plan_sha256, plan_seq) DO UPDATE SET
			progress_target_id = excluded.progress_target_id, plan_target_id = excluded.plan_target_id,
			confidence = excluded.confidence, rule = excluded.rule`, nil)
	if err != nil {
		return fmt.Errorf("link: %w", err)
	}
	return nil
}

// scoreLink says how likely report target p reports on plan target q, and by
// which rule. Units must agree: the same, or one of them not given.
func scoreLink(p, q *linkTarget) (linkCandidate, bool) {
	if p.unit != "" && q.unit != "" && p.unit != q.unit {
		return linkCandidate{}, false
	}
	like := gramLikeness(p.metricGrams, q.metricGrams)
	if like < minLikeness {
		return linkCandidate{}, false
	}
	conf := 0.6 * like
	rule := []string{fmt.Sprintf("metric~%.2f", like)}
	if p.unit == q.unit && p.unit != "" {
		conf += 0.1
		rule = append(rule, "unit")
	}
	if p.lead != "" && q.lead != "" {
		if l := gramLikeness(p.leadGrams, q.leadGrams); l >= 0.5 {
			conf += 0.1 * l
			rule = append(rule, fmt.Sprintf("lead~%.2f", l))
		}
	}
	if p.itemNo != "" && p.itemNo == q.itemNo {
		conf += 0.1
		rule = append(rule, "item_no")
	}
	if p.value.Valid && q.value.Valid && p.value.Float64 == q.value.Float64 {
		conf += 0.1
		rule = append(rule, "value")
	}
	if conf < minConfidence {
		return linkCandidate{}, false
	}
	return linkCandidate{progress: p, plan: q, confidence: float64(int(conf*1000+0.5)) / 1000, rule: strings.Join(rule, "+")}, true
}

// likeness is the Dice coefficient of the character bigrams of a and b,
// letters and digits only: 1 for the same text, 0 for nothing in common. A
// text of one character counts as its one character.
func likeness(a, b string) float64 {
	return gramLikeness(sortedBigrams(a), sortedBigrams(b))
}

// gramLikeness is the Dice coefficient of two sorted lists of bigrams.
func gramLikeness(a, b []string) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	common := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch c := strings.Compare(a[i], b[j]); {
		case c == 0:
			common++
			i++
			j++
		case c < 0:
			i++
		default:
			j++
		}
	}
	return 2 * float64(common) / float64(len(a)+len(b))
}

func sortedBigrams(s string) []string {
	g := bigrams(s)
	slices.Sort(g)
	return g
}

func isReportKind(kind string) bool { return kind == "progress" || kind == "supervision" }

func bigrams(s string) []string {
	var rs []rune
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			rs = append(rs, r)
		}
	}
	if len(rs) == 1 {
		return []string{string(rs)}
	}
	var out []string
	for i := 0; i+1 < len(rs); i++ {
		out = append(out, string(rs[i:i+2]))
	}
	return out
}

// DecideLink records a person's decision about link id: LinkConfirmed or
// LinkRejected, by whom. Confirming a link drops the other undecided links of
// its report target; rejecting one lets the linker propose the next best. A
// decision is kept by the documents' sha256 and the targets' positions, so it
// survives re-ingesting either document.
func (s *Store) DecideLink(ctx context.Context, id int64, decision, by string) error {
	if err := s.writable(); err != nil {
		return err
	}
	if decision != LinkConfirmed && decision != LinkRejected {
		return fmt.Errorf("store: decision %q: want %s or %s", decision, LinkConfirmed, LinkRejected)
	}
	r := s.dialect.rebind
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var (
			sha string
			seq int64
		)
		err := tx.QueryRowContext(ctx, r(`SELECT progress_sha256, progress_seq FROM target_links WHERE id = ?`), id).Scan(&sha, &seq)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("%w: %d", ErrNoLink, id)
		}
		if err != nil {
			return err
		}
		docID, err := lookupID(ctx, tx, r(`SELECT id FROM documents WHERE sha256 = ?`), sha)
		if err != nil {
			return err
		}
		// The report's document and those its targets are linked to, before
		// the decision: the links it drops change their latest reports too.
		before, err := s.linkedDocs(ctx, tx, []int64{docID})
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, r(`UPDATE target_links SET decision = ?, decided_by = ?, decided_at = ? WHERE id = ?`),
			decision, nullIfEmpty(by), time.Now().UTC().Format(time.RFC3339), id); err != nil {
			return err
		}
		changed := []int64{docID}
		if decision == LinkConfirmed {
			// One report target reports on one plan target.
			if _, err := tx.ExecContext(ctx, r(`DELETE FROM target_links
				WHERE progress_sha256 = ? AND progress_seq = ? AND id <> ? AND decision IS NULL`), sha, seq, id); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, r(`UPDATE target_links SET decision = ?, decided_by = ?, decided_at = ?
				WHERE progress_sha256 = ? AND progress_seq = ? AND id <> ? AND decision = ?`),
				LinkRejected, nullIfEmpty(by), time.Now().UTC().Format(time.RFC3339), sha, seq, id, LinkConfirmed); err != nil {
				return err
			}
		} else if docID != 0 {
			if changed, err = s.linkGroup(ctx, tx, docID); err != nil {
				return err
			}
		}
		after, err := s.linkedDocs(ctx, tx, changed)
		if err != nil {
			return err
		}
		return s.refreshLatest(ctx, tx, append(before, after...))
	})
	if err != nil {
		if errors.Is(err, ErrNoLink) {
			return err
		}
		return fmt.Errorf("store: link %d: %w", id, err)
	}
	return nil
}

// Link is one row of target_links with what it joins.
type Link struct {
	ID                     int64
	ProgressSHA256         string
	ProgressSeq            int64
	PlanSHA256             string
	PlanSeq                int64
	ProgressTarget         *int64 // nil while the document is not stored
	PlanTarget             *int64
	Confidence             float64
	Rule                   string
	Decision               string // LinkConfirmed, LinkRejected or ""
	DecidedBy, DecidedAt   string
	ProgressRaw, PlanRaw   string // the targets as printed, "" when not stored
	ProgressDoc, PlanDoc   string // the documents' sources
	ProgressItem, PlanItem string // item numbers
}

// Links returns every link, by plan document and target, then report.
func (s *Store) Links(ctx context.Context) ([]Link, error) {
	return s.queryLinks(ctx, "", "l.plan_sha256, l.plan_seq, l.progress_sha256, l.progress_seq")
}

// queryLinks returns the links a condition on target_links (as l) selects,
// in the order given, with the targets, documents and items they join.
func (s *Store) queryLinks(ctx context.Context, cond, order string, args ...any) ([]Link, error) {
	where := ""
	if cond != "" {
		where = "WHERE " + cond
	}
	rs, err := s.ro.QueryContext(ctx, s.dialect.rebind(`SELECT l.id, l.progress_sha256, l.progress_seq, l.plan_sha256, l.plan_seq,
			l.progress_target_id, l.plan_target_id, l.confidence, l.rule,
			COALESCE(l.decision, ''), COALESCE(l.decided_by, ''), COALESCE(l.decided_at, ''),
			COALESCE(pt.raw, ''), COALESCE(qt.raw, ''), COALESCE(pd.source, ''), COALESCE(qd.source, ''),
			COALESCE(pi.item_no, ''), COALESCE(qi.item_no, '')
		FROM target_links l
		LEFT JOIN targets pt ON pt.id = l.progress_target_id
		LEFT JOIN documents pd ON pd.id = pt.document_id
		LEFT JOIN items pi ON pi.id = pt.item_id
		LEFT JOIN targets qt ON qt.id = l.plan_target_id
		LEFT JOIN documents qd ON qd.id = qt.document_id
		LEFT JOIN items qi ON qi.id = qt.item_id
		`+where+`
		ORDER BY `+order), args...)
	if err != nil {
		return nil, fmt.Errorf("store: links: %w", err)
	}
	defer rs.Close()
	var out []Link
	for rs.Next() {
		var (
			l      Link
			pt, qt sql.NullInt64
		)
		if err := rs.Scan(&l.ID, &l.ProgressSHA256, &l.ProgressSeq, &l.PlanSHA256, &l.PlanSeq, &pt, &qt, &l.Confidence, &l.Rule,
			&l.Decision, &l.DecidedBy, &l.DecidedAt, &l.ProgressRaw, &l.PlanRaw, &l.ProgressDoc, &l.PlanDoc,
			&l.ProgressItem, &l.PlanItem); err != nil {
			return nil, fmt.Errorf("store: links: %w", err)
		}
		if pt.Valid {
			l.ProgressTarget = &pt.Int64
		}
		if qt.Valid {
			l.PlanTarget = &qt.Int64
		}
		out = append(out, l)
	}
	if err := rs.Err(); err != nil {
		return nil, fmt.Errorf("store: links: %w", err)
	}
	return out, nil
}
