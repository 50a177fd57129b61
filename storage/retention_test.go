package storage

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhibu/zhibu"
)

// newClockDB is a migrated database whose clock the test moves.
func newClockDB(t *testing.T, now *time.Time) *DB {
	t.Helper()
	db, err := Open(filepath.Join(t.TempDir(), "zhibu.db"), func() time.Time { return *now })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db
}

// payloads maps each stored update id to its payload and chat id.
func payloads(t *testing.T, db *DB) map[int64]string {
	t.Helper()
	var rows []inboxRow
	if err := db.conn(context.Background()).Order("update_id").Find(&rows).Error; err != nil {
		t.Fatal(err)
	}
	out := map[int64]string{}
	for _, r := range rows {
		out[r.UpdateID] = string(r.Payload)
		if r.ChatID != 0 {
			out[r.UpdateID] += " in chat"
		}
	}
	return out
}

// TestPruneUpdatesOverDays: one update a day for ten days, pruned daily
// with a retention of 7 days. Only what was handled without failure more
// than 7 days before is cleared; redelivering a cleared update still does
// nothing, and marking it again is refused.
func TestPruneUpdatesOverDays(t *testing.T) {
	ctx := context.Background()
	now := t0
	db := newClockDB(t, &now)
	const day, retention = 24 * time.Hour, 7 * 24 * time.Hour
	for d := int64(1); d <= 10; d++ {
		it := zhibu.InboxItem{UpdateID: d, ChatID: 100 + d, Payload: []byte(`{"text":"请假原因"}`), ReceivedAt: now}
		if _, err := db.StoreUpdates(ctx, []zhibu.InboxItem{it}, d+1); err != nil {
			t.Fatal(err)
		}
		switch d {
		case 2: // failed: kept whole
			if err := db.MarkProcessed(ctx, d, now, "panic: boom"); err != nil {
				t.Fatal(err)
			}
		case 3: // still pending: kept whole
		default:
			if err := db.MarkProcessed(ctx, d, now, ""); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := db.PruneUpdates(ctx, now.Add(-retention)); err != nil {
			t.Fatal(err)
		}
		now = now.Add(day)
	}
	// An hour into day 11, the updates of days 1 to 4 are older than 7
	// days: day 1's went on day 9, day 4's goes now.
	now = now.Add(time.Hour)
	n, err := db.PruneUpdates(ctx, now.Add(-retention))
	if err != nil || n != 1 {
		t.Errorf("PruneUpdates(day 11) = %d, %v; want 1", n, err)
	}
	kept := `{"text":"请假原因"} in chat`
	want := map[int64]string{1: "", 2: kept, 3: kept, 4: "", 5: kept, 6: kept, 7: kept, 8: kept, 9: kept, 10: kept}
	if diff := cmp.Diff(want, payloads(t, db)); diff != "" {
		t.Errorf("payloads after 11 days (-want +got):\n%s", diff)
	}
	if n, err := db.StoreUpdates(ctx, items(1, 4), 11); err != nil || n != 0 {
		t.Errorf("StoreUpdates(redelivered 1, 4) = %d, %v; want 0 new", n, err)
	}
	if err := db.MarkProcessed(ctx, 1, now, ""); !errors.Is(err, zhibu.ErrProcessed) {
		t.Errorf("MarkProcessed(pruned 1) = %v; want ErrProcessed", err)
	}
	pending, err := db.PendingUpdates(ctx, 0)
	if err != nil || len(pending) != 1 || pending[0].UpdateID != 3 {
		t.Errorf("PendingUpdates() = %v, %v; want update 3 alone", pending, err)
	}
}

// TestPruneMessagesOverDays: messages sent, given up, dropped and pending
// over ten days. Settled ones older than the retention lose their text and
// buttons; their keys still refuse a second queueing and /branch's count
// of undelivered messages does not change.
func TestPruneMessagesOverDays(t *testing.T) {
	ctx := context.Background()
	now := t0
	db := newClockDB(t, &now)
	msg := func(key string) zhibu.Message {
		return zhibu.Message{ChatID: 11, BranchID: 1, Private: true, Key: key, Text: "赵强 请假：母亲住院",
			Buttons: [][]zhibu.Button{{{Text: "驳回", Data: "leave:1:no"}}}}
	}
	for _, key := range []string{"sent", "failed", "dropped"} {
		mustEnqueue(t, db, now, 1, msg(key))
	}
	qs := mustDue(t, db, now)
	if err := db.MarkSent(ctx, qs[0].ID, 7, now); err != nil {
		t.Fatal(err)
	}
	if err := db.GiveUp(ctx, qs[1].ID, "400 Bad Request"); err != nil {
		t.Fatal(err)
	}
	if err := db.DropChat(ctx, 11, "forbidden"); err != nil {
		t.Fatal(err)
	}
	mustEnqueue(t, db, now, 1, msg("pending")) // waits for eight days: kept whole
	now = now.Add(24 * time.Hour)
	mustEnqueue(t, db, now, 1, msg("pending later"))
	mustEnqueue(t, db, now, 1, msg("sent later"))
	for _, q := range mustDue(t, db, now) {
		if q.Message.Key == "sent later" {
			if err := db.MarkSent(ctx, q.ID, 8, now); err != nil {
				t.Fatal(err)
			}
		}
	}
	undelivered := func() int {
		n, err := db.Undelivered(ctx, 1, -1, t0.Add(-time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := undelivered()
	now = t0.Add(8 * 24 * time.Hour)
	n, err := db.PruneMessages(ctx, now.Add(-7*24*time.Hour))
	if err != nil || n != 3 {
		t.Errorf("PruneMessages(day 8) = %d, %v; want 3 (those settled of day 0)", n, err)
	}
	var rows []outboxRow
	if err := db.conn(ctx).Order("id").Find(&rows).Error; err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range rows {
		got[r.Key] = r.State + " " + r.Text
		if r.Buttons.Valid {
			got[r.Key] += " +buttons"
		}
	}
	want := map[string]string{"sent": "sent ", "failed": "failed ", "dropped": "dropped ", "pending": "pending 赵强 请假：母亲住院 +buttons",
		"pending later": "pending 赵强 请假：母亲住院 +buttons", "sent later": "sent 赵强 请假：母亲住院 +buttons"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("outbox after 8 days (-want +got):\n%s", diff)
	}
	mustEnqueue(t, db, now, 0, msg("sent"), msg("failed"))
	if after := undelivered(); after != before {
		t.Errorf("Undelivered() = %d after pruning, %d before", after, before)
	}
}

// TestPrunedTextLeavesNoTraceInTheFile: once a payload is cleared and the
// WAL checkpointed, its bytes are gone from the database file, not merely
// unreferenced on a free page (secure_delete).
func TestPrunedTextLeavesNoTraceInTheFile(t *testing.T) {
	ctx := context.Background()
	now := t0
	path := filepath.Join(t.TempDir(), "zhibu.db")
	db, err := Open(path, func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	secret := strings.Repeat("家中老人住院需要陪护", 20)
	it := zhibu.InboxItem{UpdateID: 1, ChatID: 7, Payload: []byte(`{"text":"` + secret + `"}`), ReceivedAt: now}
	if _, err := db.StoreUpdates(ctx, []zhibu.InboxItem{it}, 2); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkProcessed(ctx, 1, now, ""); err != nil {
		t.Fatal(err)
	}
	checkpoint := func() {
		t.Helper()
		if err := db.conn(ctx).Exec("PRAGMA wal_checkpoint(TRUNCATE)").Error; err != nil {
			t.Fatal(err)
		}
	}
	contains := func() bool {
		t.Helper()
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return bytes.Contains(b, []byte("家中老人住院"))
	}
	checkpoint()
	if !contains() {
		t.Fatal("the payload never reached the file: the test proves nothing")
	}
	if n, err := db.PruneUpdates(ctx, now.Add(time.Hour)); err != nil || n != 1 {
		t.Fatalf("PruneUpdates = %d, %v; want 1", n, err)
	}
	checkpoint()
	if contains() {
		t.Error("the pruned leave reason is still readable in the database file")
	}
}
