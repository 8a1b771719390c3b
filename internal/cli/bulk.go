package cli

import (
	"errors"
	"regexp"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/ticket"
)

// Bulk verbs (issue 16 item 8): a verb that acts on one id accepts several, and all of them
// change in one transaction or none does. Month-end was 55 separate `score confirm` commands.

// parseIDs reads one or more ids with parse, refusing an id given twice (the second would fail
// as "already done", which reads like a fault of the first).
func parseIDs(args []string, parse func(string) (int64, error)) ([]int64, error) {
	ids := make([]int64, 0, len(args))
	seen := map[int64]bool{}
	for _, a := range args {
		id, err := parse(a)
		if err != nil {
			return nil, err
		}
		if seen[id] {
			return nil, errs.Invalidf("%d is given twice", id)
		}
		seen[id] = true
		ids = append(ids, id)
	}
	return ids, nil
}

// bulkErr names the id a bulk command failed on and says that nothing changed; a single id's
// error is left as it was.
func bulkErr(what string, id int64, n int, err error) error {
	if n <= 1 {
		return err
	}
	var e *errs.Error
	if !errors.As(err, &e) || e.Kind == errs.Internal {
		return errs.Wrap(err, "%s %d (of %d; nothing was changed)", what, id, n)
	}
	// The failing id's own error becomes an argument of the batch's message, so both are
	// printed in the reader's language (errs.Text renders error arguments); its hint, if any,
	// stays the batch's hint.
	inner := *e
	inner.Hint, inner.HintFormat, inner.HintArgs = "", "", nil
	var w *errs.Error
	if names := regexp.MustCompile(regexp.QuoteMeta(what) + " " + strconv.FormatInt(id, 10) + `(\D|$)`); names.MatchString(e.Msg) {
		// "pending entry 4 was already dismissed" names it already.
		w = errs.E(e.Kind, "%s; none of the %d was changed", &inner, n)
	} else {
		w = errs.E(e.Kind, "%s %d: %s; none of the %d was changed", what, id, &inner, n)
	}
	w.Hint, w.HintFormat, w.HintArgs = e.Hint, e.HintFormat, e.HintArgs
	return w
}

// eachInOne runs act for every id in one transaction: the first failure rolls all back.
func eachInOne(svc *core.Service, env CmdEnv, what string, ids []int64, act func(b *core.Service, id int64) error) error {
	return svc.Batch(env.Ctx, func(b *core.Service) error {
		for _, id := range ids {
			if err := act(b, id); err != nil {
				return bulkErr(what, id, len(ids), err)
			}
		}
		return nil
	})
}

// ticketBulkCmd builds a ticket verb taking one or more ticket ids (and nothing else).
func ticketBulkCmd(app *App, use, short, example string, base *TicketActionOptions,
	parse func(cmd *cobra.Command) error, run func() error) *cobra.Command {
	return &cobra.Command{
		Use:     use,
		Short:   short,
		Example: example,
		Args: func(cmd *cobra.Command, a []string) error {
			if len(a) == 0 {
				return usageErr(cmd, "%s takes one or more ticket IDs (got none)", cmd.CommandPath()[len("kefu "):])
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, a []string) error {
			ids, err := parseIDs(a, ticketID)
			if err != nil {
				return err
			}
			base.CmdEnv, base.ID, base.IDs = app.cmdEnv(cmd.Context()), ids[0], ids
			if parse != nil {
				if err := parse(cmd); err != nil {
					return err
				}
			}
			return run()
		},
	}
}

// ticketsActed acts on every ticket of opts in one transaction, then confirms each on stderr.
func ticketsActed(opts *TicketActionOptions, act func(svc *core.Service, id int64) (ticket.Ticket, error), confirm func(t ticket.Ticket, loc *time.Location) string) error {
	ids := opts.IDs
	if len(ids) == 0 {
		ids = []int64{opts.ID}
	}
	if len(ids) == 1 {
		return ticketActed(opts.CmdEnv, func(svc *core.Service) (ticket.Ticket, error) { return act(svc, ids[0]) }, confirm)
	}
	svc, err := opts.Service(opts.Ctx)
	if err != nil {
		return err
	}
	var done []ticket.Ticket
	err = eachInOne(svc, opts.CmdEnv, "ticket", ids, func(b *core.Service, id int64) error {
		t, err := act(b, id)
		done = append(done, t)
		return err
	})
	if err != nil {
		return err
	}
	loc, err := svc.Location(opts.Ctx)
	if err != nil {
		return err
	}
	for _, t := range done {
		opts.IO.Info("%s", confirm(t, loc))
	}
	return nil
}
