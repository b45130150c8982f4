package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/minsheng/minsheng/corpus"
)

// Ingest stores one document and its records in one transaction, so that a
// store never holds part of a document. Documents are keyed by the sha256 of
// their content:
//
//   - content already stored gives Unchanged and changes nothing, except that
//     a source not seen before is remembered in document_sources;
//   - content that differs from what a source gave before gives Replaced: the
//     source's old document and all its rows are deleted and the new one
//     stored (when the old content is still known from another source, only
//     this source's link to it is removed);
//   - anything else gives New.
//
// A successful Ingest of a source clears its entry in ingest_failures. On
// error the outcome is Failed and nothing has changed.
func (s *Store) Ingest(ctx context.Context, doc corpus.DocInfo, recs []corpus.Record) (Outcome, error) {
	if err := s.writable(); err != nil {
		return Failed, err
	}
	if doc.SHA256 == "" {
		return Failed, fmt.Errorf("store: ingest %s: document has no sha256", doc.Source)
	}
	if doc.Source == "" {
		return Failed, fmt.Errorf("store: ingest %s: document has no source", doc.SHA256)
	}
	var out Outcome
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = s.ingest(ctx, tx, doc, recs)
		return err
	})
	if err != nil {
		return Failed, fmt.Errorf("store: ingest %s: %w", doc.Source, err)
	}
	return out, nil
}

func (s *Store) ingest(ctx context.Context, tx *sql.Tx, doc corpus.DocInfo, recs []corpus.Record) (Outcome, error) {
	r := s.dialect.rebind
	existing, err := lookupID(ctx, tx, r(`SELECT id FROM documents WHERE sha256 = ?`), doc.SHA256)
	if err != nil {
		return Failed, err
	}
	prev, err := lookupID(ctx, tx, r(`SELECT document_id FROM document_sources WHERE source = ?`), doc.Source)
	if err != nil {
		return Failed, err
	}
	if prev != 0 && existing == 0 {
		// Under read committed another load may have committed this very
		// content between the two lookups: the source then points at it.
		same, err := lookupID(ctx, tx, r(`SELECT id FROM documents WHERE id = ? AND sha256 = ?`), prev, doc.SHA256)
		if err != nil {
			return Failed, err
		}
		existing = same
	}
	if _, err := tx.ExecContext(ctx, r(`DELETE FROM ingest_failures WHERE source = ?`), doc.Source); err != nil {
		return Failed, err
	}
	if existing != 0 && prev == existing {
		return Unchanged, nil
	}
	out := New
	if existing != 0 {
		out = Unchanged
	}
	// The documents whose latest reports change: the source's earlier
	// document, which goes or changes source, and those linked to it; then
	// the new document and those its linking touches.
	var stale []int64
	if prev != 0 {
		if stale, err = s.linkedDocs(ctx, tx, []int64{prev}); err != nil {
			return Failed, err
		}
		if err := s.detach(ctx, tx, prev, doc.Source); err != nil {
			return Failed, err
		}
		out = Replaced
	}
	if existing != 0 {
		if _, err := tx.ExecContext(ctx, r(`INSERT INTO document_sources (document_id, source) VALUES (?, ?)`), existing, doc.Source); err != nil {
			return Failed, err
		}
		return out, s.refreshLatest(ctx, tx, stale)
	}
	docID, err := s.insertDocument(ctx, tx, doc, recs)
	if err != nil {
		return Failed, err
	}
	link := s.linkGroup
	if s.scanLinks && scanLinker != nil {
		link = func(ctx context.Context, tx *sql.Tx, docID int64) ([]int64, error) {
			return scanLinker(s, ctx, tx, docID)
		}
	}
	changed, err := link(ctx, tx, docID)
	if err != nil {
		return Failed, err
	}
	if !s.scanLinks && isReportKind(docKind(doc.Kind)) && len(changed) == 1 && changed[0] == docID {
		// A new report adds links from its own targets and changes no other
		// document's: only the plan targets it links to may have a new
		// latest report, and that is their latest or one of its targets.
		if err := s.refreshLatest(ctx, tx, append(stale, docID)); err != nil {
			return Failed, err
		}
		return out, s.refreshLinkedTargets(ctx, tx, docID)
	}
	linked, err := s.linkedDocs(ctx, tx, changed)
	if err != nil {
		return Failed, err
	}
	return out, s.refreshLatest(ctx, tx, append(stale, linked...))
}

// scanLinker, when set, links as the store did before linking used an
// index of the group, and the latest reports are then recomputed document by
// document; the tests compare the two. Store.scanLinks chooses it.
var scanLinker func(s *Store, ctx context.Context, tx *sql.Tx, docID int64) ([]int64, error)

// lookupID returns the id the query selects, or 0 when it selects nothing.
func lookupID(ctx context.Context, tx *sql.Tx, q string, args ...any) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, q, args...).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, err
}

// detach removes source from document id, and the document with all its rows
// when no other source is left.
func (s *Store) detach(ctx context.Context, tx *sql.Tx, id int64, source string) error {
	r := s.dialect.rebind
	if _, err := tx.ExecContext(ctx, r(`DELETE FROM document_sources WHERE source = ?`), source); err != nil {
		return err
	}
	var other sql.NullString
	if err := tx.QueryRowContext(ctx, r(`SELECT MIN(source) FROM document_sources WHERE document_id = ?`), id).Scan(&other); err != nil {
		return err
	}
	if !other.Valid {
		// Children are deleted explicitly as well as by ON DELETE CASCADE, so
		// that replacement does not hang on the engine's foreign key setting.
		for _, q := range []string{
			`DELETE FROM latest_reports WHERE document_id = ?`,
			`DELETE FROM progress WHERE target_id IN (SELECT id FROM targets WHERE document_id = ?)`,
			`DELETE FROM targets WHERE document_id = ?`,
			`DELETE FROM items WHERE document_id = ?`,
			`DELETE FROM documents WHERE id = ?`,
		} {
			if _, err := tx.ExecContext(ctx, r(q), id); err != nil {
				return err
			}
		}
		return nil
	}
	_, err := tx.ExecContext(ctx, r(`UPDATE documents SET source = ? WHERE id = ? AND source = ?`), other.String, id, source)
	return err
}

func (s *Store) insertDocument(ctx context.Context, tx *sql.Tx, doc corpus.DocInfo, recs []corpus.Record) (int64, error) {
	r := s.dialect.rebind
	var docID int64
	err := tx.QueryRowContext(ctx, r(`INSERT INTO documents
		(sha256, source, title, doc_no, issuer, published, year, province, city, county, kind, format, charset, ingested_at, record_count)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		doc.SHA256, doc.Source, doc.Title, doc.DocNo, doc.Issuer, doc.Published, doc.Year,
		doc.Region.Province, doc.Region.City, doc.Region.County, docKind(doc.Kind),
		nullIfEmpty(doc.Format), nullIfEmpty(doc.Charset),
		time.Now().UTC().Format(time.RFC3339), len(recs),
	).Scan(&docID)
	if err != nil {
		return 0, fmt.Errorf("document: %w", err)
	}
	if _, err := tx.ExecContext(ctx, r(`INSERT INTO document_sources (document_id, source) VALUES (?, ?)`), docID, doc.Source); err != nil {
		return 0, fmt.Errorf("document source: %w", err)
	}
	if len(recs) == 0 {
		return docID, nil
	}

	// The rows are written a batch at a time, one statement per batch: the
	// items, then the targets with their items' ids, then the progress with
	// the targets' ids.
	type itemRow struct {
		first int // seq of the first record of the item
		vals  []any
	}
	var (
		itemRows     []itemRow
		itemIndex    = map[itemKey]int{}
		recItem      = make([]int, len(recs)) // index in itemRows of each record's item
		targetVals   = make([][]any, len(recs))
		progressVals [][]any
		progressSeqs []int
		ownRegions   []corpus.Region // regions of items that are not the document's
	)
	for i := range recs {
		rec := recs[i] // a copy: Normalized below must not touch the caller's record
		seq := i + 1
		if rec.Doc.Source == "" && rec.Doc.SHA256 == "" {
			rec.Doc = doc
		}
		rec.Normalized()

		k := itemKey{section: keyPart(rec.Section), itemNo: keyPart(rec.ItemNo), name: rec.Name}
		ii, ok := itemIndex[k]
		if !ok {
			ii = len(itemRows)
			itemIndex[k] = ii
			// the item's own government, where it is not the document's
			var province, city, county *string
			if r := rec.Region; r != nil && !sameRegion(*r, doc.Region) {
				province, city, county = r.Province, r.City, r.County
				if !slices.ContainsFunc(ownRegions, func(o corpus.Region) bool { return sameRegion(o, *r) }) {
					ownRegions = append(ownRegions, *r)
				}
			}
			itemRows = append(itemRows, itemRow{seq, []any{docID, rec.Section, rec.Kind, rec.ItemNo, rec.Name,
				mustJSON(rec.LeadUnits), mustJSON(rec.SupportUnits), province, city, county}})
		}
		recItem[i] = ii

		var deadlineRaw, deadline *string
		if rec.Deadline != nil {
			deadlineRaw, deadline = &rec.Deadline.Raw, rec.Deadline.Date
		}
		milestones := rec.Milestones
		if milestones == nil {
			milestones = []string{}
		}
		record, err := marshalJSON(&rec)
		if err != nil {
			return 0, fmt.Errorf("record %d: %w", seq, err)
		}
		p := rec.Provenance
		targetVals[i] = []any{docID, nil, seq, rec.Metric, rec.Target.Value, rec.Target.Unit,
			rec.Target.Qualifier, rec.Target.Raw, deadlineRaw, deadline, rec.BudgetWan,
			mustJSON(rec.Breakdown), mustJSON(rec.Flags), mustJSON(milestones),
			p.Page, p.Table, p.Row, p.Col, p.Line, record}
		if pr := rec.Progress; pr != nil {
			progressVals = append(progressVals, []any{nil, pr.AsOfRaw, pr.AsOf, pr.CompletedValue, pr.RatePct, pr.Status, pr.Raw})
			progressSeqs = append(progressSeqs, seq)
		}
	}

	itemVals := make([][]any, len(itemRows))
	for i, it := range itemRows {
		itemVals[i] = it.vals
	}
	itemIDs := make([]int64, len(itemRows))
	regionVals := make([][]any, len(ownRegions))
	for i, r := range ownRegions {
		regionVals[i] = []any{docID, r.Province, r.City, r.County}
	}
	if err := s.insertRows(ctx, tx, `item_regions (document_id, province, city, county)`, regionVals, "", nil); err != nil {
		return 0, fmt.Errorf("item regions: %w", err)
	}
	err = s.insertRows(ctx, tx, `items (document_id, section, kind, item_no, name, lead_units, support_units, province, city, county)`, itemVals,
		`RETURNING id, section, item_no, name`, func(rows *sql.Rows) error {
			var (
				id              int64
				section, itemNo sql.NullString
				name            string
			)
			if err := rows.Scan(&id, &section, &itemNo, &name); err != nil {
				return err
			}
			k := itemKey{section: keyPart(nullStringPtr(section)), itemNo: keyPart(nullStringPtr(itemNo)), name: name}
			ii, ok := itemIndex[k]
			if !ok {
				return fmt.Errorf("item %q returned, not inserted", name)
			}
			itemIDs[ii] = id
			return nil
		})
	if err != nil {
		return 0, recordsError("item", err, func(i int) int { return itemRows[i].first })
	}
	for i, vals := range targetVals {
		vals[1] = itemIDs[recItem[i]]
	}
	targetIDs := make([]int64, len(recs)+1) // by seq
	err = s.insertRows(ctx, tx, `targets (document_id, item_id, seq, metric, value, unit, qualifier, raw, deadline_raw, deadline,
		budget_wan, breakdown, flags, milestones, prov_page, prov_table, prov_row, prov_col, prov_line, record)`, targetVals,
		`RETURNING id, seq`, func(rows *sql.Rows) error {
			var id, seq int64
			if err := rows.Scan(&id, &seq); err != nil {
				return err
			}
			if seq < 1 || seq > int64(len(recs)) {
				return fmt.Errorf("target %d returned, not inserted", seq)
			}
			targetIDs[seq] = id
			return nil
		})
	if err != nil {
		return 0, recordsError("target", err, func(i int) int { return i + 1 })
	}
	for i, vals := range progressVals {
		vals[0] = targetIDs[progressSeqs[i]]
	}
	err = s.insertRows(ctx, tx, `progress (target_id, as_of_raw, as_of, completed_value, rate_pct, status, raw)`, progressVals, "", nil)
	if err != nil {
		return 0, recordsError("progress", err, func(i int) int { return progressSeqs[i] })
	}
	return docID, nil
}

// insertRows inserts rows into into, a table and its column list, at most
// the dialect's batch of rows a statement; tail follows the VALUES of each
// statement (an ON CONFLICT or a RETURNING clause). When scan is not nil it
// reads each row the statements return, which come in no particular order.
func (s *Store) insertRows(ctx context.Context, tx *sql.Tx, into string, rows [][]any, tail string, scan func(*sql.Rows) error) error {
	if len(rows) == 0 {
		return nil
	}
	ncols := len(rows[0])
	batch := max(1, min(s.dialect.insertBatch, maxParams/ncols))
	var full *sql.Stmt // the statement of a full batch, when it is prepared
	defer func() {
		if full != nil {
			full.Close()
		}
	}()
	for first := 0; first < len(rows); first += batch {
		part := rows[first:min(first+batch, len(rows))]
		args := slices.Concat(part...)
		var (
			q   string
			rs  *sql.Rows
			err error
		)
		if full == nil || len(part) < batch {
			q = s.dialect.rebind(insertSQL(into, len(part), ncols, tail))
		}
		if full == nil && len(part) == batch && s.dialect.prepareBatches && len(rows) >= 2*batch {
			full, err = tx.PrepareContext(ctx, q)
		}
		switch {
		case err != nil:
		case full != nil && len(part) == batch && scan != nil:
			rs, err = full.QueryContext(ctx, args...)
		case full != nil && len(part) == batch:
			_, err = full.ExecContext(ctx, args...)
		case scan != nil:
			rs, err = tx.QueryContext(ctx, q, args...)
		default:
			_, err = tx.ExecContext(ctx, q, args...)
		}
		if rs != nil {
			err = scanRows(rs, scan)
		}
		if err != nil {
			return &batchError{first: first, last: first + len(part) - 1, err: err}
		}
	}
	return nil
}

// maxParams is how many parameters a statement may have: SQLite allows
// 32766, PostgreSQL 65535.
const maxParams = 32766

// insertSQL is the INSERT of n rows of ncols values into into, followed by
// tail.
func insertSQL(into string, n, ncols int, tail string) string {
	row := "(" + placeholders(ncols) + ")"
	return "INSERT INTO " + into + " VALUES " + strings.TrimSuffix(strings.Repeat(row+", ", n), ", ") + " " + tail
}

// scanRows calls scan for each of rs and closes it.
func scanRows(rs *sql.Rows, scan func(*sql.Rows) error) error {
	defer rs.Close()
	for rs.Next() {
		if err := scan(rs); err != nil {
			return err
		}
	}
	return rs.Err()
}

// A batchError says which rows, counted from 0, a failed multi-row INSERT
// held.
type batchError struct {
	first, last int
	err         error
}

func (e *batchError) Error() string { return e.err.Error() }
func (e *batchError) Unwrap() error { return e.err }

// recordsError names the records, by seq, whose what rows failed to insert.
func recordsError(what string, err error, seq func(row int) int) error {
	var be *batchError
	if !errors.As(err, &be) {
		return fmt.Errorf("%s: %w", what, err)
	}
	if a, b := seq(be.first), seq(be.last); a != b {
		return fmt.Errorf("records %d to %d: %s: %w", a, b, what, be.err)
	}
	return fmt.Errorf("record %d: %s: %w", seq(be.first), what, be.err)
}

func nullStringPtr(s sql.NullString) *string {
	if !s.Valid {
		return nil
	}
	return &s.String
}

// itemKey tells the items of a document apart; a nil part differs from "".
type itemKey struct {
	section, itemNo, name string
}

func keyPart(p *string) string {
	if p == nil {
		return "\x00"
	}
	return "=" + *p
}

func docKind(k string) string {
	if k == "" {
		return corpus.DocOther
	}
	return k
}

func nullIfEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// marshalJSON encodes v as compact JSON without escaping <, > and &.
func marshalJSON(v any) (string, error) {
	var b bytes.Buffer
	e := json.NewEncoder(&b)
	e.SetEscapeHTML(false)
	if err := e.Encode(v); err != nil {
		return "", err
	}
	return string(bytes.TrimRight(b.Bytes(), "\n")), nil
}

// mustJSON encodes a list of strings or area values, which cannot fail.
func mustJSON(v any) string {
	s, err := marshalJSON(v)
	if err != nil {
		panic(err)
	}
	return s
}

// RecordFailure notes that the document at source could not be read. It
// replaces an earlier failure of the same source; a later successful Ingest
// of the source clears it. sha256 may be "" when the content is not known.
func (s *Store) RecordFailure(ctx context.Context, source, sha256 string, cause error) error {
	if err := s.writable(); err != nil {
		return err
	}
	msg := "unknown error"
	if cause != nil {
		msg = cause.Error()
	}
	_, err := s.db.ExecContext(ctx, s.dialect.rebind(`INSERT INTO ingest_failures (source, sha256, error, failed_at)
		VALUES (?, ?, ?, ?)
		ON CONFLICT (source) DO UPDATE SET sha256 = excluded.sha256, error = excluded.error, failed_at = excluded.failed_at`),
		source, nullIfEmpty(sha256), msg, time.Now().UTC().Format(time.RFC3339Nano))
	if err != nil {
		return fmt.Errorf("store: record failure of %s: %w", source, err)
	}
	return nil
}

// sameRegion reports whether two regions name the same government.
func sameRegion(a, b corpus.Region) bool {
	eq := func(x, y *string) bool { return x == nil && y == nil || x != nil && y != nil && *x == *y }
	return eq(a.Province, b.Province) && eq(a.City, b.City) && eq(a.County, b.County)
}
