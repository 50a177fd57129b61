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

// TestClaimChats: of two instances, one holds a chat at a time; the
// other's pending updates leave out the chats the first holds. A claim is
// renewed by its holder, given back, or lapses after ChatClaim when its
// holder stopped.
func TestClaimChats(t *testing.T) {
	ctx := context.Background()
	a, b := twoInstances(t)
	items := []zhibu.InboxItem{{UpdateID: 1, ChatID: 10}, {UpdateID: 2, ChatID: 10}, {UpdateID: 3, ChatID: 20}}
	if _, err := a.StoreUpdates(ctx, items, 4); err != nil {
		t.Fatal(err)
	}
	claim := func(db *DB, now time.Time, chats ...int64) []int64 {
		t.Helper()
		got, err := db.ClaimChats(ctx, chats, now)
		if err != nil {
			t.Fatalf("ClaimChats(%v) = %v", chats, err)
		}
		var out []int64
		for _, c := range chats {
			if until, ok := got[c]; ok {
				if !until.Equal(now.Add(ChatClaim).UTC()) {
					t.Errorf("claim of chat %d lapses at %s, want %s", c, until, now.Add(ChatClaim))
				}
				out = append(out, c)
			}
		}
		return out
	}
	pending := func(db *DB) []int64 {
		t.Helper()
		its, err := db.PendingUpdates(ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		var out []int64
		for _, it := range its {
			out = append(out, it.UpdateID)
		}
		return out
	}
	if got := claim(a, t0, 10); !cmp.Equal(got, []int64{10}) {
		t.Errorf("a claims chat 10 = %v, want it", got)
	}
	if got := claim(b, t0.Add(time.Second), 10, 20); !cmp.Equal(got, []int64{20}) {
		t.Errorf("b claims chats 10 and 20 = %v, want only 20", got)
	}
	if got := pending(b); !cmp.Equal(got, []int64{3}) {
		t.Errorf("b's pending updates = %v, want [3]: chat 10 is a's", got)
	}
	if got := pending(a); !cmp.Equal(got, []int64{1, 2}) {
		t.Errorf("a's pending updates = %v, want [1 2]: chat 20 is b's", got)
	}
	if got := claim(a, t0.Add(5*time.Second), 10); !cmp.Equal(got, []int64{10}) {
		t.Errorf("a renews chat 10 = %v, want it", got)
	}
	if got := claim(b, t0.Add(ChatClaim+time.Second), 10); got != nil {
		t.Errorf("b claims chat 10 while a's renewed claim lives = %v, want nothing", got)
	}
	// a gives chat 10 back: b may take it at once.
	if err := a.ReleaseChats(ctx, []int64{10, 20}); err != nil {
		t.Fatal(err)
	}
	if got := claim(b, t0.Add(6*time.Second), 10); !cmp.Equal(got, []int64{10}) {
		t.Errorf("b claims chat 10 after a gave it back = %v, want it", got)
	}
	if got := claim(a, t0.Add(7*time.Second), 20); got != nil {
		t.Errorf("a's release took b's claim on chat 20 away: a claims it = %v", got)
	}
	// b stops: its claims lapse.
	if got := claim(a, t0.Add(6*time.Second+ChatClaim), 10, 20); !cmp.Equal(got, []int64{10, 20}) {
		t.Errorf("a claims chats 10 and 20 after b's claims lapsed = %v, want both", got)
	}
}

// TestClaimChatsOneWinner: instances racing for the same chats each get a
// different set, and every chat is held by one.
func TestClaimChatsOneWinner(t *testing.T) {
	ctx := context.Background()
	a, b := twoInstances(t)
	chats := make([]int64, 200)
	for i := range chats {
		chats[i] = int64(i + 1)
	}
	var mu sync.Mutex
	holders := map[int64]int{}
	var wg sync.WaitGroup
	for _, db := range []*DB{a, b, a, b} {
		wg.Go(func() {
			got, err := db.ClaimChats(ctx, chats, t0)
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			defer mu.Unlock()
			for c := range got {
				if db == a {
					holders[c] |= 1
				} else {
					holders[c] |= 2
				}
			}
		})
	}
	wg.Wait()
	for _, c := range chats {
		if h := holders[c]; h != 1 && h != 2 {
			t.Errorf("chat %d held by %v, want exactly one instance", c, h)
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
	if got, err := next.ClaimChats(ctx, []int64{1}, t0); err != nil || len(got) != 1 {
		t.Errorf("ClaimChats on SQLite = %v, %v; want the chat", got, err)
	}
}
