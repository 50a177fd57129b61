package storage

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhibu/zhibu"
)

// twoInstances opens two handles on one migrated PostgreSQL schema, as two
// instances of zhibu sharing it would.
func twoInstances(t *testing.T) (a, b *DB) {
	t.Helper()
	setting := pg.Migrated(t, migrateAt)
	return newTestDBAt(t, setting), newTestDBAt(t, setting)
}

// TestClaimUpdateKeepsAChatInOrder: of two instances, only one may claim an
// update, and only its chat's earliest pending one; the next of that chat
// waits until the first is processed, another chat's goes at once. A claim
// of an instance that stopped lapses after UpdateClaim.
func TestClaimUpdateKeepsAChatInOrder(t *testing.T) {
	ctx := context.Background()
	a, b := twoInstances(t)
	items := []zhibu.InboxItem{{UpdateID: 1, ChatID: 10}, {UpdateID: 2, ChatID: 10}, {UpdateID: 3, ChatID: 20}}
	if _, err := a.StoreUpdates(ctx, items, 4); err != nil {
		t.Fatal(err)
	}
	claim := func(db *DB, i int, now time.Time) bool {
		t.Helper()
		ok, err := db.ClaimUpdate(ctx, items[i], now)
		if err != nil {
			t.Fatalf("ClaimUpdate(%d) = %v", items[i].UpdateID, err)
		}
		return ok
	}
	type step struct {
		who  string
		db   *DB
		item int
		at   time.Time
		want bool
	}
	for i, s := range []step{
		{"a", a, 1, t0, false}, // not its chat's earliest
		{"a", a, 0, t0, true},
		{"a", a, 0, t0, true}, // its own claim again: it may retry
		{"b", b, 0, t0.Add(time.Second), false},
		{"b", b, 1, t0.Add(time.Second), false}, // the chat's earliest is a's
		{"b", b, 2, t0.Add(time.Second), true},  // another chat
		{"a", a, 2, t0.Add(time.Second), false},
	} {
		if got := claim(s.db, s.item, s.at); got != s.want {
			t.Errorf("step %d: %s claims update %d = %v, want %v", i, s.who, items[s.item].UpdateID, got, s.want)
		}
	}
	// a handled update 1: b may take the chat's next one.
	if err := a.MarkProcessed(ctx, 1, t0, ""); err != nil {
		t.Fatal(err)
	}
	if !claim(b, 1, t0.Add(time.Second)) {
		t.Error("b cannot claim update 2 after update 1 was processed")
	}
	// b stops without handling update 2: a takes it once b's claim lapses.
	if claim(a, 1, t0.Add(UpdateClaim)) {
		t.Error("a claimed update 2 while b's claim was live")
	}
	if !claim(a, 1, t0.Add(time.Second+UpdateClaim)) {
		t.Error("a cannot claim update 2 after b's claim lapsed")
	}
	if err := a.MarkProcessed(ctx, 2, t0, ""); err != nil {
		t.Fatal(err)
	}
	if claim(b, 1, t0.Add(time.Hour)) {
		t.Error("b claimed update 2 after it was processed")
	}
}

// TestClaimUpdateOneWinner: instances racing for the same updates each get
// a different set, and no chat's later update is claimed before its
// earlier ones are processed.
func TestClaimUpdateOneWinner(t *testing.T) {
	ctx := context.Background()
	a, b := twoInstances(t)
	var items []zhibu.InboxItem
	for i := range 40 {
		items = append(items, zhibu.InboxItem{UpdateID: int64(i + 1), ChatID: int64(i % 8)})
	}
	if _, err := a.StoreUpdates(ctx, items, 41); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	order := map[int64][]int64{} // chat: updates in the order handled
	handled := map[int64]int{}
	var wg sync.WaitGroup
	for _, db := range []*DB{a, b, a, b} {
		wg.Go(func() {
			for {
				pending, err := db.PendingUpdates(ctx, 0)
				if err != nil {
					t.Error(err)
					return
				}
				if len(pending) == 0 {
					return
				}
				for _, it := range pending {
					ok, err := db.ClaimUpdate(ctx, it, t0)
					if err != nil {
						t.Error(err)
						return
					}
					if !ok {
						continue
					}
					err = db.MarkProcessed(ctx, it.UpdateID, t0, "")
					if err != nil && db == a { // a's two workers share a's claims
						continue
					}
					if err != nil {
						t.Errorf("MarkProcessed(%d) after a claim = %v", it.UpdateID, err)
						return
					}
					mu.Lock()
					order[it.ChatID] = append(order[it.ChatID], it.UpdateID)
					handled[it.UpdateID]++
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	for _, it := range items {
		if handled[it.UpdateID] != 1 {
			t.Errorf("update %d handled %d times, want 1", it.UpdateID, handled[it.UpdateID])
		}
	}
	for chat := range int64(8) {
		var want []int64
		for u := chat + 1; u <= 40; u += 8 {
			want = append(want, u)
		}
		if diff := cmp.Diff(want, order[chat]); diff != "" {
			t.Errorf("chat %d handled out of order (-want +got):\n%s", chat, diff)
		}
	}
}

// TestOutboxClaims: a message another instance is sending is neither due
// nor claimable for the other, and neither is anything else to its chat,
// until it is settled or the claim lapses; a retry ends the claim. The
// attempts of others count as recent sends, one's own do not.
func TestOutboxClaims(t *testing.T) {
	ctx := context.Background()
	a, b := twoInstances(t)
	msg := func(key string, chat int64) zhibu.Message {
		return zhibu.Message{ChatID: chat, Text: key, Key: key}
	}
	mustEnqueue(t, a, t0, 3, msg("x1", 1), msg("x2", 1), msg("y1", 2))
	due := mustDue(t, b, t0)
	if len(due) != 3 {
		t.Fatalf("due before any claim = %v, want 3", keysOf(due))
	}
	if ok, err := a.Claim(ctx, due[0].ID, t0); err != nil || !ok {
		t.Fatalf("a claims x1 = %v, %v", ok, err)
	}
	if ok, err := b.Claim(ctx, due[0].ID, t0.Add(time.Second)); err != nil || ok {
		t.Errorf("b claims x1 while a sends it = %v, %v; want false", ok, err)
	}
	if got := keysOf(mustDue(t, b, t0.Add(time.Second))); !cmp.Equal(got, []string{"y1"}) {
		t.Errorf("due for b while a sends x1 = %v, want [y1]", got)
	}
	if got := keysOf(mustDue(t, a, t0.Add(time.Second))); !cmp.Equal(got, []string{"x1", "x2", "y1"}) {
		t.Errorf("due for a = %v, want all three", got)
	}
	sends, err := b.RecentSends(ctx, t0.Add(-time.Minute))
	if err != nil || len(sends) != 1 || sends[0].ChatID != 1 || !sends[0].At.Equal(t0) {
		t.Errorf("b's RecentSends = %v, %v; want a's attempt at x1", sends, err)
	}
	if sends, err := a.RecentSends(ctx, t0.Add(-time.Minute)); err != nil || len(sends) != 0 {
		t.Errorf("a's RecentSends = %v, %v; want none of its own", sends, err)
	}
	// a stops: its claim lapses.
	if got := keysOf(mustDue(t, b, t0.Add(SendClaim+time.Second))); !cmp.Equal(got, []string{"x1", "x2", "y1"}) {
		t.Errorf("due for b after a's claim lapsed = %v, want all three", got)
	}
	// a 429: a's retry ends its claim, b may try next.
	if err := a.Retry(ctx, due[0].ID, t0.Add(2*time.Second), 0, "429"); err != nil {
		t.Fatal(err)
	}
	if got := keysOf(mustDue(t, b, t0.Add(3*time.Second))); !cmp.Equal(got, []string{"x1", "x2", "y1"}) {
		t.Errorf("due for b after a's retry = %v, want all three", got)
	}
	if ok, err := b.Claim(ctx, due[0].ID, t0.Add(3*time.Second)); err != nil || !ok {
		t.Errorf("b claims x1 after a's retry = %v, %v; want true", ok, err)
	}
	if err := b.MarkSent(ctx, due[0].ID, 5, t0.Add(3*time.Second)); err != nil {
		t.Fatal(err)
	}
	if got := keysOf(mustDue(t, a, t0.Add(3*time.Second))); !cmp.Equal(got, []string{"x2", "y1"}) {
		t.Errorf("due for a after b sent x1 = %v, want [x2 y1]", got)
	}
}

// TestClaimsOnSQLite: a SQLite file belongs to one process: every update
// may be claimed, and a claim left by a process that died is no obstacle
// to the next one.
func TestClaimsOnSQLite(t *testing.T) {
	ctx := context.Background()
	path := t.TempDir() + "/zhibu.db"
	first := newMigrated(t, path)
	mustEnqueue(t, first, t0, 1, zhibu.Message{ChatID: 1, Text: "x", Key: "x"})
	q := mustDue(t, first, t0)
	if ok, err := first.Claim(ctx, q[0].ID, t0); err != nil || !ok {
		t.Fatalf("Claim = %v, %v", ok, err)
	}
	if _, err := first.StoreUpdates(ctx, []zhibu.InboxItem{{UpdateID: 1, ChatID: 1}, {UpdateID: 2, ChatID: 1}}, 3); err != nil {
		t.Fatal(err)
	}
	next := newTestDBAt(t, path) // the process after a crash
	if got := keysOf(mustDue(t, next, t0.Add(time.Second))); !cmp.Equal(got, []string{"x"}) {
		t.Errorf("due after a restart = %v, want [x]", got)
	}
	if ok, err := next.Claim(ctx, q[0].ID, t0.Add(time.Second)); err != nil || !ok {
		t.Errorf("Claim after a restart = %v, %v; want true", ok, err)
	}
	for id := range int64(2) {
		if ok, err := next.ClaimUpdate(ctx, zhibu.InboxItem{UpdateID: id + 1, ChatID: 1}, t0); err != nil || !ok {
			t.Errorf("ClaimUpdate(%d) on SQLite = %v, %v; want true", id+1, ok, err)
		}
	}
}
