package persist

import "context"

// Copier moves a whole department between two databases (a SQLite file or a PostgreSQL
// address each): every row, ids, history and MACs as they are, in one transaction on the
// target, which must hold no rows yet.
type Copier interface {
	Copy(ctx context.Context, from, to string) (CopyInfo, error)
}

// CopyInfo says what a copy moved.
type CopyInfo struct {
	Tables  int   `json:"tables"`
	Rows    int64 `json:"rows"`
	Tickets int64 `json:"tickets"`
	Events  int64 `json:"events"`
}
