package crawl

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/temoto/robotstxt"
	"golang.org/x/time/rate"
)

// ErrKind classifies fetch errors: policy refusals are skipped, the rest fail.
type ErrKind int

const (
	ErrNetwork        ErrKind = iota + 1 // no response, after retries
	ErrTimeout                           // too slow, after retries
	ErrStatus                            // an HTTP status other than 2xx or 304
	ErrTooLarge                          // the body is over fetch.max_body
	ErrRedirects                         // too many redirects, or a loop
	ErrRobots                            // robots.txt disallows the URL (skipped)
	ErrForeignHost                       // the URL or a redirect leaves the allowed hosts (skipped)
	ErrPrivateAddress                    // the host resolves to a loopback or private address (skipped)
	ErrHostPaused                        // the host asked, by a long Retry-After, not to be fetched for now
)

func (k ErrKind) String() string {
	switch k {
	case ErrNetwork:
		return "network"
	case ErrTimeout:
		return "timeout"
	case ErrStatus:
		return "status"
	case ErrTooLarge:
		return "too_large"
	case ErrRedirects:
		return "redirects"
	case ErrRobots:
		return "robots"
	case ErrForeignHost:
		return "foreign_host"
	case ErrPrivateAddress:
		return "private_address"
	case ErrHostPaused:
		return "host_paused"
	}
	return "unknown"
}

// Skipped reports whether errors of kind k are the crawler's own policy
// rather than a failure of the site.
func (k ErrKind) Skipped() bool {
	return k == ErrRobots || k == ErrForeignHost || k == ErrPrivateAddress
}

// FetchError is a fetch that gave no usable response.
type FetchError struct {
	URL      string
	Kind     ErrKind
	Status   int // the last HTTP status, 0 when none
	Attempts int
	Err      error
}

func (e *FetchError) Error() string {
	s := fmt.Sprintf("crawl: %s: %s", e.URL, e.Kind)
	if e.Status != 0 {
		s += fmt.Sprintf(" (HTTP %d)", e.Status)
	}
	if e.Attempts > 1 {
		s += fmt.Sprintf(" after %d attempts", e.Attempts)
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *FetchError) Unwrap() error { return e.Err }

// Permanent reports whether fetching the URL again later is pointless: a
// 4xx other than 408 and 429, or a policy refusal.
func (e *FetchError) Permanent() bool {
	if e.Kind.Skipped() || e.Kind == ErrRedirects || e.Kind == ErrTooLarge {
		return true
	}
	return e.Kind == ErrStatus && e.Status >= 400 && e.Status < 500 && e.Status != 408 && e.Status != 429
}

var (
	errPrivate = errors.New("crawl: address is loopback, private or link-local (allow_private permits it)")
	errForeign = errors.New("crawl: redirect to a host that is not allowed")
	errLoop    = errors.New("crawl: redirect loop")
	errTooMany = errors.New("crawl: too many redirects")
)

// request is one fetch.
type request struct {
	url          string
	etag         string // sent as If-None-Match
	lastModified string // sent as If-Modified-Since
	site         *Site  // whose allowed hosts bound the redirects
}

// response is a fetched page, or a 304.
type response struct {
	url          string // after redirects
	status       int
	notModified  bool
	body         []byte
	contentType  string
	etag         string
	lastModified string
	attempts     int
}

// fetcher fetches politely: robots.txt, a rate and a concurrency limit per
// host, retries with backoff, bounded redirects and bodies, conditional GET.
type fetcher struct {
	cfg    Fetch
	ua     string
	client *http.Client
	log    *slog.Logger
	// sleep waits d or until ctx is done.
	sleep func(ctx context.Context, d time.Duration) error

	mu    sync.Mutex
	hosts map[string]*host
	// onPause, when set, is told of a host that paused itself, until when
	// and why.
	onPause func(host string, until time.Time, reason string)
}

// host is what the fetcher keeps per host.
type host struct {
	limiter *rate.Limiter
	slots   chan struct{}

	mu          sync.Mutex
	pausedUntil time.Time // a long Retry-After: no request before then

	robotsOnce sync.Once
	robots     *robotstxt.Group
	robotsErr  *FetchError // the address or host policy refused robots.txt itself
}

type ctxKey struct{}

func newFetcher(cfg Fetch, ua string, allowPrivate bool, log *slog.Logger) *fetcher {
	f := &fetcher{cfg: cfg, ua: ua, log: log, hosts: map[string]*host{}, sleep: sleepCtx}
	dialer := &net.Dialer{Timeout: cfg.ConnectTimeout.D(), KeepAlive: 30 * time.Second}
	if !allowPrivate {
		// The check runs on the address actually dialled, after name
		// resolution, so a name that resolves to 127.0.0.1 is refused too.
		dialer.Control = func(network, address string, _ syscall.RawConn) error {
			h, _, err := net.SplitHostPort(address)
			if err != nil {
				return err
			}
			ip, err := netip.ParseAddr(h)
			if err != nil {
				return err
			}
			if isPrivate(ip) {
				return fmt.Errorf("%w: %s", errPrivate, ip)
			}
			return nil
		}
	}
	tr := &http.Transport{
		// No proxy: the address check above must see the real destination.
		Proxy:                 nil,
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   cfg.ConnectTimeout.D(),
		ResponseHeaderTimeout: cfg.ReadTimeout.D(),
		MaxIdleConnsPerHost:   max(cfg.Concurrency, 2),
		IdleConnTimeout:       90 * time.Second,
		ForceAttemptHTTP2:     true,
	}
	f.client = &http.Client{Transport: tr, CheckRedirect: f.checkRedirect}
	return f
}

func isPrivate(ip netip.Addr) bool {
	ip = ip.Unmap()
	return ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsInterfaceLocalMulticast() || ip.IsUnspecified() || ip.IsMulticast() ||
		netip.MustParsePrefix("100.64.0.0/10").Contains(ip) // carrier-grade NAT
}

func (f *fetcher) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > f.cfg.MaxRedirects {
		return errTooMany
	}
	for _, v := range via {
		if v.URL.String() == req.URL.String() {
			return errLoop
		}
	}
	if site, _ := req.Context().Value(ctxKey{}).(*Site); site != nil && !site.allows(req.URL.Host) {
		return fmt.Errorf("%w: %s", errForeign, req.URL.Host)
	}
	if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
		return fmt.Errorf("%w: scheme %s", errForeign, req.URL.Scheme)
	}
	return nil
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (f *fetcher) host(u *url.URL) *host {
	key := hostKey(u)
	f.mu.Lock()
	defer f.mu.Unlock()
	h := f.hosts[key]
	if h == nil {
		h = &host{limiter: rate.NewLimiter(rate.Limit(f.cfg.Rate), 1), slots: make(chan struct{}, f.cfg.Concurrency)}
		f.hosts[key] = h
	}
	return h
}

// robotsToken is the product token of the User-Agent, which robots.txt groups name.
func (f *fetcher) robotsToken() string {
	tok, _, _ := strings.Cut(f.ua, "/")
	tok, _, _ = strings.Cut(tok, " ")
	return tok
}

// allowedByRobots fetches the host's robots.txt once and tests u against it.
// A robots.txt that cannot be fetched (network error or 5xx, after retries)
// disallows the whole host for this run; a 4xx allows everything.
func (f *fetcher) allowedByRobots(ctx context.Context, site *Site, u *url.URL) (bool, error) {
	h := f.host(u)
	h.robotsOnce.Do(func() {
		ru := &url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/robots.txt"}
		resp, err := f.do(ctx, request{url: ru.String(), site: site}, h)
		var data *robotstxt.RobotsData
		switch {
		case err == nil:
			data, err = robotstxt.FromStatusAndBytes(resp.status, resp.body)
			if err != nil {
				f.log.Warn("robots.txt unreadable; allowing everything", "host", u.Host, "err", err)
				data, _ = robotstxt.FromStatusAndBytes(404, nil)
			}
		case ctx.Err() != nil:
			return // leave robots nil: the caller sees ctx done
		default:
			var fe *FetchError
			if errors.As(err, &fe) && fe.Kind.Skipped() {
				h.robotsErr = fe
				return
			}
			if errors.As(err, &fe) && fe.Kind == ErrStatus && fe.Status >= 400 && fe.Status < 500 {
				data, _ = robotstxt.FromStatusAndBytes(fe.Status, nil)
			} else {
				f.log.Warn("robots.txt unavailable; not crawling the host this run", "host", u.Host, "err", err)
				data, _ = robotstxt.FromStatusAndBytes(503, nil)
			}
		}
		g := data.FindGroup(f.robotsToken())
		if d := g.CrawlDelay; d > 0 && rate.Every(d) < h.limiter.Limit() {
			h.limiter.SetLimit(rate.Every(d))
			f.log.Info("robots.txt crawl-delay slows the host", "host", u.Host, "delay", d)
		}
		h.robots = g
	})
	if h.robotsErr != nil {
		return false, &FetchError{URL: u.String(), Kind: h.robotsErr.Kind, Err: h.robotsErr.Err}
	}
	if h.robots == nil {
		if err := ctx.Err(); err != nil {
			return false, err
		}
		return false, fmt.Errorf("crawl: robots.txt of %s not read", u.Host)
	}
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return h.robots.Test(p), nil
}

// fetch fetches r.url after checking the host and robots.txt.
func (f *fetcher) fetch(ctx context.Context, r request) (*response, error) {
	u, err := url.Parse(r.url)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, &FetchError{URL: r.url, Kind: ErrForeignHost, Err: fmt.Errorf("not an http(s) URL")}
	}
	if r.site != nil && !r.site.allows(u.Host) {
		return nil, &FetchError{URL: r.url, Kind: ErrForeignHost, Err: fmt.Errorf("host %s is not allowed", u.Host)}
	}
	ok, err := f.allowedByRobots(ctx, r.site, u)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, &FetchError{URL: r.url, Kind: ErrRobots, Err: errors.New("disallowed by robots.txt")}
	}
	h := f.host(u)
	if until := h.paused(); !until.IsZero() {
		return nil, &FetchError{URL: r.url, Kind: ErrHostPaused,
			Err: fmt.Errorf("%s asked not to be fetched before %s (Retry-After)", u.Host, until.UTC().Format(time.RFC3339))}
	}
	return f.do(ctx, r, h)
}

// paused returns until when the host is paused, or zero when it is not.
func (h *host) paused() time.Time {
	h.mu.Lock()
	defer h.mu.Unlock()
	if time.Now().Before(h.pausedUntil) {
		return h.pausedUntil
	}
	return time.Time{}
}

// pause pauses the host until then, if that is later than a pause it has.
func (h *host) pause(until time.Time) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if until.After(h.pausedUntil) {
		h.pausedUntil = until
	}
}

// hostKey names a URL's host as pauses are kept: scheme://host[:port].
func hostKey(u *url.URL) string { return strings.ToLower(u.Scheme + "://" + u.Host) }

// pauseHost pauses the host of key (see hostKey) until then.
func (f *fetcher) pauseHost(key string, until time.Time) {
	u, err := url.Parse(key)
	if err != nil {
		return
	}
	f.host(u).pause(until)
}

// do fetches with retries: on 5xx, 429 (after Retry-After) and timeouts, with
// exponential backoff and jitter; never on other 4xx.
func (f *fetcher) do(ctx context.Context, r request, h *host) (*response, error) {
	select {
	case h.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-h.slots }()
	for attempt := 1; ; attempt++ {
		if err := h.limiter.Wait(ctx); err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, err
		}
		if until := h.paused(); !until.IsZero() {
			// paused by another request's answer while this one waited
			return nil, &FetchError{URL: r.url, Kind: ErrHostPaused, Attempts: attempt - 1,
				Err: fmt.Errorf("the host asked not to be fetched before %s (Retry-After)", until.UTC().Format(time.RFC3339))}
		}
		resp, retryAfter, err := f.once(ctx, r)
		if err == nil {
			resp.attempts = attempt
			return resp, nil
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		var fe *FetchError
		if !errors.As(err, &fe) {
			return nil, err
		}
		fe.Attempts = attempt
		if !retryable(fe) || attempt > f.cfg.Retries {
			return nil, fe
		}
		wait := f.backoff(attempt)
		if retryAfter > 0 {
			if retryAfter > f.cfg.MaxRetryAfter.D() {
				// The host asks for a longer pause than a crawl waits: it
				// is not asked again this run, nor by the next before then.
				until := time.Now().Add(retryAfter)
				h.pause(until)
				fe.Err = fmt.Errorf("Retry-After %s is longer than fetch.max_retry_after; the host is not fetched again before %s",
					retryAfter, until.UTC().Format(time.RFC3339))
				if f.onPause != nil {
					if u, err := url.Parse(r.url); err == nil {
						f.onPause(hostKey(u), until, fe.Error())
					}
				}
				return nil, fe
			}
			wait = max(wait, retryAfter)
		}
		f.log.Debug("retrying", "url", r.url, "attempt", attempt, "wait", wait, "err", fe)
		if err := f.sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

func retryable(e *FetchError) bool {
	switch e.Kind {
	case ErrTimeout, ErrNetwork:
		return true
	case ErrStatus:
		return e.Status >= 500 || e.Status == 429 || e.Status == 408
	}
	return false
}

// backoff is the wait before retry n (from 1): base·2^(n-1), capped, with
// half of it random so that clients do not retry in step.
func (f *fetcher) backoff(n int) time.Duration {
	d := f.cfg.BackoffBase.D() << min(n-1, 30)
	if d > f.cfg.BackoffMax.D() || d <= 0 {
		d = f.cfg.BackoffMax.D()
	}
	half := d / 2
	if half <= 0 {
		return d
	}
	return half + rand.N(half+1)
}

// once makes one attempt.
func (f *fetcher) once(ctx context.Context, r request) (*response, time.Duration, error) {
	actx, cancel := context.WithTimeout(context.WithValue(ctx, ctxKey{}, r.site), f.cfg.ReadTimeout.D())
	defer cancel()
	req, err := http.NewRequestWithContext(actx, http.MethodGet, r.url, nil)
	if err != nil {
		return nil, 0, &FetchError{URL: r.url, Kind: ErrNetwork, Err: err}
	}
	req.Header.Set("User-Agent", f.ua)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,application/pdf,application/vnd.ms-excel,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/msword,application/vnd.openxmlformats-officedocument.wordprocessingml.document,*/*;q=0.8")
	req.Header.Set("Accept-Language", "zh-CN,zh;q=0.9")
	if r.etag != "" {
		req.Header.Set("If-None-Match", r.etag)
	}
	if r.lastModified != "" {
		req.Header.Set("If-Modified-Since", r.lastModified)
	}
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, 0, f.classify(ctx, actx, r.url, 0, err)
	}
	defer resp.Body.Close()
	out := &response{
		url:          resp.Request.URL.String(),
		status:       resp.StatusCode,
		contentType:  resp.Header.Get("Content-Type"),
		etag:         resp.Header.Get("ETag"),
		lastModified: resp.Header.Get("Last-Modified"),
	}
	switch {
	case resp.StatusCode == http.StatusNotModified:
		out.notModified = true
		return out, 0, nil
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
	default:
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		var ra time.Duration
		if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable {
			ra = retryAfter(resp.Header.Get("Retry-After"), time.Now())
		}
		return nil, ra, &FetchError{URL: r.url, Kind: ErrStatus, Status: resp.StatusCode}
	}
	limit := int64(f.cfg.MaxBody)
	if resp.ContentLength > limit {
		return nil, 0, &FetchError{URL: r.url, Kind: ErrTooLarge, Status: resp.StatusCode,
			Err: fmt.Errorf("Content-Length %d is over the %d-byte cap", resp.ContentLength, limit)}
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, 0, f.classify(ctx, actx, r.url, resp.StatusCode, err)
	}
	if int64(len(body)) > limit {
		return nil, 0, &FetchError{URL: r.url, Kind: ErrTooLarge, Status: resp.StatusCode,
			Err: fmt.Errorf("body is over the %d-byte cap", limit)}
	}
	out.body = body
	return out, 0, nil
}

func (f *fetcher) classify(ctx, actx context.Context, u string, status int, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	fe := &FetchError{URL: u, Kind: ErrNetwork, Status: status, Err: err}
	var ne net.Error
	switch {
	case errors.Is(err, errPrivate):
		fe.Kind, fe.Err = ErrPrivateAddress, errPrivate
	case errors.Is(err, errForeign):
		fe.Kind = ErrForeignHost
	case errors.Is(err, errLoop), errors.Is(err, errTooMany):
		fe.Kind = ErrRedirects
	case actx.Err() != nil, errors.As(err, &ne) && ne.Timeout():
		fe.Kind, fe.Err = ErrTimeout, fmt.Errorf("no complete response within %s", f.cfg.ReadTimeout.D())
	}
	return fe
}

// retryAfter reads a Retry-After header: seconds, or an HTTP date.
func retryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}
