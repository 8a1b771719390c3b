//go:build !unix

package store

import "os"

// lockFile cannot tell a live process's temporary file from a dead one's here: never stale.
func lockFile(*os.File) bool { return false }
