// Package corpus owns minsheng's canonical types: the document model that every
// reader produces (blocks, tables and cells with their provenance) and the target
// record that every extractor emits and every store keeps. It depends on the
// standard library only, so that every other package can share it.
package corpus

// Document facts kinds (doc.kind).
const (
	DocPlan        = "plan"
	DocCandidates  = "candidates"
	DocProgress    = "progress"
	DocSupervision = "supervision"
	DocOther       = "other"
)

// Item kinds (record kind).
const (
	KindLivelihood = "livelihood"
	KindKeyWork    = "key_work"
	KindOther      = "other"
)

// Qualifiers of a target value.
const (
	AtLeast = "at_least"
	AtMost  = "at_most"
	Approx  = "approx"
)

// Progress statuses.
const (
	StatusCompleted    = "completed"
	StatusOnTrack      = "on_track"
	StatusBehind       = "behind"
	StatusNotCompleted = "not_completed"
)

// Flags a record or a cell may carry. A flag says that something could not be
// read as printed; it never hides a value.
const (
	FlagMissingNumber = "missing_number" // a measure word with no number before it
	FlagTruncated     = "truncated"      // the cell was cut off (U+FFFD, cut mid-character)
	FlagComputedRate  = "computed_rate"  // rate_pct computed from completed/target
	FlagOCRNoise      = "ocr_noise"      // OCR debris was removed from the text
	FlagYearUnknown   = "year_unknown"   // the document's year is not known
	FlagLostChar      = "lost_character" // a character survives only as ? plus pinyin
	FlagBreakdownSum  = "breakdown_mismatch"
	FlagMojibake      = "mojibake"
)

// BudgetSource is one source of a target's budget: its name as the
// document's column prints it and its amount in 万元.
type BudgetSource struct {
	Source string  `json:"source"`
	Wan    float64 `json:"wan"`
}

// Region is the government whose targets a document lists. Any part may be nil.
type Region struct {
	Province *string `json:"province"`
	City     *string `json:"city"`
	County   *string `json:"county"`
}

// DocInfo is the doc object of a record: what a document is and where it came from.
type DocInfo struct {
	Source    string  `json:"source"`
	SHA256    string  `json:"sha256"`
	Title     *string `json:"title"`
	DocNo     *string `json:"doc_no"`
	Issuer    *string `json:"issuer"`
	Published *string `json:"published"` // ISO date
	Year      *int    `json:"year"`
	Region    Region  `json:"region"`
	Kind      string  `json:"kind"`
	Format    string  `json:"format,omitempty"`
	Charset   string  `json:"charset,omitempty"`
}

// Target is the measurable commitment of a record.
type Target struct {
	Value     *float64 `json:"value"`
	Unit      *string  `json:"unit"`
	Qualifier *string  `json:"qualifier"`
	Raw       string   `json:"raw"`
}

// Deadline is when a target is due: raw as printed, Date as an ISO date when pinned.
type Deadline struct {
	Raw  string  `json:"raw"`
	Date *string `json:"date"`
}

// Progress is how far a target has got, as a document reports it.
type Progress struct {
	AsOfRaw        *string  `json:"as_of_raw"`
	AsOf           *string  `json:"as_of"`
	CompletedValue *float64 `json:"completed_value"`
	RatePct        *float64 `json:"rate_pct"`
	Status         *string  `json:"status"`
	Raw            *string  `json:"raw"`
}

// AreaValue is one per-area share of a target ("鹿城350个").
type AreaValue struct {
	Area  string   `json:"area"`
	Value *float64 `json:"value"`
}

// Provenance says where in its source something came from. Positions count from
// one; nil means not applicable or unknown.
type Provenance struct {
	Page  *int `json:"page"`
	Table *int `json:"table"`
	Row   *int `json:"row"`
	Col   *int `json:"col"`
	Line  *int `json:"line"`
}

// Record is the canonical target record (../shared/schema): one measurable
// commitment with its item, lead units, deadline and progress.
type Record struct {
	Doc          DocInfo     `json:"doc"`
	Section      *string     `json:"section"`
	Kind         string      `json:"kind"`
	ItemNo       *string     `json:"item_no"`
	Name         string      `json:"name"`
	Metric       *string     `json:"metric"`
	Target       Target      `json:"target"`
	LeadUnits    []string    `json:"lead_units"`
	SupportUnits []string    `json:"support_units"`
	Deadline     *Deadline   `json:"deadline"`
	Progress     *Progress   `json:"progress"`
	Breakdown    []AreaValue `json:"breakdown"`
	BudgetWan    *float64    `json:"budget_wan"`
	Flags        []string    `json:"flags"`
	Provenance   Provenance  `json:"provenance"`
	// Milestones are the quarterly or monthly milestones of the item, as printed.
	Milestones []string `json:"milestones,omitempty"`
	// BudgetSources split BudgetWan by where the money comes from, as the
	// document's funding columns name them (上级支持, 市财政统筹 …), in 万元.
	BudgetSources []BudgetSource `json:"budget_sources,omitempty"`
	// Region is the government whose target this is: the document's, or
	// the district or county whose list a section of a city's document is
	// (上城区政府年度民生实事项目).
	Region *Region `json:"region,omitempty"`
}

// HasFlag reports whether the record carries flag f.
func (r *Record) HasFlag(f string) bool {
	for _, x := range r.Flags {
		if x == f {
			return true
		}
	}
	return false
}

// AddFlag adds f to the record's flags once.
func (r *Record) AddFlag(f string) {
	if !r.HasFlag(f) {
		r.Flags = append(r.Flags, f)
	}
}

// Normalized makes the record print as the schema wants it: empty lists as [],
// not null.
func (r *Record) Normalized() *Record {
	if r.LeadUnits == nil {
		r.LeadUnits = []string{}
	}
	if r.SupportUnits == nil {
		r.SupportUnits = []string{}
	}
	if r.Breakdown == nil {
		r.Breakdown = []AreaValue{}
	}
	if r.Flags == nil {
		r.Flags = []string{}
	}
	return r
}

// Ptr returns a pointer to v; it keeps optional fields short to fill.
func Ptr[T any](v T) *T { return &v }
