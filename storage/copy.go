package storage

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// ErrTargetNotEmpty is what a *NotEmptyError is: Copy never merges into
// nor overwrites data.
var ErrTargetNotEmpty = errors.New("copy: the target database holds data")

// NotEmptyError is returned by Copy when a table of the target database
// holds rows. It wraps ErrTargetNotEmpty.
type NotEmptyError struct{ Table string }

func (e *NotEmptyError) Error() string {
	return fmt.Sprintf("%v (table %s)", ErrTargetNotEmpty, e.Table)
}

func (e *NotEmptyError) Unwrap() error { return ErrTargetNotEmpty }

// ErrCopyMismatch is returned by Copy and Verify, with the report, when a
// table of the target differs from the source in rows or checksum.
var ErrCopyMismatch = errors.New("copy: the target differs from the source")

// VersionError is returned by Copy when the source database is not at the
// schema version of this release: it must be migrated first, and Copy
// reads it without writing.
type VersionError struct {
	Version, Latest int64
}

func (e *VersionError) Error() string {
	return fmt.Sprintf("copy: source database at schema version %d, not %d", e.Version, e.Latest)
}

// TableCopy is one table of a copy: what was read from the source and
// what the target holds afterwards.
type TableCopy struct {
	Table                 string
	Rows, TargetRows      int64
	Checksum, TargetCheck string // hex SHA-256, see TableSum
}

// Match reports whether the target's table equals the source's.
func (t TableCopy) Match() bool {
	return t.Rows == t.TargetRows && t.Checksum == t.TargetCheck
}

// CopyReport is the outcome of Copy or Verify, one entry per table in the
// order they were copied.
type CopyReport struct {
	Version int64
	Tables  []TableCopy
}

// Match reports whether every table matched.
func (r CopyReport) Match() bool {
	for _, t := range r.Tables {
		if !t.Match() {
			return false
		}
	}
	return true
}

// copyBatch bounds the values of one INSERT: SQLite allows 32766
// parameters in a statement, PostgreSQL 65535.
const copyBatch = 4000

// Copy copies every row of every zhibu table from one database to
// another (SQLite or PostgreSQL, either way), then checks the copy. from
// must be at the latest schema version (a *VersionError otherwise); to is
// migrated to it and must hold no rows (ErrTargetNotEmpty). from is read
// in one snapshot and may be in use meanwhile; to is written in one
// transaction, tables in the order of their foreign keys, in batches, and
// its id counters are set so that new rows get ids after the copied ones
// (and after ids the source had handed out and deleted). Then each
// table's rows and checksum are read back from to and compared with those
// read from from: on a difference the report comes with ErrCopyMismatch.
// progress, when not nil, is called after each batch with the table and
// the rows copied into it so far.
func Copy(ctx context.Context, from, to *DB, progress func(table string, rows int64)) (CopyReport, error) {
	if err := from.CheckCopySource(ctx); err != nil {
		return CopyReport{}, err
	}
	// Refused before migrating: a database with data is left as it was.
	err := to.inSnapshot(ctx, func(q querier) error {
		tables, err := to.schema(ctx, q)
		if err != nil {
			return err
		}
		return mustBeEmpty(ctx, q, tables)
	})
	if errors.Is(err, ErrTargetNotEmpty) {
		return CopyReport{}, err
	}
	if err != nil {
		return CopyReport{}, fmt.Errorf("storage: copy to %s: %w", to.path, err)
	}
	if _, err := to.Migrate(ctx); err != nil {
		return CopyReport{}, fmt.Errorf("storage: copy to %s: %w", to.path, err)
	}
	report := CopyReport{Version: LatestVersion()}
	err = from.inSnapshot(ctx, func(q querier) error {
		var err error
		report.Tables, err = copyTables(ctx, from, q, to, progress)
		return err
	})
	if err != nil {
		if errors.Is(err, ErrTargetNotEmpty) {
			return CopyReport{}, err
		}
		return CopyReport{}, fmt.Errorf("storage: copy %s to %s: %w", from.path, to.path, err)
	}
	sums, err := to.Checksums(ctx)
	if err != nil {
		return report, err
	}
	return compare(report, sums)
}

// CheckCopySource returns a *VersionError when the database is not at
// the schema version of this release, the one Copy can copy from.
func (db *DB) CheckCopySource(ctx context.Context) error {
	v, err := db.Version(ctx)
	if err != nil {
		return fmt.Errorf("storage: copy from %s: %w", db.path, err)
	}
	if latest := LatestVersion(); v != latest {
		return &VersionError{Version: v, Latest: latest}
	}
	return nil
}

// Verify compares the tables of two databases by rows and checksum, each
// read in a snapshot of its own: it is Copy's check, for databases that
// nobody writes to meanwhile. A difference returns ErrCopyMismatch with
// the report.
func Verify(ctx context.Context, from, to *DB) (CopyReport, error) {
	src, err := from.Checksums(ctx)
	if err != nil {
		return CopyReport{}, err
	}
	v, err := from.Version(ctx)
	if err != nil {
		return CopyReport{}, fmt.Errorf("storage: verify %s: %w", from.path, err)
	}
	report := CopyReport{Version: v}
	for _, s := range src {
		report.Tables = append(report.Tables, TableCopy{Table: s.Table, Rows: s.Rows, Checksum: s.Sum})
	}
	dst, err := to.Checksums(ctx)
	if err != nil {
		return report, err
	}
	return compare(report, dst)
}

// compare fills the target's side of report from its sums. A table on
// one side only is a difference too.
func compare(report CopyReport, target []TableSum) (CopyReport, error) {
	byTable := map[string]TableSum{}
	for _, s := range target {
		byTable[s.Table] = s
	}
	for i, t := range report.Tables {
		s, ok := byTable[t.Table]
		if !ok {
			s.Rows = -1
		}
		report.Tables[i].TargetRows, report.Tables[i].TargetCheck = s.Rows, s.Sum
		delete(byTable, t.Table)
	}
	for name, s := range byTable {
		report.Tables = append(report.Tables, TableCopy{Table: name, Rows: -1, TargetRows: s.Rows, TargetCheck: s.Sum})
	}
	if !report.Match() {
		return report, ErrCopyMismatch
	}
	return report, nil
}

// copyTables copies the tables read through src into to, in one
// transaction on to, and returns what it read from each.
func copyTables(ctx context.Context, from *DB, src querier, to *DB, progress func(string, int64)) ([]TableCopy, error) {
	tables, err := from.schema(ctx, src)
	if err != nil {
		return nil, err
	}
	tx, err := to.sql.BeginTx(ctx, nil) // SQLite: BEGIN IMMEDIATE, the write lock
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if to.postgres {
		// zhibu's write lock (see serialPool), so that no instance of the
		// bot writes to the target meanwhile.
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", int64(writeLockKey)); err != nil {
			return nil, err
		}
	}
	dst, err := to.schema(ctx, tx)
	if err != nil {
		return nil, err
	}
	if err := sameShape(tables, dst); err != nil {
		return nil, err
	}
	if err := mustBeEmpty(ctx, tx, dst); err != nil {
		return nil, err
	}
	serials := map[string]string{}
	for _, t := range dst {
		serials[t.name] = t.serial
	}
	var out []TableCopy
	for _, t := range tables {
		c, err := copyTable(ctx, from, src, to, tx, t, progress)
		if err != nil {
			return nil, fmt.Errorf("table %s: %w", t.name, err)
		}
		if err := setCounter(ctx, from, src, to, tx, t, serials[t.name]); err != nil {
			return nil, fmt.Errorf("table %s: id counter: %w", t.name, err)
		}
		out = append(out, c)
	}
	return out, tx.Commit()
}

// sameShape checks that both databases have the same tables with the same
// columns of the same kinds, in the same order (Copy reads one row and
// inserts it as it is).
func sameShape(src, dst []table) error {
	byName := map[string]table{}
	for _, t := range dst {
		byName[t.name] = t
	}
	if len(src) != len(dst) {
		return fmt.Errorf("the databases have different tables (%d and %d)", len(src), len(dst))
	}
	for _, s := range src {
		d, ok := byName[s.name]
		if !ok {
			return fmt.Errorf("table %s missing in the target", s.name)
		}
		if fmt.Sprint(s.columns) != fmt.Sprint(d.columns) {
			return fmt.Errorf("table %s: columns differ: %v and %v", s.name, s.columns, d.columns)
		}
	}
	return nil
}

// mustBeEmpty returns a *NotEmptyError when a table holds a row.
func mustBeEmpty(ctx context.Context, q querier, tables []table) error {
	for _, t := range tables {
		rows, err := queryStrings(ctx, q, "SELECT '' FROM "+quoteIdent(t.name)+" LIMIT 1")
		if err != nil {
			return err
		}
		if len(rows) > 0 {
			return &NotEmptyError{Table: t.name}
		}
	}
	return nil
}

// copyTable copies the rows of t in batches and sums them as it reads.
func copyTable(ctx context.Context, from *DB, src querier, to *DB, tx *sql.Tx, t table, progress func(string, int64)) (TableCopy, error) {
	per := max(1, copyBatch/len(t.columns))
	h := sha256.New()
	var n int64
	batch := make([]any, 0, per*len(t.columns))
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		rows := len(batch) / len(t.columns)
		if _, err := tx.ExecContext(ctx, to.insertRows(t, rows), batch...); err != nil {
			return err
		}
		batch = batch[:0]
		if progress != nil {
			progress(t.name, n)
		}
		return nil
	}
	err := from.eachRow(ctx, src, t, func(row []any) error {
		rowSum(h, row)
		n++
		batch = append(batch, row...)
		if len(batch) >= per*len(t.columns) {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		return TableCopy{}, err
	}
	return TableCopy{Table: t.name, Rows: n, Checksum: hex.EncodeToString(h.Sum(nil))}, nil
}

// insertRows is an INSERT of rows rows into t, with placeholders.
func (db *DB) insertRows(t table, rows int) string {
	cols := make([]string, len(t.columns))
	for i, c := range t.columns {
		cols[i] = quoteIdent(c.name)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "INSERT INTO %s (%s) VALUES ", quoteIdent(t.name), strings.Join(cols, ", "))
	p := 0
	for r := range rows {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for c := range t.columns {
			if c > 0 {
				b.WriteString(", ")
			}
			p++
			if db.postgres {
				fmt.Fprintf(&b, "$%d", p)
			} else {
				b.WriteByte('?')
			}
		}
		b.WriteByte(')')
	}
	return b.String()
}

// setCounter sets the target's id counter of t (its column serial, "" when
// it has none) past the largest id copied and past the source's counter:
// ids the source handed out are never handed out again.
func setCounter(ctx context.Context, from *DB, src querier, to *DB, tx *sql.Tx, t table, serial string) error {
	if serial == "" {
		return nil
	}
	var last int64
	if t.serial != "" {
		var err error
		if last, err = from.counter(ctx, src, t); err != nil {
			return err
		}
	}
	var top sql.NullInt64
	if err := tx.QueryRowContext(ctx, fmt.Sprintf("SELECT MAX(%s) FROM %s", quoteIdent(serial), quoteIdent(t.name))).Scan(&top); err != nil {
		return err
	}
	last = max(last, top.Int64)
	if last <= 0 {
		return nil // a fresh counter starts at 1
	}
	if to.postgres {
		_, err := tx.ExecContext(ctx, "SELECT setval(pg_get_serial_sequence($1, $2), $3, true)", quoteIdent(t.name), serial, last)
		return err
	}
	// sqlite_sequence follows the largest id inserted already; it only
	// lags when the source had handed out larger ids and deleted them.
	if _, err := tx.ExecContext(ctx, "UPDATE sqlite_sequence SET seq = ? WHERE name = ? AND seq < ?", last, t.name, last); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, "INSERT INTO sqlite_sequence (name, seq) SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = ?)", t.name, last, t.name)
	return err
}

// counter is the last id the counter of t handed out, 0 when none.
func (db *DB) counter(ctx context.Context, q querier, t table) (int64, error) {
	query := "SELECT seq FROM sqlite_sequence WHERE name = ?"
	arg := t.name
	if db.postgres {
		// pg_sequence_last_value reads the one sequence: a scan of
		// pg_sequences would cast every schema's names, and fail on a
		// schema dropped meanwhile by someone else.
		query = `SELECT COALESCE(pg_sequence_last_value(pg_get_serial_sequence($1, $2)::regclass), 0)`
		arg = quoteIdent(t.name)
	}
	args := []any{arg}
	if db.postgres {
		args = append(args, t.serial)
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	var n int64
	if rows.Next() {
		if err := rows.Scan(&n); err != nil {
			return 0, err
		}
	}
	return n, rows.Err()
}
