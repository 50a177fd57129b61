package storage

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// The storage tests run on SQLite and on PostgreSQL. TestMain creates a
// database of its own on the PostgreSQL server named by ZHIBU_TEST_PG and
// drops it at the end; each test gets a fresh schema in it, so tests stay
// independent. A server that cannot be reached fails the run: it is not
// skipped.

// defaultTestPG is the server of the development and CI machines.
const defaultTestPG = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// testPG is the URL of the package's test database, set by TestMain.
var testPG string

// schemas numbers the test schemas.
var schemas atomic.Int64

func TestMain(m *testing.M) {
	server := os.Getenv("ZHIBU_TEST_PG")
	if server == "" {
		server = defaultTestPG
	}
	drop, err := createTestDatabase(server)
	if err != nil {
		fmt.Fprintf(os.Stderr, "storage tests: PostgreSQL at %s (ZHIBU_TEST_PG) cannot be used: %v\n", redact(server), err)
		os.Exit(1)
	}
	code := m.Run()
	if err := drop(); err != nil {
		fmt.Fprintf(os.Stderr, "storage tests: drop test database: %v\n", err)
		code = 1
	}
	os.Exit(code)
}

// createTestDatabase creates a database named after the process on server
// and points testPG at it; drop removes it.
func createTestDatabase(server string) (drop func() error, err error) {
	admin, err := sql.Open("pgx", server)
	if err != nil {
		return nil, err
	}
	if err := admin.PingContext(context.Background()); err != nil {
		admin.Close()
		return nil, err
	}
	name := fmt.Sprintf("zhibu_test_storage_%d", os.Getpid())
	if _, err := admin.Exec("DROP DATABASE IF EXISTS " + name); err != nil {
		admin.Close()
		return nil, err
	}
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		admin.Close()
		return nil, err
	}
	u, err := url.Parse(server)
	if err != nil {
		admin.Close()
		return nil, err
	}
	u.Path = "/" + name
	testPG = u.String()
	return func() error {
		defer admin.Close()
		_, err := admin.Exec("DROP DATABASE " + name + " WITH (FORCE)")
		return err
	}, nil
}

// dbKinds are the databases every test of both runs on.
var dbKinds = []string{"sqlite", "postgres"}

// newTestSetting returns the setting of a fresh, empty database of kind: a
// file in a temporary directory, or a new schema of the test database
// (dropped at cleanup) as the URL's search_path.
func newTestSetting(t *testing.T, kind string) string {
	t.Helper()
	if kind == "sqlite" {
		return filepath.Join(t.TempDir(), "zhibu.db")
	}
	schema := fmt.Sprintf("t%d", schemas.Add(1))
	admin, err := sql.Open("pgx", testPG)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		admin.Close()
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		defer admin.Close()
		if _, err := admin.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(testPG)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	// A test's commits need not reach the disk: it saves the fsync of each
	// of the migrations' transactions.
	q.Set("synchronous_commit", "off")
	u.RawQuery = q.Encode()
	return u.String()
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
	forEachSetting(t, func(t *testing.T, setting string) {
		fn(t, newMigrated(t, setting))
	})
}
