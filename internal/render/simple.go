package render

import "unicode/utf8"

// Most of what kefu prints is printable ASCII and Chinese: characters each of which is a
// grapheme of its own beside any other of them, one or two columns wide. A text made only of
// them is measured and cut by rune, without the grapheme segmentation the general case needs
// (width_test.go holds every such character against the general measure).

// simpleWidth is the width of a simple character: printable ASCII (1), a CJK unified
// ideograph, CJK punctuation (、。「」 …, up to the tone marks) or a full-width form (2); 0 for
// any other character.
func simpleWidth(r rune) int {
	switch {
	case r >= 0x20 && r <= 0x7e:
		return 1
	case r >= 0x4e00 && r <= 0x9fff, r >= 0x3001 && r <= 0x3029, r >= 0xff01 && r <= 0xff60:
		return 2
	}
	return 0
}

// simpleWidthOf is the width of s when it is all simple characters; ok is false otherwise.
func simpleWidthOf(s string) (w int, ok bool) {
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c < 0x20 || c > 0x7e {
				return 0, false
			}
			w++
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		rw := simpleWidth(r)
		if rw == 0 {
			return 0, false
		}
		w += rw
		i += size
	}
	return w, true
}

// simplePieces is pieces(s) for s all of simple characters; ok is false otherwise.
func simplePieces(s string) (out []piece, ok bool) {
	start, ww := -1, 0
	flush := func(end int) {
		if start >= 0 {
			out = append(out, piece{s: s[start:end], w: ww})
			start, ww = -1, 0
		}
	}
	for i, r := range s {
		w := simpleWidth(r)
		switch {
		case w == 0:
			return nil, false
		case r == ' ':
			flush(i)
			out = append(out, piece{s: " ", w: 1, space: true})
		case w >= 2:
			flush(i)
			out = append(out, piece{s: s[i : i+utf8.RuneLen(r)], w: w})
		default:
			if start < 0 {
				start = i
			}
			ww += w
		}
	}
	flush(len(s))
	return out, true
}
