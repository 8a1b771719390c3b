package core

import "github.com/kefu/kefu/internal/when"

// sheetRows returns the month's score sheet rows by staff id, for the monthly report: the same
// sheet score month prints (frozen when the month is closed).
func (e *env) sheetRows(m when.Month) (map[int64]sheetRow, error) {
	sheet, err := e.monthSheet(m)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]sheetRow, len(sheet.Rows))
	for _, r := range sheet.Rows {
		flags := r.Flags
		if flags == nil {
			flags = []string{}
		}
		out[r.StaffID] = sheetRow{total: r.Total.String(), grade: r.Grade, pay: r.PayFloat.String(), flags: flags}
	}
	return out, nil
}
