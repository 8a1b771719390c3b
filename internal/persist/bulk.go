package persist

import "context"

type bulkWriteKey struct{}

// BulkWrite marks ctx as a bulk write's (an import of up to millions of rows): the store may
// prepare the write transaction's connection for it before the transaction begins.
func BulkWrite(ctx context.Context) context.Context {
	return context.WithValue(ctx, bulkWriteKey{}, true)
}

// IsBulkWrite reports whether ctx was marked by BulkWrite.
func IsBulkWrite(ctx context.Context) bool {
	v, _ := ctx.Value(bulkWriteKey{}).(bool)
	return v
}
