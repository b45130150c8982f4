package loaders_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/minsheng/minsheng/loaders"
)

// rtfOf writes text as Word writes RTF in a Chinese code page: paragraphs
// ended by \par, tab-separated lines as table rows of \cell, Chinese
// characters as \'hh bytes of GBK (odd lines) or as \uN with a ? fallback
// (even lines), inside font, colour and info tables that hold no text.
func rtfOf(t *testing.T, text string) []byte {
	t.Helper()
	var b strings.Builder
	b.WriteString(`{\rtf1\ansi\ansicpg936\deff0{\fonttbl{\f0\fnil\fcharset134 \'cb\'ce\'cc\'e5;}}{\colortbl;\red0\green0\blue0;}` + "\n")
	b.WriteString(`{\*\generator Riched20 10.0.19041}{\info{\title \'b2\'e2\'ca\'d4}}\viewkind4\uc1` + "\n")
	enc := simplifiedchinese.GBK.NewEncoder()
	escape := func(s string, hex bool) string {
		var o strings.Builder
		for _, r := range s {
			switch {
			case r == '\\' || r == '{' || r == '}':
				o.WriteString(`\` + string(r))
			case r < 0x80:
				o.WriteRune(r)
			case hex:
				g, err := enc.Bytes([]byte(string(r)))
				if err != nil {
					fmt.Fprintf(&o, `\u%d?`, r)
					continue
				}
				for _, c := range g {
					fmt.Fprintf(&o, `\'%02x`, c)
				}
			default:
				fmt.Fprintf(&o, `\u%d?`, r)
			}
		}
		return o.String()
	}
	for i, line := range strings.Split(text, "\n") {
		hex := i%2 == 1
		if strings.Contains(line, "\t") {
			b.WriteString(`\trowd\trgaph108 `)
			for _, c := range strings.Split(line, "\t") {
				b.WriteString(`\pard\intbl ` + escape(c, hex) + `\cell `)
			}
			b.WriteString("\\row\n")
			continue
		}
		b.WriteString(`\pard ` + escape(line, hex) + "\\par\n")
	}
	b.WriteString("}")
	return []byte(b.String())
}

// An RTF file, as government sites serve under .doc, gives the records its
// text gives, its table included.
func TestRTF(t *testing.T) {
	for _, shape := range []string{"tab-table-with-status-column.txt", "items-with-inline-progress.txt"} {
		path := filepath.Join("..", "testdata", "shapes", shape)
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		want := records(t, path, nil)
		rtfPath := filepath.Join(t.TempDir(), strings.TrimSuffix(shape, ".txt")+".doc")
		if err := os.WriteFile(rtfPath, rtfOf(t, string(raw)), 0o644); err != nil {
			t.Fatal(err)
		}
		doc, err := loaders.Load(rtfPath, loaders.Options{})
		if err != nil {
			t.Fatalf("%s: %v", shape, err)
		}
		if doc.Info.Format != loaders.FormatRTF || doc.Info.Charset != "gbk" {
			t.Errorf("%s: format %s, charset %s", shape, doc.Info.Format, doc.Info.Charset)
		}
		got := records(t, rtfPath, nil)
		if len(got) == 0 || len(got) != len(want) {
			t.Fatalf("%s: %d records from RTF, %d from the text", shape, len(got), len(want))
		}
		for i := range got {
			if g, w := essenceOf(got[i]), essenceOf(want[i]); g != w {
				t.Errorf("%s: record %d\n got: %s\nwant: %s", shape, i, g, w)
			}
		}
	}
	// An RTF of pictures only is refused, saying what to do.
	_, err := loaders.LoadBytes("scan.doc", []byte(`{\rtf1\ansi{\pict\pngblip 89504e47}}`), loaders.Options{})
	if err == nil || !strings.Contains(err.Error(), "scan.doc") || !strings.Contains(err.Error(), "convert it to DOCX or PDF") {
		t.Errorf("RTF without text: %v", err)
	}
}
