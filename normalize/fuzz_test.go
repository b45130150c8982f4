package normalize

import (
	"strings"

	"golang.org/x/text/encoding/simplifiedchinese"
	"testing"
	"unicode/utf8"
)

func seedCorpus(f *testing.F) {
	for _, name := range seedNames {
		src := readSeed(f, name)
		lines := strings.Split(src, "\n")
		for i := 0; i < len(lines); i += 17 {
			f.Add(lines[i])
		}
	}
	for _, s := range []string{"實(shí)", "?jiān)O(shè)計", "1 000", ",,、。", "鍏ㄥ浗", "È«¹ú", "百分之九十", "3至5家", "5-10个", "截至9月底", "第四季度(11月份)", "\xff\xfe", "1119正式启动"} {
		f.Add(s)
	}
}

func FuzzRepair(f *testing.F) {
	seedCorpus(f)
	f.Fuzz(func(t *testing.T, s string) {
		out, _ := Repair(s)
		if !utf8.ValidString(out) {
			t.Fatalf("Repair(%q) = %q: invalid UTF-8", s, out)
		}
		if strings.Count(out, "\n") != strings.Count(s, "\n") {
			t.Fatalf("Repair(%q) = %q: line count changed", s, out)
		}
		if again, rep := Repair(out); again != out {
			t.Fatalf("Repair not idempotent on %q:\n once  %q\n twice %q (%v)", s, out, again, rep.Repairs)
		}
	})
}

func FuzzQuantities(f *testing.F) {
	seedCorpus(f)
	f.Fuzz(func(t *testing.T, s string) {
		last := 0
		for _, q := range Quantities(s) {
			if q.Start < last || q.End > len(s) || q.Start > q.End || s[q.Start:q.End] != q.Raw {
				t.Fatalf("Quantities(%q): bad span %+v", s, q)
			}
			last = q.End
		}
	})
}

func FuzzDates(f *testing.F) {
	seedCorpus(f)
	f.Fuzz(func(t *testing.T, s string) {
		for _, d := range Dates(s, 2022, "2022-11-29") {
			if d.Start < 0 || d.End > len(s) || d.Start > d.End || s[d.Start:d.End] != d.Raw {
				t.Fatalf("Dates(%q): bad span %+v", s, d)
			}
			if d.ISO != "" && len(d.ISO) != 10 {
				t.Fatalf("Dates(%q): bad ISO %q", s, d.ISO)
			}
		}
	})
}

func FuzzDecode(f *testing.F) {
	seedCorpus(f)
	f.Fuzz(func(t *testing.T, s string) {
		text, cs, reason, err := Decode([]byte(s), "gbk")
		if err != nil {
			return
		}
		if !utf8.ValidString(text) || cs == "" || reason == "" {
			t.Fatalf("Decode(%q) = %q, %q, %q", s, text, cs, reason)
		}
	})
}

func BenchmarkRepairCangnan(b *testing.B) {
	src := readSeed(b, seedCangnan)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		Repair(src)
	}
}

func BenchmarkRepairClean(b *testing.B) {
	src := readSeed(b, seedYuhuan)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		Repair(src)
	}
}

func BenchmarkQuantities(b *testing.B) {
	src := readSeed(b, seedYuhuan)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		Quantities(src)
	}
}

func BenchmarkDates(b *testing.B) {
	src := readSeed(b, seedYuhuan)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		Dates(src, 2021, "")
	}
}

func BenchmarkDecodeUTF8(b *testing.B) {
	src := []byte(readSeed(b, seedYuhuan))
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		Decode(src, "")
	}
}

func BenchmarkDecodeGBKSniffed(b *testing.B) {
	src, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(readSeed(b, seedYuhuan)))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		Decode(src, "")
	}
}
