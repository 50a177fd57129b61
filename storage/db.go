// Package storage keeps zhibu's data in SQLite or PostgreSQL through gorm.
// It implements the store interfaces of the domain package; row types stay
// inside this package and are converted to domain types at its edge.
//
// The schema is created and upgraded by versioned goose migrations embedded
// from migrations/ (see migrate.go), never by gorm's AutoMigrate (on SQLite
// that rebuilds tables and, with foreign keys on, cascades deletes into
// child rows).
package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/driver/postgres"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/zhibu/zhibu"
)

// DB is the zhibu database. It is safe for concurrent use.
type DB struct {
	gorm *gorm.DB
	sql  *sql.DB
	now  func() time.Time
	// path names the database in errors: the SQLite file, or the
	// PostgreSQL URL without its password.
	path     string
	postgres bool
	// pg is the parsed PostgreSQL URL, for the leader lease's own
	// connection (lease.go); nil on SQLite.
	pg *pgx.ConnConfig
	// instance names this process's claims on a shared database
	// (claims.go): random, new at every Open.
	instance string
	zones    zones
}

// Option configures Open.
type Option func(*options)

type options struct {
	log        *slog.Logger
	statements *atomic.Int64
	busy       time.Duration
}

// WithBusyTimeout sets how long a statement waits for another connection's
// write lock before the database counts as unavailable (default 5 s). On
// PostgreSQL it is the session's lock_timeout.
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
	return fmt.Sprintf("file:%s?%s&_busy_timeout=%d", esc, pragmas, busy.Milliseconds()), nil
}

// Open opens the database named by setting and checks that it can be used.
// A setting starting with postgres:// or postgresql:// is a PostgreSQL
// connection URL (see IsPostgres); anything else is the path of a SQLite
// file, created if needed. It does not migrate; call Migrate. now is the
// clock used for timestamps the caller left zero; nil means time.Now.
// Errors name the path, or the URL without its password.
func Open(setting string, now func() time.Time, opts ...Option) (*DB, error) {
	if setting == "" {
		return nil, errors.New("storage: open: empty database path")
	}
	if now == nil {
		now = time.Now
	}
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	if o.busy <= 0 {
		o.busy = 5 * time.Second
	}
	name := Redact(setting)
	if unescapedUserinfo(setting) {
		// pgx would read part of the password as the host or the
		// database and print it in its errors: refuse before.
		return nil, fmt.Errorf("storage: open %s: %w", name, ErrUnescapedPassword)
	}
	open := sqliteDialector
	if IsPostgres(setting) {
		open = postgresDialector
	}
	dialector, err := open(setting, o.busy)
	if err != nil {
		return nil, fmt.Errorf("storage: open %s: %w", name, oneLine{err})
	}
	g, err := gorm.Open(dialector, &gorm.Config{
		// Times are stored in UTC: mattn writes a time as text in its own
		// offset and SQLite compares text, so mixed offsets sort wrongly;
		// PostgreSQL's TIMESTAMP keeps the wall clock it is given.
		NowFunc: func() time.Time { return now().UTC() },
		Logger:  newLogger(o.log, o.statements),
		// A single statement is atomic by itself; the writes that need more
		// than one statement open their own transaction.
		SkipDefaultTransaction: true,
	})
	if err != nil {
		return nil, fmt.Errorf("storage: open %s: %w", name, oneLine{err})
	}
	sqlDB, err := g.DB()
	if err != nil {
		return nil, fmt.Errorf("storage: open %s: %w", name, oneLine{err})
	}
	if err := watchUnits(g); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("storage: open %s: %w", name, oneLine{err})
	}
	if IsPostgres(setting) {
		// Keep the connections the handlers, the sender and the engine use
		// at once (database/sql keeps 2 by default): a PostgreSQL
		// connection costs a process and a handshake to open.
		sqlDB.SetMaxIdleConns(pgIdleConns)
		sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	}
	db := &DB{gorm: g, sql: sqlDB, now: now, path: name, postgres: IsPostgres(setting), instance: newInstance()}
	if db.postgres {
		// Parsed once already by postgresDialector.
		if db.pg, err = pgx.ParseConfig(setting); err != nil {
			sqlDB.Close()
			return nil, fmt.Errorf("storage: open %s: invalid PostgreSQL URL", name)
		}
	}
	// The driver opens lazily; ping now so a missing directory, an
	// unwritable file or an unreachable server fails here with the name
	// rather than at first use.
	if err := db.Ping(context.Background()); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("storage: open %s: %w", name, oneLine{err})
	}
	return db, nil
}

// oneLine is an error whose message is on one line: pgx writes one line
// per address it tried to connect to.
type oneLine struct{ err error }

func (e oneLine) Error() string {
	return strings.NewReplacer(":\n\t", ": ", "\n\t", "; ", "\n", "; ").Replace(e.err.Error())
}

func (e oneLine) Unwrap() error { return e.err }

// IsPostgres reports whether a database setting names a PostgreSQL
// database (a postgres:// or postgresql:// URL) rather than a SQLite file.
func IsPostgres(setting string) bool {
	return strings.HasPrefix(setting, "postgres://") || strings.HasPrefix(setting, "postgresql://")
}

// sqliteDialector opens the SQLite file at path, created 0600.
func sqliteDialector(path string, busy time.Duration) (gorm.Dialector, error) {
	d, err := dsn(path, busy)
	if err != nil {
		return nil, err
	}
	restrict(path)
	return sqlite.Open(d), nil
}

// postgresDialector connects to the PostgreSQL database at url through
// pgx's database/sql driver.
func postgresDialector(url string, busy time.Duration) (gorm.Dialector, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		// pgx's parse errors quote the URL, password included.
		return nil, errors.New("invalid PostgreSQL URL")
	}
	if cfg.RuntimeParams == nil {
		cfg.RuntimeParams = map[string]string{}
	}
	// The counterpart of SQLite's busy timeout: a statement waiting this
	// long for a row or table lock fails (and the work counts as
	// unavailable) rather than waiting forever.
	cfg.RuntimeParams["lock_timeout"] = fmt.Sprint(busy.Milliseconds())
	// The session's zone matters only to PostgreSQL's own clock and to
	// casts from text; every time zhibu writes is in UTC already.
	cfg.RuntimeParams["timezone"] = "UTC"
	return postgres.New(postgres.Config{Conn: serialPool{stdlib.OpenDB(*cfg)}}), nil
}

// pgIdleConns is how many idle PostgreSQL connections an instance keeps.
const pgIdleConns = 16

// writeLockKey is the PostgreSQL advisory lock every transaction of zhibu
// takes first (an arbitrary number, "zhibu" in ASCII).
const writeLockKey = 0x7a68696275

// serialPool is PostgreSQL's connection pool with SQLite's transactions:
// each transaction begins by taking one advisory lock, held until it ends,
// as SQLite's BEGIN IMMEDIATE takes the write lock. So transactions that
// read and then write (a counter, the next 编号, "is this free? then take
// it") run one at a time, as the storage code expects, on every instance
// that shares the database; reads and single statements outside a
// transaction do not wait. A transaction waiting longer than lock_timeout
// (the busy timeout) fails, and its work counts as unavailable.
type serialPool struct{ *sql.DB }

// BeginTx implements gorm.TxBeginner.
func (p serialPool) BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error) {
	tx, err := p.DB.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", int64(writeLockKey)); err != nil {
		_ = tx.Rollback()
		return nil, err
	}
	return tx, nil
}

// GetDBConn implements gorm.GetDBConnector, for gorm.DB.DB.
func (p serialPool) GetDBConn() (*sql.DB, error) { return p.DB, nil }

// Redact returns a database setting fit for logs and messages: a
// PostgreSQL URL with its password (in the user part or as a parameter)
// shown as xxxxx, a SQLite path as it is.
func Redact(setting string) string {
	if !IsPostgres(setting) {
		return setting
	}
	if unescapedUserinfo(setting) {
		// The password holds an @, /, ? or # left unescaped: hide all of
		// it, up to the last @.
		scheme, rest, _ := strings.Cut(setting, "://")
		return scheme + "://xxxxx@" + rest[strings.LastIndex(rest, "@")+1:]
	}
	u, err := url.Parse(setting)
	if err != nil {
		return "postgres://(invalid URL)"
	}
	// libpq's URLs may carry the password as a parameter too.
	if q := u.Query(); q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}

// ErrUnescapedPassword: a PostgreSQL URL whose user or password holds an
// @, /, ? or # that is not percent-encoded.
var ErrUnescapedPassword = errors.New("the user or password holds an unescaped @, /, ? or #: percent-encode it (@ is %40, / is %2F, ? is %3F, # is %23)")

// unescapedUserinfo reports a PostgreSQL URL with an @ after the first /,
// ? or # of its authority, or more than one @: a password written with
// one of those characters unescaped.
func unescapedUserinfo(setting string) bool {
	if !IsPostgres(setting) {
		return false
	}
	_, rest, _ := strings.Cut(setting, "://")
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	return strings.Contains(rest[end:], "@") || strings.Count(rest[:end], "@") > 1
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

// slowStatement is how long a statement takes before it is logged.
const slowStatement = 200 * time.Millisecond

// newLogger returns gorm's logger: silent, or slow statements to log;
// counting statements in n when it is not nil.
func newLogger(log *slog.Logger, n *atomic.Int64) logger.Interface {
	var l logger.Interface = logger.Discard
	if log != nil {
		// gorm's line reads "SQL executed"; the attribute says why it is
		// logged at all.
		l = slowOnly{logger.NewSlogLogger(log.With("slow_over", slowStatement.String()), logger.Config{
			SlowThreshold: slowStatement,
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

// bound returns t in UTC as the bound of a comparison "column >= t" or
// "column < t". PostgreSQL keeps microseconds and pgx drops what is finer,
// which would move such a bound with a fraction of a microsecond onto the
// microsecond before it (the engine's windows start and end 1 ns after a
// whole second): so on PostgreSQL the bound is rounded up to the next
// microsecond, which selects the same stored times as t itself. SQLite
// compares the full time.
func (db *DB) bound(t time.Time) time.Time {
	t = t.UTC()
	if db.postgres {
		if r := t.Truncate(time.Microsecond); !r.Equal(t) {
			return r.Add(time.Microsecond)
		}
	}
	return t
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
// inside tx. Transactions hold the database's write lock from their start
// (SQLite: they begin immediate, see the DSN; PostgreSQL: see serialPool),
// so the lock is held from the MAX to the INSERT and two calls cannot take
// one number; UNIQUE (branch_id, number) would refuse a duplicate anyway.
// An unknown branch gives zhibu.ErrNotFound.
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
