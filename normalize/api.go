package normalize

// Report says what Repair did.
type Report struct {
	Repairs     map[string]int // repair name -> count: "pinyin", "t2s", "punct_doubled", "fullwidth", "number_space", "mojibake", "lost_char", "lost_char_recovered"
	Traditional bool           // the text was judged traditional and converted
	Flags       []string       // document-level flags, e.g. "mojibake" when mojibake was seen but not reversible
}

// Quantity is one quantity found in text. A multiplier (万, 亿, 千) always
// moves into Value: money is in 元 ("500万元" is 5000000 元, "10亿元" is
// 1e9 元, "50元6角三分" is 50.63 元); WanYuan gives it back in 万元. A
// percentage in words ("百分之九十", "九成", "千分之二") is in % like "90%";
// "个百分点" is a unit of its own, a change in percentage points. A fraction
// ("三分之一") is a ratio: Value 0.333…, Fraction set. Ages ("60岁以上") and
// durations ("15分钟") are reported with their unit; the caller decides what
// counts.
type Quantity struct {
	Start, End int      // byte offsets of Raw in the text
	Raw        string   // as printed, including qualifier words and unit: "7500个以上", "约1.5万人"
	Value      float64  // with the multiplier applied: "1.5万个" -> 15000, "500万元" -> 5000000
	Max        *float64 // upper end of a range ("5-10个", "3至5家"); Value is the lower end
	Unit       string   // canonical unit without multiplier ("个", "平方米", "元", "%"); "" when none
	Qualifier  string   // AtLeast (以上, 不少于, 达到, 超过, ≥…), AtMost (以内, 不超过, 以下, ≤…), Approx (约, 近, 左右, 余, 多) or ""
	Percent    bool     // a percentage ("93.75%", "百分之九十"); Unit is "%"
	Missing    bool     // a measure word that needs a number has none ("实施个老旧小区"); Value 0, Raw the measure word
	Fraction   bool     // a fraction ("三分之一"): Value is the ratio, Unit ""
	Vague      bool     // a count the text gives no figure for ("几十", "数百", "十几万"); Value 0
	LowerOpen  bool     // the lower end is excluded ("大于20", "超过5万人")
	UpperOpen  bool     // the upper end is excluded ("小于35", "低于3%")
}

// Date is one date expression found in text. Deadlines resolve to the last
// day they allow: a month ("11月", "11月底前") to its last day, a quarter
// ("第四季度") to its last day unless a month in parentheses narrows it
// ("第四季度(11月份)" is 11-30), 上半年 to 06-30, 年内/年底 to 12-31; 上旬
// and 初 to the 10th, 中旬 to the 20th.
type Date struct {
	Start, End int
	Raw        string // as printed: "2022年11月", "11月底前", "截至9月底"
	ISO        string // resolved ISO date, "" when it cannot be pinned
	From       string // first day of a range or a period ReadDates reads ("4月至6月": 04-01, ISO 06-30); "" for one day
	AsOf       bool   // introduced by 截至/截止/到 (an as-of date)
}

// Qualifiers.
const (
	AtLeast = "at_least"
	AtMost  = "at_most"
	Approx  = "approx"
)

// Flags TextFlags reports.
const (
	FlagTruncated     = "truncated"
	FlagLostCharacter = "lost_character"
	FlagMojibake      = "mojibake"
)

// LostChar marks a character that the source lost (printed as "?" followed
// by its pinyin).
const LostChar = '□'
