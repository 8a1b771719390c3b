package when

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/kefu/kefu/internal/errs"
)

// The forms spreadsheets write times in, besides ParseTime's: slashes, unpadded months, days
// and hours (2026/11/10 9:15), Chinese dates (2026年11月10日 9:15).
var sheetLayouts = []string{
	"2006/1/2 15:04:05",
	"2006/1/2 15:04",
	"2006/1/2",
	"2006-1-2 15:04:05",
	"2006-1-2 15:04",
	"2006-1-2",
	"2006年1月2日 15:04:05",
	"2006年1月2日 15:04",
	"2006年1月2日",
}

// Excel serial numbers kefu reads as dates: the days of MinYear..MaxYear.
const (
	serialMin = 36526 // 2000-01-01
	serialMax = 73416 // 2101-01-01
)

// excelEpoch is day 0 of Excel's 1900 date system as it counts after 1900-03-01 (its day 60
// is the 29 February 1900 that never was, so later serials count from 1899-12-30).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// ParseSheetTime reads a time from a spreadsheet cell: what ParseTime reads, the forms
// spreadsheets print (2026/11/10 9:15, 2026-11-10, 2026/11/10, 2026年11月10日), and Excel serial
// numbers (46336.39: days since 1899-12-30, the fraction the time of day, to the second),
// local times in loc.
func ParseSheetTime(s string, loc *time.Location, now time.Time) (time.Time, error) {
	s = strings.Join(strings.Fields(s), " ")
	if t, err := ParseTime(s, loc, now); err == nil {
		return t, nil
	}
	for _, l := range sheetLayouts {
		if t, err := time.ParseInLocation(l, s, loc); err == nil {
			return t, CheckYear(t.Year(), s)
		}
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && !strings.ContainsAny(s, "eEnN") {
		if f < serialMin || f >= serialMax {
			return time.Time{}, errs.Invalidf("%q is not a date: as an Excel date number it falls outside %d-%d", s, MinYear, MaxYear)
		}
		days := math.Floor(f)
		secs := int(math.Round((f - days) * 86400))
		d := excelEpoch.AddDate(0, 0, int(days))
		return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, secs, 0, loc), nil
	}
	return time.Time{}, errs.Invalidf("invalid time %q: use 2026-03-02 09:00, 2026/3/2 9:00, 2026-03-02, an RFC 3339 time or an Excel date number", s)
}
