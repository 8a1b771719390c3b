package cli

import (
	"bytes"
	"context"
	"io"
	"time"

	"github.com/kefu/kefu/internal/core"
	"github.com/kefu/kefu/internal/errs"
	"github.com/kefu/kefu/internal/parallel"
	"github.com/kefu/kefu/internal/render"
	"github.com/kefu/kefu/internal/ticket"
)

// exportBatches writes the tickets of an export (CSV records without the header, or JSON
// lines) to w in id order, and reports how many: each batch the service hands over is
// formatted on a core of its own while the next ones are read.
func exportBatches(ctx context.Context, svc *core.Service, o core.ExportOptions, jsonl bool, w io.Writer) (int, error) {
	type batch struct {
		tks []ticket.Ticket
		loc *time.Location
	}
	type formatted struct {
		text []byte
		err  error
	}
	n := 0
	var failed error
	work := parallel.NewOrdered(func(b batch) formatted {
		if jsonl {
			var buf bytes.Buffer
			write := exportJSONL(&buf)
			var vals []any
			for _, tk := range b.tks {
				vals = core.ExportValues(vals, tk, b.loc)
				if err := write(vals); err != nil {
					return formatted{err: err}
				}
			}
			return formatted{text: buf.Bytes()}
		}
		var cells []string
		text := make([]byte, 0, 320*len(b.tks))
		for _, tk := range b.tks {
			cells = core.ExportStrings(cells, tk, b.loc)
			text = render.AppendCSV(text, cells)
		}
		return formatted{text: text}
	}, func(f formatted) {
		if failed == nil {
			failed = f.err
		}
		if failed == nil {
			_, err := w.Write(f.text)
			failed = errs.Wrap(err, "writing the export")
		}
	})
	err := svc.ExportTickets(ctx, o, func(tks []ticket.Ticket, loc *time.Location) error {
		n += len(tks)
		work.Add(batch{tks, loc})
		return failed
	})
	work.Wait()
	if err == nil {
		err = failed
	}
	return n, err
}
