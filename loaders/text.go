package loaders

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/minsheng/minsheng/corpus"
	"github.com/minsheng/minsheng/normalize"
)

// parser cuts the repaired text of a text or Markdown file into blocks. Lines
// are kept as the source has them (index 0 is line 1), so that every block and
// cell knows the line it came from.
type parser struct {
	lines    []string
	markdown bool
	blocks   []corpus.Block
	tables   int
	// pages holds the page of each line when the text marks page breaks
	// with form feeds (PDF text extraction); nil otherwise.
	pages []int
	// styles is the stack of list numbering styles seen in the current run of
	// list items; an item's depth is the position of its style in the stack.
	styles []string
}

// parseText cuts repaired text into blocks.
func parseText(text string, markdown bool) []corpus.Block {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r")
	}
	p := &parser{lines: lines, markdown: markdown}
	if strings.Contains(text, "\f") {
		p.pages = make([]int, len(lines))
		page := 1
		for i, l := range lines {
			lead := len(l) - len(strings.TrimLeft(l, "\f"))
			page += lead
			p.pages[i] = page
			page += strings.Count(l[lead:], "\f")
		}
	}
	p.run()
	return p.blocks
}

func (p *parser) run() {
	for i := 0; i < len(p.lines); {
		l := p.lines[i]
		if isBlank(l) || isEmptyPipeRow(l) {
			i++
			continue
		}
		if next := p.table(i); next > i {
			i = next
			continue
		}
		i = p.textLine(i)
	}
}

// table tries each table rendering at line i and returns the line after the
// table, or i when no table starts there.
func (p *parser) table(i int) int {
	for _, try := range []func(int) (*corpus.Table, int){p.pipeTable, p.tabTable, p.pipeCellTable, p.cellLineTable, p.blankSepTable, p.gluedTable} {
		if t, next := try(i); t != nil && next > i {
			p.addTable(t, i)
			return next
		}
	}
	return p.spaceRowTables(i)
}

func (p *parser) addTable(t *corpus.Table, start int) {
	p.tables++
	t.Index = p.tables
	p.styles = nil
	t.Caption = p.caption(start)
	line := start + 1
	if len(t.Cells) > 0 {
		line = t.Cells[0].Span.Line
	}
	for k := range t.Cells {
		t.Cells[k].Span.Page = p.page(t.Cells[k].Span.Line)
	}
	p.blocks = append(p.blocks, corpus.Block{Kind: corpus.TableBlock, Table: t, Span: corpus.Span{Page: p.page(line), Line: line}})
}

// caption finds the title printed right above a table that starts at line
// start: the last block, when it is a heading or a short title line with only
// blank lines between it and the table. A title paragraph becomes a heading.
func (p *parser) caption(start int) string {
	if len(p.blocks) == 0 {
		return ""
	}
	b := &p.blocks[len(p.blocks)-1]
	if b.Kind == corpus.TableBlock || b.Span.Line == 0 || b.Span.Line > start {
		return ""
	}
	if start-b.Span.Line > 3 {
		return ""
	}
	for k := b.Span.Line; k < start; k++ { // the lines between block and table
		if !isBlank(p.lines[k]) {
			return ""
		}
	}
	return p.captionOf(b)
}

// captionOf returns the caption b, the last block read, gives the table that
// follows it: a heading other than a bare "附件1", or a short one-line title
// paragraph, which then becomes a heading (one level below a "附件1" right
// before it).
func (p *parser) captionOf(b *corpus.Block) string {
	switch b.Kind {
	case corpus.Heading:
		if reAttachment.MatchString(b.Text) {
			return ""
		}
		return b.Text
	case corpus.Paragraph:
		if !isCaptionText(b.Text) || strings.Contains(b.Text, "\n") {
			return ""
		}
		b.Kind = corpus.Heading
		b.Level = 1
		if n := len(p.blocks); n > 1 {
			if prev := p.blocks[n-2]; prev.Kind == corpus.Heading && reAttachment.MatchString(prev.Text) {
				b.Level = prev.Level + 1
			}
		}
		return b.Text
	}
	return ""
}

// titleLevel is the level of a title line: one below a bare "附件1" heading
// right before it, else 1.
func (p *parser) titleLevel() int {
	if n := len(p.blocks); n > 0 {
		if prev := p.blocks[n-1]; prev.Kind == corpus.Heading && reAttachment.MatchString(prev.Text) {
			return prev.Level + 1
		}
	}
	return 1
}

// textLine reads the heading, list item or paragraph at line i and returns the
// next line to read.
func (p *parser) textLine(i int) int {
	raw := p.lines[i]
	text := cleanLine(raw)
	span := corpus.Span{Line: i + 1}
	if p.markdown || strings.HasPrefix(strings.TrimSpace(raw), "#") {
		if m := reMDHeading.FindStringSubmatch(strings.TrimSpace(raw)); m != nil {
			p.styles = nil
			t := strings.TrimSpace(strings.TrimRight(m[2], "#"))
			p.add(corpus.Block{Kind: corpus.Heading, Level: len(m[1]), Text: t, Span: span})
			return i + 1
		}
	}
	if lvl, ok := headingLevel(text); ok {
		if lvl == 1 && !reAttachment.MatchString(text) && !reHanSection.MatchString(text) {
			lvl = p.titleLevel()
		}
		p.styles = nil
		p.add(corpus.Block{Kind: corpus.Heading, Level: lvl, Text: text, Span: span})
		return i + 1
	}
	if it, ok := parseListItem(raw); ok {
		next := i + 1
		body := it.text
		for !endsSentence(body) {
			j := nextNonBlank(p.lines, next, 2)
			if j < 0 || !p.isContinuation(j) {
				break
			}
			body = joinBroken(body, cleanLine(p.lines[j]))
			next = j + 1
		}
		p.add(corpus.Block{Kind: corpus.ListItem, Number: it.number, Level: p.level(it), Text: body, Span: span})
		return next
	}
	if j := nextNonBlank(p.lines, i+1, 1); j > 0 && isTitleHead(text) && !strings.HasPrefix(p.lines[j], "\t") {
		// A title broken over two lines: "关于组织…2022年“一府" / "两院”…的通知".
		if rest := cleanLine(p.lines[j]); isTitleText(rest) && !isTitleText(text) && runeLen(text)+runeLen(rest) <= 80 && lineHeader(rest) == nil {
			p.styles = nil
			p.add(corpus.Block{Kind: corpus.Heading, Level: 1, Text: joinBroken(text, rest), Span: span})
			return j + 1
		}
	}
	p.add(corpus.Block{Kind: corpus.Paragraph, Text: text, Span: span})
	return i + 1
}

// isTitleHead reports the first half of a title broken over two lines: a
// short line with Han characters and no punctuation of a sentence.
func isTitleHead(t string) bool {
	return runeLen(t) >= 6 && runeLen(t) <= 40 && hasHan(t) && !isFurniture(t) &&
		!strings.ContainsAny(t, "。；;，,：:！!？?>|、") && !reBareInt.MatchString(t)
}

// page returns the page of a 1-based line, or 0 when pages are unknown.
func (p *parser) page(line int) int {
	if line < 1 || line > len(p.pages) {
		return 0
	}
	return p.pages[line-1]
}

func (p *parser) add(b corpus.Block) {
	b.Span.Page = p.page(b.Span.Line)
	b.Flags = appendFlags(b.Flags, normalize.TextFlags(b.Text)...)
	p.blocks = append(p.blocks, b)
}

// isContinuation reports whether line j continues a list item broken by the
// text extraction: it is plain text, not numbered, not a heading or table.
func (p *parser) isContinuation(j int) bool {
	raw := p.lines[j]
	if strings.HasPrefix(raw, "\t") || strings.Count(raw, "\t") >= 2 || strings.Count(raw, " | ") >= 1 || strings.HasPrefix(strings.TrimSpace(raw), "|") {
		return false
	}
	t := cleanLine(raw)
	if t == "" || strings.HasPrefix(strings.TrimSpace(raw), "#") || strings.HasPrefix(strings.TrimSpace(raw), "- ") ||
		strings.HasPrefix(strings.TrimSpace(raw), "* ") || strings.HasPrefix(t, ">") {
		return false
	}
	if _, ok := parseListItem(raw); ok {
		return false
	}
	if _, ok := headingLevel(t); ok {
		return false
	}
	if isFurniture(t) || isTitleText(t) || strings.HasPrefix(t, "附件") || strings.HasPrefix(t, "注：") || strings.HasPrefix(t, "注:") {
		return false
	}
	return !reFieldLabel.MatchString(t)
}

// reYearHead opens a text with a year: "2023年".
var reYearHead = regexp.MustCompile(`^(?:19|20)[0-9]{2}\s*年`)

// reFieldLabel opens a line that gives one field of an item: "建设内容:",
// "责任单位：", "完成时限:", "进展情况:".
var reFieldLabel = regexp.MustCompile(`^\p{Han}{0,4}(?:内容|单位|部门|时限|时间|情况|目标|任务|进度|地点|规模|资金|投资)\s*[:：]`)

// level returns a list item's depth from the order its numbering style was
// first met in the current run of items; a bare bullet takes its indentation.
func (p *parser) level(it listItem) int {
	if it.style == styleBullet {
		return 1 + it.indent/2
	}
	for k, s := range p.styles {
		if s == it.style {
			p.styles = p.styles[:k+1]
			return k + 1
		}
	}
	p.styles = append(p.styles, it.style)
	return len(p.styles)
}

// ---- lines and words -------------------------------------------------------

func isBlank(l string) bool { return strings.TrimSpace(l) == "" }

// isEmptyPipeRow reports a line of nothing but pipes and spaces ("|", "| |").
func isEmptyPipeRow(l string) bool {
	t := strings.TrimSpace(l)
	return t != "" && strings.Trim(t, "| \t\u00a0\u3000") == ""
}

// cleanLine trims a line and turns tabs inside it into spaces.
func cleanLine(l string) string {
	l = strings.TrimSpace(l)
	if strings.Contains(l, "\t") {
		l = strings.Join(strings.FieldsFunc(l, func(r rune) bool { return r == '\t' }), " ")
	}
	return l
}

// nextNonBlank returns the index of the first non-blank line at or after i,
// skipping at most maxBlank blank lines, or -1.
func nextNonBlank(lines []string, i, maxBlank int) int {
	for n := 0; i < len(lines); i++ {
		if !isBlank(lines[i]) {
			return i
		}
		if n++; n > maxBlank {
			return -1
		}
	}
	return -1
}

// endsSentence reports whether text ends where a list item may end.
func endsSentence(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(strings.TrimSpace(s))
	switch r {
	case '。', ';', '；', '！', '!', ')', '）', '?', '？', '”', '"', '」', '》':
		return true
	}
	return false
}

// joinBroken joins two parts of a line broken by extraction: no space between
// Han characters, one space between Latin letters or digits.
func joinBroken(a, b string) string {
	ra, _ := utf8.DecodeLastRuneInString(a)
	rb, _ := utf8.DecodeRuneInString(b)
	if ra < utf8.RuneSelf && rb < utf8.RuneSelf && (isAlnum(ra) && isAlnum(rb)) {
		return a + " " + b
	}
	return a + b
}

func isAlnum(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func runeLen(s string) int { return utf8.RuneCountInString(s) }

// squeeze removes all white space and OCR dots, so that headers printed with
// spaces compare as words.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		switch r {
		case '·', '•', '.', '．', '-', '_', '…':
			return -1
		}
		return r
	}, s)
}

var (
	reMDHeading  = regexp.MustCompile(`^(#{1,6})\s+(.*)$`)
	reAttachment = regexp.MustCompile(`^附件\s*[0-9０-９一二三四五六七八九十]{0,3}\s*[:：]?$`)
	reHanSection = regexp.MustCompile(`^[一二三四五六七八九十]{1,3}、`)
	reHanParen   = regexp.MustCompile(`^[(（][一二三四五六七八九十]{1,3}[)）]`)
	reBareInt    = regexp.MustCompile(`^[0-9]{1,4}$`)
)

// headingLevel recognises a plain-text heading line: "附件1", a section head
// "一、…" (level 1) or "（一）…" (level 2) that is short and no sentence, or a
// title line ending in a title word.
func headingLevel(t string) (int, bool) {
	if t == "" {
		return 0, false
	}
	if reAttachment.MatchString(t) {
		return 1, true
	}
	if loc := reHanSection.FindStringIndex(t); loc != nil {
		return 1, isShortHead(t[loc[1]:])
	}
	if loc := reHanParen.FindStringIndex(t); loc != nil {
		return 2, isShortHead(t[loc[1]:])
	}
	if isTitleText(t) {
		return 1, true
	}
	return 0, false
}

// isShortHead reports a section head's text: short and not a sentence.
func isShortHead(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || runeLen(s) > 30 {
		return false
	}
	return !strings.ContainsAny(s, "。；;！!？?")
}

// isTitleText reports a standalone title line: short, no sentence punctuation,
// ending in a title word (…项目, …计划, …情况表, …通报).
func isTitleText(t string) bool {
	if runeLen(t) > 60 || runeLen(t) < 4 || isFurniture(t) || strings.ContainsAny(t, "。；;，,：:！!？?>|") {
		return false
	}
	if _, ok := parseListItem(t); ok {
		return false
	}
	core := strings.TrimSpace(trimTrailParen(t))
	return slices.ContainsFunc(titleEndings, func(e string) bool { return strings.HasSuffix(core, e) }) && hasHan(core)
}

// titleEndings are the words a title line ends with.
var titleEndings = []string{"项目", "計劃", "计划", "安排", "情况", "情況", "表", "方案", "通知", "通报", "通報", "报告", "報告",
	"清单", "清單", "名单", "名單", "目录", "目錄", "意见", "意見", "决定", "決定", "决议", "決議", "办法", "辦法", "公告", "工作要点", "实施细则",
	"说明", "說明"}

// trimTrailParen drops a closing parenthesised remark: "…计划表（试行）".
func trimTrailParen(t string) string {
	_, n := utf8.DecodeLastRuneInString(t)
	if !strings.HasSuffix(t, ")") && !strings.HasSuffix(t, "）") {
		return t
	}
	body := t[:len(t)-n]
	i := strings.LastIndexAny(body, "()（）")
	if i < 0 || body[i] == ')' || strings.HasPrefix(body[i:], "）") {
		return t
	}
	return t[:i]
}

// isCaptionText reports a line that can title the table printed below it.
func isCaptionText(t string) bool {
	if runeLen(t) > 60 || runeLen(t) < 4 || isFurniture(t) || !hasHan(t) {
		return false
	}
	if strings.ContainsAny(t, "。；;！!？?>|") {
		return false
	}
	if _, ok := parseListItem(t); ok {
		return false
	}
	return true
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// isFurniture reports page furniture of a web page or print: breadcrumbs,
// view counters, print and close links.
func isFurniture(t string) bool {
	for _, w := range []string{"当前位置", "當前位置", "浏览次数", "瀏覽次數", "打印本页", "关闭窗口", "關閉窗口", "【打印】", "【关闭】", "发布时间", "發布時間", "信息来源", "首页 >", "首頁 >"} {
		if strings.Contains(t, w) {
			return true
		}
	}
	return false
}

// ---- list items --------------------------------------------------------

const (
	styleArabic      = "1."
	styleParenArabic = "(1)"
	styleCircled     = "①"
	styleHan         = "一、"
	styleParenHan    = "(一)"
	styleItem        = "第(1)项"
	styleBullet      = "-"
)

type listItem struct {
	number, text, style string
	indent              int
}

var (
	reArabic      = regexp.MustCompile(`^([0-9]{1,3})([.．、。])`)
	reParenArabic = regexp.MustCompile(`^[(（][0-9]{1,3}[)）]`)
	reItemNo      = regexp.MustCompile(`^第[(（][0-9]{1,3}[)）](?:[(（][0-9]{1,3}[)）])*项`)
)

// parseListItem recognises a numbered line, optionally after a Markdown
// bullet and indentation: 1. 1、 1。 (1) （1） ① 一、 （一） 第（1）项.
func parseListItem(raw string) (listItem, bool) {
	var it listItem
	s := strings.TrimRight(raw, " \t\r")
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t') {
		if s[0] == '\t' {
			it.indent += 4
		} else {
			it.indent++
		}
		s = s[1:]
	}
	s = strings.TrimLeft(s, "\u3000")
	bullet := false
	if strings.HasPrefix(s, "- ") || strings.HasPrefix(s, "* ") || strings.HasPrefix(s, "+ ") || strings.HasPrefix(s, "• ") {
		bullet = true
		s = strings.TrimLeft(s[strings.Index(s, " ")+1:], " ")
	}
	if s == "" {
		return it, false
	}
	set := func(n int, style string) (listItem, bool) {
		it.number = s[:n]
		it.text = strings.TrimSpace(s[n:])
		it.style = style
		return it, it.text != ""
	}
	if m := reArabic.FindStringSubmatchIndex(s); m != nil {
		rest := s[m[1]:]
		r, _ := utf8.DecodeRuneInString(rest)
		// "1.5万个" is a number, not an item; "2022年" has no marker; but
		// "3.2023年10月底前建成…" is item 3 that opens with a year.
		if !(unicode.IsDigit(r) && (s[m[4]] == '.' || strings.HasPrefix(s[m[4]:], "．"))) || reYearHead.MatchString(rest) && !isTitleText(strings.TrimSpace(rest)) {
			return set(m[1], styleArabic)
		}
	}
	if m := reItemNo.FindStringIndex(s); m != nil {
		return set(m[1], styleItem)
	}
	if m := reParenArabic.FindStringIndex(s); m != nil {
		return set(m[1], styleParenArabic)
	}
	if r, n := utf8.DecodeRuneInString(s); r >= '①' && r <= '⑳' {
		return set(n, styleCircled)
	}
	if m := reHanSection.FindStringIndex(s); m != nil {
		if !isShortHead(s[m[1]:]) {
			return set(m[1], styleHan)
		}
		return it, false
	}
	if m := reHanParen.FindStringIndex(s); m != nil {
		if !isShortHead(s[m[1]:]) {
			return set(m[1], styleParenHan)
		}
		return it, false
	}
	if bullet {
		it.text = s
		it.style = styleBullet
		return it, true
	}
	return it, false
}
