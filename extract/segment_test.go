package extract

import (
	"fmt"
	"strings"
	"testing"

	"github.com/go-ego/gse"
)

func TestWordsJoinToTheirText(t *testing.T) {
	for _, s := range []string{"", "在公共场所新增AED(自动体外除颤仪)", "大专及以上学历 提升3335人", "为民服务中心新增托位300个", "ｘ全角Ａ"} {
		if got := strings.Join(words(s), ""); got != s {
			t.Errorf("words(%q) join to %q", s, got)
		}
	}
}

func TestMetricWords(t *testing.T) {
	tests := []struct {
		text  string
		verbs bool
		want  string
	}{
		{"其中开工", false, "开工"},
		{"累计建成城市书房", false, "建成城市书房"},
		{"全力推动规上企业发明专利全覆盖", true, "规上企业发明专利全覆盖"},
		{"确保完成固定资产投资", true, "固定资产投资"},
		{"实现“小升规”", true, "“小升规”"},
		{"为2000户高龄独居老年人家庭安装设备", true, "为2000户高龄独居老年人家庭安装设备"},
		{"及时处置率", true, "及时处置率"},
		{"全面小康示范村", true, "全面小康示范村"},
		{"持续推进“五水共治”", true, "推进“五水共治”"},
		{"完成率", true, "完成率"},
		{"实施", true, "实施"},
		{"新增托位", true, "新增托位"},
		{"在全区新增托位", true, "新增托位"},
		{"在公共场所新增AED(自动体外除颤仪)", true, "新增AED(自动体外除颤仪)"},
		{"在32个社区实行“小区管家”服务", true, "在32个社区实行“小区管家”服务"},
		{"于年底前建成", true, "于年底前建成"},
	}
	for _, tt := range tests {
		if got := metricWords(tt.text, tt.verbs); got != tt.want {
			t.Errorf("metricWords(%q, %v) = %q, want %q (words %q)", tt.text, tt.verbs, got, tt.want, words(tt.text))
		}
	}
}

// BenchmarkDictionaryLoad is what the first metric phrase of a run pays.
func BenchmarkDictionaryLoad(b *testing.B) {
	for b.Loop() {
		seg := &gse.Segmenter{SkipLog: true}
		if err := seg.LoadDictStr(genreDict); err != nil {
			b.Fatal(err)
		}
	}
}

func FuzzMetricWords(f *testing.F) {
	for _, s := range []string{"其中开工", "全力推动规上企业发明专利全覆盖", "累计\xff建成", "确保完成", "AED(自动体外除颤仪)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got := strings.Join(words(s), ""); got != s {
			t.Fatalf("words(%q) join to %q", s, got)
		}
		if m := metricWords(s, true); !strings.Contains(s, m) {
			t.Fatalf("metricWords(%q) = %q, not a part of it", s, m)
		}
	})
}

// TestWordMemoBounded holds the memo of cut phrases to its size however many
// phrases a long run cuts, and gives the same words from it as a fresh cut.
func TestWordMemoBounded(t *testing.T) {
	for i := 0; i < wordMemoSize+100; i++ {
		words(fmt.Sprintf("新增托位%d个", i))
	}
	wordMemo.Lock()
	n := len(wordMemo.m)
	wordMemo.Unlock()
	if n > wordMemoSize {
		t.Errorf("memo holds %d phrases, more than %d", n, wordMemoSize)
	}
	phrase := "新建城市书房"
	first, again := words(phrase), words(phrase)
	if fmt.Sprint(first) != fmt.Sprint(again) || fmt.Sprint(first) != fmt.Sprint(cutWords(phrase)) {
		t.Errorf("words(%q) = %q then %q, cut afresh %q", phrase, first, again, cutWords(phrase))
	}
}
