package cli

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/errs"
)

// addImportSheetFlags adds the flags of imports from what team leads have: a workbook's
// sheet, a CSV file's encoding, and names for columns kefu does not know.
func addImportSheetFlags(cmd *cobra.Command, o *core.ImportOptions) {
	f := cmd.Flags()
	f.StringVar(&o.Sheet, "sheet", "", "with an .xlsx workbook: the sheet to read (default: the first)")
	f.StringVar(&o.Encoding, "encoding", "", "a CSV file's encoding: utf-8, gbk or gb18030 (default: detected)")
	var pairs []string
	f.StringArrayVar(&pairs, "map", nil, "COLUMN=KEY: read the column COLUMN as KEY (e.g. --map 来电号码=phone), or COLUMN=- to skip it; repeatable")
	prev := cmd.PreRunE
	cmd.PreRunE = func(cmd *cobra.Command, args []string) error {
		if prev != nil {
			if err := prev(cmd, args); err != nil {
				return err
			}
		}
		if len(pairs) == 0 {
			return nil
		}
		o.Map = map[string]string{}
		for _, p := range pairs {
			col, key, ok := strings.Cut(p, "=")
			if !ok {
				return errs.Invalidf("--map %s: use COLUMN=KEY, e.g. --map 来电号码=phone (or COLUMN=- to skip it)", p)
			}
			o.Map[strings.TrimSpace(col)] = strings.TrimSpace(key)
		}
		return core.CheckImportMap(o.Map)
	}
}
