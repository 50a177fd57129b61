// Package storagetest gives tests a real PostgreSQL database: one database
// per test package, created when the package's tests start and dropped at
// their end, and a schema per test in it, so that tests stay independent.
// The server is ZHIBU_TEST_PG, by default the one of the development and CI
// machines. Only tests import this package.
package storagetest

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
)

// DefaultServer is the PostgreSQL server tests use when ZHIBU_TEST_PG is
// empty: trust authentication on the loopback.
const DefaultServer = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// Postgres is a test package's database on the server.
type Postgres struct {
	url     string // the package's database
	name    string
	server  *sql.DB // the server's database, to create and drop ours
	admin   *sql.DB // ours, to create, empty and drop schemas
	schemas atomic.Int64

	mu   sync.Mutex
	pool []string // emptied migrated schemas
	// pristine is the shape of a freshly migrated schema; order lists its
	// tables, those referring to others first.
	pristine string
	order    []string
}

// Start creates a database named after pkg and the process on the server
// of ZHIBU_TEST_PG. Its error is one line, naming the server without its
// password: a server that cannot be reached fails the tests.
func Start(pkg string) (*Postgres, error) {
	server := os.Getenv("ZHIBU_TEST_PG")
	if server == "" {
		server = DefaultServer
	}
	p, err := start(server, pkg)
	if err != nil {
		// pgx's errors span several lines.
		msg := strings.Join(strings.Fields(err.Error()), " ")
		return nil, fmt.Errorf("%s tests: PostgreSQL at %s (ZHIBU_TEST_PG) cannot be used: %s", pkg, redact(server), msg)
	}
	return p, nil
}

func start(server, pkg string) (*Postgres, error) {
	u, err := url.Parse(server)
	if err != nil {
		return nil, fmt.Errorf("invalid URL")
	}
	db, err := sql.Open("pgx", server)
	if err != nil {
		return nil, err
	}
	p := &Postgres{server: db, name: fmt.Sprintf("zhibu_test_%s_%d", pkg, os.Getpid())}
	for _, q := range []string{"DROP DATABASE IF EXISTS " + p.name, "CREATE DATABASE " + p.name} {
		if _, err := db.ExecContext(context.Background(), q); err != nil {
			db.Close()
			return nil, err
		}
	}
	u.Path = "/" + p.name
	p.url = u.String()
	if p.admin, err = sql.Open("pgx", p.url); err != nil {
		db.Close()
		return nil, err
	}
	return p, nil
}

// Stop drops the database.
func (p *Postgres) Stop() error {
	p.admin.Close()
	defer p.server.Close()
	if _, err := p.server.Exec("DROP DATABASE " + p.name + " WITH (FORCE)"); err != nil {
		return fmt.Errorf("drop test database %s: %w", p.name, err)
	}
	return nil
}

// Schema returns the URL of a new, empty schema, dropped at cleanup.
func (p *Postgres) Schema(t testing.TB) string {
	t.Helper()
	schema := fmt.Sprintf("t%d", p.schemas.Add(1))
	p.exec(t, "CREATE SCHEMA "+schema)
	t.Cleanup(func() { p.exec(t, "DROP SCHEMA "+schema+" CASCADE") })
	return p.schemaURL(schema)
}

// Migrated returns the URL of a migrated schema with no rows: migrate
// migrates the schema at a URL. Migrating costs PostgreSQL about half a
// second of catalog work on the development machines, more than most
// tests, so a test's schema is emptied at cleanup and handed to a later
// test: every row is deleted and the identity sequences restart, which
// leaves it as a fresh migration would. A schema whose shape a test changed
// (a trigger, a column, an index) is dropped instead.
func (p *Postgres) Migrated(t testing.TB, migrate func(url string) error) string {
	t.Helper()
	p.mu.Lock()
	var schema string
	if n := len(p.pool); n > 0 {
		schema, p.pool = p.pool[n-1], p.pool[:n-1]
	}
	p.mu.Unlock()
	if schema == "" {
		schema = fmt.Sprintf("m%d", p.schemas.Add(1))
		p.exec(t, "CREATE SCHEMA "+schema)
		if err := migrate(p.schemaURL(schema)); err != nil {
			t.Fatalf("migrate schema %s: %v", schema, err)
		}
		p.mu.Lock()
		if p.pristine == "" {
			p.pristine, p.order = p.shapeOf(t, schema), p.tablesOf(t, schema)
		}
		p.mu.Unlock()
	}
	t.Cleanup(func() { p.recycle(t, schema) })
	return p.schemaURL(schema)
}

// recycle empties schema into the pool, or drops it when its shape changed.
func (p *Postgres) recycle(t testing.TB, schema string) {
	if p.shapeOf(t, schema) != p.pristine {
		p.exec(t, "DROP SCHEMA "+schema+" CASCADE")
		return
	}
	var q strings.Builder
	for _, table := range p.order {
		fmt.Fprintf(&q, "DELETE FROM %s.%s;\n", schema, table)
	}
	// Every identity sequence but goose's starts again at 1.
	fmt.Fprintf(&q, `SELECT setval(s.oid, 1, false) FROM pg_class s
		WHERE s.relkind = 'S' AND s.relnamespace = '%s'::regnamespace AND s.relname NOT LIKE 'goose%%';`, schema)
	p.exec(t, q.String())
	p.mu.Lock()
	p.pool = append(p.pool, schema)
	p.mu.Unlock()
}

// shapeOf sums up the objects of schema: its relations, columns,
// constraints, functions and triggers.
func (p *Postgres) shapeOf(t testing.TB, schema string) string {
	var shape string
	err := p.admin.QueryRow(`SELECT concat_ws('/',
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
func (p *Postgres) tablesOf(t testing.TB, schema string) []string {
	rows, err := p.admin.Query(`SELECT c.relname,
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

// exec runs statements on the package's database.
func (p *Postgres) exec(t testing.TB, q string) {
	if _, err := p.admin.Exec(q); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// schemaURL is the URL of schema in the package's database.
func (p *Postgres) schemaURL(schema string) string {
	u, _ := url.Parse(p.url) // parsed once already in start
	q := u.Query()
	q.Set("search_path", schema)
	// A test's commits need not reach the disk.
	q.Set("synchronous_commit", "off")
	u.RawQuery = q.Encode()
	return u.String()
}

// redact returns a URL without its password.
func redact(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(an invalid URL)"
	}
	return u.Redacted()
}
