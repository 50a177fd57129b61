package storage

import (
	"context"
	"fmt"
	"os"
	"os/exec"
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
	var idle, interval, count, user string
	if err := l.conn.QueryRow(ctx, "SELECT current_setting('tcp_keepalives_idle'), current_setting('tcp_keepalives_interval'), "+
		"current_setting('tcp_keepalives_count'), current_setting('tcp_user_timeout')").Scan(&idle, &interval, &count, &user); err != nil {
		t.Fatal(err)
	}
	// Over a Unix socket the server shows 0: the tests connect over TCP.
	if got := idle + "/" + interval + "/" + count + "/" + user; got != "5/3/3/14000" {
		t.Errorf("lease session keepalives idle/interval/count and user timeout (ms) = %s, want 5/3/3/14000", got)
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

// TestLeaseDeadPeer: a holder that vanishes without closing its connection
// (its packets dropped both ways, as when its machine loses power) finds
// its lease lost within DefaultLeaseCheck + leaseCheckTimeout, and the
// server frees the lease for another instance within LeaseServerTimeout.
// It changes the machine's firewall (nft, as root), so it runs only when
// ZHIBU_TEST_NFT=1: `ZHIBU_TEST_NFT=1 go test -run TestLeaseDeadPeer -v ./storage/`.
func TestLeaseDeadPeer(t *testing.T) {
	if os.Getenv("ZHIBU_TEST_NFT") != "1" {
		t.Skip("set ZHIBU_TEST_NFT=1 to let the test drop packets with nft (root)")
	}
	ctx := context.Background()
	setting := pg.Schema(t)
	a, err := Open(setting, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Open(setting, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	l, ok, err := a.TryLease(ctx, 0)
	if err != nil || !ok {
		t.Fatalf("TryLease = %v, %v", ok, err)
	}
	defer l.Release()
	pid, err := b.LeaseHolder(ctx)
	if err != nil || pid == 0 {
		t.Fatalf("LeaseHolder = %d, %v", pid, err)
	}
	var port int
	if err := b.gorm.Raw("SELECT client_port FROM pg_stat_activity WHERE pid = ?", pid).Scan(&port).Error; err != nil || port <= 0 {
		t.Fatalf("client port of the lease session = %d, %v", port, err)
	}
	nft := func(args ...string) {
		t.Helper()
		if out, err := exec.Command("nft", args...).CombinedOutput(); err != nil {
			t.Fatalf("nft %s: %v: %s", strings.Join(args, " "), err, out)
		}
	}
	table := fmt.Sprintf("zhibu_lease_%d", os.Getpid())
	nft("add", "table", "inet", table)
	t.Cleanup(func() { _ = exec.Command("nft", "delete", "table", "inet", table).Run() })
	nft("add", "chain", "inet", table, "out", "{ type filter hook output priority 0; }")
	nft("add", "rule", "inet", table, "out", "tcp", "dport", fmt.Sprint(port), "drop")
	nft("add", "rule", "inet", table, "out", "tcp", "sport", fmt.Sprint(port), "drop")
	cut := time.Now()

	select {
	case <-l.Lost():
		t.Logf("the holder found its lease lost %s after its packets stopped", time.Since(cut).Round(time.Millisecond))
	case <-time.After(DefaultLeaseCheck + leaseCheckTimeout + 3*time.Second):
		t.Fatal("the holder did not find its lease lost")
	}
	for {
		lb, ok, err := b.TryLease(ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			lb.Release()
			break
		}
		if time.Since(cut) > LeaseServerTimeout+5*time.Second {
			t.Fatalf("the lease was not freed within %s of its holder vanishing", time.Since(cut).Round(time.Second))
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Logf("another instance took the lease %s after its holder vanished", time.Since(cut).Round(time.Millisecond))
}
