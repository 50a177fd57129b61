package storage

import (
	"errors"
	"strings"

	"github.com/mattn/go-sqlite3"
	"gorm.io/gorm"

	"github.com/zhibu/zhibu"
)

// This file holds what depends on the SQLite driver's errors. A PostgreSQL
// build would read constraint names from its own error type here instead.

// uniqueViolation reports whether err is a violated UNIQUE constraint or
// index that covers column (e.g. "members.name"). An empty column matches
// any unique violation.
func uniqueViolation(err error, column string) bool {
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
	var e sqlite3.Error
	return errors.As(err, &e) && e.ExtendedCode == sqlite3.ErrConstraintForeignKey
}

// notFound maps gorm's ErrRecordNotFound to zhibu.ErrNotFound.
func notFound(err error) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return zhibu.ErrNotFound
	}
	return err
}
