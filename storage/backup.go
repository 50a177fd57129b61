package storage

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// ErrBackupUnsupported is returned by BackupTo on a database that is not
// SQLite: a PostgreSQL database is copied with pg_dump.
var ErrBackupUnsupported = errors.New("backup: only a SQLite database can be copied this way")

// BackupInfo describes a backup copy as found when it was checked: opened
// as a zhibu database, its integrity checked and its main tables counted.
type BackupInfo struct {
	Path     string
	Size     int64 // bytes
	Version  int64 // the schema version of the copy
	Branches int64
	Members  int64
	Meetings int64
	Pledges  int64
	// Pending is how many messages wait unsent in the copy's outbox: a
	// database restored from it sends them on start.
	Pending int64
}

// BackupTo writes a consistent copy of the database to path while others
// may go on writing, then checks the copy (see BackupInfo). path must not
// exist: an existing file is refused with an error wrapping fs.ErrExist.
// The copy is created 0600, like the database.
//
// It uses VACUUM INTO rather than the online backup API: one statement run
// in a read transaction, so the copy is the snapshot of one moment in WAL
// mode while writers of this and other processes carry on (the backup API
// restarts whenever another process writes mid-copy); and the copy holds
// no free pages, so nothing secure_delete cleared can be read from it.
// A failed copy or check removes the file it created.
func (db *DB) BackupTo(ctx context.Context, path string) (BackupInfo, error) {
	if name := db.gorm.Dialector.Name(); name != "sqlite" {
		return BackupInfo{}, fmt.Errorf("storage: backup %s: %w", name, ErrBackupUnsupported)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return BackupInfo{}, fmt.Errorf("storage: backup to %s: %w", path, err)
	}
	// Created empty here, with O_EXCL, so that an existing file is never
	// touched and the copy is 0600 from the start: VACUUM INTO writes into
	// an empty file and keeps its mode.
	f, err := os.OpenFile(abs, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return BackupInfo{}, fmt.Errorf("storage: backup to %s: %w", path, unwrapPathError(err))
	}
	f.Close()
	info, err := db.backupInto(ctx, abs)
	if err != nil {
		for _, p := range []string{abs, abs + "-journal", abs + "-wal", abs + "-shm"} {
			_ = os.Remove(p)
		}
		return BackupInfo{}, fmt.Errorf("storage: backup to %s: %w", path, err)
	}
	info.Path = path
	return info, nil
}

// backupInto copies the database into the empty file at abs, syncs it and
// checks it.
func (db *DB) backupInto(ctx context.Context, abs string) (BackupInfo, error) {
	if _, err := db.sql.ExecContext(ctx, "VACUUM INTO ?", abs); err != nil {
		return BackupInfo{}, err
	}
	// VACUUM INTO writes the copy without syncing it: a backup that a power
	// cut can lose is not one.
	if err := syncFile(abs); err != nil {
		return BackupInfo{}, err
	}
	if err := syncFile(filepath.Dir(abs)); err != nil {
		return BackupInfo{}, err
	}
	return checkBackup(ctx, abs)
}

// checkBackup opens the zhibu database at path as the bot would (without
// migrating it), checks its integrity and counts its main tables. Its -wal
// and -shm files are gone again when it returns.
func checkBackup(ctx context.Context, path string) (BackupInfo, error) {
	if _, err := os.Stat(path); err != nil {
		return BackupInfo{}, fmt.Errorf("check %s: %w", path, unwrapPathError(err))
	}
	c, err := Open(path, nil)
	if err != nil {
		return BackupInfo{}, fmt.Errorf("check: %w", err)
	}
	info, err := c.backupInfo(ctx)
	if cerr := c.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("check: %w", cerr)
	}
	if err != nil {
		return BackupInfo{}, err
	}
	st, err := os.Stat(path)
	if err != nil {
		return BackupInfo{}, fmt.Errorf("check %s: %w", path, unwrapPathError(err))
	}
	info.Path, info.Size = path, st.Size()
	return info, nil
}

// backupInfo runs the integrity check and the counts on an open copy.
func (db *DB) backupInfo(ctx context.Context) (BackupInfo, error) {
	var problems []string
	rows, err := db.sql.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return BackupInfo{}, fmt.Errorf("integrity check: %w", err)
	}
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			rows.Close()
			return BackupInfo{}, fmt.Errorf("integrity check: %w", err)
		}
		problems = append(problems, line)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return BackupInfo{}, fmt.Errorf("integrity check: %w", err)
	}
	if len(problems) != 1 || problems[0] != "ok" {
		return BackupInfo{}, fmt.Errorf("integrity check failed: %s", strings.Join(problems, "; "))
	}
	var info BackupInfo
	if info.Version, err = db.Version(ctx); err != nil {
		return BackupInfo{}, err
	}
	counts := []struct {
		n     *int64
		query string
	}{
		{&info.Branches, "SELECT COUNT(*) FROM branches"},
		{&info.Members, "SELECT COUNT(*) FROM members"},
		{&info.Meetings, "SELECT COUNT(*) FROM meetings"},
		{&info.Pledges, "SELECT COUNT(*) FROM pledges"},
		{&info.Pending, "SELECT COUNT(*) FROM outbox WHERE state = 'pending'"},
	}
	for _, c := range counts {
		if err := db.sql.QueryRowContext(ctx, c.query).Scan(c.n); err != nil {
			return BackupInfo{}, fmt.Errorf("count: %w", err)
		}
	}
	return info, nil
}

// syncFile flushes the file or directory at path to disk.
func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// unwrapPathError shortens *os.PathError to its cause: the callers name
// the path already.
func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
