package web

import (
	"context"
	"sync"
	"time"

	"github.com/minsheng/minsheng/corpus/store"
)

// The overview and the metric page aggregate every target their filter
// selects; over a whole store of a million targets that takes a second or
// more. Their results are kept in memory and computed again when a
// document is stored, replaced or deleted (store.Generation), when this
// server records a review, and at least every memoTTL, which bounds how long
// a link decided by another process goes unseen.

// memoTTL is how long a kept result is served at most.
const memoTTL = time.Minute

// memoCheck is how often the store's generation is read.
const memoCheck = time.Second

type memo struct {
	mu      sync.Mutex
	gen     string
	checked time.Time
	born    time.Time
	epoch   int // counts the resets, so that a result computed before one is not kept
	vals    map[any]any
}

// reset forgets every kept result.
func (m *memo) reset() {
	m.mu.Lock()
	m.vals, m.gen = nil, ""
	m.epoch++
	m.mu.Unlock()
}

// memoized returns the result kept for key, computing it when there is none or
// the store has changed.
func memoized[T any](ctx context.Context, m *memo, st *store.Store, key any, compute func() (T, error)) (T, error) {
	now := time.Now()
	m.mu.Lock()
	if m.vals == nil || now.Sub(m.checked) >= memoCheck {
		m.mu.Unlock()
		gen, err := st.Generation(ctx)
		if err != nil {
			var zero T
			return zero, err
		}
		m.mu.Lock()
		m.checked = now
		if m.vals == nil || gen != m.gen || now.Sub(m.born) >= memoTTL {
			m.gen, m.born, m.vals = gen, now, map[any]any{}
			m.epoch++
		}
	}
	if v, ok := m.vals[key]; ok {
		m.mu.Unlock()
		return v.(T), nil
	}
	epoch := m.epoch
	m.mu.Unlock()
	v, err := compute()
	if err != nil {
		return v, err
	}
	m.mu.Lock()
	if m.epoch == epoch && m.vals != nil {
		m.vals[key] = v
	}
	m.mu.Unlock()
	return v, nil
}

type summaryKey struct{ f store.BrowseFilter }

type metricKey struct {
	metric string
	f      store.BrowseFilter
}

type regionsKey struct{}

// regionsAndYears are the choices of the filter forms.
type regionsAndYears struct {
	regions []store.Region
	years   []int
}
