package cli

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/i18n"
	"github.com/kefu/kefu/internal/render"
	"github.com/kefu/kefu/internal/ticket"
)

func newSuggestionCmd(app *App) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "suggestion",
		Short: "Suggestions (建议): forward to the owning department, record the outcome, weekly digest",
		Long: `A suggestion must reach its owning department within the forward window (default 5bd).
Categories come from policy suggestion.categories (default product, service, process, other).`,
		Example: `  kefu suggestion add "希望增加夜间配送" --channel app --customer 刘洋 --category service
  kefu suggestion forward 9 --to 物流部 --note "客户多次提及"
  kefu suggestion outcome 9 adopted --note "3月起试点"
  kefu suggestion digest --week 2026-W10 --format md`,
	}
	cmd.AddCommand(
		openCmd(app, "suggestion", "add SUBJECT --channel C --customer NAME|ID [--category C] [flags]", "Record a suggestion",
			`  kefu suggestion add "希望增加夜间配送" --channel app --customer 刘洋 --category service`, nil),
		NewCmdSuggestionForward(app, nil), NewCmdSuggestionOutcome(app, nil), NewCmdSuggestionDigest(app, nil))
	return cmd
}

// SuggestionForwardOptions are kefu suggestion forward's inputs.
type SuggestionForwardOptions struct {
	TicketActionOptions

	To   string // the owning department
	Note string
}

// NewCmdSuggestionForward builds kefu suggestion forward; runF replaces suggestionForwardRun in tests.
func NewCmdSuggestionForward(app *App, runF func(*SuggestionForwardOptions) error) *cobra.Command {
	opts := &SuggestionForwardOptions{}
	cmd := ticketActionCmd(app, "forward ID --to DEPARTMENT [--note TEXT]", "Record that a suggestion reached its owning department",
		"  kefu suggestion forward 9 --to 物流部", 1, "a suggestion ID", &opts.TicketActionOptions, nil,
		func() error { return runWith(opts, runF, suggestionForwardRun) })
	cmd.Flags().StringVar(&opts.To, "to", "", "the owning department")
	cmd.Flags().StringVar(&opts.Note, "note", "", "a note for the department")
	return cmd
}

func suggestionForwardRun(opts *SuggestionForwardOptions) error {
	return ticketActed(opts.CmdEnv,
		func(svc *core.Service) (ticket.Ticket, error) {
			return svc.SuggestionForward(opts.Ctx, opts.As, opts.ID, opts.To, opts.Note)
		},
		func(t ticket.Ticket, loc *time.Location) string {
			return i18n.Sprintf("suggestion %d forwarded to %s", t.ID, t.ForwardedTo)
		})
}

// SuggestionOutcomeOptions are kefu suggestion outcome's inputs.
type SuggestionOutcomeOptions struct {
	TicketActionOptions

	Outcome string // adopted, declined or in-progress
	Note    string
}

// NewCmdSuggestionOutcome builds kefu suggestion outcome; runF replaces suggestionOutcomeRun in tests.
func NewCmdSuggestionOutcome(app *App, runF func(*SuggestionOutcomeOptions) error) *cobra.Command {
	opts := &SuggestionOutcomeOptions{}
	cmd := ticketActionCmd(app, "outcome ID adopted|declined|in-progress [--note TEXT]", "Record what the department made of a suggestion",
		"  kefu suggestion outcome 9 adopted --note \"3月起试点\"", 2, "a suggestion ID and adopted, declined or in-progress",
		&opts.TicketActionOptions,
		func(_ *cobra.Command, rest []string) error { opts.Outcome = rest[0]; return nil },
		func() error { return runWith(opts, runF, suggestionOutcomeRun) })
	cmd.Flags().StringVar(&opts.Note, "note", "", "details")
	return cmd
}

func suggestionOutcomeRun(opts *SuggestionOutcomeOptions) error {
	return ticketActed(opts.CmdEnv,
		func(svc *core.Service) (ticket.Ticket, error) {
			return svc.SuggestionOutcome(opts.Ctx, opts.As, opts.ID, opts.Outcome, opts.Note)
		},
		func(t ticket.Ticket, loc *time.Location) string {
			return i18n.Sprintf("suggestion %d: %s", t.ID, t.Outcome)
		})
}

// suggestionStatus says where a suggestion stands, for the digest.
func suggestionStatus(t ticket.Ticket, now time.Time, loc *time.Location) string {
	switch {
	case t.Outcome != "":
		return i18n.Sprintf("forwarded to %s, %s", t.ForwardedTo, t.Outcome)
	case !t.ForwardedAt.IsZero():
		return i18n.Sprintf("forwarded to %s", t.ForwardedTo)
	case !t.ForwardDue.IsZero() && now.After(t.ForwardDue):
		return i18n.Sprintf("not forwarded, overdue since %s", clockTime(t.ForwardDue, loc))
	case !t.ForwardDue.IsZero():
		return i18n.Sprintf("not forwarded, due %s", clockTime(t.ForwardDue, loc))
	}
	return "not forwarded"
}

type digestItem struct {
	ID          int64   `json:"id"`
	Subject     string  `json:"subject"`
	Customer    string  `json:"customer"`
	OpenedAt    *string `json:"opened_at"`
	Status      string  `json:"status"`
	Forwarded   bool    `json:"forwarded"`
	ForwardedTo string  `json:"forwarded_to"`
	ForwardDue  *string `json:"forward_due"`
	Outcome     string  `json:"outcome"`
	Summary     string  `json:"summary"`
}

type digestView struct {
	Week       string                  `json:"week"`
	Start      *string                 `json:"start"`
	End        *string                 `json:"end"`
	Total      int                     `json:"total"`
	Categories map[string][]digestItem `json:"categories"`
	Order      []string                `json:"order"`
}

// SuggestionDigestOptions are kefu suggestion digest's inputs.
type SuggestionDigestOptions struct {
	CmdEnv

	Format string
	Week   string
}

// NewCmdSuggestionDigest builds kefu suggestion digest; runF replaces suggestionDigestRun in tests.
func NewCmdSuggestionDigest(app *App, runF func(*SuggestionDigestOptions) error) *cobra.Command {
	opts := &SuggestionDigestOptions{}
	cmd := &cobra.Command{
		Use:     "digest [--week YYYY-Www] [--format table|json|md]",
		Short:   "The week's suggestions by category with their status, ready to send to the departments",
		Example: "  kefu suggestion digest\n  kefu suggestion digest --week 2026-W10 --format md",
		Args:    args(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			format, err := app.format(cmd, render.Table, render.JSON, render.CSV, render.Markdown)
			if err != nil {
				return err
			}
			opts.CmdEnv = app.cmdEnv(cmd.Context())
			opts.Format = format
			return runWith(opts, runF, suggestionDigestRun)
		},
	}
	cmd.Flags().StringVar(&opts.Week, "week", "", "ISO week, e.g. 2026-W10 (default: this week)")
	return cmd
}

func suggestionDigestRun(opts *SuggestionDigestOptions) error {
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	d, err := svc.SuggestionDigest(opts.Ctx, opts.Week)
	if err != nil {
		return err
	}
	loc, err := svc.Location(opts.Ctx)
	if err != nil {
		return err
	}
	now := svc.Now()
	v := digestView{Week: d.Week.String(), Start: jsonTime(d.Start, loc), End: jsonTime(d.End, loc),
		Categories: map[string][]digestItem{}, Order: []string{}}
	g := render.Grid{Header: []string{"category", "id", "subject", "customer", "opened at", "status"},
		Free: []string{"subject", "customer"}, Optional: []string{"opened at", "customer"}}
	for _, grp := range d.Groups {
		v.Order = append(v.Order, grp.Category)
		for _, t := range grp.Suggestions {
			it := digestItem{ID: t.ID, Subject: t.Subject, Customer: t.Customer, OpenedAt: jsonTime(t.OpenedAt, loc),
				Status: string(t.Status), Forwarded: !t.ForwardedAt.IsZero(), ForwardedTo: t.ForwardedTo,
				ForwardDue: jsonTime(t.ForwardDue, loc), Outcome: t.Outcome, Summary: suggestionStatus(t, now, loc)}
			v.Categories[grp.Category] = append(v.Categories[grp.Category], it)
			v.Total++
			g.Add(grp.Category, itoa(t.ID), t.Subject, t.Customer, clockTime(t.OpenedAt, loc), it.Summary)
		}
	}
	if opts.Format != render.Markdown {
		if opts.Format == render.Table && v.Total == 0 {
			opts.IO.Info("no suggestions in %s", d.Week)
			return nil
		}
		return render.Write(opts.IO.Out, opts.Format, v, g)
	}
	var b strings.Builder
	fmt.Fprintf(&b, i18n.T("## 客户建议周报 Suggestions %s (%s – %s)\n\n"), d.Week, d.Week.Start(loc).Format("2006-01-02"), d.Week.End(loc).AddDate(0, 0, -1).Format("2006-01-02"))
	if v.Total == 0 {
		b.WriteString(i18n.T("No suggestions this week.\n"))
	}
	for _, c := range v.Order {
		fmt.Fprintf(&b, "### %s (%d)\n\n", c, len(v.Categories[c]))
		for _, it := range v.Categories[c] {
			fmt.Fprintf(&b, "- #%d %s — %s\n", it.ID, mdEscape(it.Subject), mdEscape(it.Summary))
		}
		b.WriteString("\n")
	}
	_, err = fmt.Fprint(opts.IO.Out, strings.TrimRight(b.String(), "\n")+"\n")
	return err
}

// mdEscape keeps user text from breaking Markdown structure (and escapes control characters).
func mdEscape(s string) string {
	r := strings.NewReplacer("\\", "\\\\", "*", "\\*", "_", "\\_", "`", "\\`", "[", "\\[", "]", "\\]", "#", "\\#", "|", "\\|", "<", "&lt;", ">", "&gt;")
	return r.Replace(render.Escape(s))
}
