package normalize_test

import (
	"fmt"

	"github.com/minsheng/minsheng/normalize"
)

func ExampleRepair() {
	text, rep := normalize.Repair("2023年我縣共承辦省政府民生實(shí)事指標(biāo)46項(xiàng),、完成 5000 個,。")
	fmt.Println(text)
	fmt.Println(rep.Traditional, rep.Repairs["pinyin"], rep.Repairs["punct_doubled"], rep.Repairs["number_space"])
	// Output:
	// 2023年我县共承办省政府民生实事指标46项、完成5000个。
	// true 3 2 2
}

func ExampleQuantities() {
	for _, q := range normalize.Quantities("新增托位7500个以上,惠及约1.5万人,投入500万元,建设3至5家,实施个老旧小区") {
		fmt.Printf("%s: %v %s %s missing=%v", q.Raw, q.Value, q.Unit, q.Qualifier, q.Missing)
		if q.Max != nil {
			fmt.Printf(" max=%v", *q.Max)
		}
		fmt.Println()
	}
	// Output:
	// 7500个以上: 7500 个 at_least missing=false
	// 约1.5万人: 15000 人 approx missing=false
	// 500万元: 5e+06 元  missing=false
	// 3至5家: 3 家  missing=false max=5
	// 个: 0 个  missing=true
}

func ExampleDates() {
	for _, d := range normalize.Dates("截至4月10日,已完成第一季度任务;第四季度(11月份)完成验收", 2023, "") {
		fmt.Println(d.Raw, d.ISO, d.AsOf)
	}
	// Output:
	// 截至4月10日 2023-04-10 true
	// 第一季度 2023-03-31 false
	// 第四季度(11月份) 2023-11-30 false
}

func ExampleParseNumber() {
	for _, s := range []string{"两千三百", "1.5万", "1,000", "百分之九十", "一万零五百"} {
		v, _ := normalize.ParseNumber(s)
		fmt.Println(s, v)
	}
	// Output:
	// 两千三百 2300
	// 1.5万 15000
	// 1,000 1000
	// 百分之九十 90
	// 一万零五百 10500
}
