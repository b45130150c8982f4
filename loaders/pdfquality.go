package loaders

import "unicode"

// commonHan holds the most frequent characters of modern Chinese and of the
// genre. Text decoded with the wrong encoding is made of Han characters too,
// but rarely of these: the share of common characters among the Han ones
// tells real text from garbage where counting U+FFFD cannot.
const commonHan = "的一是不了在有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严项环玉推城台监督施企园龙镇服投村创案街浙港审州房升湾套医旅防瓯户幼批阳乡排聚落源鹿域健字乐责顺态游泰评综司卫居室洞瑞范永嘉苍配费协预境培续累控启检食季智筹策测营"

var commonHanSet = func() map[rune]bool {
	m := make(map[rune]bool, len(commonHan)/3)
	for _, r := range commonHan {
		m[r] = true
	}
	return m
}()

// pdfTextQuality scores a page's text: the share of common characters among
// its Han characters (and the Hangul and Yi mixed with them), and the share of its characters that are letters, digits
// or punctuation a document prints (rather than controls, private-use or
// replacement characters). han is the number of Han characters.
func pdfTextQuality(s string) (common, clean float64, han int) {
	total, ok, cm, other := 0, 0, 0, 0
	for _, r := range s {
		if unicode.IsSpace(r) {
			continue
		}
		total++
		switch {
		case unicode.Is(unicode.Hangul, r) || unicode.Is(unicode.Yi, r):
			// where Han characters are mixed with these, the bytes of a
			// two-byte Chinese encoding were probably read as UCS-2
			other++
			ok++
			han++
			ok++
			if commonHanSet[r] {
				cm++
			}
		case r == '\ufffd' || unicode.IsControl(r) || unicode.Is(unicode.Co, r):
		case unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsPunct(r) || unicode.IsSymbol(r):
			ok++
		}
	}
	if total == 0 {
		return 0, 0, 0
	}
	if han > 0 {
		common = float64(cm) / float64(han+other)
	}
	return common, float64(ok) / float64(total), han
}

// pdfTextGood reports whether a page's text reads as text: mostly clean
// characters and, when it has a fair number of Han characters, a fair share
// of common ones.
func pdfTextGood(s string) bool {
	common, clean, han := pdfTextQuality(s)
	if clean < 0.8 {
		return false
	}
	if han >= 5 && common < 0.3 {
		return false
	}
	return true
}
