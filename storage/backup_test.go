package storage

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zhibu/zhibu"
)

// newSQLiteTestDB returns a migrated SQLite database in a fresh file: the
// backup copies SQLite files, whatever database the other tests run on.
func newSQLiteTestDB(t *testing.T) (*DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "zhibu.db")
	db := openSQLite(t, path)
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatalf("Migrate() = %v", err)
	}
	return db, path
}

// openSQLite opens the SQLite file at path, closed at cleanup.
func openSQLite(t *testing.T, path string) *DB {
	t.Helper()
	db, err := Open(path, func() time.Time { return t0 })
	if err != nil {
		t.Fatalf("Open(%q) = %v", path, err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("Close() = %v", err)
		}
	})
	return db
}

// TestBackupWhileAnotherConnectionWrites: a second connection pool on the
// same file (as the running bot in another process) stores updates one
// commit at a time while the copy is taken. The copy must pass the
// integrity check, hold every update committed before the backup began and,
// being one moment's snapshot, a gapless run of them; it must open and
// migrate as a zhibu database.
func TestBackupWhileAnotherConnectionWrites(t *testing.T) {
	ctx := context.Background()
	db, path := newSQLiteTestDB(t)
	mustBranch(t, db, -100)
	writer := openSQLite(t, path)

	var committed atomic.Int64
	stop, done := make(chan struct{}), make(chan error, 1)
	progress := make(chan int64, 1)
	go func() {
		for id := int64(1); ; id++ {
			select {
			case <-stop:
				done <- nil
				return
			default:
			}
			item := zhibu.InboxItem{UpdateID: id, ChatID: -100, Payload: []byte(strings.Repeat("x", 2000)), ReceivedAt: t0}
			if _, err := writer.StoreUpdates(ctx, []zhibu.InboxItem{item}, id+1); err != nil {
				done <- err
				return
			}
			committed.Store(id)
			select {
			case progress <- id:
			default:
			}
		}
	}()
	waitCommitted := func(n int64) {
		t.Helper()
		for committed.Load() < n {
			select {
			case <-progress:
			case err := <-done:
				t.Fatalf("writer stopped: %v", err)
			}
		}
	}
	waitCommitted(200)

	before := committed.Load()
	dst := filepath.Join(t.TempDir(), "backup.db")
	info, err := db.BackupTo(ctx, dst)
	if err != nil {
		t.Fatalf("BackupTo(%q) = %v", dst, err)
	}
	// The writer must have gone on while and after the copy was taken.
	waitCommitted(committed.Load() + 50)
	close(stop)
	if err := <-done; err != nil {
		t.Fatalf("writer: %v", err)
	}

	if info.Path != dst || info.Size <= 0 || info.Version != LatestVersion() || info.Branches != 1 || info.Members != 1 {
		t.Errorf("BackupTo() = %+v, want path %s, a size, version %d, 1 branch, 1 member", info, dst, LatestVersion())
	}
	st, err := os.Stat(dst)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("backup mode = %v, want 0600", st.Mode().Perm())
	}
	for _, p := range []string{dst + "-wal", dst + "-shm", dst + "-journal"} {
		if _, err := os.Stat(p); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s left beside the backup (stat: %v)", filepath.Base(p), err)
		}
	}

	c := openSQLite(t, dst)
	if applied, err := c.Migrate(ctx); err != nil || len(applied) != 0 {
		t.Errorf("Migrate(backup) = %v, %v; want nothing to apply", applied, err)
	}
	var n, lo, hi int64
	if err := c.sql.QueryRow("SELECT COUNT(*), MIN(update_id), MAX(update_id) FROM inbox_updates").Scan(&n, &lo, &hi); err != nil {
		t.Fatal(err)
	}
	if lo != 1 || n != hi || hi < before {
		t.Errorf("backup holds %d updates, ids %d…%d; want 1…k without gaps, k ≥ %d (committed before the backup began)", n, lo, hi, before)
	}
	if off, err := c.InboxOffset(ctx); err != nil || off != hi+1 {
		t.Errorf("backup InboxOffset() = %d, %v; want %d, with the last update it holds", off, err, hi+1)
	}
	t.Logf("backup of %d bytes holds updates 1…%d; %d committed before it began, %d by the end", info.Size, hi, before, committed.Load())
}

// TestBackupDuringAnOpenWriteTransaction: another connection holds the
// write lock with updates stored but not committed while the copy is
// taken. The backup must not wait for it, and must hold what was committed
// before and nothing of the open transaction, which commits afterwards.
func TestBackupDuringAnOpenWriteTransaction(t *testing.T) {
	ctx := context.Background()
	db, path := newSQLiteTestDB(t)
	writer := openSQLite(t, path)
	store := func(ctx context.Context, id int64) error {
		item := zhibu.InboxItem{UpdateID: id, Payload: []byte("{}"), ReceivedAt: t0}
		_, err := writer.StoreUpdates(ctx, []zhibu.InboxItem{item}, id+1)
		return err
	}
	if err := store(ctx, 1); err != nil {
		t.Fatal(err)
	}
	inTx, backedUp, done := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		done <- writer.Atomically(ctx, func(ctx context.Context) error {
			for id := int64(2); id <= 5; id++ {
				if err := store(ctx, id); err != nil {
					return err
				}
			}
			close(inTx)
			<-backedUp
			return nil
		})
	}()
	select {
	case <-inTx:
	case err := <-done:
		t.Fatalf("writer: %v", err)
	}
	dst := filepath.Join(t.TempDir(), "backup.db")
	_, err := db.BackupTo(ctx, dst)
	close(backedUp)
	if err != nil {
		t.Fatalf("BackupTo() while another connection writes = %v", err)
	}
	if err := <-done; err != nil {
		t.Fatalf("writer after the backup: %v", err)
	}
	c := openSQLite(t, dst)
	var n, off int64
	if err := c.sql.QueryRow("SELECT COUNT(*) FROM inbox_updates").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if off, err = c.InboxOffset(ctx); n != 1 || off != 2 || err != nil {
		t.Errorf("backup holds %d updates, offset %d (%v); want 1 and 2: only what was committed", n, off, err)
	}
	if got, err := db.InboxOffset(ctx); got != 6 || err != nil {
		t.Errorf("database InboxOffset() after the writer committed = %d, %v; want 6", got, err)
	}
}

func TestBackupRefusesAnExistingFile(t *testing.T) {
	db, _ := newSQLiteTestDB(t)
	dst := filepath.Join(t.TempDir(), "backup.db")
	if err := os.WriteFile(dst, []byte("last week's backup"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := db.BackupTo(context.Background(), dst)
	if !errors.Is(err, fs.ErrExist) {
		t.Errorf("BackupTo(existing) = %v, want fs.ErrExist", err)
	}
	if got, _ := os.ReadFile(dst); string(got) != "last week's backup" {
		t.Errorf("existing file now holds %q, want it untouched", got)
	}
	// An empty file is refused too, though VACUUM INTO would write into it.
	empty := filepath.Join(t.TempDir(), "empty.db")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := db.BackupTo(context.Background(), empty); !errors.Is(err, fs.ErrExist) {
		t.Errorf("BackupTo(empty existing file) = %v, want fs.ErrExist", err)
	}
}

func TestBackupToABadPath(t *testing.T) {
	db, _ := newSQLiteTestDB(t)
	dir := t.TempDir()
	tests := []struct {
		name, path string
		is         error
	}{
		{"missing directory", filepath.Join(dir, "no", "such", "dir", "backup.db"), fs.ErrNotExist},
		{"a directory", dir, fs.ErrExist},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := db.BackupTo(context.Background(), tt.path)
			if !errors.Is(err, tt.is) || !strings.Contains(err.Error(), tt.path) {
				t.Errorf("BackupTo(%q) = %v, want an error naming the path and wrapping %v", tt.path, err, tt.is)
			}
		})
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("files left behind: %v", entries)
	}
}

func TestCheckBackupRefusesADamagedCopy(t *testing.T) {
	db, _ := newSQLiteTestDB(t)
	mustBranch(t, db, -100)
	dst := filepath.Join(t.TempDir(), "backup.db")
	if _, err := db.BackupTo(context.Background(), dst); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(dst)
	if err != nil {
		t.Fatal(err)
	}
	// Overwrite every page but the first (the schema) with garbage.
	for i := 4096; i < len(data); i++ {
		data[i] = 0x5a
	}
	if err := os.WriteFile(dst, data, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if info, err := checkBackup(ctx, dst); err == nil {
		t.Errorf("checkBackup(damaged) = %+v, nil; want an error", info)
	}
}
