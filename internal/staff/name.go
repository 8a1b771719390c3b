package staff

import (
	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"
)

// NormName is how a name is stored: NFC, so "José" typed with a combining accent is the same
// text as the precomposed one.
func NormName(name string) string { return norm.NFC.String(name) }

// NameKey is what two names are compared by: NFKC with width folding, so look-alikes such as
// "Ｗａｎｇ" and "Wang", or "José" in NFC and NFD, are one name (product.md: unique under NFKC).
func NameKey(name string) string { return width.Fold.String(norm.NFKC.String(name)) }

// SameName reports whether two names are the same person's name under NameKey.
func SameName(a, b string) bool { return NameKey(a) == NameKey(b) }
