package normalize

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// seedDir holds the seed documents, shared by the packages of the module.
const seedDir = "../testdata/seeds"

const (
	seedCangnan  = "cangnan-2023-q1-progress-mojibake.txt"
	seedHangzhou = "hangzhou-livelihood-lists.txt"
	seedWenling  = "wenling-2022-supervision-plan.txt"
	seedWenzhou  = "wenzhou-2022-candidates.md"
	seedYuhuan   = "yuhuan-2021-q3-bulletin.txt"
)

var seedNames = []string{seedCangnan, seedHangzhou, seedWenling, seedWenzhou, seedYuhuan}

func readSeed(tb testing.TB, name string) string {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(seedDir, name))
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}
