package storage

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestLease: of two instances on one PostgreSQL schema one holds the lease;
// the other gets it once it is released. An instance on another schema
// has a lease of its own; SQLite has none.
func TestLease(t *testing.T) {
	ctx := context.Background()
	setting := pg.Schema(t)
	open := func(setting string) *DB {
		db, err := Open(setting, nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	a, b := open(setting), open(setting)
	la, ok, err := a.TryLease(ctx, 0)
	if err != nil || !ok {
		t.Fatalf("first TryLease = %v, %v; want the lease", ok, err)
	}
	if _, ok, err := b.TryLease(ctx, 0); err != nil || ok {
		t.Fatalf("second TryLease while held = %v, %v; want false", ok, err)
	}
	other, ok, err := open(pg.Schema(t)).TryLease(ctx, 0)
	if err != nil || !ok {
		t.Fatalf("TryLease on another schema = %v, %v; want a lease of its own", ok, err)
	}
	other.Release()
	if pid, err := b.LeaseHolder(ctx); err != nil || pid == 0 {
		t.Errorf("LeaseHolder = %d, %v; want the first instance's session", pid, err)
	}
	la.Release()
	la.Release() // twice is harmless
	if pid, err := b.LeaseHolder(ctx); err != nil || pid != 0 {
		t.Errorf("LeaseHolder after Release = %d, %v; want 0", pid, err)
	}
	lb, ok, err := b.TryLease(ctx, 0)
	if err != nil || !ok {
		t.Fatalf("TryLease after Release = %v, %v; want the lease", ok, err)
	}
	defer lb.Release()
	if lb.Err() != nil {
		t.Errorf("Err of a held lease = %v, want nil", lb.Err())
	}

	if _, _, err := open(newTestSetting(t, "sqlite")).TryLease(ctx, 0); err == nil {
		t.Error("TryLease on SQLite succeeded, want an error")
	}
}

// TestLeaseLost: a lease whose session the server ended counts as lost at
// the next check, with the reason; so does one whose keepalives the
// server applies (it ends a vanished holder's session within
// LeaseServerTimeout).
func TestLeaseLost(t *testing.T) {
	ctx := context.Background()
	db, err := Open(pg.Schema(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// Checked once an hour, the connection is the test's to query.
	l, ok, err := db.TryLease(ctx, time.Hour)
	if err != nil || !ok {
		t.Fatalf("TryLease = %v, %v", ok, err)
	}
	var idle, interval, count string
	if err := l.conn.QueryRow(ctx, "SELECT current_setting('tcp_keepalives_idle'), current_setting('tcp_keepalives_interval'), "+
		"current_setting('tcp_keepalives_count')").Scan(&idle, &interval, &count); err != nil {
		t.Fatal(err)
	}
	// Over a Unix socket the server shows 0: the tests connect over TCP.
	if got := idle + "/" + interval + "/" + count; got != "5/3/3" {
		t.Errorf("lease session keepalives idle/interval/count = %s, want 5/3/3", got)
	}
	l.Release()

	if l, ok, err = db.TryLease(ctx, 50*time.Millisecond); err != nil || !ok {
		t.Fatalf("TryLease = %v, %v", ok, err)
	}
	defer l.Release()
	pid, err := db.LeaseHolder(ctx)
	if err != nil || pid == 0 {
		t.Fatalf("LeaseHolder = %d, %v", pid, err)
	}
	if err := db.gorm.Exec("SELECT pg_terminate_backend(?)", pid).Error; err != nil {
		t.Fatal(err)
	}
	select {
	case <-l.Lost():
	case <-time.After(10 * time.Second):
		t.Fatal("the lease was not found lost within 10 s of its session's end")
	}
	if err := l.Err(); err == nil || !strings.HasPrefix(err.Error(), "storage: lease connection: ") {
		t.Errorf("Err = %v, want the lease connection's failure", err)
	}
}
