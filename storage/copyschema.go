package storage

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
)

// This file reads the shape of a database for Copy and Checksums: its
// tables, their columns and primary keys, the tables their foreign keys
// refer to and their id counters. It reads through q, so that the shape is
// that of the snapshot being copied.

// querier runs queries: a transaction or a connection of one snapshot.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// kind is how Copy and Checksums treat a column's values, whatever the
// database calls its type.
type kind int

const (
	kindText kind = iota
	kindInt
	kindBool
	kindTime
	kindBytes
)

// kindOf maps a declared type (SQLite) or a data type (PostgreSQL) to a kind.
func kindOf(declared string) kind {
	t := strings.ToLower(declared)
	switch {
	case strings.Contains(t, "int"):
		return kindInt
	case strings.HasPrefix(t, "bool"):
		return kindBool
	case strings.HasPrefix(t, "timestamp"), t == "datetime", t == "date":
		return kindTime
	case t == "blob", t == "bytea":
		return kindBytes
	}
	return kindText
}

// column is one column of a table.
type column struct {
	name string
	kind kind
}

// table is one table of zhibu's: every table but goose's.
type table struct {
	name    string
	columns []column
	key     []string // primary key columns, in order
	parents []string // tables its foreign keys refer to, itself excluded
	// serial is the column whose ids a counter hands out (SQLite's
	// AUTOINCREMENT, PostgreSQL's identity), "" when none.
	serial string
}

// schema reads the tables of the database on q, each after the tables it
// refers to (ties in name order).
func (db *DB) schema(ctx context.Context, q querier) ([]table, error) {
	names, err := db.tableNames(ctx, q)
	if err != nil {
		return nil, err
	}
	byName := map[string]table{}
	for _, name := range names {
		t, err := db.readTable(ctx, q, name)
		if err != nil {
			return nil, fmt.Errorf("table %s: %w", name, err)
		}
		byName[name] = t
	}
	return inDependencyOrder(byName)
}

func (db *DB) tableNames(ctx context.Context, q querier) ([]string, error) {
	query := `SELECT name FROM sqlite_master WHERE type = 'table'
		AND name NOT LIKE 'sqlite\_%' ESCAPE '\' AND name <> 'goose_db_version'`
	if db.postgres {
		query = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()
			AND table_type = 'BASE TABLE' AND table_name <> 'goose_db_version'`
	}
	return queryStrings(ctx, q, query)
}

// readTable reads the columns, key, parents and counter of table name.
func (db *DB) readTable(ctx context.Context, q querier, name string) (table, error) {
	t := table{name: name}
	var err error
	if db.postgres {
		err = pgTable(ctx, q, &t)
	} else {
		err = sqliteTable(ctx, q, &t)
	}
	if err == nil && len(t.columns) == 0 {
		err = fmt.Errorf("no columns")
	}
	return t, err
}

func sqliteTable(ctx context.Context, q querier, t *table) error {
	rows, err := q.QueryContext(ctx, "SELECT name, type, pk FROM pragma_table_info(?) ORDER BY cid", t.name)
	if err != nil {
		return err
	}
	defer rows.Close()
	keys := map[int]string{}
	for rows.Next() {
		var name, typ string
		var pk int
		if err := rows.Scan(&name, &typ, &pk); err != nil {
			return err
		}
		t.columns = append(t.columns, column{name: name, kind: kindOf(typ)})
		if pk > 0 {
			keys[pk] = name
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for i := 1; i <= len(keys); i++ {
		t.key = append(t.key, keys[i])
	}
	parents, err := queryStrings(ctx, q, `SELECT DISTINCT "table" FROM pragma_foreign_key_list(?) WHERE "table" <> ?`, t.name, t.name)
	if err != nil {
		return err
	}
	t.parents = parents
	// Only AUTOINCREMENT keeps a counter (in sqlite_sequence).
	sqls, err := queryStrings(ctx, q, "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", t.name)
	if err != nil {
		return err
	}
	if len(t.key) == 1 && len(sqls) == 1 && strings.Contains(strings.ToUpper(sqls[0]), "AUTOINCREMENT") {
		t.serial = t.key[0]
	}
	return nil
}

func pgTable(ctx context.Context, q querier, t *table) error {
	rows, err := q.QueryContext(ctx, `SELECT column_name, data_type, is_identity = 'YES' FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`, t.name)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var name, typ string
		var identity bool
		if err := rows.Scan(&name, &typ, &identity); err != nil {
			return err
		}
		t.columns = append(t.columns, column{name: name, kind: kindOf(typ)})
		if identity {
			t.serial = name
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rel := quoteIdent(t.name)
	if t.key, err = queryStrings(ctx, q, `SELECT a.attname FROM pg_index i
		JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey::int2[])
		WHERE i.indrelid = $1::regclass AND i.indisprimary
		ORDER BY array_position(i.indkey::int2[], a.attnum)`, rel); err != nil {
		return err
	}
	t.parents, err = queryStrings(ctx, q, `SELECT DISTINCT f.relname FROM pg_constraint k JOIN pg_class f ON k.confrelid = f.oid
		WHERE k.conrelid = $1::regclass AND k.contype = 'f' AND k.confrelid <> k.conrelid`, rel)
	return err
}

// inDependencyOrder lists the tables so that each comes after the tables
// it refers to: rows can be inserted in that order with foreign keys on.
func inDependencyOrder(tables map[string]table) ([]table, error) {
	done := map[string]bool{}
	var out []table
	for len(done) < len(tables) {
		var ready []string
		for name, t := range tables {
			if done[name] {
				continue
			}
			ok := true
			for _, p := range t.parents {
				if _, known := tables[p]; known && !done[p] {
					ok = false
				}
			}
			if ok {
				ready = append(ready, name)
			}
		}
		if len(ready) == 0 {
			return nil, fmt.Errorf("foreign keys form a cycle")
		}
		sort.Strings(ready)
		for _, name := range ready {
			done[name] = true
			out = append(out, tables[name])
		}
	}
	return out, nil
}

// queryStrings runs a query of one text column.
func queryStrings(ctx context.Context, q querier, query string, args ...any) ([]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// quoteIdent quotes an identifier for both databases.
func quoteIdent(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}
