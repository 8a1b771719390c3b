package core

import (
	"errors"
	"fmt"
	"iter"
	"time"

	"github.com/kefu/kefu/internal/audit"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/i18n"
	"github.com/kefu/kefu/internal/parallel"
	"github.com/kefu/kefu/internal/persist"
	"github.com/kefu/kefu/internal/ticket"
)

// Replaying the tickets for audit verify: each ticket's recorded changes are folded and the
// result compared with its row. The database is read on one goroutine, tickets and their
// events merged in ticket order; the folding and comparing of each batch of tickets runs on
// every core, and the findings are taken batch by batch in ticket order.

// replayed are the ticket fields audit verify rebuilds from the history.
var replayed = []string{"status", "assignee", "first_response_due", "first_response_at", "resolution_due", "resolved_at", "closed_at"}

// maxReplayProblems bounds the findings of the replay.
const maxReplayProblems = 20

// replayBatch is how many tickets a worker folds at a time.
const replayBatch = 1024

// replayTicket is a ticket row with the payloads of its events, oldest first.
type replayTicket struct {
	tk     ticket.Ticket
	events []audit.Stored
}

// replayTickets folds each ticket's recorded changes and compares the result with the row.
func replayTickets(tx persist.Tx) (int, []string, error) {
	type tev struct {
		id int64
		e  audit.Stored
	}
	// readErr is a failure reading the events (not the stop asked for once the tickets are
	// done): verify must not report a history it could not read as sound.
	var readErr error
	next, stop := iter.Pull(iter.Seq[tev](func(yield func(tev) bool) {
		err := tx.EachTicketEvent(func(id int64, e audit.Stored) error {
			if !yield(tev{id, e}) {
				return errStop
			}
			return nil
		})
		if err != nil && !errors.Is(err, errStop) {
			readErr = err
		}
	}))
	defer stop()

	var problems []string
	work := parallel.NewOrdered(replayFold, func(found []string) {
		for _, p := range found {
			if len(problems) < maxReplayProblems {
				problems = append(problems, p)
			}
		}
	})
	batch := make([]replayTicket, 0, replayBatch)
	pending, ok := next()
	n := 0
	err := tx.EachTicketReplayed(func(tk ticket.Ticket) error {
		n++
		for ok && pending.id < tk.ID {
			pending, ok = next() // events of a ticket that no longer exists are not replayed
		}
		rt := replayTicket{tk: tk}
		for ok && pending.id == tk.ID {
			rt.events = append(rt.events, pending.e)
			pending, ok = next()
		}
		if batch = append(batch, rt); len(batch) == replayBatch {
			work.Add(batch)
			batch = make([]replayTicket, 0, replayBatch)
		}
		return nil
	})
	if len(batch) > 0 {
		work.Add(batch)
	}
	work.Wait()
	stop() // the reader has returned: readErr is final
	if err == nil && readErr != nil {
		err = errs.Wrap(readErr, "reading the tickets' history")
	}
	return n, problems, err
}

var errStop = errors.New("stop")

// replayValue is a replayed field's value as the history leaves it: a string, or what
// DecodeChanges gave for a payload the fast reader left to it (nil when nothing was recorded).
type replayValue struct {
	str   string
	isStr bool
	other any
}

func (v replayValue) value() any {
	if v.isStr {
		return v.str
	}
	return v.other
}

// replayFold folds the events of a batch of tickets and names, in ticket order, what differs
// from the rows (at most maxReplayProblems).
func replayFold(batch []replayTicket) []string {
	var problems []string
	add := func(format string, args ...any) {
		if len(problems) < maxReplayProblems {
			problems = append(problems, i18n.Sprintf(format, args...))
		}
	}
	var (
		state [7]replayValue
		got   [7]replayValue
		set   uint8
		buf   []byte
	)
	note := func(i int, v string, null bool) {
		got[i], set = replayValue{str: v, isStr: !null}, set|1<<i
	}
	for bi := range batch {
		rt := &batch[bi]
		state = [7]replayValue{}
		for _, e := range rt.events {
			set = 0
			if audit.NewValues(e.Payload, replayed, note) {
				for i := range state {
					if set&(1<<i) != 0 {
						state[i] = got[i]
					}
				}
				continue
			}
			changes, err := audit.DecodeChanges(e.Payload)
			if err != nil {
				add("ticket %d: history event %d cannot be read: %v", rt.tk.ID, e.ID, err)
			}
			for i, f := range replayed {
				if c, ok := changes[f]; ok {
					state[i] = replayValue{other: c.New}
				}
			}
		}
		for i, f := range replayed {
			// Compared as fmt.Sprint writes both, as the replay always has.
			buf = appendRowText(buf[:0], &rt.tk, i)
			if same(state[i], buf) {
				continue
			}
			add("ticket %d: %s is %v but its history says %v", rt.tk.ID, f, show(rowValue(&rt.tk, i)), show(state[i].value()))
		}
	}
	return problems
}

// same reports whether fmt.Sprint writes v as text.
func same(v replayValue, text []byte) bool {
	if v.isStr {
		return v.str == string(text)
	}
	if v.other == nil {
		return string(text) == "<nil>"
	}
	return fmt.Sprint(v.other) == string(text)
}

// rowValue is the row's value of replayed field i, as snapshot gives it.
func rowValue(tk *ticket.Ticket, i int) any {
	tm := func(x time.Time) any {
		if x.IsZero() {
			return nil
		}
		return x.UTC().Format(time.RFC3339)
	}
	switch i {
	case 0:
		return string(tk.Status)
	case 1:
		return str(tk.Assignee)
	case 2:
		return tm(tk.FirstResponseDue)
	case 3:
		return tm(tk.FirstResponseAt)
	case 4:
		return tm(tk.ResolutionDue)
	case 5:
		return tm(tk.ResolvedAt)
	}
	return tm(tk.ClosedAt)
}

// appendRowText appends fmt.Sprint(rowValue(tk, i)) without making the value.
func appendRowText(b []byte, tk *ticket.Ticket, i int) []byte {
	var t time.Time
	switch i {
	case 0:
		return append(b, tk.Status...)
	case 1:
		if tk.Assignee == "" {
			return append(b, "<nil>"...)
		}
		return append(b, tk.Assignee...)
	case 2:
		t = tk.FirstResponseDue
	case 3:
		t = tk.FirstResponseAt
	case 4:
		t = tk.ResolutionDue
	case 5:
		t = tk.ResolvedAt
	default:
		t = tk.ClosedAt
	}
	if t.IsZero() {
		return append(b, "<nil>"...)
	}
	return t.UTC().AppendFormat(b, time.RFC3339)
}

func show(v any) any {
	if v == nil {
		return "none"
	}
	return v
}
