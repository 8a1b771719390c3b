package policy

import names "github.com/kefu/kefu/internal/enum"

// The Chinese names of the policy's vocabularies (product.md: Chinese names are accepted for
// every enum value). Each table both reads input (flags, policy files, imports) and labels
// output in zh-CN.
var (
	// KindNames are the built-in kinds; a team's own kinds have no Chinese name and pass through.
	KindNames = names.Table{
		{Code: "inquiry", ZH: "咨询"},
		{Code: "complaint", ZH: "投诉"},
		{Code: "suggestion", ZH: "建议"},
		{Code: "presale", ZH: "询单", Aliases: []string{"售前", "售前咨询"}},
	}
	ChannelNames = names.Table{
		{Code: "phone", ZH: "电话", Aliases: []string{"热线", "电话咨询"}},
		{Code: "email", ZH: "邮件", Aliases: []string{"邮箱", "电子邮件", "e-mail"}},
		{Code: "chat", ZH: "在线", Aliases: []string{"在线咨询", "在线客服"}},
		{Code: "wechat", ZH: "微信", Aliases: []string{"weixin", "微信公众号"}},
		{Code: "social", ZH: "社交", Aliases: []string{"社交媒体", "微博"}},
		{Code: "app", ZH: "应用", Aliases: []string{"客户端"}},
		{Code: "visit", ZH: "到访", Aliases: []string{"来访", "上门"}},
	}
	PriorityNames = names.Table{
		{Code: "urgent", ZH: "紧急"},
		{Code: "high", ZH: "高"},
		{Code: "normal", ZH: "普通", Aliases: []string{"一般", "中"}},
		{Code: "low", ZH: "低"},
	}
	// SeverityNames are a complaint's complexity (简单/复杂投诉).
	SeverityNames = names.Table{
		{Code: "simple", ZH: "简单", Aliases: []string{"简单投诉"}},
		{Code: "complex", ZH: "复杂", Aliases: []string{"复杂投诉"}},
	}
	TargetNames = names.Table{
		{Code: FirstResponse, ZH: "首次响应", Aliases: []string{"首响", "first-response"}},
		{Code: Plan, ZH: "处理方案", Aliases: []string{"初步解决方案", "方案"}},
		{Code: Resolution, ZH: "解决"},
		{Code: Escalation, ZH: "升级"},
		{Code: Followup, ZH: "回访"},
		{Code: Forward, ZH: "转交", Aliases: []string{"转发"}},
	}
	// ShiftNames are the built-in shifts (calendar.shift.day / .night).
	ShiftNames = names.Table{
		{Code: "day", ZH: "白班", Aliases: []string{"日班", "早班"}},
		{Code: "night", ZH: "晚班", Aliases: []string{"夜班"}},
	}
)

// normalizeWindow turns the Chinese names in a row into codes, leaving unknown values for
// Validate to refuse.
func normalizeWindow(w *Window) {
	w.Kind = KindNames.Normalize(w.Kind)
	w.Target = TargetNames.Normalize(w.Target)
	if w.Channel != "" {
		w.Channel = ChannelNames.Normalize(w.Channel)
	}
	if w.Priority != "" {
		w.Priority = PriorityNames.Normalize(w.Priority)
	}
	if w.Severity != "" {
		w.Severity = SeverityNames.Normalize(w.Severity)
	}
}
