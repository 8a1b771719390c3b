package policy

import (
	"strconv"
	"strings"

	"github.com/kefu/kefu/internal/customer"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/mail"
)

// mailSettings are the email channel's keys (kefu mail, ticket reply on email tickets).
// Transport and passwords are personal config, not policy.
func mailSettings() []Setting {
	return []Setting{
		{Key: "mail.from", Default: "", Help: "the department's address replies come from (empty: replies are recorded, never mailed)", Normalize: normOptionalEmail},
		{Key: "mail.routes", Default: "", Help: "recipient address or local part to ticket kind, e.g. tousu=complaint,jianyi=suggestion (default kind inquiry)", Normalize: normRoutes},
		{Key: "mail.ack_template", Default: mail.DefaultAck, Help: `acknowledgement sent for new mail ({客户} {工单} {到期} {团队} {坐席} or {customer} {ticket} {due} {team} {agent}; \n breaks a line; off: none)`, Normalize: normTemplate},
		{Key: "mail.ack_counts_as_first_response", Default: "no", Help: "whether the acknowledgement is the ticket's first response", Normalize: normYesNo},
		{Key: "mail.max_size", Default: "25MiB", Help: "larger messages are refused", Normalize: normBytes},
		{Key: "mail.attachment_max", Default: "10MiB", Help: "larger attachments are listed but not stored", Normalize: normBytes},
	}
}

func normOptionalEmail(v string) (string, error) {
	return customer.NormalizeEmail(v)
}

func normRoutes(v string) (string, error) {
	rs, err := mail.ParseRoutes(v)
	if err != nil {
		return "", err
	}
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = r.Address + "=" + r.Kind
	}
	return strings.Join(parts, ","), nil
}

func normTemplate(v string) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", errs.Invalidf("an empty acknowledgement: use off to send none")
	}
	if len(v) > 4000 {
		return "", errs.Invalidf("the acknowledgement template is over 4000 bytes")
	}
	return v, nil
}

func normYesNo(v string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "yes", "true", "on", "1", "是":
		return "yes", nil
	case "no", "false", "off", "0", "否":
		return "no", nil
	}
	return "", errs.Invalidf("%q: use yes or no", v)
}

// normBytes reads a size: 25MiB, 512KiB, 1000000 (bytes); MB and KB are read as MiB and KiB.
func normBytes(v string) (string, error) {
	n, err := ParseBytes(v)
	if err != nil {
		return "", err
	}
	return FormatBytes(n), nil
}

// ParseBytes reads a size setting.
func ParseBytes(v string) (int64, error) {
	s := strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(v), " ", ""))
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"MIB", 1 << 20}, {"MB", 1 << 20}, {"M", 1 << 20}, {"KIB", 1 << 10}, {"KB", 1 << 10}, {"K", 1 << 10}, {"B", 1}} {
		if strings.HasSuffix(s, u.suffix) {
			s, mult = strings.TrimSuffix(s, u.suffix), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 || n > (1<<40)/mult {
		return 0, errs.Invalidf("%q is not a size such as 25MiB, 512KiB or 1000000", v)
	}
	return n * mult, nil
}

// FormatBytes writes a size as ParseBytes reads it.
func FormatBytes(n int64) string {
	switch {
	case n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + "MiB"
	case n%(1<<10) == 0:
		return strconv.FormatInt(n>>10, 10) + "KiB"
	}
	return strconv.FormatInt(n, 10)
}
