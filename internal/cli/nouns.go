package cli

import (
	"slices"

	"github.com/spf13/cobra"
)

// Start-up costs nothing unused: a noun's verbs (their flags, help and checks) are built only
// when the command line names the noun. Every other noun is a stand-in with its name and
// summary, which is all the root's help and its "did you mean" need. Shell completion, and
// tests (newRootCmd), build every noun.

// lazyNoun is a root command with verbs: its name, its summary (the same as its constructor's
// Short, which TestLazyNounsMatch checks) and its constructor.
type lazyNoun struct {
	name, short string
	build       func(*App) *cobra.Command
}

var lazyNouns = []lazyNoun{
	{"policy", "Show and change the team's policy (settings, windows, kinds)", newPolicyCmd},
	{"calendar", "The business calendar: working days, holidays, due times", newCalendarCmd},
	{"staff", "Add, list, show, edit, deactivate and reactivate staff", newStaffCmd},
	{"rota", "Who works which shift each day (排班)", newRotaCmd},
	{"customer", "Add, list, show and find customers (personal data masked)", newCustomerCmd},
	{"ticket", "Open, work, resolve and rate tickets", newTicketCmd},
	{"complaint", "Complaints (投诉): escalation, handling plan, satisfaction follow-up", newComplaintCmd},
	{"suggestion", "Suggestions (建议): forward to the owning department, record the outcome, weekly digest", newSuggestionCmd},
	{"qa", "Quality checks (抽查): sample resolved tickets, mark answers, answer accuracy", newQACmd},
	{"score", "Points appraisal (绩效考核): entries, the monthly sheet, pay float, exams, appeals", newScoreCmd},
	{"handover", "Shift handover notes (交接班): write, show, list, acknowledge", newHandoverCmd},
	{"template", "Reply templates (话术): openings, closings, FAQ and objection scripts with variables", newTemplateCmd},
	{"training", "Training sessions (培训): attendance, assessment results, who is missing", newTrainingCmd},
	{"summary", "Weekly work summaries (周报): write and list, and who still owes one", newSummaryCmd},
	{"kb", "Knowledge base (知识库): write, approve, search and publish answers", newKBCmd},
	{"report", "Daily, weekly and monthly reports (table, JSON, CSV, Markdown, Excel, HTML)", newReportCmd},
	{"import", "Bring tickets in from a spreadsheet or another helpdesk", newImportCmd},
	{"export", "Write tickets out as CSV or JSON lines", newExportCmd},
	{"audit", "The tamper-evident history: who did what when, and whether it is intact", newAuditCmd},
	{"db", "Back up, check and restore the database file", newDBCmd},
	{"mail", "Email in and out: turn mail into tickets, send what waits", newMailCmd},
}

// nounsFor is the root's nouns for a command line: built whole when args name them (or all is
// set), stand-ins otherwise. A stand-in never runs: cobra runs a noun only when an argument is
// its name, and then the noun is built whole.
func nounsFor(app *App, args []string, all bool) []*cobra.Command {
	out := make([]*cobra.Command, 0, len(lazyNouns))
	for _, n := range lazyNouns {
		if all || slices.Contains(args, n.name) {
			out = append(out, n.build(app))
			continue
		}
		out = append(out, &cobra.Command{Use: n.name, Short: n.short, Run: func(*cobra.Command, []string) {}})
	}
	return out
}
