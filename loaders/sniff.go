package loaders

import (
	"bytes"
	"unicode/utf8"
)

// Formats Sniff answers.
const (
	FormatText     = "text"
	FormatMarkdown = "markdown"
	FormatHTML     = "html"
	FormatPDF      = "pdf"
	FormatXLSX     = "xlsx"
	FormatDOCX     = "docx"
	FormatDOC      = "doc" // OLE2 compound file (legacy Word or Excel)
	FormatZIP      = "zip"
	FormatBinary   = "binary"
)

// Sniff tells a file's format from its content: magic bytes first, then markup.
// Text that is neither HTML nor Markdown is "text"; bytes that cannot be text
// are "binary".
func Sniff(raw []byte) string {
	switch {
	case bytes.HasPrefix(raw, []byte("%PDF-")):
		return FormatPDF
	case bytes.HasPrefix(raw, []byte("PK\x03\x04")), bytes.HasPrefix(raw, []byte("PK\x05\x06")):
		head := raw[:min(len(raw), 1<<16)]
		switch {
		case bytes.Contains(head, []byte("word/")):
			return FormatDOCX
		case bytes.Contains(head, []byte("xl/")):
			return FormatXLSX
		}
		return FormatZIP
	case bytes.HasPrefix(raw, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		return FormatDOC
	case bytes.HasPrefix(bytes.TrimLeft(bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf")), " \t\r\n"), []byte(`{\rtf`)):
		return FormatRTF
	}
	head := raw[:min(len(raw), 4096)]
	// A PDF may carry some junk before its header.
	if i := bytes.Index(head, []byte("%PDF-")); i >= 0 && i < 1024 {
		return FormatPDF
	}
	if looksBinary(raw) {
		return FormatBinary
	}
	if looksHTML(head) {
		return FormatHTML
	}
	if looksMarkdown(raw) {
		return FormatMarkdown
	}
	return FormatText
}

// looksBinary reports NUL bytes (outside UTF-16 text) or a high share of
// control bytes in the first 8 KB.
func looksBinary(raw []byte) bool {
	head := raw[:min(len(raw), 8192)]
	if bytes.HasPrefix(head, []byte{0xFF, 0xFE}) || bytes.HasPrefix(head, []byte{0xFE, 0xFF}) {
		return false // UTF-16 with BOM; the decoder decides
	}
	ctrl := 0
	for _, c := range head {
		switch {
		case c == 0:
			return true
		case c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x1b:
			ctrl++
		}
	}
	return ctrl*20 > len(head)
}

func looksHTML(head []byte) bool {
	h := bytes.ToLower(bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n"))
	for _, p := range [][]byte{[]byte("<!doctype html"), []byte("<html"), []byte("<?xml version"), []byte("<head"), []byte("<body"), []byte("<meta"), []byte("<table"), []byte("<div"), []byte("<p>"), []byte("<!--")} {
		if bytes.HasPrefix(h, p) {
			if bytes.Equal(p, []byte("<?xml version")) && !bytes.Contains(h, []byte("<html")) {
				return false
			}
			return true
		}
	}
	return bytes.Count(h, []byte("</td>"))+bytes.Count(h, []byte("</p>"))+bytes.Count(h, []byte("<br")) >= 3
}

// looksMarkdown reports markdown structure: ATX headings, pipe-table
// separator rows or "- " bullets at the start of lines.
func looksMarkdown(raw []byte) bool {
	score := 0
	for line := range bytes.SplitSeq(raw[:min(len(raw), 1<<16)], []byte("\n")) {
		t := bytes.TrimSpace(line)
		switch {
		case len(t) > 1 && t[0] == '#' && (bytes.HasPrefix(t, []byte("# ")) || bytes.HasPrefix(t, []byte("## ")) || bytes.HasPrefix(t, []byte("### ")) || bytes.HasPrefix(t, []byte("#### "))):
			score += 2
		case bytes.HasPrefix(t, []byte("|---")) || bytes.HasPrefix(t, []byte("| ---")) || bytes.HasPrefix(t, []byte("|:--")):
			score += 3
		case bytes.HasPrefix(t, []byte("- ")) || bytes.HasPrefix(t, []byte("* ")):
			score++
		case bytes.HasPrefix(t, []byte("**")) && bytes.HasSuffix(t, []byte("**")) && utf8.Valid(t):
			score++
		}
		if score >= 3 {
			return true
		}
	}
	return false
}
