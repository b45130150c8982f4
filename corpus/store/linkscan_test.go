package store

// The linker as it was before it used an index of the group, kept to show
// that the indexed one makes the same links: it reads the whole group and
// relinks every report, where the store reads a new report and the group's
// plans only. Scoring, choosing and storing links are the store's own.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
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
	plans, reports, shaDoc, err := scanLinkTargets(rows, kind, docID)
	if err != nil {
		return nil, err
	}
	if !isReportKind(kind) {
		// A new plan may be what every report of the group reports on.
		changed = append(changed, slices.Collect(maps.Values(shaDoc))...)
	}
	changed = uniqueIDs(changed)
	if len(reports) == 0 {
		return changed, nil
	}
	shaList := slices.Sorted(maps.Keys(shaDoc))
	in := placeholders(len(shaList))
	shaArgs := make([]any, len(shaList))
	for i, v := range shaList {
		shaArgs[i] = v
	}

	existing, decided, err := loadLinks(ctx, tx, r, reports)
	if err != nil {
		return nil, err
	}
	if err := s.storeLinks(ctx, tx, existing, chooseLinks(plans, reports, existing, decided)); err != nil {
		return nil, err
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
