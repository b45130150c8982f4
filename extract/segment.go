package extract

import (
	_ "embed"
	"strings"
	"sync"

	"github.com/go-ego/gse"
)

// genreDict is the segmenter's dictionary: gse's frequent words and the
// genre's own (extract/internal/dictgen writes it). gse's full dictionaries
// take over a second and hundreds of megabytes to load; this one is loaded
// once, on the first metric phrase that needs cutting.
//
//go:embed data/genre.dict
var genreDict string

var segmenter = sync.OnceValue(func() *gse.Segmenter {
	seg := &gse.Segmenter{SkipLog: true}
	if err := seg.LoadDictStr(genreDict); err != nil {
		panic("extract: the embedded dictionary does not load: " + err.Error())
	}
	return seg
})

// words cuts s into words (gse, with its hidden Markov model for words the
// dictionary lacks). Each word is a substring of s, in order, so that the
// words join to s again.
func words(s string) []string {
	if s == "" {
		return nil
	}
	wordMemo.Lock()
	ws, ok := wordMemo.m[s]
	wordMemo.Unlock()
	if ok {
		return ws
	}
	ws = cutWords(s)
	wordMemo.Lock()
	if len(wordMemo.m) >= wordMemoSize {
		wordMemo.m = make(map[string][]string, wordMemoSize) // a bounded memo: start over
	}
	wordMemo.m[s] = ws
	wordMemo.Unlock()
	return ws
}

// wordMemo remembers the words of the short phrases metrics are cut from,
// which a document asks for again and again; it is shared by concurrent
// extractions and never holds more than wordMemoSize phrases.
var wordMemo = struct {
	sync.Mutex
	m map[string][]string
}{m: map[string][]string{}}

const wordMemoSize = 4096

func cutWords(s string) []string {
	cut := segmenter().Cut(s, true)
	out := make([]string, 0, len(cut))
	at := 0
	for _, w := range cut {
		// gse lower-cases ASCII letters; the original bytes are kept.
		if at+len(w) > len(s) || !strings.EqualFold(s[at:at+len(w)], w) {
			return []string{s}
		}
		out = append(out, s[at:at+len(w)])
		at += len(w)
	}
	if at != len(s) {
		return []string{s}
	}
	return out
}

// leadingFunctionWords open a metric phrase without naming what is counted:
// connectives and adverbs ("其中开工11个", "累计建成…", "全力推动…"). They are
// dropped only as whole words, so that 及时 or 全面小康 keep their first
// characters. A beneficiary's preposition stays: "为2000户…家庭安装…" counts
// the installations for them.
var leadingFunctionWords = map[string]bool{
	"其中": true, "并且": true, "并": true, "同时": true, "以及": true, "及": true, "和": true, "另外": true,
	"共计": true, "合计": true, "累计": true, "共": true,
	"全力": true, "积极": true, "努力": true, "进一步": true, "持续": true, "大力": true,
}

// lightVerbs are verbs of accomplishment before the verb that names the
// work ("确保完成固定资产投资", "实现小升规", "实施…活动"); the metric names what is
// counted, and the verb stays in the raw text.
var lightVerbs = map[string]bool{
	"确保": true, "力争": true, "实现": true, "完成": true, "实施": true, "推动": true, "争取": true,
}

// metricWords drops the function words and light verbs that open a metric
// phrase, keeping at least one word of two or more characters.
func metricWords(s string, verbs bool) string {
	if !opensWithListed(s, verbs) {
		return strings.TrimSpace(s)
	}
	// Only the opening words are in question: cut a head long enough to hold
	// them with the word after, not the whole phrase.
	head, n := s, 0
	for i := range s {
		if n == metricHeadRunes {
			head = s[:i]
			break
		}
		n++
	}
	ws := words(head)
	drop := 0 // bytes of s dropped
	for i, w := range ws {
		if i == len(ws)-1 && len(head) < len(s) {
			break // the last word of the head may be cut short
		}
		rest := s[drop+len(w):]
		if strings.TrimSpace(w) == "" || leadingFunctionWords[w] || verbs && lightVerbs[w] && runeLen(strings.TrimSpace(rest)) > 1 {
			if strings.TrimSpace(rest) == "" {
				break // keep at least one word
			}
			drop += len(w)
			continue
		}
		if verbs && (w == "在" || w == "于") {
			// "在全区新增托位": the place before the work verb goes.
			if k := workVerbWithin(ws[i+1:], 3); k >= 0 {
				place := 0
				for _, p := range ws[i : i+1+k] {
					place += len(p)
				}
				// keep the verb's object: "于年底前建成" stays
				if strings.TrimSpace(s[drop+place+len(ws[i+1+k]):]) != "" {
					drop += place
				}
			}
		}
		break
	}
	return strings.TrimSpace(s[drop:])
}

// workVerbs name the work a target counts.
var workVerbs = map[string]bool{
	"新增": true, "新建": true, "建设": true, "建成": true, "改造": true, "提升": true, "开展": true, "培训": true,
	"安装": true, "设置": true, "配备": true, "创建": true, "打造": true, "改建": true, "新改建": true, "新改扩建": true,
}

// workVerbWithin is the index of the first work verb among the first n
// words, or -1.
func workVerbWithin(ws []string, n int) int {
	for k, w := range ws {
		if k >= n {
			break
		}
		if workVerbs[w] {
			return k
		}
	}
	return -1
}

// metricHeadRunes is how much of a metric phrase is cut into words.
const metricHeadRunes = 12

// opensWithListed reports whether s starts with a function word or (with
// verbs) a light verb as text; only then do its words decide anything.
func opensWithListed(s string, verbs bool) bool {
	s = strings.TrimSpace(s)
	for w := range leadingFunctionWords {
		if strings.HasPrefix(s, w) {
			return true
		}
	}
	if verbs {
		if strings.HasPrefix(s, "在") || strings.HasPrefix(s, "于") {
			return true
		}
		for w := range lightVerbs {
			if strings.HasPrefix(s, w) {
				return true
			}
		}
	}
	return false
}
