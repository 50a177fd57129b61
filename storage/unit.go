package storage

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/mattn/go-sqlite3"
	"gorm.io/gorm"

	"github.com/zhibu/zhibu"
)

// A unit of work is one transaction that every method of the database joins
// when it is called with the unit's context: an update's effects, the
// replies it queues and its "processed" mark commit together or not at all
// (docs/design.md §2).

type unitKey struct{}

// unit is a transaction in progress and the first failure of the database
// seen inside it.
type unit struct {
	db *DB
	tx *gorm.DB

	mu     sync.Mutex
	broken error
}

func unitOf(ctx context.Context, db *DB) *unit {
	u, _ := ctx.Value(unitKey{}).(*unit)
	if u == nil || u.db != db {
		return nil
	}
	return u
}

// conn is the connection a method uses: the unit's transaction when ctx
// carries one of this database, else the pool.
func (db *DB) conn(ctx context.Context) *gorm.DB {
	if u := unitOf(ctx, db); u != nil {
		return u.tx.WithContext(ctx)
	}
	return db.gorm.WithContext(ctx)
}

// mayRefuse runs a write the data may refuse (a constraint it would
// violate) on the connection of ctx. On PostgreSQL inside a unit it runs
// in a savepoint: there a failed statement aborts the whole transaction,
// while the caller, as on SQLite, answers the refusal and goes on.
func (db *DB) mayRefuse(ctx context.Context, write func(tx *gorm.DB) error) error {
	if db.postgres && unitOf(ctx, db) != nil {
		return db.conn(ctx).Transaction(write)
	}
	return write(db.conn(ctx))
}

// Atomically runs fn in one transaction: every method of db called with
// the context fn receives works inside it, and their effects commit when fn
// returns nil, or roll back when it returns an error. Called inside a unit,
// it joins that unit.
//
// If a statement fails for a reason of the database rather than of the data
// (busy or locked past the busy timeout, read-only, full, I/O; on
// PostgreSQL a lock timeout, serialization failure, deadlock or lost
// connection), everything
// rolls back even if fn went on and returned nil, and the error wraps
// zhibu.ErrUnavailable: the work may be tried again later. So do failures to
// begin or commit. An error fn returns otherwise comes back as it is.
func (db *DB) Atomically(ctx context.Context, fn func(ctx context.Context) error) error {
	if unitOf(ctx, db) != nil {
		return fn(ctx)
	}
	var fnErr error
	ran := false
	err := db.gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		u := &unit{db: db, tx: tx}
		ran = true
		fnErr = fn(context.WithValue(ctx, unitKey{}, u))
		if u.broken != nil {
			return unavailable(u.broken)
		}
		return fnErr
	})
	switch {
	case err == nil:
		return nil
	case errors.Is(err, zhibu.ErrUnavailable):
		return err
	case ran && fnErr != nil && errors.Is(err, fnErr):
		return fnErr
	}
	return unavailable(err) // begin or commit failed
}

func unavailable(err error) error {
	return fmt.Errorf("storage: %w: %w", zhibu.ErrUnavailable, err)
}

// breaks reports whether a statement's error is the database's failure
// rather than an answer about the data (no such row, a constraint).
func breaks(err error) bool {
	if err == nil || errors.Is(err, gorm.ErrRecordNotFound) {
		return false
	}
	var e sqlite3.Error
	if errors.As(err, &e) {
		return e.Code != sqlite3.ErrConstraint
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pgBreaks(pe)
	}
	return true
}

// watchUnits registers gorm callbacks that remember, in the unit a
// statement runs in, the first failure of the database: the unit then
// rolls back even when the caller went on.
func watchUnits(g *gorm.DB) error {
	watch := func(tx *gorm.DB) {
		if !breaks(tx.Error) || tx.Statement.Context == nil {
			return
		}
		u, _ := tx.Statement.Context.Value(unitKey{}).(*unit)
		if u == nil {
			return
		}
		u.mu.Lock()
		if u.broken == nil {
			u.broken = tx.Error
		}
		u.mu.Unlock()
	}
	cb := g.Callback()
	for _, err := range []error{
		cb.Create().After("*").Register("zhibu:watch_create", watch),
		cb.Query().After("*").Register("zhibu:watch_query", watch),
		cb.Update().After("*").Register("zhibu:watch_update", watch),
		cb.Delete().After("*").Register("zhibu:watch_delete", watch),
		cb.Row().After("*").Register("zhibu:watch_row", watch),
		cb.Raw().After("*").Register("zhibu:watch_raw", watch),
	} {
		if err != nil {
			return err
		}
	}
	return nil
}
