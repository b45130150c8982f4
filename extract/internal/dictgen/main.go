// Command dictgen writes extract/data/genre.dict, the dictionary minsheng's
// word segmenter loads: the words of gse's simplified-Chinese dictionary
// (github.com/go-ego/gse, data/dict/zh/s_1.txt, from jieba; MIT licence)
// frequent enough to matter in government notices, and the genre's own words
// from extract/data/genre-words.txt. Run from the repository root:
//
//	go run ./extract/internal/dictgen
//
// It reads gse's dictionary from the module cache (go mod download fetches it).
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

func main() {
	minFreq := flag.Int("min-freq", 1000, "keep gse words at least this frequent")
	words := flag.String("words", "extract/data/genre-words.txt", "the genre's own words")
	out := flag.String("out", "extract/data/genre.dict", "the dictionary to write")
	flag.Parse()
	if err := run(*minFreq, *words, *out); err != nil {
		fmt.Fprintln(os.Stderr, "dictgen:", err)
		os.Exit(1)
	}
}

func run(minFreq int, wordsPath, outPath string) error {
	dir, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/go-ego/gse").Output()
	if err != nil {
		return fmt.Errorf("locate github.com/go-ego/gse (run go mod download): %w", err)
	}
	gsePath := filepath.Join(strings.TrimSpace(string(dir)), "data", "dict", "zh", "s_1.txt")
	freq := map[string]int{}
	if err := readDict(gsePath, func(w string, f int) {
		if f >= minFreq {
			freq[w] = max(freq[w], f)
		}
	}); err != nil {
		return err
	}
	general := len(freq)
	if err := readDict(wordsPath, func(w string, f int) { freq[w] = max(freq[w], f) }); err != nil {
		return err
	}
	ws := make([]string, 0, len(freq))
	for w := range freq {
		ws = append(ws, w)
	}
	sort.Strings(ws)
	f, err := os.Create(outPath)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	for _, word := range ws {
		fmt.Fprintf(w, "%s %d\n", word, freq[word])
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	fmt.Fprintf(os.Stderr, "dictgen: %d words (%d from gse with frequency >= %d) to %s\n", len(ws), general, minFreq, outPath)
	return f.Close()
}

// readDict calls add for each "word frequency [pos]" line of a dictionary;
// lines starting with # are comments.
func readDict(path string, add func(string, int)) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fs := strings.Fields(line)
		if len(fs) < 2 {
			return fmt.Errorf("%s:%d: want a word and its frequency", path, n)
		}
		fr, err := strconv.Atoi(fs[1])
		if err != nil {
			return fmt.Errorf("%s:%d: frequency %q: %w", path, n, fs[1], err)
		}
		add(fs[0], fr)
	}
	return sc.Err()
}
