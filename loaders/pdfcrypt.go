package loaders

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"errors"
	"hash"
	"regexp"
	"strconv"
)

// The PDF library reads documents encrypted with RC4 or AES-128 that anyone
// may open (an owner password only), not those encrypted with AES-256
// (security handler revisions 5 and 6), which government sites serve too.
// decryptAES256 decrypts such a document with the empty user password, in
// place: each string and stream keeps its length, so that every offset of
// the file stays right, and the library then reads it as unencrypted.

// errNotOpenable says a document needs a password to be opened at all.
var errNotOpenable = errors.New("loaders: PDF needs a password to be opened")

var (
	reEncryptRef = regexp.MustCompile(`/Encrypt[\r\n\t \x00\f]*(\d+)[\r\n\t \x00\f]+(\d+)[\r\n\t \x00\f]+R`)
	reLengthDir  = regexp.MustCompile(`/Length[\r\n\t \x00\f]+(\d+)(?:[\r\n\t \x00\f]*[/>])`)
	reStreamKW   = regexp.MustCompile(`stream(?:\r\n|\n|\r)`)
	reTypeXRef   = regexp.MustCompile(`/Type[\r\n\t \x00\f]*/XRef\b`)
	reTypeMeta   = regexp.MustCompile(`/Type[\r\n\t \x00\f]*/Metadata\b`)
)

// decryptAES256 returns a copy of raw, an AES-256 encrypted PDF, with its
// strings and streams decrypted and its trailer's /Encrypt renamed. It fails
// for another encryption, and with errNotOpenable when the empty password
// does not open the document.
func decryptAES256(raw []byte) ([]byte, error) {
	refs := reEncryptRef.FindAllSubmatchIndex(raw, -1)
	if len(refs) == 0 {
		return nil, errors.New("loaders: no indirect /Encrypt dictionary")
	}
	ref := refs[len(refs)-1]
	encNum, _ := strconv.Atoi(string(raw[ref[2]:ref[3]]))
	encGen, _ := strconv.Atoi(string(raw[ref[4]:ref[5]]))
	objs := pdfObjects(raw)
	var enc []byte
	for _, o := range objs {
		if o.num == encNum && o.gen == encGen {
			enc = raw[o.start:o.end]
		}
	}
	if enc == nil {
		return nil, errors.New("loaders: /Encrypt dictionary not found")
	}
	v, r := dictInt(enc, "V"), dictInt(enc, "R")
	if v != 5 || (r != 5 && r != 6) {
		return nil, errors.New("loaders: not AES-256 encryption")
	}
	u, ue := dictString(enc, "U"), dictString(enc, "UE")
	if len(u) < 48 || len(ue) < 32 {
		return nil, errors.New("loaders: malformed /U or /UE")
	}
	h := func(salt []byte) []byte {
		if r == 5 {
			s := sha256.Sum256(salt)
			return s[:]
		}
		return hash2B(nil, salt, nil)
	}
	if !bytes.Equal(h(u[32:40]), u[:32]) {
		return nil, errNotOpenable
	}
	block, err := aes.NewCipher(h(u[40:48]))
	if err != nil {
		return nil, err
	}
	key := make([]byte, 32)
	cipher.NewCBCDecrypter(block, make([]byte, 16)).CryptBlocks(key, ue[:32])
	if block, err = aes.NewCipher(key); err != nil {
		return nil, err
	}
	skipMeta := bytes.Contains(enc, []byte("/EncryptMetadata false"))

	out := bytes.Clone(raw)
	for _, o := range objs {
		if o.num == encNum && o.gen == encGen {
			continue
		}
		body := out[o.start:o.end]
		dictEnd := len(body)
		var data []byte
		if m := reStreamKW.FindIndex(body); m != nil && bytes.Contains(body[:m[0]], []byte(">>")) {
			dictEnd = m[0]
			n := -1
			if lm := reLengthDir.FindSubmatch(body[:m[0]]); lm != nil {
				n, _ = strconv.Atoi(string(lm[1]))
			}
			if n < 0 || m[1]+n > len(body) {
				n = bytes.LastIndex(body, []byte("endstream")) - m[1]
			}
			if n > 0 {
				data = body[m[1] : m[1]+n]
			}
		}
		dict := body[:dictEnd]
		if reTypeXRef.Match(dict) {
			continue // a cross-reference stream is never encrypted
		}
		if err := decryptStrings(block, dict); err != nil {
			return nil, err
		}
		if data != nil && !(skipMeta && reTypeMeta.Match(dict)) {
			if plain, ok := aesDecrypt(block, data); ok {
				copy(data, plain)
				for i := len(plain); i < len(data); i++ {
					data[i] = ' ' // after the data: a filter stops at its own end
				}
			}
		}
	}
	// The trailer no longer names an encryption.
	for _, m := range reEncryptRef.FindAllIndex(out, -1) {
		copy(out[m[0]:], "/Encryp_")
	}
	return out, nil
}

// hash2B is the hash of ISO 32000-2 algorithm 2.B (revision 6).
func hash2B(password, salt, udata []byte) []byte {
	s := sha256.New()
	s.Write(password)
	s.Write(salt)
	s.Write(udata)
	k := s.Sum(nil)
	var e []byte
	for i := 0; i < 64 || int(e[len(e)-1]) > i-32; i++ {
		var k1 []byte
		for range 64 {
			k1 = append(append(append(k1, password...), k...), udata...)
		}
		block, _ := aes.NewCipher(k[:16])
		e = make([]byte, len(k1))
		cipher.NewCBCEncrypter(block, k[16:32]).CryptBlocks(e, k1)
		sum := 0
		for _, b := range e[:16] {
			sum += int(b)
		}
		var hh hash.Hash
		switch sum % 3 {
		case 0:
			hh = sha256.New()
		case 1:
			hh = sha512.New384()
		default:
			hh = sha512.New()
		}
		hh.Write(e)
		k = hh.Sum(nil)
	}
	return k[:32]
}

// aesDecrypt decrypts data, an IV and AES-CBC blocks with PKCS#7 padding.
func aesDecrypt(block cipher.Block, data []byte) ([]byte, bool) {
	if len(data) < 32 || len(data)%16 != 0 {
		return nil, false
	}
	plain := make([]byte, len(data)-16)
	cipher.NewCBCDecrypter(block, data[:16]).CryptBlocks(plain, data[16:])
	pad := int(plain[len(plain)-1])
	if pad < 1 || pad > 16 || pad > len(plain) {
		return nil, false
	}
	return plain[:len(plain)-pad], true
}

// decryptStrings decrypts, in place, every string of b, a part of an object
// outside any stream's data: each is rewritten as a hex or a literal string
// of its plain text, whichever fits, followed by spaces to its old length.
func decryptStrings(block cipher.Block, b []byte) error {
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '%': // a comment, to the end of the line
			for i < len(b) && b[i] != '\n' && b[i] != '\r' {
				i++
			}
		case '(', '<':
			if b[i] == '<' && i+1 < len(b) && b[i+1] == '<' {
				i++
				continue
			}
			end, val, ok := pdfStringToken(b, i)
			if !ok {
				return errors.New("loaders: unterminated string in an encrypted PDF")
			}
			if plain, ok := aesDecrypt(block, val); ok {
				tok := []byte("<" + hex.EncodeToString(plain) + ">")
				if len(tok) > end-i {
					tok = literalString(plain)
				}
				if len(tok) > end-i {
					return errors.New("loaders: a decrypted string does not fit in place")
				}
				copy(b[i:], tok)
				for j := i + len(tok); j < end; j++ {
					b[j] = ' '
				}
			}
			i = end - 1
		}
	}
	return nil
}

// literalString writes s as a PDF literal string.
func literalString(s []byte) []byte {
	out := []byte{'('}
	for _, c := range s {
		switch c {
		case '(', ')', '\\':
			out = append(out, '\\', c)
		case '\r':
			out = append(out, '\\', 'r')
		default:
			out = append(out, c)
		}
	}
	return append(out, ')')
}

// pdfStringToken reads the string starting at b[i] ('(' or '<'): it returns
// the offset after it and its bytes.
func pdfStringToken(b []byte, i int) (end int, val []byte, ok bool) {
	if b[i] == '<' {
		j := bytes.IndexByte(b[i:], '>')
		if j < 0 {
			return 0, nil, false
		}
		digits := make([]byte, 0, j)
		for _, c := range b[i+1 : i+j] {
			if c > ' ' {
				digits = append(digits, c)
			}
		}
		if len(digits)%2 == 1 {
			digits = append(digits, '0')
		}
		v, err := hex.DecodeString(string(digits))
		return i + j + 1, v, err == nil
	}
	depth := 0
	for j := i; j < len(b); j++ {
		c := b[j]
		switch {
		case c == '\\' && j+1 < len(b):
			j++
			switch e := b[j]; e {
			case 'n':
				val = append(val, '\n')
			case 'r':
				val = append(val, '\r')
			case 't':
				val = append(val, '\t')
			case 'b':
				val = append(val, '\b')
			case 'f':
				val = append(val, '\f')
			case '\r':
				if j+1 < len(b) && b[j+1] == '\n' {
					j++
				}
			case '\n':
			default:
				if e >= '0' && e <= '7' {
					n, k := 0, 0
					for ; k < 3 && j+k < len(b) && b[j+k] >= '0' && b[j+k] <= '7'; k++ {
						n = n*8 + int(b[j+k]-'0')
					}
					j += k - 1
					val = append(val, byte(n))
				} else {
					val = append(val, e)
				}
			}
		case c == '(':
			if depth > 0 {
				val = append(val, c)
			}
			depth++
		case c == ')':
			depth--
			if depth == 0 {
				return j + 1, val, true
			}
			val = append(val, c)
		default:
			val = append(val, c)
		}
	}
	return 0, nil, false
}

// pdfObject is where an indirect object's body lies in a file: from after
// "N G obj" to before "endobj".
type pdfObject struct {
	num, gen   int
	numAt      int // where "N G obj" starts
	start, end int
}

// pdfObjects finds the indirect objects of a file in order. What looks like
// an object's start inside a stream's data is not one.
func pdfObjects(raw []byte) []pdfObject {
	var out []pdfObject
	ms := reObjStart.FindAllSubmatchIndex(raw, -1)
	skipTo := 0 // the end of the last stream's data
	for _, m := range ms {
		if m[2] < skipTo {
			continue
		}
		num, _ := strconv.Atoi(string(raw[m[2]:m[3]]))
		gen, _ := strconv.Atoi(string(raw[m[4]:m[5]]))
		start := m[1]
		// The object ends at the first endobj after its stream's data, if
		// it has a stream, else at the first endobj.
		from := start
		if e := bytes.Index(raw[start:], []byte("endobj")); e >= 0 {
			if sm := reStreamKW.FindIndex(raw[start : start+e]); sm != nil {
				if es := bytes.Index(raw[start+sm[1]:], []byte("endstream")); es >= 0 {
					from = start + sm[1] + es
					skipTo = from
				}
			}
		}
		end := bytes.Index(raw[from:], []byte("endobj"))
		if end < 0 {
			continue
		}
		out = append(out, pdfObject{num: num, gen: gen, numAt: m[2], start: start, end: from + end})
	}
	return out
}

// dictInt reads an integer entry of a dictionary's text, -1 when absent.
func dictInt(d []byte, key string) int {
	m := regexp.MustCompile(`/` + key + `[\r\n\t \x00\f]+(-?\d+)`).FindSubmatch(d)
	if m == nil {
		return -1
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

// dictString reads a string entry of a dictionary's text.
func dictString(d []byte, key string) []byte {
	loc := regexp.MustCompile(`/` + key + `[\r\n\t \x00\f]*[(<]`).FindIndex(d)
	if loc == nil {
		return nil
	}
	_, v, ok := pdfStringToken(d, loc[1]-1)
	if !ok {
		return nil
	}
	return v
}
