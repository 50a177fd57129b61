package storage

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/zhibu/zhibu"
)

// shanghai is +08:00, the offset the domain's times usually carry.
var shanghai = time.FixedZone("CST", 8*3600)

// t0 is the fixed time of the test clock, in +08:00 on purpose: the store
// must write and return it in UTC.
var t0 = time.Date(2026, 3, 1, 7, 30, 0, 0, shanghai)

// newTestDB returns a migrated SQLite database in a fresh file whose clock
// reads t0. Tests of what both databases do use forEachDB instead.
func newTestDB(t *testing.T) *DB {
	t.Helper()
	return newMigrated(t, filepath.Join(t.TempDir(), "zhibu.db"))
}

// newMigrated opens the database setting names, migrated.
func newMigrated(t *testing.T, setting string) *DB {
	t.Helper()
	db := newTestDBAt(t, setting)
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatalf("Migrate() = %v", err)
	}
	return db
}

// newTestDBAt opens the database at path (a SQLite file or a PostgreSQL
// URL), unmigrated, closed at cleanup.
func newTestDBAt(t *testing.T, path string) *DB {
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

// mustBranch creates a branch for chatID with a founder named 张书记 linked
// to Telegram id 1000+chatID.
func mustBranch(t *testing.T, db *DB, chatID int64) (zhibu.Branch, zhibu.Member) {
	t.Helper()
	b := zhibu.Branch{ChatID: chatID, Name: fmt.Sprintf("第%d支部", chatID), TimeZone: zhibu.DefaultTimeZone,
		Active: true, CreatedAt: t0, UpdatedAt: t0}
	m := zhibu.Member{Name: "张书记", Status: zhibu.StatusFull, Role: zhibu.RoleSecretary,
		TelegramID: 1000 + chatID, CreatedAt: t0, UpdatedAt: t0}
	c := zhibu.Change{ActorID: m.TelegramID, ActorName: m.Name, Action: "branch.create", After: b.Name, At: t0}
	b, m, err := db.CreateBranch(context.Background(), b, m, c)
	if err != nil {
		t.Fatalf("CreateBranch(chat %d) = %v", chatID, err)
	}
	return b, m
}

// mustMember adds a member named name to branch b.
func mustMember(t *testing.T, db *DB, b zhibu.Branch, name string, telegramID int64) zhibu.Member {
	t.Helper()
	m := zhibu.Member{BranchID: b.ID, Name: name, Status: zhibu.StatusFull, TelegramID: telegramID,
		CreatedAt: t0, UpdatedAt: t0}
	out, err := db.SaveMembers(context.Background(), []zhibu.Member{m}, nil)
	if err != nil {
		t.Fatalf("SaveMembers(%s) = %v", name, err)
	}
	return out[0]
}

func TestOpenOddPaths(t *testing.T) {
	for _, name := range []string{"with space.db", "问号?.db", "hash#1.db", "per%20cent.db", "a?_txlock=deferred.db"} {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "dir with space")
			if err := os.Mkdir(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, name)
			db := newTestDBAt(t, path)
			if _, err := db.Migrate(context.Background()); err != nil {
				t.Fatalf("Migrate() = %v", err)
			}
			if _, err := os.Stat(path); err != nil {
				t.Errorf("database file not at %q: %v", path, err)
			}
		})
	}
}

func TestOpenRelativePath(t *testing.T) {
	t.Chdir(t.TempDir())
	db := newTestDBAt(t, "rel.db")
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatalf("Migrate() = %v", err)
	}
	if _, err := os.Stat("rel.db"); err != nil {
		t.Errorf("rel.db not created: %v", err)
	}
}

// TestOpenPostgresFails opens a PostgreSQL that is not there: the error
// is one line and names the server without the password.
func TestOpenPostgresFails(t *testing.T) {
	_, err := Open("postgres://zhibu:sekret@localhost:1/zhibu?sslmode=disable&connect_timeout=5", nil)
	if err == nil {
		t.Fatal("Open(a closed port) = nil error")
	}
	msg := err.Error()
	if strings.Contains(msg, "\n") || strings.Contains(msg, "sekret") || !strings.Contains(msg, "postgres://zhibu:xxxxx@localhost:1/zhibu") {
		t.Errorf("Open(a closed port) = %q, want one line naming the server without its password", msg)
	}
}

func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"/var/lib/zhibu/zhibu.db":                         "/var/lib/zhibu/zhibu.db",
		"postgres://zhibu:sekret@db:5432/zhibu":           "postgres://zhibu:xxxxx@db:5432/zhibu",
		"postgresql://zhibu@db/zhibu?password=sekret&x=1": "postgresql://zhibu@db/zhibu?password=xxxxx&x=1",
		"postgres://zhibu@db/zhibu?sslmode=disable":       "postgres://zhibu@db/zhibu?sslmode=disable",
		// A password with an unescaped @, / or # (trial): all of it hidden.
		"postgres://zhibu_it:p@ss/w#rd@127.0.0.1:5432/zhibu": "postgres://xxxxx@127.0.0.1:5432/zhibu",
		"postgres://zhibu:a#b@db/zhibu":                      "postgres://xxxxx@db/zhibu",
	} {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}

// A PostgreSQL URL with an unescaped @, / or # in its password is refused
// before pgx reads part of the password as a host and prints it (trial).
func TestOpenRefusesAnUnescapedPassword(t *testing.T) {
	_, err := Open("postgres://zhibu_it:p@ss/w#rd@127.0.0.1:5432/zhibu", time.Now)
	if !errors.Is(err, ErrUnescapedPassword) || strings.Contains(err.Error(), "ss/w") || strings.Contains(err.Error(), "rd@") {
		t.Errorf("Open = %v, want ErrUnescapedPassword without the password", err)
	}
}

func TestOpenFails(t *testing.T) {
	file := filepath.Join(t.TempDir(), "regular-file")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{
		filepath.Join(file, "zhibu.db"),                   // parent is a regular file (fails even as root)
		filepath.Join(t.TempDir(), "missing", "zhibu.db"), // parent does not exist
		"",
	} {
		db, err := Open(path, time.Now)
		if err == nil {
			db.Close()
			t.Errorf("Open(%q) = nil error, want one", path)
			continue
		}
		if !strings.Contains(err.Error(), path) || strings.Contains(err.Error(), "\n") {
			t.Errorf("Open(%q) = %q, want one line naming the path", path, err)
		}
	}
}

func TestPragmas(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		// Every pooled connection must carry the pragmas: hold several at once.
		var conns []interface{ Close() error }
		for range 3 {
			conn, err := db.sql.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			conns = append(conns, conn)
			settings, query := map[string]string{"journal_mode": "wal", "foreign_keys": "1", "busy_timeout": "5000", "synchronous": "2"}, "PRAGMA "
			if db.postgres {
				settings, query = map[string]string{"lock_timeout": "5s", "TimeZone": "UTC"}, "SHOW "
			}
			for pragma, want := range settings {
				var got string
				if err := conn.QueryRowContext(ctx, query+pragma).Scan(&got); err != nil {
					t.Fatal(err)
				}
				if got != want {
					t.Errorf("%s%s = %q, want %q", query, pragma, got, want)
				}
			}
		}
		for _, c := range conns {
			c.Close()
		}
	})
}

func TestConcurrentWriters(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		b, _ := mustBranch(t, db, -100)
		ctx := context.Background()
		const workers, rounds = 8, 20
		var wg sync.WaitGroup
		errs := make(chan error, workers*rounds*2)
		for w := range workers {
			wg.Go(func() {
				for i := range rounds {
					id := int64(w*rounds + i + 1)
					item := zhibu.InboxItem{UpdateID: id, ChatID: b.ChatID, Payload: []byte("{}")}
					if _, err := db.StoreUpdates(ctx, []zhibu.InboxItem{item}, id+1); err != nil {
						errs <- err
					}
					m := zhibu.Member{BranchID: b.ID, Name: fmt.Sprintf("成员%d", id), Status: zhibu.StatusFull}
					// Read, then write in a transaction: the pattern that fails
					// with deferred transactions.
					if _, err := db.MemberByName(ctx, b.ID, m.Name); err == nil {
						errs <- fmt.Errorf("member %s exists before it was added", m.Name)
					}
					c := zhibu.Change{BranchID: b.ID, Action: "member.add", Subject: m.Name}
					if _, err := db.SaveMembers(ctx, []zhibu.Member{m}, []zhibu.Change{c}); err != nil {
						errs <- err
					}
					if err := increment(ctx, db); err != nil {
						errs <- err
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		ms, err := db.Members(ctx, b.ID)
		if err != nil || len(ms) != workers*rounds+1 {
			t.Errorf("Members() = %d members, %v; want %d", len(ms), err, workers*rounds+1)
		}
		if off, err := db.InboxOffset(ctx); err != nil || off != workers*rounds+1 {
			t.Errorf("InboxOffset() = %d, %v; want %d", off, err, workers*rounds+1)
		}
		var n int64
		if err := db.gorm.Raw("SELECT value FROM bot_state WHERE key = 'counter'").Row().Scan(&n); err != nil || n != workers*rounds {
			t.Errorf("counter = %d, %v; want %d", n, err, workers*rounds)
		}
	})
}

// increment is a transaction that reads and then writes, the pattern that
// fails with "database is locked" unless transactions begin immediate.
func increment(ctx context.Context, db *DB) error {
	return db.gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var n int64
		err := tx.Raw("SELECT value FROM bot_state WHERE key = 'counter'").Row().Scan(&n)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		return tx.Exec(`INSERT INTO bot_state (key, value) VALUES ('counter', ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, n+1).Error
	})
}

func TestWithLoggerQuietOnErrors(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, nil))
	db, err := Open(filepath.Join(t.TempDir(), "zhibu.db"), time.Now, WithLogger(log))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	b, _ := mustBranch(t, db, -1001)
	if _, err := db.MemberByName(ctx, b.ID, "nobody"); !errors.Is(err, zhibu.ErrNotFound) {
		t.Fatal(err)
	}
	if _, err := db.SaveMembers(ctx, []zhibu.Member{{BranchID: b.ID, Name: "张书记"}}, nil); !errors.Is(err, zhibu.ErrNameTaken) {
		t.Fatal(err)
	}
	if buf.Len() != 0 {
		t.Errorf("logged %q, want nothing: errors are returned, not logged", buf.String())
	}
	filter, ok := db.gorm.Logger.(gorm.ParamsFilter)
	if !ok {
		t.Fatalf("logger %T does not filter parameters", db.gorm.Logger)
	}
	if _, params := filter.ParamsFilter(ctx, "SELECT ?", "张三"); params != nil {
		t.Errorf("ParamsFilter kept %v, want the values dropped from logs", params)
	}
}

// The database and its WAL companions are readable by their owner only; an
// existing database readable by others is narrowed.
func TestDatabaseFilesPrivate(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "zhibu.db")
	db := newTestDBAt(t, path)
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		st, err := os.Stat(p)
		if err != nil {
			t.Fatalf("stat %s: %v", p, err)
		}
		if st.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v, want 0600", filepath.Base(p), st.Mode().Perm())
		}
	}
	old := filepath.Join(dir, "old.db")
	if err := os.WriteFile(old, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(old, 0o644); err != nil {
		t.Fatal(err)
	}
	newTestDBAt(t, old)
	if st, _ := os.Stat(old); st.Mode().Perm() != 0o600 {
		t.Errorf("an existing database readable by others kept mode %v", st.Mode().Perm())
	}
}
