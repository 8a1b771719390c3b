package mail

import (
	"bytes"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/emersion/go-message"
	"github.com/emersion/go-message/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// Chinese mail as it arrives: a message labelled gb2312 routinely holds GBK characters
// (Outlook, Foxmail), so every GB label decodes as GB18030, their common superset; Big5
// labels (and Big5-HKSCS, mostly Big5) decode as Big5.
var chinese = map[string]encoding.Encoding{
	"gb2312": simplifiedchinese.GB18030, "gbk": simplifiedchinese.GB18030, "x-gbk": simplifiedchinese.GB18030,
	"cp936": simplifiedchinese.GB18030, "windows-936": simplifiedchinese.GB18030, "gb18030": simplifiedchinese.GB18030,
	"euc-cn": simplifiedchinese.GB18030, "x-euc-cn": simplifiedchinese.GB18030, "csgb2312": simplifiedchinese.GB18030,
	"big5": traditionalchinese.Big5, "x-big5": traditionalchinese.Big5, "big5-hkscs": traditionalchinese.Big5,
	"cp950": traditionalchinese.Big5, "windows-950": traditionalchinese.Big5, "csbig5": traditionalchinese.Big5,
	"hz-gb-2312": simplifiedchinese.HZGB2312,
}

func init() {
	// go-message's charset package sets its reader at init; ours adds the Chinese quirks first.
	message.CharsetReader = charsetReader
}

func charsetReader(label string, input io.Reader) (io.Reader, error) {
	if enc, ok := chinese[strings.ToLower(strings.TrimSpace(label))]; ok {
		return enc.NewDecoder().Reader(input), nil
	}
	return charset.Reader(label, input)
}

// decodeBytes decodes b from the named charset; ok is false when the charset is unknown or
// the result is not clean text.
func decodeBytes(b []byte, label string) (string, bool) {
	r, err := charsetReader(label, bytes.NewReader(b))
	if err != nil {
		return "", false
	}
	out, err := io.ReadAll(r)
	if err != nil || !utf8.Valid(out) || bytes.ContainsRune(out, utf8.RuneError) {
		return "", false
	}
	return string(out), true
}
