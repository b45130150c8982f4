package extract

import (
	_ "embed"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/minsheng/minsheng/corpus"
)

//go:embed data/gazetteer.tsv
var gazetteerTSV string

type place struct {
	code                   string
	province, city, county string
}

// name is the place's full name at its own level.
func (p place) name() string {
	switch {
	case p.county != "":
		return p.county
	case p.city != "":
		return p.city
	}
	return p.province
}

// nameSuffixes are the level words a short name drops (温州市 → 温州).
var nameSuffixes = []string{"维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县", "特别行政区", "地区", "林区", "新区", "省", "市", "县", "区", "盟", "旗"}

// short is the name without its level suffix, or "" when that would leave
// fewer than two characters.
func (p place) short() string {
	n := p.name()
	for _, suf := range nameSuffixes {
		if s := strings.TrimSuffix(n, suf); s != n {
			if runeLen(s) >= 2 {
				return s
			}
			return ""
		}
	}
	return ""
}

// gazetteer is the table of administrative divisions with an index of their
// full and short names.
type gazetteerIndex struct {
	places []place
	full   map[string][]int // full name -> places
	short  map[string][]int // short name -> places
	// longest maps a name's first two runes (every name has two or more) to
	// the byte length of the longest name starting with them, so that a scan
	// skips every other position with one lookup.
	longest map[[2]rune]int
	// first marks the runes of the Basic Multilingual Plane a name starts
	// with, a cheaper test than the map for the many runes that start none.
	first [1 << 16 / 64]uint64
}

func (g *gazetteerIndex) mayStart(r rune) bool {
	return r >= 1<<16 || g.first[r/64]&(1<<(r%64)) != 0
}

// headPair is the first two runes of s, and the byte length of the first.
func headPair(s string) (pair [2]rune, size int) {
	r1, size := utf8.DecodeRuneInString(s)
	r2, _ := utf8.DecodeRuneInString(s[size:])
	return [2]rune{r1, r2}, size
}

var gazetteer = sync.OnceValue(func() *gazetteerIndex {
	g := &gazetteerIndex{full: map[string][]int{}, short: map[string][]int{}, longest: map[[2]rune]int{}}
	index := func(m map[string][]int, name string, i int) {
		m[name] = append(m[name], i)
		pair, _ := headPair(name)
		g.longest[pair] = max(g.longest[pair], len(name))
		if r := pair[0]; r < 1<<16 {
			g.first[r/64] |= 1 << (r % 64)
		}
	}
	for _, line := range strings.Split(gazetteerTSV, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 4 {
			continue
		}
		p := place{code: f[0], province: f[1], city: f[2], county: f[3]}
		i := len(g.places)
		g.places = append(g.places, p)
		index(g.full, p.name(), i)
		if sh := p.short(); sh != "" {
			index(g.short, sh, i)
		}
	}
	return g
})

// mentions counts, for each place, how often texts name it: full names, and
// short names too when short is set. A name is matched at the longest place
// name starting at each position, so 温州市 does not also count as 温州.
func (g *gazetteerIndex) mentions(texts []string, short bool) map[int]int {
	counts := map[int]int{}
	var ends []int
	for _, t := range texts {
		for i := 0; i < len(t); {
			if c := t[i]; c < utf8.RuneSelf {
				i++
				continue
			}
			r, size := utf8.DecodeRuneInString(t[i:])
			if !g.mayStart(r) {
				i += size
				continue
			}
			pair, _ := headPair(t[i:])
			limit, ok := g.longest[pair]
			if !ok {
				i += size
				continue
			}
			// the rune boundaries a name starting here may end at
			ends = ends[:0]
			for j := i + size; j < len(t) && j-i < limit; {
				_, sz := utf8.DecodeRuneInString(t[j:])
				j += sz
				ends = append(ends, j)
			}
			step := size
			for k := len(ends) - 1; k >= 0; k-- {
				w := t[i:ends[k]]
				ids, ok := g.full[w]
				if !ok && short {
					ids, ok = g.short[w]
				}
				if ok {
					for _, id := range ids {
						counts[id]++
					}
					step = len(w)
					break
				}
			}
			i += step
		}
	}
	return counts
}

// isPlace reports whether s is the full or short name of a division.
func (g *gazetteerIndex) isPlace(s string) bool {
	_, full := g.full[s]
	_, sh := g.short[s]
	return full || sh
}

var (
	docNoRe = regexp.MustCompile(`[\p{Han}、]{1,24}[〔\[［【(（]\s*(?:19|20)[0-9]{2}\s*[〕\]］】)）]\s*[0-9]{1,4}\s*号`)
	// publishedRe reads the date after a label (发布时间, 发布日期, 发文日期,
	// 成文日期, 日期: every label ends in 日期 or is 发布时间).
	publishedRe = regexp.MustCompile(`^\s*[:：]\s*((?:19|20)[0-9]{2})[-/.年]([0-9]{1,2})[-/.月]([0-9]{1,2})`)
	yearRe      = regexp.MustCompile(`((?:19|20)[0-9]{2})\s*年`)
	docNoYearRe = regexp.MustCompile(`[〔\[［【(（]\s*((?:19|20)[0-9]{2})\s*[〕\]］】)）]`)
	titleRe2    = regexp.MustCompile(`关于.{4,80}?的(?:通报|通知|报告|意见|方案|决定|公告|函|批复|说明)`)
	leadDateRe  = regexp.MustCompile(`^((?:19|20)[0-9]{2})年([0-9]{1,2})月([0-9]{1,2})日`)
	dateLineRe  = regexp.MustCompile(`^((?:19|20)[0-9]{2})(?:年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日|([0-9]{2})([0-9]{2}))$`)
	orgSuffixRe = regexp.MustCompile(`(?:人民政府|政府|委员会|常委会|办公室|督查室|督察室|办公厅|领导小组|局|委|厅|办)$`)
)

// DocFacts completes a document's facts from its text where its metadata is
// silent: title, 文号, issuer, publish date, year, region and kind. Metadata
// that was given (sidecar or flags) is never overridden.
func DocFacts(doc *corpus.Document) corpus.DocInfo {
	info := doc.Info
	head := headText(doc, 40)
	if info.DocNo == nil {
		info.DocNo = findDocNo(head)
	}
	if info.Title == nil {
		info.Title = findTitle(doc, info.DocNo)
	}
	if info.Published == nil {
		info.Published = findPublished(allText(doc))
	}
	issuer, signed := findIssuer(doc)
	if info.Issuer == nil && issuer != "" {
		info.Issuer = corpus.Ptr(issuer)
	}
	if info.Published == nil && signed != nil {
		info.Published = signed
	}
	if info.Published == nil {
		// a report dated on its first lines: "2022年4月9日在…会议上"
		for i, b := range doc.Blocks {
			if i > 5 {
				break
			}
			if m := leadDateRe.FindStringSubmatch(squeeze(b.Text)); m != nil {
				info.Published = isoDate(m[1], m[2], m[3])
				break
			}
		}
	}
	if info.Year == nil {
		info.Year = findYear(info, head)
	}
	if info.Region.Province == nil && info.Region.City == nil && info.Region.County == nil {
		info.Region = findRegion(doc, info)
	}
	if info.Kind == "" || info.Kind == corpus.DocOther {
		info.Kind = docKind(info.Title, head)
	}
	return info
}

func isoDate(y, m, d string) *string {
	yi, _ := strconv.Atoi(y)
	mi, _ := strconv.Atoi(m)
	di, _ := strconv.Atoi(d)
	if mi < 1 || mi > 12 || di < 1 || di > 31 {
		return nil
	}
	return corpus.Ptr(strconv.Itoa(yi) + "-" + pad2(mi) + "-" + pad2(di))
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// headText joins the text of the first n non-table blocks.
// findDocNo takes the first 文号 (温人大办〔2022〕20号) of the text; only lines
// with a 号 can hold one.
func findDocNo(text string) *string {
	for line := range strings.Lines(text) {
		if !strings.Contains(line, "号") {
			continue
		}
		if m := docNoRe.FindString(line); m != "" {
			return corpus.Ptr(squeeze(m))
		}
	}
	return nil
}

// findPublished reads the first labelled publication date of the text
// ("发布时间: 2021-11-29 18:36").
func findPublished(text string) *string {
	for off := 0; off < len(text); {
		rest := text[off:]
		i, label := strings.Index(rest, "日期"), len("日期")
		if j := strings.Index(rest, "发布时间"); j >= 0 && (i < 0 || j < i) {
			i, label = j, len("发布时间")
		}
		if i < 0 {
			return nil
		}
		off += i + label
		if m := publishedRe.FindStringSubmatch(text[off:]); m != nil {
			return isoDate(m[1], m[2], m[3])
		}
	}
	return nil
}

func headText(doc *corpus.Document, n int) string {
	var sb strings.Builder
	for _, b := range doc.Blocks {
		if b.Kind == corpus.TableBlock {
			continue
		}
		sb.WriteString(b.Text)
		sb.WriteByte('\n')
		if n--; n == 0 {
			break
		}
	}
	return sb.String()
}

func allText(doc *corpus.Document) string {
	var sb strings.Builder
	for _, b := range doc.Blocks {
		if b.Table != nil {
			sb.WriteString(b.Table.Caption)
			for _, c := range b.Table.Cells {
				sb.WriteByte('\n')
				sb.WriteString(c.Text)
			}
		} else {
			sb.WriteString(b.Text)
		}
		sb.WriteByte('\n')
	}
	return sb.String()
}

// findTitle takes the first "关于…的通报" phrase of the head (a title may be
// broken over two lines), else the first heading.
//
// A page stored with its address and title on its first lines ("SOURCE: …",
// "TITLE: …") gives its title there.
func findTitle(doc *corpus.Document, docNo *string) *string {
	for i, b := range doc.Blocks {
		if i > 2 {
			break
		}
		if t, ok := strings.CutPrefix(strings.TrimSpace(b.Text), "TITLE:"); ok && strings.TrimSpace(t) != "" {
			t = strings.TrimSpace(t)
			// a title wrapped inside its bracket: "…情况表(截至6" / "月30日)"
			if opened(t) && i+1 < len(doc.Blocks) {
				if next := strings.TrimSpace(doc.Blocks[i+1].Text); runeLen(next) <= 20 && !opened(t+next) {
					t += next
				}
			}
			return corpus.Ptr(t)
		}
	}
	var prev string
	for i, b := range doc.Blocks {
		if i > 40 {
			break
		}
		if b.Kind == corpus.TableBlock {
			prev = ""
			continue
		}
		t := squeeze(b.Text)
		if docNo != nil {
			t = strings.Replace(t, *docNo, "", 1)
		}
		for _, cand := range []string{t, prev + t} {
			if m := titleRe2.FindString(cand); m != "" {
				return corpus.Ptr(m)
			}
		}
		prev = t
	}
	// a text file's first line, when it reads as a title: short, no
	// sentence, naming the genre ("白沙市2025年民生实事项目推进情况")
	for i, b := range doc.Blocks {
		t := strings.TrimSpace(b.Text)
		if i > 5 || b.Kind == corpus.TableBlock || b.Kind == corpus.ListItem {
			break
		}
		if t == "" || metadataLine(t) {
			continue // "SOURCE: …", "发布时间: 2025-01-02"
		}
		if runeLen(t) <= 60 && !strings.ContainsAny(t, "。,，;；:：") && containsAny(t, titleWords) {
			return corpus.Ptr(squeeze(t))
		}
		break
	}
	for _, b := range doc.Blocks {
		if b.Kind == corpus.Heading {
			return corpus.Ptr(squeeze(b.Text))
		}
	}
	return nil
}

// opened reports a text with a bracket it does not close.
func opened(t string) bool {
	return strings.Count(t, "(")+strings.Count(t, "（") > strings.Count(t, ")")+strings.Count(t, "）")
}

// metadataLine reports a line of a page's metadata: a short label, a colon
// and a short value.
func metadataLine(t string) bool {
	i := strings.IndexAny(t, ":：")
	return i > 0 && runeLen(t[:i]) <= 6 && runeLen(t) <= 60 && !strings.ContainsAny(t[:i], "。,，")
}

// titleWords name what a notice of the genre is about.
var titleWords = []string{"实事", "重点工作", "重点任务", "民生", "为民办", "责任分工", "进展情况", "完成情况", "推进情况"}

// findIssuer reads the signature: a line of body names followed by a date
// line, near the end of the body text; it returns the issuer and the signing
// date.
func findIssuer(doc *corpus.Document) (string, *string) {
	bs := doc.Blocks
	for i := 1; i < len(bs); i++ {
		if bs[i].Kind == corpus.TableBlock || bs[i-1].Kind == corpus.TableBlock {
			continue
		}
		m := dateLineRe.FindStringSubmatch(squeeze(bs[i].Text))
		if m == nil {
			continue
		}
		names := orgNames(bs[i-1].Text)
		if len(names) == 0 {
			continue
		}
		var date *string
		if m[2] != "" {
			date = isoDate(m[1], m[2], m[3])
		} else {
			date = isoDate(m[1], m[4], m[5])
		}
		return strings.Join(names, " "), date
	}
	// A report signed on its first lines: "…会议上 温州市人民政府".
	for i, b := range bs {
		if i > 5 {
			break
		}
		fs := strings.Fields(b.Text)
		if len(fs) > 1 {
			if last := fs[len(fs)-1]; orgSuffixRe.MatchString(last) && runeLen(last) <= 20 {
				return last, nil
			}
		}
	}
	return "", nil
}

// orgNames splits a signature line into body names, or nil when any part is
// not one.
func orgNames(line string) []string {
	fs := strings.Fields(line)
	if len(fs) == 0 || len(fs) > 4 {
		return nil
	}
	for _, f := range fs {
		if runeLen(f) > 24 || !orgSuffixRe.MatchString(f) {
			return nil
		}
	}
	return fs
}

func findYear(info corpus.DocInfo, head string) *int {
	try := func(s string, re *regexp.Regexp) *int {
		if m := re.FindStringSubmatch(s); m != nil {
			y, _ := strconv.Atoi(m[1])
			return &y
		}
		return nil
	}
	if info.Title != nil {
		if y := try(*info.Title, yearRe); y != nil {
			return y
		}
	}
	if info.DocNo != nil {
		if y := try(*info.DocNo, docNoYearRe); y != nil {
			return y
		}
	}
	if y := try(head, yearRe); y != nil {
		return y
	}
	return nil
}

// findRegion finds the government: a place named in the issuer, title or 文号
// first (full names, then short ones), else the place named most often in the
// text, full names only. Between places of the same name (鼓楼区 is in four
// cities) the one whose city or province the text also names wins; between
// places named as often, the more specific one.
func findRegion(doc *corpus.Document, info corpus.DocInfo) corpus.Region {
	var own []string
	for _, s := range []*string{info.Issuer, info.Title, info.DocNo} {
		if s != nil {
			own = append(own, *s)
		}
	}
	g := gazetteer()
	inText := g.mentions([]string{allText(doc)}, false)
	ownFull := g.mentions(own, false)
	counts := ownFull
	if len(counts) == 0 {
		counts = g.mentions(own, true)
	}
	if len(counts) == 0 {
		counts = inText
	}
	if len(counts) == 0 {
		return corpus.Region{}
	}
	named := map[string]bool{}
	for _, m := range []map[int]int{inText, ownFull} {
		for id := range m {
			named[g.places[id].name()] = true
		}
	}
	score := func(id int) float64 {
		p := g.places[id]
		s := float64(counts[id])
		if p.county != "" && p.city != "" && named[p.city] {
			s += 0.5
		}
		if p.province != p.name() && named[p.province] {
			s += 0.25
		}
		return s
	}
	level := func(p place) int {
		switch {
		case p.county != "":
			return 2
		case p.city != "":
			return 1
		}
		return 0
	}
	best := -1
	for id := range counts {
		if best < 0 {
			best = id
			continue
		}
		a, b := score(id), score(best)
		p, q := g.places[id], g.places[best]
		if a > b || a == b && (level(p) > level(q) || level(p) == level(q) && p.code < q.code) {
			best = id
		}
	}
	p := g.places[best]
	r := corpus.Region{Province: corpus.Ptr(p.province)}
	if p.city != "" {
		r.City = corpus.Ptr(p.city)
	}
	if p.county != "" {
		r.County = corpus.Ptr(p.county)
	}
	return r
}

// reportsProgress reports whether the opening of a text reports progress as
// of a date: "截至9月底,全年20个项目中已有8个项目提前完成".
func reportsProgress(head string) bool {
	lines := strings.SplitN(head, "\n", 8)
	for _, l := range lines[:min(len(lines), 7)] {
		for _, w := range []string{"截至", "截止"} {
			if i := strings.Index(l, w); i >= 0 && containsAny(l[i:], []string{"已完成", "提前完成", "已有", "累计完成", "完成投资"}) {
				return true
			}
		}
	}
	return false
}

// docKind decides what a document is from its title, else its opening text.
// A title may also say that it reports results ("…项目全部如期完成",
// "…计划执行情况", "…进展", "…办理情况").
func docKind(title *string, head string) string {
	first := func(s string, isTitle bool) string {
		switch {
		case strings.Contains(s, "候选项目"):
			return corpus.DocCandidates
		case strings.Contains(s, "完成情况") || strings.Contains(s, "进展情况") || strings.Contains(s, "推进情况") ||
			strings.Contains(s, "通报") || strings.Contains(s, "截至"):
			return corpus.DocProgress
		case isTitle && containsAny(s, []string{"执行情况", "进展", "落实情况", "办理情况", "成效", "完成"}) && !strings.Contains(s, "计划完成"):
			return corpus.DocProgress
		case strings.Contains(s, "监督"):
			return corpus.DocSupervision
		case strings.Contains(s, "计划") || strings.Contains(s, "清单") || strings.Contains(s, "分解") ||
			strings.Contains(s, "项目"):
			return corpus.DocPlan
		case isTitle && containsAny(s, []string{"印发", "分工", "方案", "目标任务", "安排"}):
			// "关于印发…重点工作责任分工的通知": a plan's notice
			return corpus.DocPlan
		}
		return ""
	}
	t := head
	if title != nil {
		k := first(*title, true)
		if k == corpus.DocPlan && reportsProgress(head) {
			// a news title over a report: "聚焦民生清单 做实幸福答卷"
			return corpus.DocProgress
		}
		if k != "" {
			return k
		}
		t = *title + "\n" + head
	}
	if k := first(t, false); k != "" {
		return k
	}
	return corpus.DocOther
}
