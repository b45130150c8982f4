package extract

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"path"
	"sort"
	"strings"

	"github.com/minsheng/minsheng/corpus"
)

// Gold is one hand-made annotation of a target, in the format of the shared
// evaluation set (gold.jsonl): the document's file name and the target's
// expected fields.
type Gold struct {
	Doc            string   `json:"doc"`
	ItemNo         *string  `json:"item_no"`
	Name           string   `json:"name"`
	Metric         *string  `json:"metric"`
	TargetValue    *float64 `json:"target_value"`
	Unit           *string  `json:"unit"`
	Qualifier      *string  `json:"qualifier"`
	LeadUnits      []string `json:"lead_units"`
	DeadlineISO    *string  `json:"deadline_iso"`
	CompletedValue *float64 `json:"completed_value"`
	RatePct        *float64 `json:"completion_rate_pct"`
	Status         *string  `json:"status"`
	// UnannotatedSection, on a line of its own with Doc, names sections
	// (by a part of their title) that the annotations leave out: records
	// from them are set aside, neither right nor wrong.
	UnannotatedSection *string `json:"unannotated_section"`
}

// ReadGold reads gold annotations, one JSON object a line.
func ReadGold(r io.Reader, name string) ([]Gold, error) {
	var out []Gold
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<24)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var g Gold
		if err := json.Unmarshal([]byte(line), &g); err != nil {
			return nil, fmt.Errorf("%s:%d: not a gold record: %w", name, n, err)
		}
		out = append(out, g)
	}
	return out, sc.Err()
}

// DocScore is how one document's targets compare with its annotations.
type DocScore struct {
	Doc               string
	Gold, Pred, Pairs int
}

// Score is how extracted records compare with gold annotations: target
// precision, recall and F1, and the accuracy of each field over the pairs.
// It computes what the shared evaluation script (score.py) computes, so that
// a researcher can score minsheng on their own annotations without Python.
type Score struct {
	Docs                  []DocScore
	Gold, Pred, Pairs     int
	Precision, Recall, F1 float64
	Fields                []FieldScore
	Misses                []Gold           // gold targets with no pair
	Extras                []*corpus.Record // records with no pair, in annotated documents
}

// FieldScore is one field's accuracy over the pairs where the gold gives it.
type FieldScore struct {
	Name     string
	Accuracy float64
	N        int
}

var goldQualifiers = map[string]string{"以上": corpus.AtLeast, "不少于": corpus.AtLeast, "不低于": corpus.AtLeast, "达": corpus.AtLeast,
	">": corpus.AtLeast, "＞": corpus.AtLeast, "≥": corpus.AtLeast, "以内": corpus.AtMost, "不超过": corpus.AtMost,
	"以下": corpus.AtMost, "约": corpus.Approx, "左右": corpus.Approx}

var goldStatuses = map[string]string{"完成": corpus.StatusCompleted, "已完成": corpus.StatusCompleted, "进度偏慢": corpus.StatusBehind,
	"正常推进": corpus.StatusOnTrack, "未完成": corpus.StatusNotCompleted, "尚未完成": corpus.StatusNotCompleted}

// goldStatusWords is the genre's vocabulary of status, in the order the
// annotations' phrases are tried against it: a phrase holding any word of a
// group states that group's status.
var goldStatusWords = []struct {
	words  []string
	status string
}{
	{[]string{"未完成", "未能完成", "没有完成"}, corpus.StatusNotCompleted},
	{[]string{"滞后", "偏慢", "缓慢", "低于序时", "低于时间进度", "落后"}, corpus.StatusBehind},
	{[]string{"超额完成", "提前完成", "已完成", "全面完成", "全部完成", "完成全年", "已竣工", "竣工", "完工", "已建成"}, corpus.StatusCompleted},
	{[]string{"序时", "正常推进", "有序推进", "超时间进度", "超进度", "同步", "推进中", "施工中", "实施中", "稳步推进"}, corpus.StatusOnTrack},
}

// goldStatus is the schema's status for a printed status phrase: the exact
// words first, then the genre's vocabulary; nil where the phrase states no
// status (a description of works), which leaves the field unscored.
func goldStatus(s *string) *string {
	if s == nil {
		return nil
	}
	t := scoreText(*s)
	if v, ok := goldStatuses[t]; ok {
		return &v
	}
	for _, g := range goldStatusWords {
		for _, w := range g.words {
			if strings.Contains(t, w) {
				return &g.status
			}
		}
	}
	return nil
}

func mapped(m map[string]string, s *string) *string {
	if s == nil {
		return nil
	}
	if v, ok := m[*s]; ok {
		return &v
	}
	return s
}

// scoreText is text as the evaluation compares it: full-width brackets made
// ASCII, all white space removed.
func scoreText(s string) string {
	s = strings.NewReplacer("（", "(", "）", ")", "\u3000", "").Replace(s)
	return strings.Join(strings.Fields(s), "")
}

func scoreBigrams(s string) map[string]bool {
	rs := []rune(scoreText(s))
	out := map[string]bool{}
	for i := 0; i+1 < len(rs); i++ {
		out[string(rs[i:i+2])] = true
	}
	if len(out) == 0 && len(rs) > 0 {
		out[string(rs)] = true
	}
	return out
}

func scoreAlike(a, b string) float64 {
	x, y := scoreBigrams(a), scoreBigrams(b)
	if len(x) == 0 || len(y) == 0 {
		return 0
	}
	hit := 0
	for g := range x {
		if y[g] {
			hit++
		}
	}
	return float64(hit) / float64(min(len(x), len(y)))
}

func scoreSameNum(a, b *float64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return math.Abs(*a-*b) <= 1e-6*math.Max(1, math.Max(math.Abs(*a), math.Abs(*b)))
}

// goldDoc finds the annotated document a record's source belongs to: its file
// name is the gold name or starts with the gold name's stem.
func goldDoc(source string, docs []string) string {
	base := path.Base(strings.ReplaceAll(source, `\`, "/"))
	for _, g := range docs {
		stem := g
		if i := strings.LastIndexByte(g, '.'); i >= 0 {
			stem = g[:i]
		}
		bstem := base
		if i := strings.LastIndexByte(base, '.'); i >= 0 {
			bstem = base[:i]
		}
		if base == g || strings.HasPrefix(base, stem) || bstem == stem {
			return g
		}
	}
	return ""
}

func recordScoreText(r *corpus.Record) string {
	m := ""
	if r.Metric != nil {
		m = *r.Metric
	}
	return r.Name + " " + m + " " + r.Target.Raw
}

// pairGold pairs gold targets with records greedily: equal values (a gold
// target without a value pairs only with a record without one), then the
// most alike name and metric, item numbers that agree counting a quarter.
func pairGold(gold []Gold, preds []*corpus.Record) [][2]int {
	type cand struct {
		sim    float64
		gi, pi int
	}
	var cands []cand
	for gi, g := range gold {
		m := ""
		if g.Metric != nil {
			m = *g.Metric
		}
		gtext := g.Name + " " + m
		for pi, p := range preds {
			if g.TargetValue == nil {
				if p.Target.Value != nil {
					continue
				}
			} else if !scoreSameNum(g.TargetValue, p.Target.Value) {
				continue
			}
			sim := scoreAlike(gtext, recordScoreText(p))
			if g.ItemNo != nil && *g.ItemNo != "" && p.ItemNo != nil && *p.ItemNo != "" && scoreText(*g.ItemNo) == scoreText(*p.ItemNo) {
				sim += 0.25
			}
			if sim >= 0.3 {
				cands = append(cands, cand{sim, gi, pi})
			}
		}
	}
	sort.Slice(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		if a.sim != b.sim {
			return a.sim > b.sim
		}
		if a.gi != b.gi {
			return a.gi > b.gi
		}
		return a.pi > b.pi
	})
	usedG, usedP := map[int]bool{}, map[int]bool{}
	var pairs [][2]int
	for _, c := range cands {
		if usedG[c.gi] || usedP[c.pi] {
			continue
		}
		usedG[c.gi], usedP[c.pi] = true, true
		pairs = append(pairs, [2]int{c.gi, c.pi})
	}
	return pairs
}

func unitsScore(gold, pred []string) (float64, bool) {
	g, p := map[string]bool{}, map[string]bool{}
	for _, u := range gold {
		if u != "" {
			g[scoreText(u)] = true
		}
	}
	for _, u := range pred {
		if u != "" {
			p[scoreText(u)] = true
		}
	}
	if len(g) == 0 {
		return 0, false
	}
	if len(p) == 0 {
		return 0, true
	}
	hit := 0
	for u := range g {
		for v := range p {
			if u == v || strings.Contains(v, u) || strings.Contains(u, v) {
				hit++
				break
			}
		}
	}
	return float64(hit) / float64(max(len(g), len(p))), true
}

var scoreFields = []string{"unit", "qualifier", "lead_units", "deadline", "completed", "rate", "status"}

// Evaluate scores records against gold annotations.
func Evaluate(gold []Gold, recs []corpus.Record) Score {
	var docs []string
	byDoc := map[string][]Gold{}
	skip := map[string][]string{}
	for _, g := range gold {
		if g.UnannotatedSection != nil {
			skip[g.Doc] = append(skip[g.Doc], *g.UnannotatedSection)
			continue
		}
		if _, ok := byDoc[g.Doc]; !ok {
			docs = append(docs, g.Doc)
		}
		byDoc[g.Doc] = append(byDoc[g.Doc], g)
	}
	preds := map[string][]*corpus.Record{}
	for i := range recs {
		if d := goldDoc(recs[i].Doc.Source, docs); d != "" && !inUnannotated(recs[i].Section, skip[d]) {
			preds[d] = append(preds[d], &recs[i])
		}
	}
	var s Score
	sum, cnt := map[string]float64{}, map[string]int{}
	add := func(name string, applies bool, v float64) {
		if applies {
			cnt[name]++
			sum[name] += v
		}
	}
	boolf := func(ok bool) float64 {
		if ok {
			return 1
		}
		return 0
	}
	sorted := append([]string(nil), docs...)
	sort.Strings(sorted)
	for _, d := range sorted {
		gs, ps := byDoc[d], preds[d]
		pairs := pairGold(gs, ps)
		s.Docs = append(s.Docs, DocScore{Doc: d, Gold: len(gs), Pred: len(ps), Pairs: len(pairs)})
		s.Gold += len(gs)
		s.Pred += len(ps)
		s.Pairs += len(pairs)
		paired := map[int]bool{}
		for _, pr := range pairs {
			paired[pr[0]] = true
			g, p := gs[pr[0]], ps[pr[1]]
			var prog corpus.Progress
			if p.Progress != nil {
				prog = *p.Progress
			}
			var deadline *string
			if p.Deadline != nil {
				deadline = p.Deadline.Date
			}
			add("unit", g.Unit != nil, boolf(scoreText(deref(g.Unit)) == scoreText(deref(p.Target.Unit))))
			add("qualifier", true, boolf(equalPtr(mapped(goldQualifiers, g.Qualifier), p.Target.Qualifier)))
			add("deadline", g.DeadlineISO != nil, boolf(equalPtr(g.DeadlineISO, deadline)))
			add("completed", g.CompletedValue != nil, boolf(scoreSameNum(g.CompletedValue, prog.CompletedValue)))
			add("rate", g.RatePct != nil, boolf(g.RatePct != nil && prog.RatePct != nil && math.Abs(*g.RatePct-*prog.RatePct) <= 0.011))
			st := goldStatus(g.Status)
			add("status", st != nil, boolf(equalPtr(st, prog.Status)))
			if v, ok := unitsScore(g.LeadUnits, p.LeadUnits); ok {
				add("lead_units", true, v)
			}
		}
		for gi, g := range gs {
			if !paired[gi] {
				s.Misses = append(s.Misses, g)
			}
		}
		pairedPred := map[int]bool{}
		for _, pr := range pairs {
			pairedPred[pr[1]] = true
		}
		for pi, p := range ps {
			if !pairedPred[pi] {
				s.Extras = append(s.Extras, p)
			}
		}
	}
	if s.Pred > 0 {
		s.Precision = float64(s.Pairs) / float64(s.Pred)
	}
	if s.Gold > 0 {
		s.Recall = float64(s.Pairs) / float64(s.Gold)
	}
	if s.Precision+s.Recall > 0 {
		s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
	}
	for _, f := range scoreFields {
		if cnt[f] > 0 {
			s.Fields = append(s.Fields, FieldScore{Name: f, Accuracy: sum[f] / float64(cnt[f]), N: cnt[f]})
		}
	}
	return s
}

// inUnannotated reports whether a section's title holds any of the parts
// that name sections the annotations leave out.
func inUnannotated(section *string, parts []string) bool {
	for _, t := range parts {
		if strings.Contains(deref(section), t) {
			return true
		}
	}
	return false
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func equalPtr(a, b *string) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

// WriteScore prints a score the way the shared evaluation script does: a line
// per document when perDoc is set, then the summary line.
func WriteScore(w io.Writer, s Score, perDoc bool) {
	if perDoc {
		for _, d := range s.Docs {
			p, r := 0.0, 0.0
			if d.Pred > 0 {
				p = float64(d.Pairs) / float64(d.Pred)
			}
			if d.Gold > 0 {
				r = float64(d.Pairs) / float64(d.Gold)
			}
			fmt.Fprintf(w, "%s: gold %d pred %d paired %d  P %.3f R %.3f\n", d.Doc, d.Gold, d.Pred, d.Pairs, p, r)
		}
	}
	var fields []string
	for _, f := range s.Fields {
		fields = append(fields, fmt.Sprintf("%s %.3f/%d", f.Name, f.Accuracy, f.N))
	}
	fmt.Fprintf(w, "targets: P %.3f R %.3f F1 %.3f (gold %d, pred %d); fields: %s\n",
		s.Precision, s.Recall, s.F1, s.Gold, s.Pred, strings.Join(fields, " "))
}
