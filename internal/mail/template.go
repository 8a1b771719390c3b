package mail

import "strings"

// DefaultAck is the acknowledgement sent for new mail (确认收到并告知处理流程) until the
// reply templates of the knowledge base take over; policy mail.ack_template replaces it.
const DefaultAck = `{客户}，您好：\n\n我们已收到您的邮件，工单号为 {工单}。客服将于 {到期} 前答复您。\n` +
	`处理流程：受理登记 → 核实处理 → 答复结果。如需补充材料，请直接回复本邮件，并保留主题中的 [#{工单}]。\n\n{团队}客服中心`

// AckVars are the values an acknowledgement may use; each has an English and a Chinese name.
type AckVars struct {
	Customer, Ticket, Due, Team, Agent string
}

// RenderAck fills a template: {customer}/{客户}, {ticket}/{工单}, {due}/{到期},
// {team}/{团队}, {agent}/{坐席}; a literal \n is a line break (policy values are one line).
func RenderAck(tmpl string, v AckVars) string {
	r := strings.NewReplacer(
		"{customer}", v.Customer, "{客户}", v.Customer,
		"{ticket}", v.Ticket, "{工单}", v.Ticket,
		"{due}", v.Due, "{到期}", v.Due,
		"{team}", v.Team, "{团队}", v.Team,
		"{agent}", v.Agent, "{坐席}", v.Agent,
		`\n`, "\n",
	)
	return r.Replace(tmpl)
}
