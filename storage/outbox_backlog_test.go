package storage

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/zhibu/zhibu"
)

func TestOutboxBacklog(t *testing.T) {
	ctx := context.Background()
	now := t0
	db, err := Open(filepath.Join(t.TempDir(), "zhibu.db"), func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	check := func(wantN int, wantOldest time.Time) {
		t.Helper()
		n, oldest, err := db.OutboxBacklog(ctx)
		if err != nil || n != wantN || !oldest.Equal(wantOldest) {
			t.Errorf("OutboxBacklog() = %d, %s, %v; want %d, %s", n, oldest, err, wantN, wantOldest)
		}
	}
	check(0, time.Time{})
	mustEnqueue(t, db, now, 1, zhibu.Message{ChatID: 1, Key: "a"})
	now = t0.Add(time.Minute)
	// A message waiting for a retry still waits.
	mustEnqueue(t, db, now.Add(time.Hour), 1, zhibu.Message{ChatID: 2, Key: "b"})
	check(2, t0)
	qs := mustDue(t, db, now)
	if len(qs) != 1 {
		t.Fatalf("Due() = %d messages; want 1", len(qs))
	}
	if err := db.MarkSent(ctx, qs[0].ID, 7, now); err != nil {
		t.Fatal(err)
	}
	check(1, t0.Add(time.Minute))
	if err := db.DropChat(ctx, 2, "forbidden"); err != nil {
		t.Fatal(err)
	}
	check(0, time.Time{})
	db.Close()
	if _, _, err := db.OutboxBacklog(ctx); err == nil {
		t.Error("OutboxBacklog() on a closed database = nil error; want one")
	}
}
