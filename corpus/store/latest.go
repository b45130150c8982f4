package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
)

// latest_reports holds the rows of the target_latest view (see SCHEMA.md).
// A target's row depends on its document, its own progress, the links to it
// and the progress and documents of the targets they link; a report target's
// having a row at all depends on its links. A write therefore recomputes the
// rows of the documents whose targets it stored, deleted or relinked, and of
// the documents linked to those (linkedDocs), in its own transaction
// (refreshLatest).

// latestColumns are the columns of latest_reports, in the order of
// target_latest.
const latestColumns = `target_id, document_id, item_id, seq, province, city, county, year, doc_kind, source, title, doc_no,
    published, section, kind, item_no, name, lead_units, support_units, metric, target_value, unit,
    qualifier, target_raw, deadline_raw, deadline, budget_wan, flags, report_target_id, report_source,
    report_doc_kind, report_doc_no, report_published, link_id, link_confidence, as_of_raw, as_of,
    completed_value, rate_pct, status, progress_raw, behind`

// latestInsert computes the latest_reports rows of the targets of the
// documents listed where {{docs}} stands. A target's reports are its own
// progress and the progress of the targets linked to it by a link that is not
// rejected; the latest is the one with the latest as-of date (else publish
// date), then the latest publish date, then the highest target id. A target
// that is itself a report on another target has no row. The latest report is
// found target by target, through the indexes, whatever the engine's
// statistics say.
const latestInsert = `INSERT INTO latest_reports (` + latestColumns + `)
SELECT
    t.target_id, t.document_id, t.item_id, t.seq, t.province, t.city, t.county, t.year, t.doc_kind, t.source,
    t.title, t.doc_no, t.published, t.section, t.kind, t.item_no, t.name, t.lead_units, t.support_units,
    t.metric, t.target_value, t.unit, t.qualifier, t.target_raw, t.deadline_raw, t.deadline, t.budget_wan,
    t.flags,
    r.id, rd.source, rd.kind, rd.doc_no, rd.published,
    l.id, l.confidence,
    p.as_of_raw, p.as_of, p.completed_value, p.rate_pct, p.status, p.raw,
    CASE
        WHEN p.status IN ('behind', 'not_completed') THEN 1
        WHEN p.rate_pct < 100 AND (p.status IS NULL OR p.status <> 'completed')
             AND COALESCE(t.deadline, r.deadline) IS NOT NULL
             AND COALESCE(p.as_of, rd.published) >= COALESCE(t.deadline, r.deadline) THEN 1
        ELSE 0
    END
FROM (
    SELECT tp.*, (
        SELECT c.id
        FROM (
            SELECT tp.target_id AS id
            UNION ALL
            SELECT x.progress_target_id FROM target_links x
            WHERE x.plan_target_id = tp.target_id AND (x.decision IS NULL OR x.decision = 'confirmed')
        ) c
        JOIN progress cp ON cp.target_id = c.id
        JOIN targets ct ON ct.id = c.id
        JOIN documents cd ON cd.id = ct.document_id
        ORDER BY COALESCE(cp.as_of, cd.published, '') DESC, COALESCE(cd.published, '') DESC, c.id DESC
        LIMIT 1) AS report_id
    FROM target_progress tp
    WHERE tp.document_id IN ({{docs}})
      AND NOT EXISTS (
        SELECT 1 FROM target_links x
        WHERE x.progress_target_id = tp.target_id AND x.plan_target_id IS NOT NULL
          AND (x.decision IS NULL OR x.decision = 'confirmed'))
) t
LEFT JOIN targets r ON r.id = t.report_id
LEFT JOIN documents rd ON rd.id = r.document_id
LEFT JOIN progress p ON p.target_id = r.id
LEFT JOIN target_links l
    ON l.progress_target_id = r.id AND l.plan_target_id = t.target_id
   AND (l.decision IS NULL OR l.decision = 'confirmed')`

// refreshLatest recomputes the latest_reports rows of the targets of docs.
// A document no longer stored has no rows left.
func (s *Store) refreshLatest(ctx context.Context, tx *sql.Tx, docs []int64) error {
	docs = uniqueIDs(docs)
	if len(docs) == 0 {
		return nil
	}
	if err := s.lockGroups(ctx, tx, docs); err != nil {
		return fmt.Errorf("latest: %w", err)
	}
	in, args := idList(docs)
	if _, err := tx.ExecContext(ctx, s.dialect.rebind(`DELETE FROM latest_reports WHERE document_id IN (`+in+`)`), args...); err != nil {
		return fmt.Errorf("latest: %w", err)
	}
	q := strings.ReplaceAll(latestInsert, "{{docs}}", in)
	if _, err := tx.ExecContext(ctx, s.dialect.rebind(q), args...); err != nil {
		return fmt.Errorf("latest: %w", err)
	}
	return nil
}

// latestOfTargets computes, as latestInsert does, the latest_reports rows
// of the targets listed where {{targets}} stands, choosing each one's latest
// report among its own progress and the linked report targets listed where
// {{cands}} stands.
var latestOfTargets = strings.NewReplacer(
	`WHERE tp.document_id IN ({{docs}})`, `WHERE tp.target_id IN ({{targets}})`,
	`WHERE x.plan_target_id = tp.target_id AND (x.decision IS NULL OR x.decision = 'confirmed')`,
	`WHERE x.plan_target_id = tp.target_id AND (x.decision IS NULL OR x.decision = 'confirmed') AND x.progress_target_id IN ({{cands}})`,
).Replace(latestInsert)

// refreshLinkedTargets recomputes the latest_reports rows of the targets
// that the targets of report document docID link to, when docID only added
// links: each one's latest report is then its latest before, or one of
// docID's targets. It reads a few rows a target, however many reports link
// to it.
func (s *Store) refreshLinkedTargets(ctx context.Context, tx *sql.Tx, docID int64) error {
	r := s.dialect.rebind
	rows, err := tx.QueryContext(ctx, r(`SELECT x.plan_target_id, x.progress_target_id FROM target_links x
		JOIN targets t ON t.id = x.progress_target_id
		WHERE t.document_id = ? AND x.plan_target_id IS NOT NULL AND (x.decision IS NULL OR x.decision = 'confirmed')`), docID)
	if err != nil {
		return fmt.Errorf("latest: %w", err)
	}
	var targets, cands []int64
	for rows.Next() {
		var plan, report int64
		if err := rows.Scan(&plan, &report); err != nil {
			rows.Close()
			return fmt.Errorf("latest: %w", err)
		}
		targets, cands = append(targets, plan), append(cands, report)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("latest: %w", err)
	}
	targets = uniqueIDs(targets)
	if len(targets) == 0 {
		return nil
	}
	in, args := idList(targets)
	rows, err = tx.QueryContext(ctx, r(`SELECT report_target_id FROM latest_reports WHERE target_id IN (`+in+`) AND report_target_id IS NOT NULL`), args...)
	if err != nil {
		return fmt.Errorf("latest: %w", err)
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return fmt.Errorf("latest: %w", err)
		}
		cands = append(cands, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("latest: %w", err)
	}
	if _, err := tx.ExecContext(ctx, r(`DELETE FROM latest_reports WHERE target_id IN (`+in+`)`), args...); err != nil {
		return fmt.Errorf("latest: %w", err)
	}
	cin, cargs := idList(uniqueIDs(cands))
	q := strings.NewReplacer("{{targets}}", in, "{{cands}}", cin).Replace(latestOfTargets)
	if _, err := tx.ExecContext(ctx, r(q), append(cargs, args...)...); err != nil {
		return fmt.Errorf("latest: %w", err)
	}
	return nil
}

// linkedDocs returns docs and the stored documents that a link joins to one
// of docs, whatever the link's decision. Links are found by the documents'
// sha256, through the indexes of target_links' keys.
func (s *Store) linkedDocs(ctx context.Context, tx *sql.Tx, docs []int64) ([]int64, error) {
	docs = uniqueIDs(docs)
	if len(docs) == 0 {
		return nil, nil
	}
	in, args := idList(docs)
	rows, err := tx.QueryContext(ctx, s.dialect.rebind(`SELECT d.id FROM documents d
		WHERE d.sha256 IN (
			SELECT x.plan_sha256 FROM target_links x JOIN documents p ON p.sha256 = x.progress_sha256 WHERE p.id IN (`+in+`)
			UNION
			SELECT x.progress_sha256 FROM target_links x JOIN documents q ON q.sha256 = x.plan_sha256 WHERE q.id IN (`+in+`))`),
		append(slices.Clone(args), args...)...)
	if err != nil {
		return nil, fmt.Errorf("latest: %w", err)
	}
	defer rows.Close()
	out := slices.Clone(docs)
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("latest: %w", err)
		}
		out = append(out, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("latest: %w", err)
	}
	return uniqueIDs(out), nil
}

// lockGroups takes, on PostgreSQL, the link lock of the region and year of
// each of docs (see linkGroup), so that no other transaction relinks or
// recomputes their targets meanwhile.
func (s *Store) lockGroups(ctx context.Context, tx *sql.Tx, docs []int64) error {
	if s.dialect != postgresDialect {
		return nil
	}
	in, args := idList(docs)
	rows, err := tx.QueryContext(ctx, s.dialect.rebind(`SELECT DISTINCT year, COALESCE(province, ''), COALESCE(city, ''), COALESCE(county, '')
		FROM documents WHERE id IN (`+in+`) AND year IS NOT NULL`), args...)
	if err != nil {
		return err
	}
	var groups []linkGroupKey
	for rows.Next() {
		var g linkGroupKey
		if err := rows.Scan(&g.year, &g.province, &g.city, &g.county); err != nil {
			rows.Close()
			return err
		}
		groups = append(groups, g)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	slices.SortFunc(groups, func(a, b linkGroupKey) int { return strings.Compare(a.String(), b.String()) })
	for _, g := range groups {
		if err := s.lockGroup(ctx, tx, g); err != nil {
			return err
		}
	}
	return nil
}

// uniqueIDs returns ids sorted, without repeats and without 0.
func uniqueIDs(ids []int64) []int64 {
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	if len(ids) > 0 && ids[0] == 0 {
		ids = ids[1:]
	}
	return ids
}

// idList returns the placeholders and arguments of a list of ids for IN (…).
func idList(ids []int64) (string, []any) {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return placeholders(len(ids)), args
}

// placeholders returns n placeholders separated by commas.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
