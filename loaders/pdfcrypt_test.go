package loaders

import (
	"bytes"
	"errors"
	"testing"
)

// PDFs encrypted with an owner password only, which anyone may open, read
// as the file they were made from, whatever the cipher: RC4 and AES-128 by
// the PDF library, AES-256 decrypted here. One that needs a user password is
// refused as encrypted.
func TestPDFAES256OwnerPasswordOnly(t *testing.T) {
	dump := func(name string, raw []byte) (string, map[string]int) {
		t.Helper()
		doc, err := LoadBytes(name, raw, Options{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var b bytes.Buffer
		if err := Dump(&b, doc); err != nil {
			t.Fatal(err)
		}
		return b.String(), doc.Repairs
	}
	want, _ := dump("identity-h.pdf", pdfFixture(t, "identity-h.pdf"))
	if want == "" {
		t.Fatal("the plain fixture has no blocks")
	}
	for _, name := range []string{"encrypted-rc4.pdf", "encrypted-aes128.pdf", "encrypted-aes256.pdf", "encrypted-aes256-objstm.pdf", "encrypted-aes256-r5.pdf"} {
		raw := pdfFixture(t, name)
		if !bytes.Contains(raw, []byte("/Encrypt")) {
			t.Fatalf("%s is not encrypted", name)
		}
		got, repairs := dump(name, raw)
		if got != want {
			t.Errorf("%s reads\n%s\nwant\n%s", name, got, want)
		}
		if aes256 := bytes.Contains(raw, []byte("/V 5")); aes256 != (repairs["pdf_aes256_decrypted"] == 1) {
			t.Errorf("%s: repairs %v", name, repairs)
		}
	}
	e := loadErr(t, "locked.pdf", pdfFixture(t, "bad-encrypted-aes256-user.pdf"))
	if e.Kind != Unsupported || !errors.Is(e, ErrPDFEncrypted) {
		t.Errorf("a PDF with a user password: %v: %v", e.Kind, e)
	}
}

// What looks like an object's start inside a stream's data is not one, for
// the rebuilt cross-reference table and for decryption alike.
func TestPDFObjectsSkipStreamData(t *testing.T) {
	raw := []byte("%PDF-1.7\n1 0 obj\n<< /Length 24 >>\nstream\n\n99 0 obj junk endobj\n\nendstream\nendobj\n2 0 obj\n(x)\nendobj\n")
	var nums []int
	for _, o := range pdfObjects(raw) {
		nums = append(nums, o.num)
		if body := string(raw[o.start:o.end]); o.num == 2 && body != "\n(x)\n" {
			t.Errorf("object 2 body %q", body)
		}
	}
	if len(nums) != 2 || nums[0] != 1 || nums[1] != 2 {
		t.Errorf("objects %v, want [1 2]", nums)
	}
}
