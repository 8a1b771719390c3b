package cli

import (
	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/ticket"
)

// articleSuggestion is an article ticket show proposes, in JSON.
type articleSuggestion struct {
	ID       int64  `json:"id"`
	Title    string `json:"title"`
	Category string `json:"category"`
	Status   string `json:"status"`
}

// ticketSuggestions lists up to three articles that may answer the ticket, unless --no-suggest.
func ticketSuggestions(opts *TicketShowOptions, svc *core.Service, tk ticket.Ticket) ([]articleSuggestion, error) {
	if opts.NoSuggest {
		return nil, nil
	}
	list, err := svc.KBSuggest(opts.Ctx, tk)
	if err != nil {
		return nil, err
	}
	var out []articleSuggestion
	for _, a := range list {
		out = append(out, articleSuggestion{ID: a.ID, Title: a.Title, Category: a.Category, Status: a.Status()})
	}
	return out, nil
}

// printSuggestions ends ticket show with the articles that may answer the ticket.
func printSuggestions(io IOStreams, list []articleSuggestion) {
	if len(list) == 0 {
		return
	}
	io.Line("")
	io.Line("Articles that may answer it (kefu kb show ID):")
	for _, a := range list {
		io.Line("  %d  %s · %s", a.ID, a.Title, a.Category)
	}
}
