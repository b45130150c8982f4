package normalize

import (
	"strings"
	"unicode/utf8"
)

// missingUnits are measure words that need a number. Text extraction that
// drops digits leaves them bare: "实施个老旧小区", "新增托位个", "开工万平方米".
var missingUnits = []string{
	"万平方米", "平方米", "公里", "万元", "个", "家", "所", "座", "处", "条", "台", "张",
	"套", "间", "户", "名", "辆", "艘", "件", "项", "场", "幢", "栋", "亩",
}

// missingVerbs directly before a bare measure word mean the number was lost.
var missingVerbs = []string{
	"实施", "建设", "新建", "新增", "开展", "完成", "开工", "竣工", "组织", "提升", "改造",
	"建成", "创建", "打造", "培训", "培育", "引进", "招聘", "资助", "救助", "帮扶", "提供",
	"覆盖", "惠及", "交付", "回迁安置", "安置", "新改建", "改建", "扩建", "培养", "举办",
	"为", "对", "累计", "共", "约", "超", "达", "新开工", "完工", "建立", "增加", "发放",
	"招募", "设立", "配备", "安装", "更新", "整治", "打通", "治理", "筹建", "提质",
}

// wordsEndingInUnit are words whose last character is a measure word
// ("国家", "配套", "期间"): a measure word ending one of them is not bare.
var wordsEndingInUnit = map[string]bool{}

// missingFirst holds the first characters of missingUnits.
var missingFirst bmpSet

func init() {
	for _, u := range missingUnits {
		r, _ := utf8.DecodeRuneInString(u)
		missingFirst.add(r)
	}
	for _, w := range strings.Fields(`整个 各个 这个 那个 哪个 某个 几个 每个 两个 单个 真个
国家 大家 专家 农家 居家 人家 万家 全家 作家 商家 店家 厂家 东家 回家 在家 老家 自家 管家 本家 百家 千家 酒家 行家 画家 亲家 养家 成家 安家 当家 持家 到家 住家 婆家 娘家 儒家 独家 皇家 买家 卖家 赢家 玩家 名家 船家 农家乐
农户 住户 用户 客户 商户 散户 门户 开户 落户 账户 入户 窗户 家户 逐户 每户 各户 到户 千户 万户 一户 贫困户 低保户 特困户 困难户 养殖户 种植户 承包户 渔户 储户 佃户 订户 专业户 重点户 保户 困户 市户 城户
场所 住所 派出所 卫生所 托育所 事务所 研究所 诊所 厕所 处所 会所 寓所 哨所 院所 托所 医所 学所 园所 校所
办事处 到处 好处 难处 各处 何处 此处 深处 相处 长处 用处 出处 处处 别处 坏处 妙处 痛处 住处 去处 益处 近处 远处 高处 低处 查处 共处 独处 管理处 设计处
一条 线条 面条 金条 萧条 便条 纸条 教条 欠条 收条 封条 发条 链条 枝条 苗条 条条
平台 舞台 电视台 后台 前台 站台 阳台 出台 上台 讲台 柜台 灶台 戏台 看台 天台 窗台 烛台 炮台 倒台 下台 登台 同台 擂台 塔台 电台 月台 吧台 梳妆台 服务台 展台 兵台 泉台
紧张 扩张 主张 开张 夸张 慌张 嚣张 铺张 伸张 乖张 声张 纸张 诸张
配套 成套 整套 外套 手套 老套 客套 圈套 俗套 套套 全套 脱套 笔套 被套 枕套 书套 一套
期间 空间 时间 民间 中间 乡间 之间 区间 夜间 晚间 房间 车间 田间 坊间 人间 世间 其间 年间 瞬间 午间 日间 林间 山间 行间 腰间 眉间 席间 无间 亲间 街间 间间 隔间 洗手间 卫生间 楼间 盥洗间 居间
排名 命名 报名 提名 署名 签名 姓名 有名 知名 著名 冠名 实名 更名 点名 地名 书名 人名 罪名 匿名 改名 题名 真名 大名 盛名 虚名 功名 美名 联名 列名 莫名 具名 落名 出名 闻名 驰名 实际名
文件 条件 案件 软件 证件 事件 配件 部件 零件 硬件 邮件 稿件 附件 物件 快件 要件 信件 组件 构件 元件 器件 机件 铸件 挂件 摆件 原件 复印件 复件 急件 密件 一件 逐件 每件 来件 函件 卷件 要件 样件 整件 大件 小件
事项 款项 选项 强项 弱项 专项 各项 单项 立项 多项 此项 该项 每项 逐项 分项 前项 后项 本项 下项 上项 进项 奖项 细项 子项 事项 缺项 漏项 清项 条项 销项 列项 用项 一项 两项 三项 等项 全项
讲座 宝座 星座 在座 就座 满座 首座 上座 雅座 客座 入座 插座 基座 底座 茶座 后座 前座 专座 爱心座 王座 卡座 车座
市场 现场 广场 会场 农场 剧场 商场 考场 球场 战场 立场 机场 赛场 操场 牧场 上场 到场 入场 出场 全场 当场 官场 片场 林场 秀场 道场 菜场 卖场 收场 登场 开场 散场 捧场 冷场 排场 赛场 屠场 工场 停车场 运动场 体育场 货场 渔场 盐场 茶场 垃圾场 市场场
车辆 重点件 公里 一公里 亩 万亩 千亩 平方米`) {
		wordsEndingInUnit[w] = true
	}
}

// notBefore are characters that, after a measure word, make it part of a
// longer word ("个人", "家庭", "户籍", "项目").
var notBefore = map[string]string{
	"个":    "人体性别税案子把",
	"家":    "庭长园门政居属电具乡族风务人用访里中庭常里底伙当乐",
	"所":    "有在属以谓得需长",
	"处":    "理置于室级长分罚境事在",
	"条":    "件例款线幅码理约纹目",
	"台":    "账风州湾商胞阶面",
	"张":    "贴扬望罗家口",
	"套":    "餐用路房牢",
	"间":    "隔断接歇或距",
	"户":    "籍外口型数主内头名",
	"名":    "单称额录义誉次牌片著字人",
	"辆":    "",
	"件":    "事数",
	"项":    "目链",
	"场":    "所地景馆次面合院",
	"座":    "谈位次椅",
	"公里":   "",
	"平方米":  "",
	"万平方米": "",
	"万元":   "",
	"幢":    "",
	"栋":    "",
	"亩":    "产均",
	"艘":    "",
}

// missingBefore are the characters after which a measure word closing a
// clause lost its number: a list separator, a closing quote, or the last
// character of the nouns counted in these lists (托位个, 教室个, 小区个,
// 服务点个, 项目件, 农村公路公里, 停靠个, 回迁安置户).
const missingBefore = "、”\"位室区点目路靠置房站园馆"

// missingAt reports a measure word at s[i] that lacks its number.
func missingAt(s string, i int) (Quantity, bool) {
	if r, _ := utf8.DecodeRuneInString(s[i:]); !missingFirst.has(r) {
		return Quantity{}, false
	}
	var unit string
	for _, u := range missingUnits {
		if strings.HasPrefix(s[i:], u) {
			unit = u
			break
		}
	}
	if unit == "" {
		return Quantity{}, false
	}
	end := i + len(unit)
	next, _ := utf8.DecodeRuneInString(s[end:])
	if strings.ContainsRune(notBefore[unit], next) && next != utf8.RuneError {
		return Quantity{}, false
	}
	before := s[:i]
	prev, _ := utf8.DecodeLastRuneInString(before)
	if isChineseNumeral(prev) || prev < utf8.RuneSelf && prev != utf8.RuneError && (isASCIIDigit(byte(prev)) || isASCIILetter(byte(prev))) {
		return Quantity{}, false
	}
	if strings.ContainsRune("几多各每整这那哪某该本单首逐数余全此其上下前后半之", prev) {
		return Quantity{}, false
	}
	// a word that happens to end in the measure word
	for _, n := range []int{3, 2, 1} {
		w := lastRunes(before, n) + unit
		if wordsEndingInUnit[w] {
			return Quantity{}, false
		}
	}
	canon := unitForms[strings.TrimPrefix(unit, "万")]
	verb := false
	for _, v := range missingVerbs {
		if strings.HasSuffix(before, v) {
			verb = true
			break
		}
	}
	rest := s[end:]
	terminated := false
	qual := ""
	switch {
	case strings.HasPrefix(rest, "以上"), strings.HasPrefix(rest, "及以上"):
		terminated, qual = true, AtLeast
	case strings.HasPrefix(rest, "等"), strings.HasPrefix(rest, "及"):
		terminated = true
	case strings.HasPrefix(rest, "(") || strings.HasPrefix(rest, "（") || strings.HasPrefix(rest, ")") || strings.HasPrefix(rest, "）"):
	case strings.HasPrefix(rest, " "):
		// a PDF space inside a word ("项 目")
		if r, _ := utf8.DecodeRuneInString(strings.TrimLeft(rest, " ")); isHan(r) {
			return Quantity{}, false
		}
		terminated = true
	case isBoundary(s, end):
		terminated = true
	}
	switch {
	case strings.HasPrefix(unit, "万") && (verb || isHan(prev)):
		// 开工万平方米: a multiplier with no number is always a lost number
	case verb && next != utf8.RuneError:
	case terminated && strings.ContainsRune(missingBefore, prev):
	default:
		return Quantity{}, false
	}
	return Quantity{Start: i, End: end, Raw: s[i:end], Unit: canon, Missing: true, Qualifier: qual}, true
}

func lastRunes(s string, n int) string {
	k := len(s)
	for ; n > 0 && k > 0; n-- {
		_, size := utf8.DecodeLastRuneInString(s[:k])
		k -= size
	}
	return s[k:]
}

func isHan(r rune) bool {
	return r >= 0x4E00 && r <= 0x9FFF || r >= 0x3400 && r <= 0x4DBF || r >= 0x20000 && r <= 0x3134F || r >= 0xF900 && r <= 0xFAFF
}
