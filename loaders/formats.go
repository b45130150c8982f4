package loaders

import "github.com/minsheng/minsheng/corpus"

// A structuredReader reads a format that carries its own structure (HTML,
// PDF, XLSX, DOCX) into doc.Blocks. It decodes and repairs the text of every
// block and cell with package normalize, records the charset in
// doc.Info.Charset and the repairs in doc.Repairs, and may fill document facts
// the format states (a page's title or publish date). An error it returns is
// reported as a Malformed *Error naming the file; it returns an *Error itself
// to choose the kind and line.
type structuredReader func(name string, raw []byte, doc *corpus.Document) error

// structuredReaders maps a format Sniff answers to its reader. Each reader
// registers itself from its own file.
var structuredReaders = map[string]structuredReader{}
