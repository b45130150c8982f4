package loaders_test

import (
	"fmt"
	"os"

	"github.com/minsheng/minsheng/loaders"
)

func ExampleLoadBytes() {
	text := "2022年民生实事项目表\n" +
		"序号 | 项目 | 牵头单位 |\n" +
		"1 | 新建学校2所。 | 市教育局 |\n" +
		"2 | 新增托位300个。 | 市卫健委 |\n" +
		"附件1\n" +
		"1.完成方案设计。\n"
	doc, err := loaders.LoadBytes("plan.txt", []byte(text), loaders.Options{Meta: loaders.Meta{Year: 2022}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(doc.Info.Format, *doc.Info.Year, len(doc.Tables()))
	loaders.Dump(os.Stdout, doc)
	// Output:
	// text 2022 1
	// heading L1 h1 2022年民生实事项目表
	// table L2 #1 rows=3 cols=3 header=1 caption="2022年民生实事项目表"
	//   0,0 L2: 序号
	//   0,1 L2: 项目
	//   0,2 L2: 牵头单位
	//   1,0 L3: 1
	//   1,1 L3: 新建学校2所。
	//   1,2 L3: 市教育局
	//   2,0 L4: 2
	//   2,1 L4: 新增托位300个。
	//   2,2 L4: 市卫健委
	// heading L5 h1 附件1
	// list L6 1./1 完成方案设计。
}

func ExampleError() {
	_, err := loaders.LoadBytes("empty.txt", nil, loaders.Options{})
	fmt.Println(err)
	if e, ok := err.(*loaders.Error); ok {
		fmt.Println(e.Kind)
	}
	// Output:
	// empty.txt: loaders: empty file
	// empty
}
