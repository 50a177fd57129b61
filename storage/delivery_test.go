package storage

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhibu/zhibu"
)

// outboxKeys returns the keys in the outbox with their not_before.
func outboxKeys(t *testing.T, db *DB) map[string]time.Time {
	t.Helper()
	var rows []outboxRow
	if err := db.gorm.Order("id").Find(&rows).Error; err != nil {
		t.Fatal(err)
	}
	out := map[string]time.Time{}
	for _, r := range rows {
		out[r.Key] = r.NotBefore.UTC()
	}
	return out
}

func TestDeliver(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		at := time.Date(2026, 3, 2, 9, 0, 0, 0, shanghai)
		msgs := []zhibu.Message{
			{ChatID: -1001, Text: "明天开会", Key: "meeting:1:24h", BranchID: 1, Kind: "meeting_24h"},
			{ChatID: 11, Text: "请回复", Key: "meeting:1:24h:member:1", BranchID: 1, Private: true,
				Buttons:  [][]zhibu.Button{{{Text: "参加", Data: "rsvp:1"}}},
				Fallback: &zhibu.Message{ChatID: -1001, Text: "请私聊机器人", Key: "fb"}},
		}
		first := []zhibu.Delivery{
			{Key: "meeting:1:24h", BranchID: 1, Outcome: zhibu.DeliverySent, Messages: msgs},
			{Key: "meeting:2:24h", BranchID: 1, Outcome: zhibu.DeliveryDropped},
		}
		if added, err := db.Deliver(ctx, at, first); err != nil || !cmp.Equal(added, []bool{true, true}) {
			t.Fatalf("Deliver() = %v, %v; want [true true]", added, err)
		}
		// A known key, even with other messages, writes nothing; a message key
		// already queued by another delivery is skipped, not an error.
		second := []zhibu.Delivery{
			{Key: "meeting:1:24h", BranchID: 1, Outcome: zhibu.DeliverySent,
				Messages: []zhibu.Message{{ChatID: -1001, Text: "again", Key: "other"}}},
			{Key: "meeting:3:24h", BranchID: 1, Outcome: zhibu.DeliverySent, Messages: msgs[:1]},
		}
		if added, err := db.Deliver(ctx, at.Add(time.Minute), second); err != nil || !cmp.Equal(added, []bool{false, true}) {
			t.Fatalf("second Deliver() = %v, %v; want [false true]", added, err)
		}

		wantOutbox := map[string]time.Time{"meeting:1:24h": at.UTC(), "meeting:1:24h:member:1": at.UTC()}
		if diff := cmp.Diff(wantOutbox, outboxKeys(t, db)); diff != "" {
			t.Errorf("outbox (-want +got):\n%s", diff)
		}
		due, err := db.Due(ctx, at, 10)
		if err != nil || len(due) != 2 {
			t.Fatalf("Due() = %+v, %v; want 2 messages", due, err)
		}
		if diff := cmp.Diff(msgs[1], due[1].Message); diff != "" {
			t.Errorf("queued message (-want +got):\n%s", diff)
		}
		var rows []deliveryRow
		if err := db.gorm.Order("key").Find(&rows).Error; err != nil {
			t.Fatal(err)
		}
		want := []deliveryRow{
			{Key: "meeting:1:24h", BranchID: 1, At: at.UTC(), Outcome: "sent", CreatedAt: t0.UTC()},
			{Key: "meeting:2:24h", BranchID: 1, At: at.UTC(), Outcome: "dropped", CreatedAt: t0.UTC()},
			{Key: "meeting:3:24h", BranchID: 1, At: at.Add(time.Minute).UTC(), Outcome: "sent", CreatedAt: t0.UTC()},
		}
		if diff := cmp.Diff(want, rows); diff != "" {
			t.Errorf("deliveries (-want +got):\n%s", diff)
		}
	})
}

func TestDeliverRejects(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		if added, err := db.Deliver(ctx, t0, []zhibu.Delivery{{Key: "k", Outcome: "maybe"}}); err == nil {
			t.Errorf("Deliver(outcome maybe) = %v, %v; want an error", added, err)
		}
		// A message without a key fails the whole transaction: nothing is
		// recorded, so the next tick retries.
		bad := []zhibu.Delivery{
			{Key: "j", Outcome: zhibu.DeliverySent, Messages: []zhibu.Message{{ChatID: 1, Text: "ok", Key: "ok"}}},
			{Key: "k", Outcome: zhibu.DeliverySent, Messages: []zhibu.Message{{ChatID: 1, Text: "no key"}}},
		}
		if added, err := db.Deliver(ctx, t0, bad); err == nil {
			t.Errorf("Deliver(message without key) = %v, %v; want an error", added, err)
		}
		if got, err := db.Delivered(ctx, []string{"j", "k"}); err != nil || len(got) != 0 {
			t.Errorf("Delivered(k) = %v, %v; want nothing after a failed delivery", got, err)
		}
		if got := outboxKeys(t, db); len(got) != 0 {
			t.Errorf("outbox = %v; want empty after a failed delivery", got)
		}
	})
}

func TestDelivered(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		var keys []string
		var ds []zhibu.Delivery
		want := map[string]bool{}
		for i := range 1200 {
			k := fmt.Sprintf("k%d", i)
			keys = append(keys, k)
			if i%3 == 0 {
				ds = append(ds, zhibu.Delivery{Key: k, BranchID: 1, Outcome: zhibu.DeliverySkipped})
				want[k] = true
			}
		}
		if _, err := db.Deliver(ctx, t0, ds); err != nil {
			t.Fatal(err)
		}
		got, err := db.Delivered(ctx, keys)
		if err != nil {
			t.Fatalf("Delivered() = %v", err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Delivered() (-want +got):\n%s", diff)
		}
		if got, err := db.Delivered(ctx, nil); err != nil || len(got) != 0 {
			t.Errorf("Delivered(nil) = %v, %v; want empty", got, err)
		}
	})
}

func TestOutcomes(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		ds := []zhibu.Delivery{
			{Key: "custom:3:1", BranchID: 1, Outcome: zhibu.DeliverySent},
			{Key: "custom:4:1", BranchID: 1, Outcome: zhibu.DeliveryDropped},
			{Key: "custom:5:1", BranchID: 1, Outcome: zhibu.DeliverySkipped},
		}
		if _, err := db.Deliver(ctx, t0, ds); err != nil {
			t.Fatal(err)
		}
		got, err := db.Outcomes(ctx, []string{"custom:3:1", "custom:4:1", "custom:5:1", "custom:6:1"})
		want := map[string]zhibu.DeliveryOutcome{"custom:3:1": zhibu.DeliverySent, "custom:4:1": zhibu.DeliveryDropped,
			"custom:5:1": zhibu.DeliverySkipped}
		if err != nil {
			t.Fatalf("Outcomes() = %v", err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Outcomes() (-want +got):\n%s", diff)
		}
	})
}

// TestDeliverConcurrent delivers one key from several handles at once, as
// several processes would: exactly one wins.
func TestDeliverConcurrent(t *testing.T) {
	forEachSetting(t, func(t *testing.T, path string) {
		ctx := context.Background()
		first := newTestDBAt(t, path)
		if _, err := first.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		dbs := []*DB{first, newTestDBAt(t, path), newTestDBAt(t, path), newTestDBAt(t, path)}
		for round := range 20 {
			key := fmt.Sprintf("occ:%d", round)
			won := make([]bool, len(dbs))
			var wg sync.WaitGroup
			for i, db := range dbs {
				wg.Go(func() {
					d := zhibu.Delivery{Key: key, BranchID: 1, Outcome: zhibu.DeliverySent,
						Messages: []zhibu.Message{{ChatID: -1, Text: "x", Key: key}}}
					added, err := db.Deliver(ctx, t0, []zhibu.Delivery{d})
					if err != nil {
						t.Errorf("Deliver(%s) on handle %d = %v", key, i, err)
						return
					}
					won[i] = added[0]
				})
			}
			wg.Wait()
			n := 0
			for _, w := range won {
				if w {
					n++
				}
			}
			if n != 1 {
				t.Errorf("Deliver(%s): %d handles won, want 1", key, n)
			}
		}
		if got := outboxKeys(t, first); len(got) != 20 {
			t.Errorf("outbox has %d keys, want 20", len(got))
		}
	})
}

func TestWatermark(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		if wm, err := db.Watermark(ctx); err != nil || !wm.IsZero() {
			t.Fatalf("Watermark() = %s, %v; want zero", wm, err)
		}
		later := time.Date(2026, 3, 2, 9, 0, 30, 500, shanghai)
		steps := []struct {
			set, want time.Time
		}{
			{later, later.Truncate(time.Second).UTC()},
			{later.Add(-time.Hour), later.Truncate(time.Second).UTC()}, // never backwards
			{later.Add(time.Hour), later.Add(time.Hour).Truncate(time.Second).UTC()},
		}
		for _, s := range steps {
			if err := db.SetWatermark(ctx, s.set); err != nil {
				t.Fatalf("SetWatermark(%s) = %v", s.set, err)
			}
			if wm, err := db.Watermark(ctx); err != nil || !wm.Equal(s.want) || wm.Location() != time.UTC {
				t.Errorf("Watermark() after SetWatermark(%s) = %s, %v; want %s", s.set, wm, err, s.want)
			}
		}
		// It shares bot_state with the inbox offset without touching it.
		if _, err := db.StoreUpdates(ctx, nil, 42); err != nil {
			t.Fatal(err)
		}
		if off, err := db.InboxOffset(ctx); err != nil || off != 42 {
			t.Errorf("InboxOffset() = %d, %v; want 42", off, err)
		}
	})
}
