package audit

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// KeyPath is where the secret of the database with id dbID lives: beside the config, never in
// the database, so someone holding only the database file cannot recompute the chain.
func KeyPath(configDir, dbID string) string {
	return filepath.Join(configDir, "kefu", "keys", dbID+".key")
}

// LoadKey reads a key file; a missing file is os.ErrNotExist.
// It reads at most 4 KiB: a key is 64 hexadecimal digits, and a key path pointing at
// /dev/zero must not fill memory.
func LoadKey(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, 4<<10+1))
	if err != nil {
		return nil, err
	}
	if len(b) > 4<<10 {
		return nil, errors.New("not a kefu audit key (the file is larger than 4 KiB)")
	}
	return DecodeKey(string(b))
}

// DecodeKey reads a key's hex text.
func DecodeKey(s string) ([]byte, error) {
	k, err := hex.DecodeString(strings.TrimSpace(s))
	if err != nil || len(k) != 32 {
		return nil, errors.New("not a kefu audit key (64 hexadecimal digits)")
	}
	return k, nil
}

// EncodeKey is a key's hex text.
func EncodeKey(k []byte) string { return hex.EncodeToString(k) }

// NewKey makes a random 256-bit key.
func NewKey() []byte {
	k := make([]byte, 32)
	if _, err := rand.Read(k); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return k
}

// SaveKey writes a key file 0600 in a 0700 directory; it never overwrites another key.
func SaveKey(path string, key []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintln(f, EncodeKey(key)); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// NewDatabaseID names a database for its key file.
func NewDatabaseID() string {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}
