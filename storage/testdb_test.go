package storage

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/zhibu/zhibu/storage/storagetest"
)

// The storage tests run on SQLite and on PostgreSQL: TestMain creates a
// database of the package's own on the server of ZHIBU_TEST_PG and drops
// it at the end; each test gets a schema of its own in it. A server that
// cannot be reached fails the run with one line: it is not skipped.

// pg is the package's PostgreSQL database, set by TestMain.
var pg *storagetest.Postgres

func TestMain(m *testing.M) {
	var err error
	if pg, err = storagetest.Start("storage"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	if err := pg.Stop(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		code = 1
	}
	os.Exit(code)
}

// dbKinds are the databases every test of both runs on.
var dbKinds = []string{"sqlite", "postgres"}

// newTestSetting returns the setting of a fresh, empty database of kind: a
// file in a temporary directory, or a new schema of the test database.
func newTestSetting(t *testing.T, kind string) string {
	t.Helper()
	if kind == "sqlite" {
		return filepath.Join(t.TempDir(), "zhibu.db")
	}
	return pg.Schema(t)
}

// forEachSetting runs fn once per database kind, as parallel subtests,
// with the setting of a fresh empty database.
func forEachSetting(t *testing.T, fn func(t *testing.T, setting string)) {
	t.Helper()
	for _, kind := range dbKinds {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			fn(t, newTestSetting(t, kind))
		})
	}
}

// forEachDB runs fn once per database kind, as parallel subtests, with a
// fresh migrated database whose clock reads t0.
func forEachDB(t *testing.T, fn func(t *testing.T, db *DB)) {
	t.Helper()
	for _, kind := range dbKinds {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			if kind == "sqlite" {
				fn(t, newTestDB(t))
				return
			}
			fn(t, newTestDBAt(t, pg.Migrated(t, migrateAt)))
		})
	}
}

// migrateAt migrates the database at setting.
func migrateAt(setting string) error {
	db, err := Open(setting, func() time.Time { return t0 })
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.Migrate(context.Background())
	return err
}
