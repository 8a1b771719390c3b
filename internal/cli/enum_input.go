package cli

import (
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/kefu/kefu/internal/access"
	"github.com/kefu/kefu/internal/enum"
	"github.com/kefu/kefu/internal/policy"
	"github.com/kefu/kefu/internal/score"
	"github.com/kefu/kefu/internal/ticket"
)

// enumFlags are the flags whose values come from a fixed vocabulary, by flag name: whatever
// the command, --channel 微信 means --channel wechat. statusFor limits --status to the commands
// whose statuses are a ticket's (score appeal list has its own).
var enumFlags = map[string]enum.Table{
	"kind":     policy.KindNames,
	"channel":  policy.ChannelNames,
	"priority": policy.PriorityNames,
	"severity": policy.SeverityNames,
	"target":   policy.TargetNames,
	"shift":    policy.ShiftNames,
	"role":     access.RoleNames,
	"class":    score.ClassNames,
	"status":   ticket.StatusNames,
	"stage":    ticket.StageNames,
}

func statusFor(cmd *cobra.Command) bool {
	path := cmd.CommandPath()
	return strings.HasPrefix(path, "kefu ticket ") || strings.HasPrefix(path, "kefu complaint ")
}

// normalizeEnumFlags rewrites the Chinese names (and aliases) in the vocabulary flags the user
// set to their codes, before the command reads them (product.md: Chinese names are accepted
// for every enum value). Values a table does not know are left for the command's own check,
// which names the valid ones; a comma-separated list is read item by item.
func normalizeEnumFlags(cmd *cobra.Command) error {
	var err error
	cmd.Flags().Visit(func(f *pflag.Flag) {
		t, ok := enumFlags[f.Name]
		if !ok || err != nil || f.Name == "status" && !statusFor(cmd) {
			return
		}
		if sv, ok := f.Value.(pflag.SliceValue); ok {
			vals := sv.GetSlice()
			for i, v := range vals {
				vals[i] = normalizeList(t, v)
			}
			err = sv.Replace(vals)
			return
		}
		if v := f.Value.String(); v != normalizeList(t, v) {
			err = f.Value.Set(normalizeList(t, v))
		}
	})
	return err
}

// normalizeList normalizes each item of a comma-separated list (also with the Chinese
// comma or 、), joined with ",".
func normalizeList(t enum.Table, v string) string {
	if !strings.ContainsAny(v, ",，、") {
		return t.Normalize(v)
	}
	items := strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == '，' || r == '、' })
	for i, it := range items {
		items[i] = t.Normalize(it)
	}
	return strings.Join(items, ",")
}

// enumLabel names a vocabulary value for people in lang, by the field (or table column) it
// sits in: enumLabel("channel", "wechat", "zh-CN") is 微信. Fields without a vocabulary, and
// values a table does not know (a team's own kinds), are returned as they are.
func enumLabel(field, code, lang string) string {
	t, ok := enumFlags[field]
	if !ok {
		return code
	}
	return t.Label(code, lang)
}
