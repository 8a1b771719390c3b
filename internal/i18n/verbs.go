package i18n

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// fmtVerbs are the verbs fmt knows; a % before anything else ("100% of", "% 9–10") is text.
const fmtVerbs = "vTtbcdoOqxXUeEfFgGspw"

// Verbs lists the fmt verbs of a format string as "argument:verb" ("1:s", "2:d"), sorted, so a
// translation that reorders its arguments with %[2]s still matches its key. %% is not a verb.
func Verbs(format string) []string {
	var out []string
	arg := 1
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		// flags, width, precision, explicit argument indexes
		for ; i < len(format); i++ {
			c := format[i]
			if c == '[' {
				j := i + 1
				for j < len(format) && format[j] != ']' {
					j++
				}
				if n, err := strconv.Atoi(format[i+1 : min(j, len(format))]); err == nil {
					arg = n
				}
				i = j
				continue
			}
			if c == '+' || c == '-' || c == '#' || c == ' ' || c == '0' || c == '.' || (c >= '1' && c <= '9') {
				continue
			}
			if c == '*' {
				out = append(out, fmt.Sprintf("%d:*", arg))
				arg++
				continue
			}
			break
		}
		if i >= len(format) {
			break
		}
		if format[i] == '%' || !strings.ContainsRune(fmtVerbs, rune(format[i])) {
			continue
		}
		out = append(out, fmt.Sprintf("%d:%c", arg, format[i]))
		arg++
	}
	sort.Strings(out)
	return out
}
