package storage

import (
	"errors"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/mattn/go-sqlite3"
	"gorm.io/gorm"

	"github.com/zhibu/zhibu"
)

// This file holds what depends on the drivers' errors: mattn/go-sqlite3's
// and pgx's.

// PostgreSQL's SQLSTATE codes of the constraint violations zhibu answers.
const (
	pgUniqueViolation     = "23505"
	pgForeignKeyViolation = "23503"
)

// uniqueViolation reports whether err is a violated UNIQUE constraint or
// index that covers column (e.g. "members.name"). An empty column after the
// table's dot (e.g. "attendance.") matches any unique violation on the
// table, an empty column any unique violation.
func uniqueViolation(err error, column string) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == pgUniqueViolation && pgCovers(pe, column)
	}
	var e sqlite3.Error
	if !errors.As(err, &e) {
		return false
	}
	if e.ExtendedCode != sqlite3.ErrConstraintUnique && e.ExtendedCode != sqlite3.ErrConstraintPrimaryKey {
		return false
	}
	// SQLite names the columns: "UNIQUE constraint failed: members.branch_id, members.name".
	return column == "" || strings.Contains(e.Error(), column)
}

// foreignKeyViolation reports whether err is a violated foreign key, such as
// a row pointing at a branch that does not exist.
func foreignKeyViolation(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == pgForeignKeyViolation
	}
	var e sqlite3.Error
	return errors.As(err, &e) && e.ExtendedCode == sqlite3.ErrConstraintForeignKey
}

// pgCovers reports whether a unique violation on PostgreSQL is on the
// table of column ("members.name") and its key includes the column.
// PostgreSQL names the key in the detail: "Key (branch_id, name)=(1, 张三)
// already exists."
func pgCovers(e *pgconn.PgError, column string) bool {
	if column == "" {
		return true
	}
	table, col, _ := strings.Cut(column, ".")
	if e.TableName != table {
		return false
	}
	if col == "" {
		return true
	}
	key, ok := strings.CutPrefix(e.Detail, "Key (")
	if !ok {
		return false
	}
	key, _, _ = strings.Cut(key, ")=")
	for _, c := range strings.Split(key, ", ") {
		if c == col {
			return true
		}
	}
	return false
}

// pgBreaks reports whether a PostgreSQL error is the database's failure
// rather than an answer about the data: everything but the integrity
// constraint violations (class 23). A serialization failure, a deadlock,
// a lock or statement timeout and a lost connection thus make the work
// unavailable, to be tried again, as SQLite's "database is locked" does.
func pgBreaks(e *pgconn.PgError) bool {
	return !strings.HasPrefix(e.Code, "23")
}

// notFound maps gorm's ErrRecordNotFound to zhibu.ErrNotFound.
func notFound(err error) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return zhibu.ErrNotFound
	}
	return err
}
