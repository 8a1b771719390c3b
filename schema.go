// Package kefu holds the embedded schema; the program lives in cmd/kefu and internal/.
package kefu

import _ "embed"

// Schema is the whole current database schema (schema.sql).
//
//go:embed schema.sql
var Schema string
