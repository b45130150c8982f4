package normalize

import (
	"strings"
	"unicode/utf8"
)

// t2sPhrases are words where the character table is wrong or ambiguous.
// They are matched before the table, longest first, in the traditional text.
var t2sPhrases = map[string]string{
	"乾淨": "干净", "乾燥": "干燥", "乾旱": "干旱", "餅乾": "饼干", "乾部": "干部", "乾貨": "干货",
	"乾隆": "乾隆", "乾坤": "乾坤",
	"瞭解": "了解", "明瞭": "明了", "瞭望": "瞭望",
	"藉口": "借口", "憑藉": "凭借", "藉助": "借助", "藉此": "借此", "慰藉": "慰藉", "狼藉": "狼藉", "籍貫": "籍贯",
	"著名": "著名", "著作": "著作", "著稱": "著称", "顯著": "显著", "卓著": "卓著", "編著": "编著",
	"原著": "原著", "名著": "名著", "專著": "专著", "論著": "论著", "土著": "土著", "著述": "著述", "著者": "著者",
	"麵包": "面包", "麵條": "面条",
	"餘額": "余额",
	"於是": "于是",
	"甚麼": "什么", "什麼": "什么",
	"一隻": "一只", "船隻": "船只",
	"後面": "后面",
	"皇后": "皇后",
	"覆蓋": "覆盖", "反覆": "反复", "答覆": "答复", "覆核": "复核", "回覆": "回复",
	"乾貨店": "干货店",
	"夥伴":  "伙伴",
	"徵收":  "征收", "特徵": "特征", "徵求": "征求", "徵集": "征集", "象徵": "象征",
	"瞭如指掌": "了如指掌",
	"嚮導":   "向导",
	"檯帳":   "台账", "臺賬": "台账",
	"託育": "托育", "託管": "托管", "委託": "委托",
	"遊客": "游客", "旅遊": "旅游",
	"衝突": "冲突",
	"傢俱": "家具", "傢具": "家具", "批覆": "批复", "函覆": "函复",
}

// t2sOverrides correct the character table: variant forms that Unihan gives
// no simplified form (爲, 衆, 啓, the forms OpenCC's traditional text uses)
// and mappings modern usage does not follow (託 is 托, not 讬; 諮 is 咨).
// They are merged into t2sChars before any use.
var t2sOverrides = map[rune]rune{
	'爲': '为', '羣': '群', '啓': '启', '衆': '众', '覈': '核', '佈': '布', '裏': '里',
	'峯': '峰', '牀': '床', '週': '周', '紮': '扎', '樑': '梁', '佔': '占', '籤': '签',
	'滙': '汇', '喫': '吃', '僱': '雇', '燬': '毁', '箇': '个', '託': '托', '諮': '咨',
	'遊': '游', '綫': '线', '蔘': '参', '鍼': '针', '麪': '面', '菸': '烟', '脣': '唇',
	'讚': '赞', '鬨': '哄', '嚐': '尝', '祕': '秘', '纔': '才', '冑': '胄',
}

// t2sPhraseMax is the longest phrase in runes.
const t2sPhraseMax = 4

// traditionalShare counts the Han characters of s and those that only
// traditional text uses (unambiguous table entries).
func traditionalShare(s string) (han, trad int) {
	for _, r := range s {
		if r < 0x3400 {
			continue
		}
		if isHan(r) {
			han++
			if tradOnly.has(r) || r >= 1<<16 && t2sChars[r] != 0 {
				trad++
			}
		}
	}
	return han, trad
}

// isTraditional judges a text traditional: at least 3% of its Han characters
// exist only in traditional writing. Simplified text scores 0 (none of the
// four simplified seeds, 49,000 Han characters, has a single one), and a
// traditional text about 30%, so one such character in a short cell ("當前
// 位置") is enough.
func isTraditional(s string) bool {
	han, trad := traditionalShare(s)
	return trad > 0 && trad*100 >= han*3
}

// toSimplified converts traditional text to simplified, phrase exceptions
// first, then the character table, then the ambiguous characters in the
// contexts where they are simplified.
func toSimplified(s string) (string, int) {
	var b strings.Builder
	b.Grow(len(s))
	n := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r < 0x3400 {
			b.WriteByte(s[i])
			if size > 1 {
				b.WriteString(s[i+1 : i+size])
			}
			i += size
			continue
		}
		// convertChar writes the simplified form of the character at i.
		convertChar := func() {
			if to, ok := t2sChars[r]; ok {
				b.WriteRune(to)
				n++
			} else if to, ok := t2sAmbiguous[r]; ok && ambiguousToSimple(r, s[:i], s[i+size:]) {
				b.WriteRune(to)
				n++
			} else {
				b.WriteString(s[i : i+size])
			}
			i += size
		}
		matched := false
		if !phraseStarts.has(r) {
			convertChar()
			continue
		}
		j := i
		for k := 0; k < t2sPhraseMax && j < len(s); k++ {
			_, sz := utf8.DecodeRuneInString(s[j:])
			j += sz
		}
		// longest match
		for end := j; end > i+size; {
			if rep, ok := t2sPhrases[s[i:end]]; ok {
				if rep != s[i:end] {
					n += utf8.RuneCountInString(rep)
				}
				b.WriteString(rep)
				i = end
				matched = true
				break
			}
			_, sz := utf8.DecodeLastRuneInString(s[i:end])
			end -= sz
		}
		if !matched {
			convertChar()
		}
	}
	return b.String(), n
}

// ambiguousToSimple decides the characters that are simplified characters
// too: 著 is 着 after a verb (隨著, 圍繞著) and in 著力/著手/著重/著眼; 乾 is
// 干 outside names.
func ambiguousToSimple(r rune, before, after string) bool {
	next, _ := utf8.DecodeRuneInString(after)
	prev, _ := utf8.DecodeLastRuneInString(before)
	switch r {
	case '著':
		if strings.ContainsRune("名作称稱述者录錄", next) || strings.ContainsRune("显顯卓编編原名专專论論土巨", prev) {
			return false
		}
		return true
	case '乾':
		return !strings.ContainsRune("隆坤", next)
	case '瞭':
		return next != '望'
	case '藉':
		return !strings.ContainsRune("慰狼", prev)
	case '夥', '復', '徵', '裡', '摺':
		return true
	}
	return false
}
