package mail

import "golang.org/x/text/encoding/simplifiedchinese"

func decodeBytesForTest(s string) (string, error) {
	return simplifiedchinese.GBK.NewEncoder().String(s)
}
