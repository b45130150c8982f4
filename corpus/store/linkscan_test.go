package store

// The linker as it was before it used an index of the group, kept to show
// that the indexed one makes the same links.

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"
)

func init() { scanLinker = linkGroupScan }

// linkGroupScan is the linker as it was before it used an index: it links the progress targets of the documents of docID's region and
// year to the plan targets of the same region and year; see SCHEMA.md,
// target_links. It runs inside the transaction that stored docID. Links that a
// person decided are kept as they are; the others are computed again. It
// returns the documents whose targets' links it may have changed: docID, and
// when docID is a plan every document of the group.
func linkGroupScan(s *Store, ctx context.Context, tx *sql.Tx, docID int64) ([]int64, error) {
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
	rows, err := tx.QueryContext(ctx, r(`SELECT d.id, d.sha256, d.kind, t.id, t.seq, COALESCE(t.metric, i.name), t.value,
			COALESCE(t.unit, ''), COALESCE(i.item_no, ''), i.lead_units
		FROM targets t
		JOIN documents d ON d.id = t.document_id
		JOIN items i ON i.id = t.item_id
		WHERE d.year = ? AND COALESCE(d.province, '') = ? AND COALESCE(d.city, '') = ? AND COALESCE(d.county, '') = ?
		ORDER BY d.id, t.seq`), group.year, group.province, group.city, group.county)
	if err != nil {
		return nil, fmt.Errorf("link: %w", err)
	}
	var plans, reports []*linkTarget
	shas := map[string]bool{}
	for rows.Next() {
		var (
			t    linkTarget
			lead string
		)
		if err := rows.Scan(&t.docID, &t.sha, &t.docKind, &t.id, &t.seq, &t.metric, &t.value, &t.unit, &t.itemNo, &lead); err != nil {
			rows.Close()
			return nil, fmt.Errorf("link: %w", err)
		}
		t.lead = joinUnits(lead)
		t.metricGrams, t.leadGrams = sortedBigrams(t.metric), sortedBigrams(t.lead)
		shas[t.sha] = true
		if !isReportKind(kind) {
			// A new plan may be what every report of the group reports on.
			changed = append(changed, t.docID)
		}
		switch t.docKind {
		case "plan", "candidates":
			plans = append(plans, &t)
		case "progress", "supervision":
			// A new report document links only its own targets; a new plan
			// may be what every report of the group reports on.
			if !isReportKind(kind) || t.docID == docID {
				reports = append(reports, &t)
			}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("link: %w", err)
	}
	changed = uniqueIDs(changed)
	if len(reports) == 0 {
		return changed, nil
	}
	reportSHAs := map[string]bool{}
	for _, p := range reports {
		reportSHAs[p.sha] = true
	}
	shaList := slices.Sorted(maps.Keys(shas))
	in := placeholders(len(shaList))
	shaArgs := make([]any, len(shaList))
	for i, v := range shaList {
		shaArgs[i] = v
	}

	// The links already stored for the group's reports.
	existing := map[linkKey]linkRow{}
	decided := map[[2]any]bool{} // progress targets with a confirmed link
	var repArgs []any
	for _, v := range shaList {
		if reportSHAs[v] {
			repArgs = append(repArgs, v)
		}
	}
	if len(repArgs) == 0 {
		repArgs = append(repArgs, "")
	}
	repIn := placeholders(len(repArgs))
	lrows, err := tx.QueryContext(ctx, r(`SELECT id, progress_sha256, progress_seq, plan_sha256, plan_seq, decision
		FROM target_links WHERE progress_sha256 IN (`+repIn+`)`), repArgs...)
	if err != nil {
		return nil, fmt.Errorf("link: %w", err)
	}
	for lrows.Next() {
		var (
			k  linkKey
			lr linkRow
		)
		if err := lrows.Scan(&lr.id, &k.progressSHA, &k.progressSeq, &k.planSHA, &k.planSeq, &lr.decision); err != nil {
			lrows.Close()
			return nil, fmt.Errorf("link: %w", err)
		}
		existing[k] = lr
		if lr.decision.String == LinkConfirmed {
			decided[[2]any{k.progressSHA, k.progressSeq}] = true
		}
	}
	lrows.Close()
	if err := lrows.Err(); err != nil {
		return nil, fmt.Errorf("link: %w", err)
	}

	// Score every pair, then take the best pairs first, one plan target per
	// report document and one plan target per report target.
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

	// Undecided links no longer wanted go; wanted ones are stored.
	var gone []int64
	for k, lr := range existing {
		if _, ok := want[k]; !ok && !lr.decision.Valid {
			gone = append(gone, lr.id)
		}
	}
	if len(gone) > 0 {
		in, args := idList(gone)
		if _, err := tx.ExecContext(ctx, r(`DELETE FROM target_links WHERE id IN (`+in+`)`), args...); err != nil {
			return nil, fmt.Errorf("link: %w", err)
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
	err = s.insertRows(ctx, tx, `target_links
			(progress_sha256, progress_seq, plan_sha256, plan_seq, progress_target_id, plan_target_id, confidence, rule, linked_at)`,
		linkRows, `ON CONFLICT (progress_sha256, progress_seq, plan_sha256, plan_seq) DO UPDATE SET
			progress_target_id = excluded.progress_target_id, plan_target_id = excluded.plan_target_id,
			confidence = excluded.confidence, rule = excluded.rule`, nil)
	if err != nil {
		return nil, fmt.Errorf("link: %w", err)
	}

	// Decided links follow their targets' current ids.
	args := append(append([]any{}, shaArgs...), shaArgs...)
	if _, err := tx.ExecContext(ctx, r(`UPDATE target_links SET
			progress_target_id = (SELECT t.id FROM targets t JOIN documents d ON d.id = t.document_id
				WHERE d.sha256 = target_links.progress_sha256 AND t.seq = target_links.progress_seq),
			plan_target_id = (SELECT t.id FROM targets t JOIN documents d ON d.id = t.document_id
				WHERE d.sha256 = target_links.plan_sha256 AND t.seq = target_links.plan_seq)
		WHERE decision IS NOT NULL AND (progress_sha256 IN (`+in+`) OR plan_sha256 IN (`+in+`))`), args...); err != nil {
		return nil, fmt.Errorf("link: %w", err)
	}
	// Undecided links to a target no longer stored are computed again when
	// its document comes back.
	if _, err := tx.ExecContext(ctx, `DELETE FROM target_links
		WHERE decision IS NULL AND (progress_target_id IS NULL OR plan_target_id IS NULL)`); err != nil {
		return nil, fmt.Errorf("link: %w", err)
	}
	return changed, nil
}
