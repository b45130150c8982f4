package web

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"
)

// The charts are SVG written here, every text escaped. They scale with the
// page (viewBox, width 100%) and carry their numbers as text.

// Colours of the status classes, as in the CSS legend.
var statusColours = map[string]string{
	"completed": "#2e7d32",
	"on_track":  "#1976d2",
	"behind":    "#d32f2f",
	"none":      "#9e9e9e",
}

// segment is one part of a stacked bar.
type segment struct {
	Class string // a status class
	N     int64
	Href  string
}

// stackedBar is one bar of a stacked bar chart.
type stackedBar struct {
	Label string
	Segs  []segment
}

func esc(s string) string { return template.HTMLEscapeString(s) }

// stackedBars draws one horizontal bar a row, its segments proportional to
// their counts and linked to the rows they count. Bars share one scale.
func stackedBars(bars []stackedBar, title string) template.HTML {
	const (
		labelW = 190.0
		barW   = 560.0
		rowH   = 26.0
		top    = 8.0
	)
	var most int64 = 1
	for _, b := range bars {
		var n int64
		for _, s := range b.Segs {
			n += s.N
		}
		most = max(most, n)
	}
	h := top*2 + rowH*float64(len(bars))
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg class="chart" role="img" viewBox="0 0 %.0f %.0f" width="100%%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg"><title>%s</title>`,
		labelW+barW+60, h, esc(title))
	for i, b := range bars {
		y := top + rowH*float64(i)
		fmt.Fprintf(&sb, `<text x="%.0f" y="%.1f" text-anchor="end" class="label">%s</text>`, labelW-6, y+rowH/2+4, esc(b.Label))
		x := labelW
		var total int64
		for _, s := range b.Segs {
			total += s.N
			if s.N == 0 {
				continue
			}
			w := barW * float64(s.N) / float64(most)
			fmt.Fprintf(&sb, `<a href="%s"><rect x="%.1f" y="%.1f" width="%.1f" height="%.0f" fill="%s" class="seg seg-%s"><title>%s: %d</title></rect>`,
				esc(s.Href), x, y+3, w, rowH-6, statusColours[s.Class], esc(s.Class), esc(b.Label), s.N)
			if w >= 18 {
				fmt.Fprintf(&sb, `<text x="%.1f" y="%.1f" text-anchor="middle" class="seglabel" fill="#fff">%d</text>`, x+w/2, y+rowH/2+4, s.N)
			}
			sb.WriteString(`</a>`)
			x += w
		}
		fmt.Fprintf(&sb, `<text x="%.1f" y="%.1f" class="total">%d</text>`, x+5, y+rowH/2+4, total)
	}
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String())
}

// point is one value of a line chart.
type point struct {
	X string // the label under it: an as-of date
	Y *float64
}

// lineChart draws values at evenly spaced dates, with a dashed reference line
// (the target, or 100 %) when ref is set.
func lineChart(pts []point, ref *float64, refLabel, title, colour string) template.HTML {
	const (
		w, h            = 640.0, 240.0
		left, right     = 64.0, 20.0
		top, bottom     = 14.0, 40.0
		plotW, plotH    = w - left - right, h - top - bottom
		pointR          = 4.0
		labelEveryOther = 8
	)
	hi := 0.0
	for _, p := range pts {
		if p.Y != nil {
			hi = max(hi, *p.Y)
		}
	}
	if ref != nil {
		hi = max(hi, *ref)
	}
	if hi <= 0 {
		hi = 1
	}
	hi = niceCeil(hi * 1.05)
	const pad = 44.0 // room for the first and last date labels
	xAt := func(i int) float64 {
		if len(pts) == 1 {
			return left + plotW/2
		}
		return left + pad + (plotW-2*pad)*float64(i)/float64(len(pts)-1)
	}
	yAt := func(v float64) float64 { return top + plotH*(1-v/hi) }
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg class="chart" role="img" viewBox="0 0 %.0f %.0f" width="100%%" xmlns="http://www.w3.org/2000/svg"><title>%s</title>`, w, h, esc(title))
	for k := 0; k <= 4; k++ {
		v := hi * float64(k) / 4
		y := yAt(v)
		fmt.Fprintf(&sb, `<line x1="%.0f" x2="%.0f" y1="%.1f" y2="%.1f" stroke="#ddd"/><text x="%.0f" y="%.1f" text-anchor="end" class="axis">%s</text>`,
			left, w-right, y, y, left-6, y+4, esc(short(v)))
	}
	if ref != nil {
		y := yAt(*ref)
		fmt.Fprintf(&sb, `<line x1="%.0f" x2="%.0f" y1="%.1f" y2="%.1f" stroke="#555" stroke-dasharray="6 4"/><text x="%.0f" y="%.1f" text-anchor="end" class="axis">%s</text>`,
			left, w-right, y, y, w-right, y-5, esc(refLabel+" "+short(*ref)))
	}
	var path strings.Builder
	for i, p := range pts {
		if p.Y == nil {
			continue
		}
		cmd := "L"
		if path.Len() == 0 {
			cmd = "M"
		}
		fmt.Fprintf(&path, "%s%.1f %.1f ", cmd, xAt(i), yAt(*p.Y))
	}
	if path.Len() > 0 {
		fmt.Fprintf(&sb, `<path d="%s" fill="none" stroke="%s" stroke-width="2.5"/>`, strings.TrimSpace(path.String()), colour)
	}
	for i, p := range pts {
		x := xAt(i)
		if len(pts) <= labelEveryOther || i%2 == 0 || i == len(pts)-1 {
			fmt.Fprintf(&sb, `<text x="%.1f" y="%.0f" text-anchor="middle" class="axis">%s</text>`, x, h-bottom+18, esc(p.X))
		}
		if p.Y == nil {
			continue
		}
		y := yAt(*p.Y)
		fmt.Fprintf(&sb, `<circle cx="%.1f" cy="%.1f" r="%.0f" fill="%s" class="point"/><text x="%.1f" y="%.1f" text-anchor="middle" class="value">%s</text>`,
			x, y, pointR, colour, x, y-8, esc(num(p.Y)))
	}
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String())
}

// pairBar is one government's target and completion.
type pairBar struct {
	Label             string
	Target, Completed *float64
	Href              string
}

// pairedBars draws, for each row, a light bar for the target and a dark one
// for what was completed, on one scale, with their values.
func pairedBars(bars []pairBar, unit, title string) template.HTML {
	const (
		labelW = 190.0
		barW   = 520.0
		rowH   = 40.0
		top    = 8.0
	)
	hi := 0.0
	for _, b := range bars {
		for _, v := range []*float64{b.Target, b.Completed} {
			if v != nil {
				hi = max(hi, *v)
			}
		}
	}
	if hi <= 0 {
		hi = 1
	}
	h := top*2 + rowH*float64(len(bars))
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg class="chart" role="img" viewBox="0 0 %.0f %.0f" width="100%%" xmlns="http://www.w3.org/2000/svg"><title>%s</title>`, labelW+barW+110, h, esc(title))
	for i, b := range bars {
		y := top + rowH*float64(i)
		fmt.Fprintf(&sb, `<a href="%s"><text x="%.0f" y="%.1f" text-anchor="end" class="label">%s</text></a>`, esc(b.Href), labelW-6, y+rowH/2+4, esc(b.Label))
		for k, v := range []*float64{b.Target, b.Completed} {
			if v == nil {
				continue
			}
			colour, class := "#90caf9", "bar-target"
			if k == 1 {
				colour, class = "#1565c0", "bar-done"
			}
			by := y + 3 + float64(k)*(rowH-6)/2
			bw := max(barW**v/hi, 1)
			fmt.Fprintf(&sb, `<rect x="%.0f" y="%.1f" width="%.1f" height="%.1f" fill="%s" class="%s"/><text x="%.1f" y="%.1f" class="value">%s</text>`,
				labelW, by, bw, (rowH-6)/2-1, colour, class, labelW+bw+4, by+(rowH-6)/4+4, esc(num(v)+" "+unit))
		}
	}
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String())
}

// niceCeil rounds up to 1, 2, 2.5 or 5 times a power of ten.
func niceCeil(v float64) float64 {
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*p >= v {
			return m * p
		}
	}
	return 10 * p
}

// short prints an axis value: 1.5万 style is left to the reader; plain
// digits, at most one decimal.
func short(v float64) string {
	if v == math.Trunc(v) {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}
