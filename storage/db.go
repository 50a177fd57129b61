// Package storage keeps zhibu's data in SQLite through gorm. It implements
// the store interfaces of the domain package; row types stay inside this
// package and are converted to domain types at its edge.
//
// The schema is created and upgraded by versioned goose migrations embedded
// from migrations/*.sql, never by gorm's AutoMigrate (on SQLite that rebuilds
// tables and, with foreign keys on, cascades deletes into child rows).
package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/zhibu/zhibu"
)

// DB is the zhibu database. It is safe for concurrent use.
type DB struct {
	gorm  *gorm.DB
	sql   *sql.DB
	now   func() time.Time
	path  string
	zones zones
}

// Option configures Open.
type Option func(*options)

type options struct {
	log        *slog.Logger
	statements *atomic.Int64
	busy       time.Duration
}

// WithBusyTimeout sets how long a statement waits for another connection's
// write lock before the database counts as unavailable (default 5 s).
func WithBusyTimeout(d time.Duration) Option {
	return func(o *options) { o.busy = d }
}

// WithLogger makes the database log slow statements (over 200ms) to log.
// Failed statements are not logged: their errors are returned to the caller,
// who handles them once. Without this option the database logs nothing.
func WithLogger(log *slog.Logger) Option {
	return func(o *options) { o.log = log }
}

// WithStatementCount adds one to n for every SQL statement the database
// runs: benchmarks report how many statements a unit of work costs.
func WithStatementCount(n *atomic.Int64) Option {
	return func(o *options) { o.statements = n }
}

// pragmas are passed in the DSN so that mattn/go-sqlite3 applies them to every
// connection it opens; an Exec("PRAGMA …") would reach one pooled connection.
const pragmas = "" +
	// WAL lets readers go on while one writer writes.
	"_journal_mode=WAL" +
	// mattn lowers synchronous to NORMAL with WAL: then a commit survives a
	// crash of the process but not a power cut. The inbox promises Telegram
	// an update is stored before confirming it, so every commit is synced;
	// at a bot's write rate the fsync costs nothing that matters.
	"&_synchronous=FULL" +
	// SQLite ignores REFERENCES unless this is on, per connection.
	"&_foreign_keys=on" +
	// BEGIN IMMEDIATE takes the write lock when a transaction starts. A
	// deferred transaction that reads and then writes cannot wait for the
	// lock (the busy handler is skipped to avoid deadlock) and fails with
	// "database is locked" under concurrency.
	"&_txlock=immediate" +
	// Deleted and overwritten content is zeroed, so that a leave reason
	// cleared by the retention (PruneUpdates) is not left readable on a
	// free page of the file. It costs some writes; the bot writes little.
	"&_secure_delete=on"

// dsn turns a file path into the DSN mattn/go-sqlite3 expects. A DSN starting
// with "file:" is handed whole to SQLite as a URI (mattn reads its own "_"
// options after the first '?', SQLite ignores them), so '%', '?' and '#' in
// the path are percent-encoded. The path is made absolute, so that one
// starting with "//" is not read as a URI authority. Spaces need no escaping.
func dsn(path string, busy time.Duration) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	esc := strings.NewReplacer("%", "%25", "?", "%3F", "#", "%23").Replace(filepath.ToSlash(abs))
	// Wait for another connection's write lock (5 s unless set) instead of
	// failing at once with "database is locked".
	if busy <= 0 {
		busy = 5 * time.Second
	}
	return fmt.Sprintf("file:%s?%s&_busy_timeout=%d", esc, pragmas, busy.Milliseconds()), nil
}

// Open opens (creating if needed) the SQLite database at path and checks that
// it can be used. It does not migrate; call Migrate. now is the clock used
// for timestamps the caller left zero; nil means time.Now. Errors name the
// path.
func Open(path string, now func() time.Time, opts ...Option) (*DB, error) {
	if path == "" {
		return nil, errors.New("storage: open: empty database path")
	}
	if now == nil {
		now = time.Now
	}
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	d, err := dsn(path, o.busy)
	if err != nil {
		return nil, fmt.Errorf("storage: open %s: %w", path, err)
	}
	restrict(path)
	g, err := gorm.Open(sqlite.Open(d), &gorm.Config{
		// Times are stored in UTC: mattn writes a time as text in its own
		// offset and SQLite compares text, so mixed offsets sort wrongly.
		NowFunc: func() time.Time { return now().UTC() },
		Logger:  newLogger(o.log, o.statements),
		// A single statement is atomic by itself; the writes that need more
		// than one statement open their own transaction.
		SkipDefaultTransaction: true,
	})
	if err != nil {
		return nil, fmt.Errorf("storage: open %s: %w", path, err)
	}
	sqlDB, err := g.DB()
	if err != nil {
		return nil, fmt.Errorf("storage: open %s: %w", path, err)
	}
	if err := watchUnits(g); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("storage: open %s: %w", path, err)
	}
	db := &DB{gorm: g, sql: sqlDB, now: now, path: path}
	// The driver opens lazily; ping now so a missing directory or an
	// unwritable file fails here with the path rather than at first use.
	if err := db.Ping(context.Background()); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("storage: open %s: %w", path, err)
	}
	return db, nil
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	return db.sql.PingContext(ctx)
}

// Close closes the database.
func (db *DB) Close() error {
	if err := db.sql.Close(); err != nil {
		return fmt.Errorf("storage: close %s: %w", db.path, err)
	}
	return nil
}

// stamp returns t in UTC, or the current time when t is zero.
func (db *DB) stamp(t time.Time) time.Time {
	if t.IsZero() {
		return db.now().UTC()
	}
	return t.UTC()
}

// newLogger returns gorm's logger: silent, or slow statements to log;
// counting statements in n when it is not nil.
func newLogger(log *slog.Logger, n *atomic.Int64) logger.Interface {
	var l logger.Interface = logger.Discard
	if log != nil {
		l = slowOnly{logger.NewSlogLogger(log, logger.Config{
			SlowThreshold: 200 * time.Millisecond,
			LogLevel:      logger.Warn,
		})}
	}
	if n != nil {
		l = counting{Interface: l, n: n}
	}
	return l
}

// counting counts the statements gorm traces.
type counting struct {
	logger.Interface
	n *atomic.Int64
}

func (l counting) LogMode(level logger.LogLevel) logger.Interface {
	return counting{Interface: l.Interface.LogMode(level), n: l.n}
}

func (l counting) Trace(ctx context.Context, begin time.Time, fc func() (string, int64), err error) {
	l.n.Add(1)
	l.Interface.Trace(ctx, begin, fc, err)
}

// slowOnly drops the errors of traced statements so that only slow ones are
// logged; the errors themselves are returned to the caller. It logs SQL with
// placeholders, never the values (names, payloads).
type slowOnly struct{ logger.Interface }

// ParamsFilter implements gorm.ParamsFilter: the logged SQL keeps its
// placeholders.
func (slowOnly) ParamsFilter(_ context.Context, sql string, _ ...any) (string, []any) {
	return sql, nil
}

func (l slowOnly) LogMode(level logger.LogLevel) logger.Interface {
	return slowOnly{l.Interface.LogMode(level)}
}

func (l slowOnly) Trace(ctx context.Context, begin time.Time, fc func() (string, int64), _ error) {
	l.Interface.Trace(ctx, begin, fc, nil)
}

// nullTime stores a zero time as NULL, any other in UTC.
func nullTime(t time.Time) sql.NullTime {
	if t.IsZero() {
		return sql.NullTime{}
	}
	return sql.NullTime{Time: t.UTC(), Valid: true}
}

// fromNull returns NULL as the zero time, any other in UTC.
func fromNull(t sql.NullTime) time.Time {
	if !t.Valid {
		return time.Time{}
	}
	return t.Time.UTC()
}

// insertNumbered gives a row the next 编号 of its branch and inserts it,
// inside tx. Transactions begin immediate (see the DSN), so the write lock
// is held from the MAX to the INSERT and two calls cannot take one number;
// UNIQUE (branch_id, number) would refuse a duplicate anyway. An unknown
// branch gives zhibu.ErrNotFound.
func insertNumbered(tx *gorm.DB, model any, branchID int64, number *int, row any) error {
	err := tx.Model(model).Select("COALESCE(MAX(number), 0) + 1").Where("branch_id = ?", branchID).Scan(number).Error
	if err != nil {
		return err
	}
	if err := tx.Create(row).Error; err != nil {
		if foreignKeyViolation(err) {
			return fmt.Errorf("branch %d: %w", branchID, zhibu.ErrNotFound)
		}
		return err
	}
	return nil
}

// scanAll runs q and turns each row into a T with one: the lists the
// engine and the ledgers read in bulk use plain row scans, where gorm's
// reflection per row costs more than the query.
func scanAll[T any](q *gorm.DB, one func(*sql.Rows) (T, error)) ([]T, error) {
	rows, err := q.Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		v, err := one(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// restrict keeps the database readable by its owner only: it holds
// members' private records (leave reasons, grades, statuses). A new file is
// created 0600 before SQLite opens it, and SQLite gives the -wal and -shm
// files it creates the database file's mode; an existing file and its
// companions readable by others are narrowed to 0600. Failures are left to
// the open that follows, which names the path.
func restrict(path string) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err == nil {
		f.Close()
		return
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if st, err := os.Stat(p); err == nil && st.Mode().Perm()&0o077 != 0 {
			_ = os.Chmod(p, st.Mode().Perm()&0o700)
		}
	}
}
