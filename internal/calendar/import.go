package calendar

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/kefu/kefu/internal/errs"
)

// ParseOfficialDays reads a year's official days as the State Council publishes them, one
// day a row: a name, a date and off (a holiday) or work (an adjusted working day, 调休).
// A file named *.yaml or *.yml is a YAML list of {name, date, day}; any other is CSV with the
// columns name,date,day (a header row naming them is allowed). Errors name the line.
func ParseOfficialDays(filename string, data []byte) ([]OfficialDay, error) {
	type row struct {
		line            int
		name, date, day string
	}
	var rows []row
	switch strings.ToLower(filepath.Ext(filename)) {
	case ".yaml", ".yml":
		var doc yaml.Node
		if err := yaml.Unmarshal(data, &doc); err != nil {
			return nil, errs.Invalidf("%s: not YAML: %v", filename, err)
		}
		if len(doc.Content) == 0 {
			return nil, errs.Invalidf("%s: no days: write a list of {name, date, day: off|work}", filename)
		}
		list := doc.Content[0]
		if list.Kind != yaml.SequenceNode {
			return nil, errs.Invalidf("%s line %d: write a list of {name, date, day: off|work}", filename, list.Line)
		}
		for _, item := range list.Content {
			var r struct{ Name, Date, Day string }
			if item.Kind != yaml.MappingNode || item.Decode(&r) != nil {
				return nil, errs.Invalidf("%s line %d: write {name, date, day: off|work}", filename, item.Line)
			}
			rows = append(rows, row{item.Line, r.Name, r.Date, r.Day})
		}
	default:
		rd := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
		rd.FieldsPerRecord = -1
		rd.TrimLeadingSpace = true
		for {
			rec, err := rd.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			line, _ := rd.FieldPos(0)
			if err != nil {
				return nil, errs.Invalidf("%s line %d: not CSV: %v", filename, line, err)
			}
			if len(rec) != 3 {
				return nil, errs.Invalidf("%s line %d: write name,date,off|work", filename, line)
			}
			if len(rows) == 0 && strings.EqualFold(strings.TrimSpace(rec[1]), "date") {
				continue // the header
			}
			rows = append(rows, row{line, rec[0], rec[1], rec[2]})
		}
	}
	if len(rows) == 0 {
		return nil, errs.Invalidf("%s: no days", filename)
	}
	seen := map[Date]int{}
	out := make([]OfficialDay, 0, len(rows))
	for _, r := range rows {
		d, err := ParseDate(strings.TrimSpace(r.date))
		if err != nil {
			return nil, errs.Invalidf("%s line %d: %q is not a date (YYYY-MM-DD)", filename, r.line, r.date)
		}
		if prev, dup := seen[d]; dup {
			return nil, errs.Invalidf("%s line %d: %s is listed twice (also line %d)", filename, r.line, d, prev)
		}
		seen[d] = r.line
		name := strings.TrimSpace(r.name)
		if name == "" || len(name) > 100 {
			return nil, errs.Invalidf("%s line %d: the holiday needs a name (e.g. 春节)", filename, r.line)
		}
		var working bool
		switch strings.ToLower(strings.TrimSpace(r.day)) {
		case "off", "holiday", "休":
		case "work", "workday", "班":
			working = true
		default:
			return nil, errs.Invalidf("%s line %d: day %q: use off (a holiday) or work (an adjusted working day)", filename, r.line, r.day)
		}
		out = append(out, OfficialDay{Date: d, Name: name, Working: working})
	}
	return out, nil
}
