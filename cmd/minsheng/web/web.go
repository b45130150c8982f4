// Package web serves the store as web pages for people who would rather look
// than query: an overview of completion per government and year, the targets
// table, one target with its history and the source of every figure, one
// metric across governments, and the documents ingested.
//
// Every page is rendered on the server, charts included. The charts are plain
// SVG written by this package (charts.go) rather than drawn by
// github.com/wcharczuk/go-chart: the three charts needed (stacked bars, a
// line over a few dates, paired bars) are a few dozen lines each; hand-made
// SVG keeps every number as text in the page (readable without JavaScript,
// searchable, printed as vectors), makes each bar segment a link to the rows
// it counts, follows the page's CSS for phone widths and print, and adds no
// dependency or font files to the binary. Templates, CSS and the little
// JavaScript (column sorting, auto-submitting filters) are embedded: the
// pages load nothing from elsewhere, for networks without internet.
//
// Handlers read the store only through the query functions of package
// corpus/store (those report uses, and the paging queries beside them): no
// handler builds SQL, every filter is a bound parameter. Each request's
// queries run under a time limit, page sizes are capped, and everything
// shown is escaped by html/template, since the texts are third-party HTML.
// Lists are paged by key (document and target id), not by offset; the
// aggregates of the overview and metric pages are kept in memory until the
// store changes (memo.go).
//
// The one write is the review of a link (confirm or reject, as
// `minsheng link confirm|reject` records it), served only when Options.Review
// is set; a review must come from the same origin (Origin or Referer, and
// Sec-Fetch-Site where the browser sends it) and carry the token of the
// browser's session.
package web

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"log"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/minsheng/minsheng/corpus/store"
)

//go:embed templates/*.html static/*
var assets embed.FS

// Options configure a Server.
type Options struct {
	// Review serves the confirm and reject buttons of links; the store must
	// then be opened for writing.
	Review bool
	// Reviewer is recorded as who decided (default "web").
	Reviewer string
	// QueryTimeout bounds the store queries of one request (default 10 s).
	QueryTimeout time.Duration
	// Export writes rows as a CSV file or an XLSX workbook (format "csv" or
	// "xlsx"); the targets table offers downloads when it is set.
	Export func(w io.Writer, format, name string, cols []string, rows [][]any) error
	// Log receives request errors (default: the standard logger).
	Log *log.Logger
	// Warm computes, in the background as the server starts, the overview
	// of the whole store and each metric across governments, which take a
	// second or more on a store of a million targets.
	Warm bool
}

// Page sizes of the targets table.
const (
	defaultPageSize = 50
	maxPageSize     = 500
)

// Server serves the pages. It is an http.Handler.
type Server struct {
	st     *store.Store
	opts   Options
	mux    *http.ServeMux
	pages  map[string]*template.Template
	secret []byte // signs session tokens
	memo   memo   // aggregates kept between requests
}

// New returns a Server over st.
func New(st *store.Store, opts Options) (*Server, error) {
	if opts.QueryTimeout <= 0 {
		opts.QueryTimeout = 10 * time.Second
	}
	if opts.Reviewer == "" {
		opts.Reviewer = "web"
	}
	if opts.Log == nil {
		opts.Log = log.Default()
	}
	s := &Server{st: st, opts: opts, mux: http.NewServeMux(), pages: map[string]*template.Template{}}
	s.secret = make([]byte, 32)
	if _, err := rand.Read(s.secret); err != nil {
		return nil, err
	}
	for _, name := range []string{"overview", "targets", "target", "source", "metric", "documents", "document", "error"} {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(assets, "templates/layout.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", name, err)
		}
		s.pages[name] = t
	}
	static, _ := fs.Sub(assets, "static")
	s.mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	s.mux.HandleFunc("GET /{$}", s.overview)
	s.mux.HandleFunc("GET /targets", s.targets)
	s.mux.HandleFunc("GET /targets.csv", s.targetsExport("csv"))
	s.mux.HandleFunc("GET /targets.xlsx", s.targetsExport("xlsx"))
	s.mux.HandleFunc("GET /target/{id}", s.target)
	s.mux.HandleFunc("GET /target/{id}/source", s.source)
	s.mux.HandleFunc("GET /metric", s.metric)
	s.mux.HandleFunc("GET /documents", s.documents)
	s.mux.HandleFunc("GET /document/{id}", s.document)
	s.mux.HandleFunc("GET /lang/{lang}", s.setLang)
	if opts.Review {
		s.mux.HandleFunc("POST /link/{id}/{decision}", s.review)
	}
	if opts.Warm {
		go s.warm()
	}
	return s, nil
}

// warm computes the results the first visitors would otherwise wait for.
func (s *Server) warm() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if _, err := s.bars(ctx, store.BrowseFilter{}); err != nil {
		s.opts.Log.Printf("web: warming: %v", err)
		return
	}
	metrics, err := s.st.Metrics(ctx)
	if err != nil {
		s.opts.Log.Printf("web: warming: %v", err)
		return
	}
	for _, m := range metrics {
		if _, err := s.metricRows(ctx, m, store.BrowseFilter{}); err != nil {
			s.opts.Log.Printf("web: warming: %v", err)
			return
		}
	}
}

func (s *Server) summary(ctx context.Context, f store.BrowseFilter) ([]store.SummaryRow, error) {
	return memoized(ctx, &s.memo, s.st, summaryKey{f}, func() ([]store.SummaryRow, error) { return s.st.Summary(ctx, f) })
}

func (s *Server) metricRows(ctx context.Context, metric string, f store.BrowseFilter) ([]store.MetricRow, error) {
	return memoized(ctx, &s.memo, s.st, metricKey{metric, f}, func() ([]store.MetricRow, error) { return s.st.MetricComparison(ctx, metric, f) })
}

func (s *Server) regions(ctx context.Context) (regionsAndYears, error) {
	return memoized(ctx, &s.memo, s.st, regionsKey{}, func() (regionsAndYears, error) {
		r, y, err := s.st.Regions(ctx)
		return regionsAndYears{r, y}, err
	})
}

// ServeHTTP serves a request with the security headers every page carries
// and a time limit on its queries.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	ctx, cancel := context.WithTimeout(r.Context(), s.opts.QueryTimeout)
	defer cancel()
	s.mux.ServeHTTP(w, r.WithContext(ctx))
}

// page is what every template is given.
type page struct {
	Lang   string
	Title  string
	Nav    string // the section: overview, targets, metric, documents
	Path   string // the request's path and query, for the language switch
	Review bool
	Token  string
	Data   any
}

// T translates a label into the page's language.
func (p *page) T(key string) string { return translate(p.Lang, key) }

// lang is the language of a request: ?lang=, else the cookie, else Chinese.
func lang(r *http.Request) string {
	if l := r.URL.Query().Get("lang"); l == "en" || l == "zh" {
		return l
	}
	if c, err := r.Cookie("lang"); err == nil && c.Value == "en" {
		return "en"
	}
	return "zh"
}

func (s *Server) setLang(w http.ResponseWriter, r *http.Request) {
	l := r.PathValue("lang")
	if l != "en" {
		l = "zh"
	}
	http.SetCookie(w, &http.Cookie{Name: "lang", Value: l, Path: "/", SameSite: http.SameSiteLaxMode, MaxAge: 365 * 24 * 3600})
	back := r.URL.Query().Get("back")
	if !strings.HasPrefix(back, "/") || strings.HasPrefix(back, "//") || strings.HasPrefix(back, "/\\") {
		back = "/"
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// render writes the page named name.
func (s *Server) render(w http.ResponseWriter, r *http.Request, name string, status int, p *page) {
	p.Lang = lang(r)
	p.Path = r.URL.Path
	if r.URL.RawQuery != "" {
		p.Path += "?" + r.URL.RawQuery
	}
	p.Review = s.opts.Review
	if s.opts.Review {
		p.Token = s.token(w, r)
	}
	if p.Title != "" {
		p.Title = p.T(p.Title)
	}
	var buf strings.Builder
	if err := s.pages[name].Execute(&buf, p); err != nil {
		s.opts.Log.Printf("web: %s: %v", r.URL.Path, err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	io.WriteString(w, buf.String())
}

// fail shows an error page; a query that ran out of time says so.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, status int, err error) {
	msg := err.Error()
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(r.Context().Err(), context.DeadlineExceeded) {
		status, msg = http.StatusServiceUnavailable, translate(lang(r), "timeout")
	}
	if status >= 500 {
		s.opts.Log.Printf("web: %s: %v", r.URL.Path, err)
	}
	s.render(w, r, "error", status, &page{Title: "error", Data: msg})
}

// filter reads the filters of a request. Every one is a value, never SQL.
func filter(q url.Values) store.BrowseFilter {
	f := store.BrowseFilter{
		Province: clip(q.Get("province")),
		City:     clip(q.Get("city")),
		County:   clip(q.Get("county")),
		Kind:     q.Get("kind"),
		Status:   q.Get("status"),
		Search:   clip(strings.TrimSpace(q.Get("q"))),
		Exact:    q.Get("exact") == "1",
	}
	if y, err := strconv.Atoi(q.Get("year")); err == nil && y > 0 && y < 10000 {
		f.Year = y
	} else if q.Get("year") == "none" {
		f.Year = -1
	}
	switch f.Kind {
	case "livelihood", "key_work", "other":
	default:
		f.Kind = ""
	}
	switch f.Status {
	case store.StatusCompleted, store.StatusOnTrack, store.StatusBehind, store.StatusNone:
	default:
		f.Status = ""
	}
	return f
}

// clip cuts a parameter to 100 characters.
func clip(s string) string {
	if len([]rune(s)) > 100 {
		return string([]rune(s)[:100])
	}
	return s
}

// values are the query parameters of f.
func values(f store.BrowseFilter) url.Values {
	v := url.Values{}
	set := func(k, x string) {
		if x != "" {
			v.Set(k, x)
		}
	}
	set("province", f.Province)
	set("city", f.City)
	set("county", f.County)
	switch {
	case f.Year < 0:
		v.Set("year", "none")
	case f.Year > 0:
		v.Set("year", strconv.Itoa(f.Year))
	}
	set("kind", f.Kind)
	set("status", f.Status)
	set("q", f.Search)
	if f.Exact {
		v.Set("exact", "1")
	}
	return v
}

// pathID reads the {id} of a path.
func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("%q is not an id", r.PathValue("id"))
	}
	return id, nil
}

// encodeKey encodes a store.PageKey for a link.
func encodeKey(k *store.PageKey) string {
	if k == nil {
		return ""
	}
	b := "0"
	if k.Behind {
		b = "1"
	}
	return b + "." + strconv.FormatInt(k.DocumentID, 10) + "." + strconv.FormatInt(k.TargetID, 10)
}

var errPageKey = errors.New("bad page key")

func decodeKey(s string) (*store.PageKey, error) {
	if s == "" {
		return nil, nil
	}
	parts := strings.Split(s, ".")
	if len(parts) != 3 || (parts[0] != "0" && parts[0] != "1") {
		return nil, errPageKey
	}
	doc, err1 := strconv.ParseInt(parts[1], 10, 64)
	id, err2 := strconv.ParseInt(parts[2], 10, 64)
	if err1 != nil || err2 != nil {
		return nil, errPageKey
	}
	return &store.PageKey{Behind: parts[0] == "1", DocumentID: doc, TargetID: id}, nil
}

// token returns the review token of the browser's session, starting a
// session when there is none.
func (s *Server) token(w http.ResponseWriter, r *http.Request) string {
	sid := ""
	if c, err := r.Cookie("session"); err == nil && len(c.Value) == 32 {
		sid = c.Value
	} else {
		b := make([]byte, 16)
		rand.Read(b)
		sid = hex.EncodeToString(b)
		http.SetCookie(w, &http.Cookie{Name: "session", Value: sid, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
	}
	return s.sign(sid)
}

func (s *Server) sign(sid string) string {
	m := hmac.New(sha256.New, s.secret)
	m.Write([]byte(sid))
	return hex.EncodeToString(m.Sum(nil))
}

// sameOrigin tells whether a request comes from a page of this server.
func sameOrigin(r *http.Request) bool {
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" {
		return false
	}
	from := r.Header.Get("Origin")
	if from == "" || from == "null" {
		from = r.Header.Get("Referer")
	}
	u, err := url.Parse(from)
	if from == "" || err != nil {
		return false
	}
	return u.Host == r.Host
}

// review records a decision on a link, as `minsheng link confirm|reject` does.
func (s *Server) review(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<16)
	if !sameOrigin(r) {
		http.Error(w, "cross-origin request refused", http.StatusForbidden)
		return
	}
	c, err := r.Cookie("session")
	if err != nil || !hmac.Equal([]byte(s.sign(c.Value)), []byte(r.PostFormValue("token"))) {
		http.Error(w, "missing or wrong session token", http.StatusForbidden)
		return
	}
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, err)
		return
	}
	var decision string
	switch r.PathValue("decision") {
	case "confirm":
		decision = store.LinkConfirmed
	case "reject":
		decision = store.LinkRejected
	default:
		s.fail(w, r, http.StatusNotFound, errors.New("no such decision"))
		return
	}
	err = s.st.DecideLink(r.Context(), id, decision, s.opts.Reviewer)
	s.memo.reset() // the decision changes the counts
	if err != nil {
		status := http.StatusInternalServerError
		if errors.Is(err, store.ErrNoLink) {
			status = http.StatusNotFound
		}
		s.fail(w, r, status, err)
		return
	}
	back := r.PostFormValue("back")
	if !strings.HasPrefix(back, "/") || strings.HasPrefix(back, "//") || strings.HasPrefix(back, "/\\") {
		back = "/"
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}
