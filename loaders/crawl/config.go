package crawl

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/andybalholm/cascadia"
	"gopkg.in/yaml.v3"
)

// Config is a crawl configuration file: how to fetch, and the sites to crawl.
// Make one with LoadConfig or ParseConfig, which check it and prepare its sites.
// examples/README.md documents every key.
type Config struct {
	// UserAgent is sent with every request and picks the robots.txt group.
	UserAgent string `yaml:"user_agent"`
	// AllowPrivate permits loopback, private and link-local addresses, which
	// are refused by default.
	AllowPrivate bool  `yaml:"allow_private"`
	Fetch        Fetch `yaml:"fetch"`
	// RevisitAfter is how old a fetched article or attachment must be before
	// it is fetched again (conditionally); 0 never revisits.
	RevisitAfter Duration `yaml:"revisit_after"`
	// LockStaleAfter is how long a crawl lock may go without a heartbeat
	// before another crawl takes it over.
	LockStaleAfter Duration `yaml:"lock_stale_after"`
	// Sites are crawled at most this many at a time.
	ParallelSites int    `yaml:"parallel_sites"`
	Sites         []Site `yaml:"sites"`
}

// Fetch is how pages are fetched.
type Fetch struct {
	Rate           float64  `yaml:"rate"`        // requests per second per host
	Concurrency    int      `yaml:"concurrency"` // requests in flight per host
	ConnectTimeout Duration `yaml:"connect_timeout"`
	ReadTimeout    Duration `yaml:"read_timeout"` // from sending the request to the end of the body
	Retries        int      `yaml:"retries"`      // retries after the first attempt
	BackoffBase    Duration `yaml:"backoff_base"`
	BackoffMax     Duration `yaml:"backoff_max"`
	MaxRetryAfter  Duration `yaml:"max_retry_after"` // a longer Retry-After pauses the host, this run and later ones
	MaxBody        Size     `yaml:"max_body"`
	MaxRedirects   int      `yaml:"max_redirects"`
}

// Site is one government site.
type Site struct {
	Name string `yaml:"name"`
	// Start are list pages: columns such as 政府信息公开, 通知公告, 督查通报.
	Start []string `yaml:"start"`
	// AllowedHosts are the hosts that may be fetched; the hosts of the start
	// pages are always allowed.
	AllowedHosts []string `yaml:"allowed_hosts"`
	Articles     Articles `yaml:"articles"`
	Pagination   Paging   `yaml:"pagination"`
	// Keywords, when given, keep only article links whose text holds one of them.
	Keywords []string `yaml:"keywords"`
	// Region and Level are given to every document of the site.
	Region Region `yaml:"region"`
	Level  string `yaml:"level"` // province, city or county
	// Kind is the document kind given to the site's documents (plan, progress …); "" lets the text decide.
	Kind string `yaml:"kind"`
	// Attachments are the formats of files fetched from articles.
	Attachments []string `yaml:"attachments"`
	// MaxPages bounds how many list pages of one start page are read.
	MaxPages int `yaml:"max_pages"`

	articleRE []*regexp.Regexp
	allowed   map[string]bool
}

// Articles says which links of a list page are articles.
type Articles struct {
	// Patterns are regular expressions over the absolute URL.
	Patterns []string `yaml:"patterns"`
	// Selector is a CSS selector of the links (or of elements holding them).
	Selector string `yaml:"selector"`
	// Title and Date are CSS selectors on the article page; the page's
	// ArticleTitle and PubDate meta tags, and the list page, are used otherwise.
	Title string `yaml:"title"`
	Date  string `yaml:"date"`
}

// Paging says how to go from one list page to the next.
type Paging struct {
	// Next is a CSS selector of the next-page link ("a:contains('下一页')").
	Next string `yaml:"next"`
	// Pattern names page n beside the start page, with {n} for the number
	// ("index_{n}.html"); the start page is page 1.
	Pattern string `yaml:"pattern"`
}

// Region is where a site's government is.
type Region struct {
	Province string `yaml:"province"`
	City     string `yaml:"city"`
	County   string `yaml:"county"`
}

// Duration is a time.Duration written as "1.5s", "200ms", "720h".
type Duration time.Duration

func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	v, err := time.ParseDuration(strings.TrimSpace(n.Value))
	if err != nil {
		return fmt.Errorf("line %d: %v", n.Line, err)
	}
	*d = Duration(v)
	return nil
}

// D returns d as a time.Duration.
func (d Duration) D() time.Duration { return time.Duration(d) }

// Size is a byte count written as a number or with a unit: "50MiB", "512KiB", "10MB".
type Size int64

func (s *Size) UnmarshalYAML(n *yaml.Node) error {
	v, err := parseSize(n.Value)
	if err != nil {
		return fmt.Errorf("line %d: %v", n.Line, err)
	}
	*s = Size(v)
	return nil
}

func parseSize(s string) (int64, error) {
	s = strings.TrimSpace(s)
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		m      int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"GB", 1e9}, {"MB", 1e6}, {"KB", 1e3}, {"B", 1}} {
		if strings.HasSuffix(s, u.suffix) {
			s, mult = strings.TrimSpace(strings.TrimSuffix(s, u.suffix)), u.m
			break
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v < 0 {
		return 0, fmt.Errorf("bad size %q (a number of bytes, or with KiB, MiB, GiB)", s)
	}
	return int64(v * float64(mult)), nil
}

// Defaults filled in by Load for keys a file leaves out.
var defaults = Config{
	UserAgent: "minsheng-crawler/0.1",
	Fetch: Fetch{
		Rate:           0.5,
		Concurrency:    1,
		ConnectTimeout: Duration(10 * time.Second),
		ReadTimeout:    Duration(60 * time.Second),
		Retries:        3,
		BackoffBase:    Duration(2 * time.Second),
		BackoffMax:     Duration(2 * time.Minute),
		MaxRetryAfter:  Duration(5 * time.Minute),
		MaxBody:        50 << 20,
		MaxRedirects:   5,
	},
	RevisitAfter:   Duration(30 * 24 * time.Hour),
	LockStaleAfter: Duration(6 * time.Hour),
	ParallelSites:  4,
}

// DefaultAttachments are the attachment formats fetched when a site names none.
var DefaultAttachments = []string{"pdf", "xls", "xlsx", "doc", "docx"}

// LoadConfig reads and checks the YAML configuration file at path.
func LoadConfig(path string) (*Config, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("crawl: %w", err)
	}
	c, err := ParseConfig(b)
	if err != nil {
		return nil, fmt.Errorf("crawl: %s: %w", path, errors.Unwrap(err))
	}
	return c, nil
}

// ParseConfig reads and checks a YAML configuration. Unknown keys are errors,
// so that a misspelt key does not silently fall back to its default.
func ParseConfig(b []byte) (*Config, error) {
	c := defaults
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("crawl: %w", err)
	}
	if err := c.check(); err != nil {
		return nil, fmt.Errorf("crawl: %w", err)
	}
	return &c, nil
}

func (c *Config) check() error {
	var errs []error
	if strings.TrimSpace(c.UserAgent) == "" {
		errs = append(errs, errors.New("user_agent is empty"))
	}
	f := &c.Fetch
	if f.Rate <= 0 {
		errs = append(errs, errors.New("fetch.rate must be above 0"))
	}
	if f.Concurrency < 1 {
		errs = append(errs, errors.New("fetch.concurrency must be 1 or more"))
	}
	if f.ConnectTimeout <= 0 || f.ReadTimeout <= 0 {
		errs = append(errs, errors.New("fetch timeouts must be above 0"))
	}
	if f.Retries < 0 || f.MaxRedirects < 0 || f.MaxBody <= 0 {
		errs = append(errs, errors.New("fetch.retries and fetch.max_redirects must be 0 or more, fetch.max_body above 0"))
	}
	if c.ParallelSites < 1 {
		c.ParallelSites = 1
	}
	if len(c.Sites) == 0 {
		errs = append(errs, errors.New("no sites"))
	}
	names := map[string]bool{}
	for i := range c.Sites {
		s := &c.Sites[i]
		where := fmt.Sprintf("sites[%d] (%s)", i, s.Name)
		if s.Name == "" {
			errs = append(errs, fmt.Errorf("sites[%d]: no name", i))
		} else if names[s.Name] {
			errs = append(errs, fmt.Errorf("%s: name used twice", where))
		}
		names[s.Name] = true
		if err := s.prepare(); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", where, err))
		}
	}
	return errors.Join(errs...)
}

func (s *Site) prepare() error {
	var errs []error
	if len(s.Start) == 0 {
		errs = append(errs, errors.New("no start pages"))
	}
	s.allowed = map[string]bool{}
	for _, h := range s.AllowedHosts {
		s.allowed[strings.ToLower(strings.TrimSpace(h))] = true
	}
	for _, st := range s.Start {
		u, err := url.Parse(st)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("start page %q is not an http(s) URL", st))
			continue
		}
		s.allowed[strings.ToLower(u.Host)] = true
	}
	if len(s.Articles.Patterns) == 0 && s.Articles.Selector == "" {
		errs = append(errs, errors.New("articles: give patterns or a selector"))
	}
	s.articleRE = nil
	for _, p := range s.Articles.Patterns {
		re, err := regexp.Compile(p)
		if err != nil {
			errs = append(errs, fmt.Errorf("articles pattern %q: %v", p, err))
			continue
		}
		s.articleRE = append(s.articleRE, re)
	}
	for _, sel := range []string{s.Articles.Selector, s.Articles.Title, s.Articles.Date, s.Pagination.Next} {
		if sel == "" {
			continue
		}
		if _, err := cascadia.Compile(sel); err != nil {
			errs = append(errs, fmt.Errorf("selector %q: %v", sel, err))
		}
	}
	if s.Pagination.Pattern != "" && !strings.Contains(s.Pagination.Pattern, "{n}") {
		errs = append(errs, fmt.Errorf("pagination pattern %q has no {n}", s.Pagination.Pattern))
	}
	if s.MaxPages <= 0 {
		s.MaxPages = 3
	}
	switch s.Level {
	case "":
		switch {
		case s.Region.County != "":
			s.Level = "county"
		case s.Region.City != "":
			s.Level = "city"
		case s.Region.Province != "":
			s.Level = "province"
		}
	case "province":
		if s.Region.City != "" || s.Region.County != "" {
			errs = append(errs, errors.New("level province with a city or county in region"))
		}
	case "city":
		if s.Region.City == "" || s.Region.County != "" {
			errs = append(errs, errors.New("level city needs region.city and no region.county"))
		}
	case "county":
		if s.Region.County == "" {
			errs = append(errs, errors.New("level county needs region.county"))
		}
	default:
		errs = append(errs, fmt.Errorf("level %q: want province, city or county", s.Level))
	}
	switch s.Kind {
	case "", "plan", "candidates", "progress", "supervision", "other":
	default:
		errs = append(errs, fmt.Errorf("kind %q: want plan, candidates, progress, supervision or other", s.Kind))
	}
	formats := s.Attachments
	if len(formats) == 0 {
		formats = DefaultAttachments
	}
	s.Attachments = make([]string, len(formats))
	for i, a := range formats {
		s.Attachments[i] = strings.ToLower(strings.TrimPrefix(a, "."))
	}
	return errors.Join(errs...)
}

// allows reports whether host may be fetched for the site.
func (s *Site) allows(host string) bool { return s.allowed[strings.ToLower(host)] }

// wantsAttachment reports whether format is one the site fetches.
func (s *Site) wantsAttachment(format string) bool {
	for _, a := range s.Attachments {
		if a == format {
			return true
		}
	}
	return false
}
