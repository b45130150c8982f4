package loaders

import (
	"fmt"
	"time"

	"github.com/minsheng/minsheng/corpus"
)

// Validate reports the first value of m that a record cannot hold: a
// document kind not in the schema, a publish date that is no date, a year
// out of range. The error names the field as flags and sidecars spell it.
func (m Meta) Validate() error {
	switch m.Kind {
	case "", corpus.DocPlan, corpus.DocCandidates, corpus.DocProgress, corpus.DocSupervision, corpus.DocOther:
	default:
		return fmt.Errorf("doc kind %q is not one of plan, candidates, progress, supervision, other", m.Kind)
	}
	if m.Published != "" {
		if _, err := time.Parse("2006-01-02", m.Published); err != nil {
			return fmt.Errorf("published %q is not a date YYYY-MM-DD", m.Published)
		}
	}
	if m.Year != 0 && (m.Year < 1949 || m.Year > 2100) {
		return fmt.Errorf("year %d is not a year between 1949 and 2100", m.Year)
	}
	return nil
}
