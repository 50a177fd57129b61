package storage

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
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
		// One line: pgx's errors span several.
		msg := strings.Join(strings.Fields(err.Error()), " ")
		fmt.Fprintf(os.Stderr, "storage tests: PostgreSQL at %s (ZHIBU_TEST_PG) cannot be used: %s\n", Redact(server), msg)
		os.Exit(1)
	}
	code := m.Run()
	if adminDB != nil {
		adminDB.Close()
	}
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
	exec(t, "CREATE SCHEMA "+schema)
	t.Cleanup(func() { exec(t, "DROP SCHEMA "+schema+" CASCADE") })
	return schemaURL(t, schema)
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
			fn(t, newTestDBAt(t, migratedSchema(t)))
		})
	}
}

// Migrating a schema costs PostgreSQL about half a second of catalog work
// on the development machines, more than most tests. So a test's migrated
// schema is emptied afterwards and handed to a later test: every row is
// deleted and the identity sequences restart, which leaves it as a fresh
// migration would. A schema whose shape a test changed (a trigger, a
// column, an index) is dropped instead.
var (
	poolMu sync.Mutex
	pool   []string // emptied migrated schemas
	// pristine is the shape of a freshly migrated schema; order lists its
	// tables, those referring to others first.
	pristine string
	order    []string
)

// migratedSchema returns the URL of a migrated, empty schema of the test
// database, reused from an earlier test when one is free.
func migratedSchema(t *testing.T) string {
	t.Helper()
	poolMu.Lock()
	var schema string
	if n := len(pool); n > 0 {
		schema, pool = pool[n-1], pool[:n-1]
	}
	poolMu.Unlock()
	if schema == "" {
		schema = fmt.Sprintf("m%d", schemas.Add(1))
		exec(t, "CREATE SCHEMA "+schema)
		db, err := Open(schemaURL(t, schema), nil)
		if err != nil {
			t.Fatal(err)
		}
		_, err = db.Migrate(context.Background())
		db.Close()
		if err != nil {
			t.Fatalf("Migrate() = %v", err)
		}
		poolMu.Lock()
		if pristine == "" {
			pristine, order = shapeOf(t, schema), tablesOf(t, schema)
		}
		poolMu.Unlock()
	}
	t.Cleanup(func() { recycle(t, schema) })
	return schemaURL(t, schema)
}

// recycle empties schema into the pool, or drops it when its shape changed.
func recycle(t *testing.T, schema string) {
	if shapeOf(t, schema) != pristine {
		exec(t, "DROP SCHEMA "+schema+" CASCADE")
		return
	}
	var q strings.Builder
	for _, table := range order {
		fmt.Fprintf(&q, "DELETE FROM %s.%s;\n", schema, table)
	}
	// Every identity sequence starts again at 1.
	fmt.Fprintf(&q, `SELECT setval(s.oid, 1, false) FROM pg_class s
		WHERE s.relkind = 'S' AND s.relnamespace = '%s'::regnamespace
			AND s.relname NOT LIKE 'goose%%';`, schema)
	exec(t, q.String())
	poolMu.Lock()
	pool = append(pool, schema)
	poolMu.Unlock()
}

// shapeOf sums up the objects of schema: its relations, columns,
// constraints, functions and triggers.
func shapeOf(t *testing.T, schema string) string {
	var shape string
	err := admin(t).QueryRow(`SELECT concat_ws('/',
		(SELECT count(*) FROM pg_class WHERE relnamespace = $1::regnamespace),
		(SELECT count(*) FROM pg_attribute a JOIN pg_class c ON a.attrelid = c.oid
			WHERE c.relnamespace = $1::regnamespace AND a.attnum > 0 AND NOT a.attisdropped),
		(SELECT count(*) FROM pg_constraint WHERE connamespace = $1::regnamespace),
		(SELECT count(*) FROM pg_proc WHERE pronamespace = $1::regnamespace),
		(SELECT count(*) FROM pg_trigger g JOIN pg_class c ON g.tgrelid = c.oid
			WHERE c.relnamespace = $1::regnamespace AND NOT g.tgisinternal))`, schema).Scan(&shape)
	if err != nil {
		t.Fatalf("shape of schema %s: %v", schema, err)
	}
	return shape
}

// tablesOf lists the tables of schema but goose's, each table before the
// tables its foreign keys refer to, so that deleting in this order breaks
// no reference.
func tablesOf(t *testing.T, schema string) []string {
	rows, err := admin(t).Query(`SELECT c.relname,
		COALESCE((SELECT string_agg(f.relname, ',') FROM pg_constraint k JOIN pg_class f ON k.confrelid = f.oid
			WHERE k.conrelid = c.oid AND k.contype = 'f' AND k.confrelid <> c.oid), '')
		FROM pg_class c WHERE c.relnamespace = $1::regnamespace AND c.relkind = 'r'
			AND c.relname <> 'goose_db_version'`, schema)
	if err != nil {
		t.Fatalf("tables of schema %s: %v", schema, err)
	}
	defer rows.Close()
	refers := map[string][]string{} // table → the tables it refers to
	for rows.Next() {
		var table, parents string
		if err := rows.Scan(&table, &parents); err != nil {
			t.Fatal(err)
		}
		refers[table] = nil
		if parents != "" {
			refers[table] = strings.Split(parents, ",")
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	// Repeatedly take the tables no remaining table refers to.
	var out []string
	for len(refers) > 0 {
		referred := map[string]bool{}
		for _, parents := range refers {
			for _, p := range parents {
				referred[p] = true
			}
		}
		var free []string
		for table := range refers {
			if !referred[table] {
				free = append(free, table)
			}
		}
		if len(free) == 0 {
			t.Fatalf("tables of schema %s: foreign keys form a cycle", schema)
		}
		sort.Strings(free)
		for _, table := range free {
			delete(refers, table)
		}
		out = append(out, free...)
	}
	return out
}

var (
	adminOnce sync.Once
	adminDB   *sql.DB
	adminErr  error
)

// admin returns the pool the tests use to create, empty and drop schemas.
func admin(t *testing.T) *sql.DB {
	adminOnce.Do(func() { adminDB, adminErr = sql.Open("pgx", testPG) })
	if adminErr != nil {
		t.Fatal(adminErr)
	}
	return adminDB
}

// exec runs statements on the test database.
func exec(t *testing.T, q string) {
	if _, err := admin(t).Exec(q); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// schemaURL is the URL of schema in the test database.
func schemaURL(t *testing.T, schema string) string {
	u, err := url.Parse(testPG)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	// A test's commits need not reach the disk.
	q.Set("synchronous_commit", "off")
	u.RawQuery = q.Encode()
	return u.String()
}
