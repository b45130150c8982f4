package normalize

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// gbkMojibakeLeads holds the characters that UTF-8 lead bytes E4–E9 become
// when the bytes are read as GBK ("鍏ㄥ浗" for 全国): a text with several of
// them may be mojibake.
var gbkMojibakeLeads = func() map[rune]bool {
	m := map[rune]bool{}
	dec := simplifiedchinese.GB18030.NewDecoder()
	for lead := 0xE4; lead <= 0xE9; lead++ {
		for trail := 0x80; trail <= 0xBF; trail++ {
			out, err := dec.Bytes([]byte{byte(lead), byte(trail)})
			if err != nil {
				continue
			}
			r, _ := utf8.DecodeRune(out)
			if r != utf8.RuneError {
				m[r] = true
			}
		}
	}
	return m
}()

// mayBeMojibake is the cheap test before the round trips.
func mayBeMojibake(s string) bool {
	lat, gbk := 0, 0
	for _, r := range s {
		switch {
		case r >= 0xC0 && r <= 0xFF:
			lat++
		case r >= 0x4E00 && mojibakeLead.has(r):
			gbk++
		}
		if lat >= 2 || gbk >= 3 {
			return true
		}
	}
	return false
}

// fixMojibake reverses mojibake line by line, then run by run: UTF-8 read
// as GBK, GBK read as Latin-1 and UTF-8 read as Latin-1. A span is reversed
// only when its round trip is clean. flagged reports mojibake left in place.
func fixMojibake(s string) (string, int, bool) {
	lines := strings.Split(s, "\n")
	n := 0
	flagged := false
	for k, line := range lines {
		if !mayBeMojibake(line) || !looksGarbled(line) {
			continue
		}
		if fixed, ok := reverseMojibake(line); ok {
			lines[k] = fixed
			n++
			continue
		}
		// run by run: maximal spans without ASCII
		fixed, c := reverseRuns(line)
		lines[k] = fixed
		n += c
		if looksGarbled(fixed) {
			flagged = true
		}
	}
	return strings.Join(lines, "\n"), n, flagged
}

func reverseRuns(line string) (string, int) {
	var b strings.Builder
	n := 0
	for i := 0; i < len(line); {
		if line[i] < 0x80 {
			b.WriteByte(line[i])
			i++
			continue
		}
		j := i
		for j < len(line) && line[j] >= 0x80 {
			j++
		}
		run := line[i:j]
		if mayBeMojibake(run) {
			if fixed, ok := reverseMojibake(run); ok {
				b.WriteString(fixed)
				n++
				i = j
				continue
			}
		}
		b.WriteString(run)
		i = j
	}
	return b.String(), n
}

// reverseMojibake tries the classic misreadings of s and returns the one that
// round-trips cleanly into plausible text.
func reverseMojibake(s string) (string, bool) {
	// UTF-8 read as GBK
	if enc, err := simplifiedchinese.GB18030.NewEncoder().String(s); err == nil {
		if utf8.ValidString(enc) && enc != s && plausible(enc) {
			if back, err := simplifiedchinese.GB18030.NewDecoder().String(enc); err == nil && back == s {
				return enc, true
			}
		}
	}
	// read as Latin-1: the bytes are UTF-8 or GBK
	if latin, ok := latin1Bytes(s); ok {
		if utf8.ValidString(latin) && plausible(latin) {
			return latin, true
		}
		if dec, err := simplifiedchinese.GB18030.NewDecoder().String(latin); err == nil && !strings.ContainsRune(dec, utf8.RuneError) && plausible(dec) {
			if re, err := simplifiedchinese.GB18030.NewEncoder().String(dec); err == nil && re == latin {
				return dec, true
			}
		}
	}
	return "", false
}

// latin1Bytes gives the bytes of s read as Windows-1252/Latin-1, if every
// character has one.
func latin1Bytes(s string) (string, bool) {
	nonASCII := false
	for _, r := range s {
		if r >= 0x80 {
			nonASCII = true
		}
	}
	if !nonASCII {
		return "", false
	}
	enc, err := charmap.Windows1252.NewEncoder().String(s)
	if err == nil {
		return enc, true
	}
	enc, err = charmap.ISO8859_1.NewEncoder().String(s)
	return enc, err == nil
}

// plausible text has Han characters and no mojibake signs of its own.
func plausible(s string) bool {
	han := 0
	for _, r := range s {
		if isHan(r) {
			han++
		}
		if r == utf8.RuneError || r < 0x20 && r != '\t' {
			return false
		}
	}
	return han > 0 && !looksGarbled(s)
}

// looksGarbled reports text that reads as mojibake: UTF-8 read as GBK
// (most of its GBK bytes form UTF-8 sequences again) or bytes read as
// Latin-1 (runs of à-ÿ letters among no Han characters).
func looksGarbled(s string) bool {
	lat, han, other := 0, 0, 0
	for _, r := range s {
		switch {
		case r >= 0xC0 && r <= 0xFF:
			lat++
		case isHan(r):
			han++
		case r >= 0x80:
			other++
		}
	}
	if lat >= 2 && lat*2 >= han {
		return true
	}
	if han == 0 {
		return false
	}
	enc, err := simplifiedchinese.GB18030.NewEncoder().String(s)
	if err != nil {
		return false
	}
	high, covered := 0, 0
	for i := 0; i < len(enc); {
		if enc[i] < 0x80 {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(enc[i:])
		if r != utf8.RuneError && n >= 2 {
			covered += n
			high += n
			i += n
			continue
		}
		high++
		i++
	}
	return high > 0 && covered*10 >= high*6
}
