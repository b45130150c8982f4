package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunInspectQuantities(t *testing.T) {
	var out, errb bytes.Buffer
	code := runInspect([]string{"quantities", "新增托位7500个以上,約1.5萬人,建設5-10個"}, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("got %d lines:\n%s", len(lines), out.String())
	}
	var q struct {
		Start, End, StartByte, EndByte int
		Raw                            string
		Value                          float64
		Max                            *float64
		Unit, Qualifier                string
		Percent, Missing               bool
	}
	if err := json.Unmarshal([]byte(lines[1]), &q); err != nil {
		t.Fatal(err)
	}
	// the traditional input is repaired first: 約1.5萬人 -> 约1.5万人
	if q.Raw != "约1.5万人" || q.Value != 15000 || q.Unit != "人" || q.Qualifier != "approx" || q.Max != nil {
		t.Errorf("second quantity = %+v", q)
	}
	if q.Start != 12 || q.End != 18 {
		t.Errorf("rune span = %d-%d, want 12-18", q.Start, q.End)
	}
	if !strings.Contains(lines[1], `"start_byte":26`) || !strings.Contains(lines[2], `"max":10`) {
		t.Errorf("output:\n%s", out.String())
	}
}

func TestRunInspectQuantityBounds(t *testing.T) {
	var out, errb bytes.Buffer
	if code := runInspect([]string{"quantities", "大于二十、小于等于三十五", "-22.2%", "不超过3次", "几十"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for _, want := range []string{
		`"raw":"大于二十、小于等于三十五","value":20,"min":20,"max":35,`,
		`"lower_open":true,"upper_open":false`,
		`"raw":"-22.2%","value":-22.2,`,
		`"raw":"不超过3次","value":3,"min":null,"max":3,`,
		`"raw":"几十","value":null,`,
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %s:\n%s", want, out.String())
		}
	}
}

func TestRunInspectDates(t *testing.T) {
	var out, errb bytes.Buffer
	code := runInspect([]string{"dates", "--published", "2023-04-12", "截至4月10日,第四季度(11月份)完成,农历十月初一,4月至6月"}, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	want := `{"start":0,"end":7,"start_byte":0,"end_byte":15,"raw":"截至4月10日","iso":"2023-04-10","from":null,"as_of":true}
{"start":8,"end":18,"start_byte":16,"end_byte":38,"raw":"第四季度(11月份)","iso":"2023-11-30","from":null,"as_of":false}
{"start":21,"end":27,"start_byte":45,"end_byte":63,"raw":"农历十月初一","iso":null,"from":null,"as_of":false}
{"start":28,"end":33,"start_byte":64,"end_byte":75,"raw":"4月至6月","iso":"2023-06-30","from":"2023-04-01","as_of":false}
`
	if out.String() != want {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
	out.Reset()
	if code := runInspect([]string{"dates", "--year", "2021", "预计1119投运"}, &out, &errb); code != 0 || !strings.Contains(out.String(), `"iso":"2021-11-19"`) {
		t.Errorf("exit %d, output %s", code, out.String())
	}
}

func TestRunInspectUsage(t *testing.T) {
	for _, args := range [][]string{nil, {"bogus"}, {"dates", "--year", "x"}, {"dates", "--published", "April", "4月"}} {
		var out, errb bytes.Buffer
		if code := runInspect(args, &out, &errb); code != 2 {
			t.Errorf("runInspect(%q) = %d, want 2", args, code)
		}
		if errb.Len() == 0 {
			t.Errorf("runInspect(%q): nothing on stderr", args)
		}
	}
	var out, errb bytes.Buffer
	if code := runInspect([]string{"quantities", "--help"}, &out, &errb); code != 0 || !strings.Contains(errb.String(), "Examples") {
		t.Errorf("--help: exit %d, %s", code, errb.String())
	}
}

func TestRunNormalize(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "cell.txt")
	// Big5 bytes of 實事,,項目 declared UTF-8
	if err := os.WriteFile(name, []byte("\xb9\xea\xa8\xc6,,\xb6\xb5\xa5\xd8\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	code := runNormalize([]string{"--charset", "utf-8", name}, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if out.String() != "实事,项目\n" || !strings.Contains(errb.String(), "charset: big5 (sniffed)") {
		t.Errorf("stdout %q, stderr: %s", out.String(), errb.String())
	}
	out.Reset()
	errb.Reset()
	utf := filepath.Join(dir, "utf.txt")
	os.WriteFile(utf, []byte("民生實(shí)事項(xiàng)目,,完成 5000 個\n第二行\n"), 0o644)
	if code := runNormalize([]string{utf}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if out.String() != "民生实事项目,完成5000个\n第二行\n" {
		t.Errorf("stdout = %q", out.String())
	}
	for _, w := range []string{"charset: utf-8 (valid-utf8)", "repair pinyin: 2", "repair t2s: 3", "repair punct_doubled: 1", "repair number_space: 2", "traditional"} {
		if !strings.Contains(errb.String(), w) {
			t.Errorf("stderr lacks %q:\n%s", w, errb.String())
		}
	}
	if code := runNormalize([]string{filepath.Join(dir, "missing.txt")}, &out, &errb); code != 1 {
		t.Errorf("missing file: exit %d, want 1", code)
	}
	if code := runNormalize(nil, &out, &errb); code != 2 {
		t.Errorf("no file: exit %d, want 2", code)
	}
}
