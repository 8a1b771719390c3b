package core

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/kefu/kefu/internal/audit"
	"github.com/kefu/kefu/internal/i18n"
	"github.com/kefu/kefu/internal/parallel"
	"github.com/kefu/kefu/internal/ticket"
)

// replayReference is the replay as it was written first, one ticket after the other with
// DecodeChanges and the whole snapshot: the fast, parallel replay must find the same.
func replayReference(rts []replayTicket) []string {
	var problems []string
	for _, rt := range rts {
		state := map[string]any{}
		for _, e := range rt.events {
			changes, err := audit.DecodeChanges(e.Payload)
			if err != nil && len(problems) < 20 {
				problems = append(problems, i18n.Sprintf("ticket %d: history event %d cannot be read: %v", rt.tk.ID, e.ID, err))
			}
			for k, c := range changes {
				state[k] = c.New
			}
		}
		row := snapshot(&rt.tk)
		for _, f := range replayed {
			if fmt.Sprint(state[f]) != fmt.Sprint(row[f]) && len(problems) < 20 {
				problems = append(problems, i18n.Sprintf("ticket %d: %s is %v but its history says %v", rt.tk.ID, f, show(row[f]), show(state[f])))
			}
		}
	}
	return problems
}

// replayTestTickets are tickets whose histories mostly agree with them, with tampering of
// every kind mixed in: rows changed, payloads edited, escaped, unreadable or of odd shapes.
func replayTestTickets(r *rand.Rand, n int) []replayTicket {
	base := time.Date(2026, 9, 1, 8, 0, 0, 0, time.UTC)
	staff := []string{"", "张伟", "王芳", "Tom Li"}
	statuses := []string{"open", "pending", "resolved", "closed"}
	var out []replayTicket
	id := int64(0)
	for range n {
		id += 1 + r.Int64N(2)
		tk := ticket.Ticket{ID: id, Status: ticket.Status(statuses[r.IntN(4)]), Assignee: staff[r.IntN(4)]}
		times := []*time.Time{&tk.FirstResponseDue, &tk.FirstResponseAt, &tk.ResolutionDue, &tk.ResolvedAt, &tk.ClosedAt}
		for _, p := range times {
			if r.IntN(3) > 0 {
				*p = base.Add(time.Duration(r.IntN(100000)) * time.Minute)
			}
		}
		// The history that made this row.
		row := snapshot(&tk)
		changes := map[string]audit.Change{}
		for _, f := range replayed {
			if row[f] != nil || r.IntN(2) == 0 {
				changes[f] = audit.Change{New: row[f]}
			}
		}
		changes["csat"] = audit.Change{New: r.IntN(5) + 1}
		payload, _ := audit.EncodePayload(map[string]any{"changes": changes, "customer": "顾客", "row": id})
		evs := []audit.Stored{{ID: id * 10, Payload: payload}}
		if r.IntN(2) == 0 {
			p, _ := audit.EncodePayload(map[string]any{"changes": map[string]audit.Change{"status": {Old: "open", New: string(tk.Status)}}})
			evs = append(evs, audit.Stored{ID: id*10 + 1, Payload: p})
		}
		// Tampering, now and then.
		switch r.IntN(12) {
		case 0:
			tk.Status = "closed"
		case 1:
			tk.Assignee = "李雷"
		case 2:
			tk.ClosedAt = base
		case 3:
			evs = append(evs, audit.Stored{ID: id*10 + 2, Payload: `{"changes":{"status":{"new":"resolved"`})
		case 4:
			evs = append(evs, audit.Stored{ID: id*10 + 2, Payload: `{"changes":{"status":{"new":5,"old":"open"},"assignee":{"New":"x"}}}`})
		case 5:
			evs = append(evs, audit.Stored{ID: id*10 + 2, Payload: `{"changes":{"assignee":{"new":"\u5f20\u4f1f"},"closed_at":null}}`})
		case 6:
			evs = append(evs, audit.Stored{ID: id*10 + 2, Payload: `{"changes":{"status":"closed","assignee":{"new":"王芳"}}}`})
		case 7:
			evs = append(evs, audit.Stored{ID: id*10 + 2, Payload: `{"CHANGES":{"resolved_at":{"new":"2026-09-01T08:00:00Z"}}}`})
		}
		out = append(out, replayTicket{tk: tk, events: evs})
	}
	return out
}

func TestReplayFindsWhatTheStraightforwardReplayFinds(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for round := range 30 {
		rts := replayTestTickets(r, 1+r.IntN(300))
		want := replayReference(rts)
		var got []string
		work := parallel.NewOrdered(replayFold, func(found []string) {
			for _, p := range found {
				if len(got) < maxReplayProblems {
					got = append(got, p)
				}
			}
		})
		size := 1 + r.IntN(40)
		for lo := 0; lo < len(rts); lo += size {
			work.Add(rts[lo:min(lo+size, len(rts))])
		}
		work.Wait()
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("round %d: the replay found\n%q\nthe straightforward replay\n%q", round, got, want)
		}
	}
}

func TestRowValueIsSnapshots(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, rt := range replayTestTickets(r, 200) {
		row := snapshot(&rt.tk)
		for i, f := range replayed {
			if got := rowValue(&rt.tk, i); got != row[f] {
				t.Fatalf("ticket %d %s: rowValue %v, snapshot %v", rt.tk.ID, f, got, row[f])
			}
			if got, want := string(appendRowText(nil, &rt.tk, i)), fmt.Sprint(row[f]); got != want {
				t.Fatalf("ticket %d %s: appendRowText %q, fmt.Sprint %q", rt.tk.ID, f, got, want)
			}
		}
	}
}
