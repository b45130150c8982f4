package store_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/minsheng/minsheng/corpus"
	"github.com/minsheng/minsheng/corpus/store"
)

func Example() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "minsheng")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	s, err := store.Open(ctx, "sqlite:"+filepath.Join(dir, "minsheng.db"))
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()

	doc := corpus.DocInfo{
		Source: "https://www.yuhuan.gov.cn/art/2021/11/29/art_123.html",
		SHA256: "9f2c",
		Year:   corpus.Ptr(2021),
		Region: corpus.Region{Province: corpus.Ptr("浙江省"), City: corpus.Ptr("台州市"), County: corpus.Ptr("玉环市")},
		Kind:   corpus.DocProgress,
	}
	recs := []corpus.Record{{
		Doc:    doc,
		Kind:   corpus.KindLivelihood,
		ItemNo: corpus.Ptr("6"),
		Name:   "新增婴幼儿照护服务机构5家,新增托位300个",
		Metric: corpus.Ptr("新增托位"),
		Target: corpus.Target{Value: corpus.Ptr(300.0), Unit: corpus.Ptr("个"), Raw: "新增托位300个"},
		Progress: &corpus.Progress{
			AsOf:           corpus.Ptr("2021-09-30"),
			CompletedValue: corpus.Ptr(548.0),
			RatePct:        corpus.Ptr(182.67),
			Status:         corpus.Ptr(corpus.StatusCompleted),
		},
	}}
	for range 2 {
		out, err := s.Ingest(ctx, doc, recs)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(out)
	}

	rows, err := s.Report(ctx, store.ReportFilter{Region: "玉环", Year: 2021})
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range rows {
		fmt.Println(r.Region, r.ItemNo, r.Metric, *r.Target, r.Unit, *r.Completed, *r.RatePct, r.Status, r.Behind)
	}

	_, res, err := s.Query(ctx, `SELECT COUNT(*) FROM target_progress WHERE behind = 1`)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("behind:", res[0][0])
	// Output:
	// new
	// unchanged
	// 浙江省台州市玉环市 6 新增托位 300 个 548 182.67 completed false
	// behind: 0
}
