package mail

import (
	"strings"

	"github.com/kefu/kefu/internal/errs"
)

// Route sends mail for one address (or local part) to a ticket kind.
type Route struct {
	Address string // "tousu" (any domain) or "tousu@shop.example"
	Kind    string
}

// ParseRoutes reads policy mail.routes: "tousu=complaint,jianyi@shop.example=suggestion".
func ParseRoutes(s string) ([]Route, error) {
	var out []Route
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		addr, kind, ok := strings.Cut(item, "=")
		addr, kind = strings.ToLower(strings.TrimSpace(addr)), strings.TrimSpace(kind)
		if !ok || addr == "" || kind == "" || strings.ContainsAny(addr, " <>") {
			return nil, errs.Invalidf("mail.routes: %q is not ADDRESS=KIND (e.g. tousu=complaint or tousu@shop.example=complaint)", item)
		}
		out = append(out, Route{Address: addr, Kind: kind})
	}
	return out, nil
}

// RouteKind picks the kind for a message's recipients: the first route matching any
// recipient, a full address before a local part; "" when none matches.
func RouteKind(routes []Route, recipients []string) string {
	for _, full := range []bool{true, false} {
		for _, r := range routes {
			if strings.Contains(r.Address, "@") != full {
				continue
			}
			for _, to := range recipients {
				local, _, _ := strings.Cut(to, "@")
				if to == r.Address || (!full && local == r.Address) {
					return r.Kind
				}
			}
		}
	}
	return ""
}
