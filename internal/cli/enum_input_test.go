package cli

import (
	"testing"

	"github.com/spf13/cobra"
)

// Vocabulary flags the user set are read as codes, whatever the command; unknown values, flags
// not set and --status outside ticket commands are left alone.
func TestNormalizeEnumFlags(t *testing.T) {
	root := &cobra.Command{Use: "kefu"}
	ticketCmd := &cobra.Command{Use: "ticket"}
	open := &cobra.Command{Use: "open"}
	appeals := &cobra.Command{Use: "appeals"}
	root.AddCommand(ticketCmd, appeals)
	ticketCmd.AddCommand(open)
	var kind, channel, priority, status, severity, role, shift, class string
	var targets []string
	f := open.Flags()
	f.StringVar(&kind, "kind", "", "")
	f.StringVar(&channel, "channel", "", "")
	f.StringVar(&priority, "priority", "normal", "")
	f.StringVar(&status, "status", "", "")
	f.StringVar(&severity, "severity", "", "")
	f.StringVar(&role, "role", "", "")
	f.StringVar(&shift, "shift", "", "")
	f.StringVar(&class, "class", "", "")
	f.StringSliceVar(&targets, "target", nil, "")
	if err := f.Parse([]string{"--kind", "售前", "--channel", " 微信 ", "--status", "处理中，挂起、已解决", "--severity", "复杂",
		"--role", "坐席", "--shift", "夜班", "--class", "重度违规", "--target", "首次响应", "--target", "resolution"}); err != nil {
		t.Fatal(err)
	}
	if err := normalizeEnumFlags(open); err != nil {
		t.Fatal(err)
	}
	for name, got := range map[string]string{"kind": kind, "channel": channel, "priority": priority, "status": status, "severity": severity,
		"role": role, "shift": shift, "class": class} {
		want := map[string]string{"kind": "presale", "channel": "wechat", "priority": "normal", "status": "open,pending,resolved",
			"severity": "complex", "role": "agent", "shift": "night", "class": "severe"}[name]
		if got != want {
			t.Errorf("--%s = %q, want %q", name, got, want)
		}
	}
	if len(targets) != 2 || targets[0] != "first_response" || targets[1] != "resolution" {
		t.Errorf("--target = %v", targets)
	}

	// An unknown name reaches the command's own check unchanged.
	if err := f.Set("channel", "传真"); err != nil {
		t.Fatal(err)
	}
	if err := normalizeEnumFlags(open); err != nil || channel != "传真" {
		t.Errorf("--channel 传真 became %q (%v)", channel, err)
	}

	// Appeals have statuses of their own.
	var appealStatus string
	appeals.Flags().StringVar(&appealStatus, "status", "open", "")
	if err := appeals.Flags().Parse([]string{"--status", "处理中"}); err != nil {
		t.Fatal(err)
	}
	if err := normalizeEnumFlags(appeals); err != nil || appealStatus != "处理中" {
		t.Errorf("kefu appeals --status 处理中 became %q (%v)", appealStatus, err)
	}
}

func TestEnumLabel(t *testing.T) {
	for _, tc := range []struct{ field, code, lang, want string }{
		{"channel", "wechat", "zh-CN", "微信"},
		{"kind", "presale", "zh-CN", "询单"},
		{"kind", "filing", "zh-CN", "filing"},
		{"status", "resolved", "zh-CN", "已解决"},
		{"role", "supervisor", "zh-CN", "主管"},
		{"channel", "wechat", "en", "wechat"},
		{"subject", "微信", "zh-CN", "微信"},
	} {
		if got := enumLabel(tc.field, tc.code, tc.lang); got != tc.want {
			t.Errorf("enumLabel(%s, %s, %s) = %q, want %q", tc.field, tc.code, tc.lang, got, tc.want)
		}
	}
}
