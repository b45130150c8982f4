package normalize

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// unitForms maps printed units to canonical ones. Quantities matches them
// longest first, so "人次" wins over "人" and "平方米" over "米".
var unitForms = map[string]string{
	"平方公里": "平方公里", "km²": "平方公里", "km2": "平方公里",
	"平方米": "平方米", "平米": "平方米", "㎡": "平方米", "m²": "平方米", "m2": "平方米",
	"立方米": "立方米", "方": "立方米", "m³": "立方米", "m3": "立方米",
	"公里": "公里", "千米": "公里", "km": "公里", "KM": "公里", "Km": "公里",
	"米": "米", "公顷": "公顷", "亩": "亩",
	"千瓦时": "千瓦时", "度电": "千瓦时", "千瓦": "千瓦", "kW": "千瓦", "KW": "千瓦", "kw": "千瓦",
	"兆瓦": "兆瓦", "千伏": "千伏", "kV": "千伏", "千伏安": "千伏安", "MW": "兆瓦",
	"吨": "吨", "公斤": "公斤", "千克": "公斤", "kg": "公斤", "KG": "公斤", "斤": "斤",
	"%": "%", "％": "%", "‰": "‰", "个百分点": "个百分点", "百分点": "个百分点",
	"人次": "人次", "人": "人", "名": "名", "位": "位",
	"户次": "户次", "户": "户", "家": "家", "家次": "家次",
	"个月": "个月", "个": "个", "所": "所", "座": "座", "处": "处", "条": "条",
	"台套": "台套", "台(套)": "台(套)", "台（套）": "台(套)", "台": "台", "张": "张",
	"套(间)": "套(间)", "套（间）": "套(间)", "间(套)": "套(间)", "间（套）": "套(间)", "套": "套", "间": "间",
	"批次": "批次", "批": "批", "场次": "场次", "场": "场",
	"辆": "辆", "艘": "艘", "架": "架", "件": "件", "项": "项", "种": "种", "例": "例",
	"剂次": "剂次", "剂": "剂", "份": "份", "册": "册", "本": "本", "部": "部",
	"元": "元", "万元": "万元", "亿元": "亿元", "美元": "美元", "万美元": "万美元",
	"岁": "岁", "周岁": "周岁", "分钟": "分钟", "小时": "小时", "天": "天", "周": "周",
	"年": "年", "次": "次", "栋": "栋", "幢": "幢", "根": "根", "盏": "盏", "只": "只",
	"头": "头", "班": "班", "床": "床", "株": "株", "棵": "棵", "篇": "篇", "期": "期",
	"届": "届", "倍": "倍", "支": "支", "块": "块", "片": "片", "段": "段", "道": "道",
	"门": "门", "对": "对", "组": "组", "队": "队", "轮": "轮", "课时": "课时",
	"学时": "学时", "节": "节", "餐": "餐", "箱": "箱", "瓶": "瓶", "袋": "袋",
	"孔": "孔", "口": "口", "眼": "眼", "宗": "宗", "笔": "笔",
	"单": "单", "包": "包", "册次": "册次", "床位": "床位",
	// lengths, areas, volumes, weights and times in their other spellings
	"厘米": "厘米", "cm": "厘米", "公分": "厘米", "毫米": "毫米", "mm": "毫米", "m": "米", "公尺": "米",
	"平方千米": "平方公里", "平方厘米": "平方厘米", "cm²": "平方厘米", "cm2": "平方厘米", "hm²": "公顷", "hm2": "公顷",
	"立方": "立方米", "升": "升", "毫升": "毫升", "ml": "毫升", "mL": "毫升",
	"克": "克", "毫克": "毫克", "mg": "毫克", "t": "吨", "Kg": "公斤",
	"个小时": "小时", "h": "小时", "秒": "秒", "秒钟": "秒", "个工作日": "工作日", "工作日": "工作日",
	"个星期": "周", "星期": "周", "个季度": "季度", "季度": "季度", "周年": "周年",
	"公里/小时": "公里/小时", "千米/小时": "公里/小时", "km/h": "公里/小时", "米/秒": "米/秒", "m/s": "米/秒",
	"英寸": "英寸", "英尺": "英尺", "伏": "伏", "V": "伏", "W": "瓦", "瓦": "瓦",
	"GB": "GB", "MB": "MB", "TB": "TB", "KB": "KB",
	"kWh": "千瓦时", "kwh": "千瓦时", "英里": "英里", "海里": "海里", "℃": "摄氏度", "°C": "摄氏度", "摄氏度": "摄氏度", "度": "度",
	"平": "平方米", "公升": "升",
	// money
	"RMB": "元", "CNY": "元", "USD": "美元", "HKD": "港元", "EUR": "欧元", "JPY": "日元", "GBP": "英镑",
	"块钱": "元", "元钱": "元", "圆": "元", "美金": "美元", "港元": "港元", "港币": "港元",
	"欧元": "欧元", "日元": "日元", "英镑": "英镑", "澳元": "澳元", "韩元": "韩元", "澳门元": "澳门元",
	"新台币": "新台币", "卢布": "卢布", "加元": "加元", "瑞士法郎": "瑞士法郎",
	// traditional spellings read as simplified
	"個": "个", "戶": "户", "項": "项", "處": "处", "臺": "台", "張": "张", "輛": "辆", "間": "间",
	"場": "场", "場次": "场次", "條": "条", "噸": "吨", "畝": "亩", "公頃": "公顷", "歲": "岁", "週歲": "周岁",
	"個月": "个月", "小時": "小时", "分鐘": "分钟", "週": "周", "戶次": "户次", "個百分點": "个百分点",
	"百分點": "个百分点", "釐米": "厘米", "塊錢": "元", "圓": "元", "港幣": "港元", "歐元": "欧元",
	"萬元": "万元", "億元": "亿元", "組": "组", "隊": "队", "門": "门", "筆": "笔",
}

// unitList holds the printed forms longest first.
var unitList = func() []string {
	l := make([]string, 0, len(unitForms))
	for k := range unitForms {
		l = append(l, k)
	}
	sort.Slice(l, func(i, j int) bool {
		if len(l[i]) != len(l[j]) {
			return len(l[i]) > len(l[j])
		}
		return l[i] < l[j]
	})
	return l
}()

// unitsByByte holds unitList by the first byte of each form, so readUnit
// tries only the forms that can match.
var unitsByByte = func() (by [256][]string) {
	for _, u := range unitList {
		by[u[0]] = append(by[u[0]], u)
	}
	return by
}()

// CanonicalUnit returns the canonical form of a printed unit: "套（间）" ->
// "套(间)", "平方米"/"㎡"/"m2"/"平米" -> "平方米", "公里"/"km" -> "公里". ok is
// false for units it does not know; u is then returned trimmed.
func CanonicalUnit(u string) (string, bool) {
	u = strings.TrimSpace(u)
	if c, ok := unitForms[u]; ok {
		return c, true
	}
	return u, false
}

// readUnit reads a unit at s[i:]. ASCII units must not run on into more
// letters ("km" in "kmh" is no unit).
func readUnit(s string, i int) (canon string, end int) {
	rest := s[i:]
	if rest == "" {
		return "", i
	}
	for _, u := range unitsByByte[rest[0]] {
		if !strings.HasPrefix(rest, u) {
			continue
		}
		e := i + len(u)
		if isASCIILetter(u[0]) && e < len(s) && (isASCIILetter(s[e]) || isASCIIDigit(s[e])) {
			continue
		}
		if u == "平" {
			// 100平 of a flat; 3平台 is no area
			if next, _ := utf8.DecodeRuneInString(s[e:]); !isBoundary(s, e) && !strings.ContainsRune("的左以房", next) {
				continue
			}
		}
		if u == "方" || u == "口" || u == "眼" || u == "单" || u == "包" || u == "门" || u == "道" || u == "对" || u == "组" {
			// too ambiguous after a bare number in running text ("3方面", "1口径")
			if e < len(s) && !isBoundary(s, e) {
				continue
			}
		}
		return unitForms[u], e
	}
	return "", i
}

// isBoundary reports whether s[i:] starts with punctuation, a space or the end.
func isBoundary(s string, i int) bool {
	if i >= len(s) {
		return true
	}
	switch c := s[i]; {
	case c == ' ' || c == '\t' || c == '\n' || c == '\r':
		return true
	case c < 0x80:
		return !isASCIILetter(c) && !isASCIIDigit(c)
	}
	r := []rune(s[i:min(len(s), i+4)])
	if len(r) == 0 {
		return true
	}
	return strings.ContainsRune("，。、；：？！）》」』”’…—（《“,", r[0])
}

// WanYuan gives a money quantity in 万元 (the unit of budget columns).
func WanYuan(q Quantity) (float64, bool) {
	switch q.Unit {
	case "元":
		return round(q.Value / 1e4), true
	case "万元":
		return q.Value, true
	case "亿元":
		return round(q.Value * 1e4), true
	}
	return 0, false
}
