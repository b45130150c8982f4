package crawl

import (
	"fmt"
	"mime"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/PuerkitoBio/goquery"

	"github.com/minsheng/minsheng/corpus"
	"github.com/minsheng/minsheng/loaders"
	"github.com/minsheng/minsheng/normalize"
)

// page is an HTML page parsed for its links; it is the crawler's own reading
// of a page, for finding articles, next pages and attachments.
type page struct {
	base *url.URL
	doc  *goquery.Document
}

var metaCharset = regexp.MustCompile(`(?i)<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)`)

// parsePage decodes an HTML page (charset from the Content-Type header, else
// a meta tag, else sniffed) and parses it.
func parsePage(pageURL string, body []byte, contentType string) (*page, error) {
	declared := ""
	if _, params, err := mime.ParseMediaType(contentType); err == nil {
		declared = params["charset"]
	}
	if declared == "" {
		if m := metaCharset.FindSubmatch(body[:min(len(body), 4096)]); m != nil {
			declared = string(m[1])
		}
	}
	text, _, _, err := normalize.Decode(body, declared)
	if err != nil {
		return nil, fmt.Errorf("crawl: %s: %w", pageURL, err)
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(text))
	if err != nil {
		return nil, fmt.Errorf("crawl: %s: %w", pageURL, err)
	}
	base, err := url.Parse(pageURL)
	if err != nil {
		return nil, err
	}
	if href, ok := doc.Find("base[href]").First().Attr("href"); ok {
		if b, err := base.Parse(strings.TrimSpace(href)); err == nil {
			base = b
		}
	}
	return &page{base: base, doc: doc}, nil
}

// resolve makes href absolute, without its fragment; "" for links that lead
// nowhere to fetch.
func (p *page) resolve(href string) string {
	href = strings.TrimSpace(href)
	low := strings.ToLower(href)
	if href == "" || strings.HasPrefix(href, "#") || strings.HasPrefix(low, "javascript:") ||
		strings.HasPrefix(low, "mailto:") || strings.HasPrefix(low, "tel:") {
		return ""
	}
	u, err := p.base.Parse(href)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return ""
	}
	u.Fragment, u.RawFragment = "", ""
	return u.String()
}

// linkText is the text of a link, or its title attribute when that is
// longer: list pages cut long titles short and keep them whole in title.
func linkText(s *goquery.Selection) string {
	t := squash(s.Text())
	if title, ok := s.Attr("title"); ok && len([]rune(squash(title))) > len([]rune(t)) {
		t = squash(title)
	}
	return t
}

func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

// attachmentFormats are the formats Link.Attachment may name.
var attachmentFormats = []string{"pdf", "xlsx", "xls", "docx", "doc", "wps", "et"}

// attachmentFormat tells a linked file's format from its URL path, else from
// the link's text ("附件1.xlsx").
func attachmentFormat(u, text string) string {
	if pu, err := url.Parse(u); err == nil {
		if f := formatOfName(pu.Path); f != "" {
			return f
		}
		for _, vs := range pu.Query() { // download.jsp?filename=表.xlsx
			for _, v := range vs {
				if f := formatOfName(v); f != "" {
					return f
				}
			}
		}
	}
	return formatOfName(text)
}

func formatOfName(name string) string {
	ext := strings.ToLower(strings.TrimPrefix(path.Ext(strings.TrimSpace(name)), "."))
	for _, f := range attachmentFormats {
		if ext == f {
			return f
		}
	}
	return ""
}

// links returns the page's hyperlinks in order, once each, as the document
// model has them.
func (p *page) links() []corpus.Link {
	var out []corpus.Link
	seen := map[string]bool{}
	p.doc.Find("a[href]").Each(func(_ int, a *goquery.Selection) {
		href, _ := a.Attr("href")
		u := p.resolve(href)
		if u == "" || seen[u] {
			return
		}
		seen[u] = true
		text := linkText(a)
		out = append(out, corpus.Link{URL: u, Text: text, Attachment: attachmentFormat(u, text)})
	})
	return out
}

// documentLinks returns the hyperlinks of an article page as the HTML reader
// finds them (Document.Links), made absolute; the crawler's own reading of
// the page stands in when the reader fails.
func (p *page) documentLinks(name string, body []byte) []corpus.Link {
	doc, err := loaders.LoadBytes(name, body, loaders.Options{})
	if err != nil || len(doc.Links) == 0 {
		return p.links()
	}
	var out []corpus.Link
	seen := map[string]bool{}
	for _, l := range doc.Links {
		u := p.resolve(l.URL)
		if u == "" || seen[u] {
			continue
		}
		seen[u] = true
		l.URL = u
		if l.Attachment == "" {
			l.Attachment = attachmentFormat(u, l.Text)
		}
		out = append(out, l)
	}
	return out
}

// listing is an article link found on a list page.
type listing struct {
	url, title, date string
}

var dateRE = regexp.MustCompile(`(20\d{2}|19\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})`)

// findDate returns the first date in s as YYYY-MM-DD, or "".
func findDate(s string) string {
	m := dateRE.FindStringSubmatch(s)
	if m == nil {
		return ""
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	d, _ := strconv.Atoi(m[3])
	if mo < 1 || mo > 12 || d < 1 || d > 31 {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", y, mo, d)
}

// articles returns the article links of a list page, with the date printed
// beside each (a list item's <span>2023-05-12</span>).
func (p *page) articles(s *Site) []listing {
	var sel *goquery.Selection
	if s.Articles.Selector != "" {
		sel = p.doc.Find(s.Articles.Selector)
		sel = sel.Filter("a[href]").AddSelection(sel.Find("a[href]"))
	} else {
		sel = p.doc.Find("a[href]")
	}
	var out []listing
	seen := map[string]bool{}
	sel.Each(func(_ int, a *goquery.Selection) {
		href, _ := a.Attr("href")
		u := p.resolve(href)
		if u == "" || seen[u] {
			return
		}
		pu, err := url.Parse(u)
		if err != nil || !s.allows(pu.Host) {
			return
		}
		if len(s.articleRE) > 0 {
			ok := false
			for _, re := range s.articleRE {
				if re.MatchString(u) {
					ok = true
					break
				}
			}
			if !ok {
				return
			}
		}
		title := linkText(a)
		if !hasKeyword(title, s.Keywords) {
			return
		}
		seen[u] = true
		out = append(out, listing{url: u, title: title, date: findDate(squash(a.Parent().Text()))})
	})
	return out
}

func hasKeyword(title string, kws []string) bool {
	if len(kws) == 0 {
		return true
	}
	for _, k := range kws {
		if strings.Contains(title, k) {
			return true
		}
	}
	return false
}

var nextTexts = []string{"下一页", "下页", "后一页", "next", "Next", "»", ">"}

// next returns the URL of list page n+1, the page being page n of a column
// whose first page is start.
func (p *page) next(s *Site, start string, n int) string {
	if s.Pagination.Next != "" {
		if href, ok := p.doc.Find(s.Pagination.Next).First().Attr("href"); ok {
			return p.resolve(href)
		}
		if s.Pagination.Pattern == "" {
			return ""
		}
	}
	if s.Pagination.Pattern != "" {
		return pageURL(start, s.Pagination.Pattern, n+1)
	}
	var out string
	p.doc.Find("a[href]").EachWithBreak(func(_ int, a *goquery.Selection) bool {
		t := squash(a.Text())
		for _, nt := range nextTexts {
			if t == nt {
				href, _ := a.Attr("href")
				out = p.resolve(href)
				return out == ""
			}
		}
		return true
	})
	return out
}

// pageURL is page n of the column whose first page is start, named by
// pattern beside it: pattern "index_{n}.html" turns …/col/index.html into
// …/col/index_2.html.
func pageURL(start, pattern string, n int) string {
	u, err := url.Parse(start)
	if err != nil {
		return ""
	}
	if n <= 1 {
		return start
	}
	dir := u.Path
	if !strings.HasSuffix(dir, "/") {
		dir = path.Dir(dir) + "/"
	}
	u.Path = dir + strings.ReplaceAll(pattern, "{n}", strconv.Itoa(n))
	u.RawPath = ""
	return u.String()
}

// articleFacts reads an article page's title and publish date: from the
// site's selectors, else the ArticleTitle and PubDate meta tags most
// government sites carry, else the <title> and a 发布日期 line.
func (p *page) articleFacts(s *Site) (title, date string) {
	if s.Articles.Title != "" {
		title = squash(p.doc.Find(s.Articles.Title).First().Text())
	}
	if title == "" {
		title = squash(p.doc.Find(`meta[name="ArticleTitle"]`).AttrOr("content", ""))
	}
	if s.Articles.Date != "" {
		date = findDate(squash(p.doc.Find(s.Articles.Date).First().Text()))
	}
	if date == "" {
		for _, n := range []string{"PubDate", "pubdate", "publishdate", "firstpublishedtime"} {
			if date = findDate(p.doc.Find(`meta[name="`+n+`"]`).AttrOr("content", "")); date != "" {
				break
			}
		}
	}
	if date == "" {
		text := squash(p.doc.Find("body").Text())
		for _, label := range []string{"发布日期", "发布时间", "成文日期", "日期"} {
			if i := strings.Index(text, label); i >= 0 {
				if date = findDate(text[i:min(len(text), i+80)]); date != "" {
					break
				}
			}
		}
	}
	if title == "" {
		title = squash(p.doc.Find("title").First().Text())
	}
	return title, date
}
