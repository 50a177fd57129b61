package storage

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhibu/zhibu"
)

func items(ids ...int64) []zhibu.InboxItem {
	out := make([]zhibu.InboxItem, len(ids))
	for i, id := range ids {
		out[i] = zhibu.InboxItem{UpdateID: id, ChatID: -1001, Payload: []byte(`{"update_id":1}`), ReceivedAt: t0}
	}
	return out
}

func TestStoreUpdates(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		if off, err := db.InboxOffset(ctx); err != nil || off != 0 {
			t.Errorf("InboxOffset() on a new database = %d, %v; want 0", off, err)
		}
		steps := []struct {
			ids        []int64
			offset     int64
			wantNew    int
			wantOffset int64
		}{
			{[]int64{1, 2, 3}, 4, 3, 4},
			{[]int64{2, 3, 4}, 5, 1, 5}, // a redelivery overlapping the last batch
			{[]int64{1, 2}, 3, 0, 5},    // a late, stale call: offset stays
			{nil, 5, 0, 5},
			{nil, 9, 0, 9},
		}
		for i, s := range steps {
			n, err := db.StoreUpdates(ctx, items(s.ids...), s.offset)
			if err != nil || n != s.wantNew {
				t.Errorf("step %d: StoreUpdates(%v, %d) = %d, %v; want %d", i, s.ids, s.offset, n, err, s.wantNew)
			}
			if off, err := db.InboxOffset(ctx); err != nil || off != s.wantOffset {
				t.Errorf("step %d: InboxOffset() = %d, %v; want %d", i, off, err, s.wantOffset)
			}
		}
		pending, err := db.PendingUpdates(ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		want := items(1, 2, 3, 4)
		for i := range want {
			want[i].ReceivedAt = t0.UTC()
		}
		if diff := cmp.Diff(want, pending); diff != "" {
			t.Errorf("PendingUpdates() (-want +got):\n%s", diff)
		}
	})
}

func TestPendingAndMarkProcessed(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		// Stored out of order, and one with no payload and no receive time.
		if _, err := db.StoreUpdates(ctx, append(items(5, 3, 4), zhibu.InboxItem{UpdateID: 6}), 7); err != nil {
			t.Fatal(err)
		}
		at := time.Date(2026, 3, 1, 8, 0, 0, 0, shanghai)
		if err := db.MarkProcessed(ctx, 3, at, ""); err != nil {
			t.Fatalf("MarkProcessed(3) = %v", err)
		}
		if err := db.MarkProcessed(ctx, 5, at, "panic: boom"); err != nil {
			t.Fatalf("MarkProcessed(5) = %v", err)
		}
		if err := db.MarkProcessed(ctx, 3, at, ""); !errors.Is(err, zhibu.ErrProcessed) {
			t.Errorf("MarkProcessed(3) again = %v, want ErrProcessed", err)
		}
		if err := db.MarkProcessed(ctx, 99, at, ""); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("MarkProcessed(99) = %v, want ErrNotFound", err)
		}
		got, err := db.PendingUpdates(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		want := []zhibu.InboxItem{
			{UpdateID: 4, ChatID: -1001, Payload: []byte(`{"update_id":1}`), ReceivedAt: t0.UTC()},
			{UpdateID: 6, Payload: []byte{}, ReceivedAt: t0.UTC()},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("PendingUpdates(10) (-want +got):\n%s", diff)
		}
		if got, _ := db.PendingUpdates(ctx, 1); len(got) != 1 || got[0].UpdateID != 4 {
			t.Errorf("PendingUpdates(1) = %+v, want update 4 only", got)
		}

		var row inboxRow
		if err := db.gorm.Where("update_id = ?", 5).Take(&row).Error; err != nil {
			t.Fatal(err)
		}
		if it := row.item(); !it.ProcessedAt.Equal(at) || it.ProcessedAt.Location() != time.UTC || it.Failure != "panic: boom" {
			t.Errorf("update 5 = %+v, want processed at %v (UTC) with the failure", it, at)
		}
	})
}
