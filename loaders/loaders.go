// Package loaders owns reading source files into the document model: raw bytes
// are sniffed for their format, decoded and repaired by package normalize, and
// cut into headings, paragraphs, list items and tables that keep the line they
// came from. Format readers plug in here.
package loaders

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/minsheng/minsheng/corpus"
	"github.com/minsheng/minsheng/normalize"
)

// MaxSize is the largest file Load reads; larger files are a TooLarge error.
const MaxSize = 200 << 20

// MaxTextSize is the largest text, Markdown or HTML file read: a notice is a
// few hundred kilobytes, and reading text costs several times its size in
// memory, so a larger file is refused rather than risking the batch.
const MaxTextSize = 32 << 20

// Meta is what a sidecar FILE.meta.json (or command-line flags) says about a
// document that its text may lack. Empty fields say nothing.
type Meta struct {
	Source    string `json:"source,omitempty"`
	Title     string `json:"title,omitempty"`
	DocNo     string `json:"doc_no,omitempty"`
	Issuer    string `json:"issuer,omitempty"`
	Published string `json:"published,omitempty"` // YYYY-MM-DD
	Year      int    `json:"year,omitempty"`
	Province  string `json:"province,omitempty"`
	City      string `json:"city,omitempty"`
	County    string `json:"county,omitempty"`
	Kind      string `json:"kind,omitempty"`
}

// Options control a load.
type Options struct {
	// Meta overrides what the text and the sidecar say; it is applied after the sidecar.
	Meta Meta
}

// SidecarSuffix is appended to a source path to name its meta sidecar.
const SidecarSuffix = ".meta.json"

// Kind classifies reader errors for the run summary.
type Kind int

const (
	Unreadable Kind = iota + 1
	Empty
	Binary
	Unsupported
	Malformed
	TooLarge
)

func (k Kind) String() string {
	switch k {
	case Unreadable:
		return "unreadable"
	case Empty:
		return "empty"
	case Binary:
		return "binary"
	case Unsupported:
		return "unsupported"
	case Malformed:
		return "malformed"
	case TooLarge:
		return "too_large"
	}
	return "unknown"
}

// Error is a reader error that names the file and why.
type Error struct {
	Path string
	Kind Kind
	Line int // 1-based; 0 when the error is not about one line
	Err  error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Path)
	if e.Line > 0 {
		fmt.Fprintf(&b, ": line %d", e.Line)
	}
	b.WriteString(": ")
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	} else {
		b.WriteString(e.Kind.String())
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Sentinel reasons wrapped by *Error.
var (
	ErrEmpty      = errors.New("loaders: empty file")
	ErrBinary     = errors.New("loaders: binary content, not text")
	ErrTooLarge   = errors.New("loaders: file larger than 200 MB")
	ErrIsDir      = errors.New("loaders: is a directory")
	ErrNotRegular = errors.New("loaders: not a regular file")
)

func newError(path string, kind Kind, err error) *Error {
	return &Error{Path: path, Kind: kind, Err: err}
}

// Load reads the file at path into a document. The format is sniffed from the
// content, the text decoded and repaired by package normalize, and the sidecar
// PATH.meta.json, then opts.Meta, fill the document facts.
func Load(path string, opts Options) (*corpus.Document, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, newError(path, Unreadable, err)
	}
	if fi.IsDir() {
		return nil, newError(path, Unreadable, ErrIsDir)
	}
	if !fi.Mode().IsRegular() {
		return nil, newError(path, Unreadable, ErrNotRegular)
	}
	if fi.Size() > MaxSize {
		return nil, newError(path, TooLarge, ErrTooLarge)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, newError(path, Unreadable, err)
	}
	defer f.Close()
	if fi.Size() > MaxTextSize {
		// a text too large to read is told from its head, before the rest is read
		head := make([]byte, 64<<10)
		n, _ := io.ReadFull(f, head)
		if err := tooLargeText(path, head[:n], int(fi.Size())); err != nil {
			return nil, err
		}
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return nil, newError(path, Unreadable, err)
		}
	}
	raw, err := io.ReadAll(io.LimitReader(f, MaxSize+1))
	if err != nil {
		return nil, newError(path, Unreadable, err)
	}
	if len(raw) > MaxSize {
		return nil, newError(path, TooLarge, ErrTooLarge)
	}
	meta, err := readSidecar(path + SidecarSuffix)
	if err != nil {
		return nil, err
	}
	return load(path, raw, meta, opts)
}

// tooLargeText refuses a text, Markdown or HTML file of size bytes over
// MaxTextSize, telling its format from head.
func tooLargeText(name string, head []byte, size int) error {
	if size <= MaxTextSize {
		return nil
	}
	switch format := Sniff(head); format {
	case FormatText, FormatMarkdown, FormatHTML:
		return newError(name, TooLarge, fmt.Errorf("loaders: %s file of %d MB is larger than the %d MB a notice can be; split it", format, size>>20, MaxTextSize>>20))
	}
	return nil
}

// LoadBytes reads raw as the content of a file called name. No sidecar is read.
func LoadBytes(name string, raw []byte, opts Options) (*corpus.Document, error) {
	if len(raw) > MaxSize {
		return nil, newError(name, TooLarge, ErrTooLarge)
	}
	return load(name, raw, nil, opts)
}

// readSidecar reads a meta sidecar; a missing sidecar is no error.
func readSidecar(path string) (*Meta, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, newError(path, Unreadable, err)
	}
	var m Meta
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		e := newError(path, Malformed, fmt.Errorf("loaders: bad meta sidecar: %w (the keys are source, title, doc_no, issuer, published, year, province, city, county, kind)", err))
		var se *json.SyntaxError
		if errors.As(err, &se) {
			e.Line = 1 + strings.Count(string(b[:min(int(se.Offset), len(b))]), "\n")
		}
		return nil, e
	}
	if err := m.Validate(); err != nil {
		return nil, newError(path, Malformed, fmt.Errorf("loaders: bad meta sidecar: %w", err))
	}
	return &m, nil
}

func load(name string, raw []byte, sidecar *Meta, opts Options) (doc *corpus.Document, err error) {
	defer func() {
		if r := recover(); r != nil {
			doc = nil
			err = newError(name, Malformed, fmt.Errorf("loaders: internal error reading file: %v", r))
		}
	}()
	if len(raw) == 0 {
		return nil, newError(name, Empty, ErrEmpty)
	}
	sum := sha256.Sum256(raw)
	format := Sniff(raw)
	if err := tooLargeText(name, raw, len(raw)); err != nil {
		return nil, err
	}
	doc = &corpus.Document{}
	doc.Info.Source = name
	doc.Info.SHA256 = hex.EncodeToString(sum[:])
	doc.Info.Format = format
	var text, charset string
	switch format {
	case FormatText, FormatMarkdown:
	case FormatRTF:
		var err error
		if text, charset, err = rtfText(raw); err != nil {
			return nil, newError(name, Empty, err)
		}
	case FormatBinary:
		return nil, newError(name, Binary, ErrBinary)
	default:
		read, ok := structuredReaders[format]
		if !ok {
			return nil, newError(name, Unsupported, fmt.Errorf("format %s is not supported yet", format))
		}
		if err := read(name, raw, doc); err != nil {
			var le *Error
			if errors.As(err, &le) {
				return nil, le
			}
			return nil, newError(name, Malformed, err)
		}
		if sidecar != nil {
			applyMeta(&doc.Info, *sidecar)
		}
		applyMeta(&doc.Info, opts.Meta)
		return doc, nil
	}
	if format != FormatRTF {
		var derr error
		text, charset, _, derr = normalize.Decode(raw, "")
		if derr != nil {
			return nil, newError(name, Binary, fmt.Errorf("%w: %v", ErrBinary, derr))
		}
	}
	if strings.TrimSpace(strings.ReplaceAll(text, "\u00a0", "")) == "" {
		return nil, newError(name, Empty, ErrEmpty)
	}
	if strings.ContainsRune(text, 0) {
		return nil, newError(name, Binary, ErrBinary)
	}
	doc.Info.Charset = charset
	repaired, rep := normalize.Repair(text)
	if len(rep.Repairs) > 0 {
		doc.Repairs = rep.Repairs
	}
	doc.Flags = appendFlags(doc.Flags, rep.Flags...)
	if parseHook != nil {
		parseHook()
	}
	doc.Blocks = parseText(repaired, format == FormatMarkdown)
	if sidecar != nil {
		applyMeta(&doc.Info, *sidecar)
	}
	applyMeta(&doc.Info, opts.Meta)
	return doc, nil
}

// parseHook, when set, runs before parsing; tests use it to reach the panic guard.
var parseHook func()

func applyMeta(info *corpus.DocInfo, m Meta) {
	set := func(dst **string, v string) {
		if v = strings.TrimSpace(v); v != "" {
			*dst = corpus.Ptr(v)
		}
	}
	if m.Source != "" {
		info.Source = m.Source
	}
	set(&info.Title, m.Title)
	set(&info.DocNo, m.DocNo)
	set(&info.Issuer, m.Issuer)
	set(&info.Published, m.Published)
	if m.Year != 0 {
		info.Year = corpus.Ptr(m.Year)
	} else if info.Year == nil && len(m.Published) >= 4 {
		y := 0
		if _, err := fmt.Sscanf(m.Published[:4], "%4d", &y); err == nil && y > 1900 {
			info.Year = corpus.Ptr(y)
		}
	}
	set(&info.Region.Province, m.Province)
	set(&info.Region.City, m.City)
	set(&info.Region.County, m.County)
	if m.Kind != "" {
		info.Kind = m.Kind
	}
}

func appendFlags(dst []string, flags ...string) []string {
outer:
	for _, f := range flags {
		for _, g := range dst {
			if g == f {
				continue outer
			}
		}
		dst = append(dst, f)
	}
	return dst
}
