package main

import (
	"encoding/csv"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// Script commands that make the files team leads import, from readable text in the story:
//
//	gbk IN OUT                          write IN (UTF-8) as OUT in GBK, as Excel on Chinese Windows saves a CSV
//	mkxlsx OUT SHEET=IN.csv ...         write a workbook with a sheet per CSV file, in order: cells
//	                                    that are numbers become numbers, "2026-11-10 09:15" a date
//	                                    cell (an Excel serial number with a date format)
func cmdGBK(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: gbk IN OUT")
	}
	out, err := simplifiedchinese.GBK.NewEncoder().String(ts.ReadFile(args[0]))
	ts.Check(err)
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), []byte(out), 0o644))
}

func cmdMkXLSX(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: mkxlsx OUT SHEET=IN.csv ...")
	}
	f := excelize.NewFile()
	defer f.Close()
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 22}) // m/d/yy h:mm, Excel's own date-time format
	ts.Check(err)
	for i, a := range args[1:] {
		sheet, in, ok := strings.Cut(a, "=")
		if !ok {
			ts.Fatalf("mkxlsx: %s is not SHEET=FILE", a)
		}
		if i == 0 {
			ts.Check(f.SetSheetName("Sheet1", sheet))
		} else if _, err := f.NewSheet(sheet); err != nil {
			ts.Fatalf("mkxlsx: %v", err)
		}
		recs, err := csv.NewReader(strings.NewReader(ts.ReadFile(in))).ReadAll()
		ts.Check(err)
		for r, rec := range recs {
			for c, v := range rec {
				cell, err := excelize.CoordinatesToCellName(c+1, r+1)
				ts.Check(err)
				if t, err := time.ParseInLocation("2006-01-02 15:04", v, time.UTC); err == nil && r > 0 {
					ts.Check(f.SetCellValue(sheet, cell, t))
					ts.Check(f.SetCellStyle(sheet, cell, cell, dateStyle))
				} else if n, err := strconv.ParseFloat(v, 64); err == nil && r > 0 {
					ts.Check(f.SetCellValue(sheet, cell, n))
				} else {
					ts.Check(f.SetCellValue(sheet, cell, v))
				}
			}
		}
	}
	ts.Check(f.SaveAs(ts.MkAbs(args[0])))
}
