package storage

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhibu/zhibu"
)

func TestPledgeEvents(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		b, _ := mustBranch(t, db, -1001)
		// Pledges with ids far apart, so that the ids asked for fall in
		// different chunks of the IN list.
		for _, id := range []int64{1, 700, 1400} {
			r := db.pledgeRow(zhibu.Pledge{ID: id, BranchID: b.ID, Number: int(id), MemberID: 1, Content: "x"})
			if err := db.gorm.Create(&r).Error; err != nil {
				t.Fatal(err)
			}
		}
		day := func(d int) time.Time { return time.Date(2026, 3, d, 9, 0, 0, 0, shanghai) }
		doc := zhibu.Evidence{FileID: "BQAC-doc", FileName: "总结.pdf", Size: 1 << 20, Kind: "document"}
		photo := zhibu.Evidence{FileID: "AgAC-photo", Size: 4096, Kind: "photo"}
		add := func(pledgeID int64, kind zhibu.EventKind, at time.Time, files ...zhibu.Evidence) zhibu.PledgeEvent {
			t.Helper()
			e := zhibu.PledgeEvent{PledgeID: pledgeID, Kind: kind, ActorID: 3, Text: string(kind), Files: files, At: at}
			if err := db.addPledgeEvent(db.gorm, e); err != nil {
				t.Fatal(err)
			}
			var id int64
			if err := db.gorm.Raw("SELECT MAX(id) FROM pledge_events").Scan(&id).Error; err != nil {
				t.Fatal(err)
			}
			e.ID, e.At = id, at.UTC()
			return e
		}
		// Inserted out of order: by pledge, then time, then id.
		late := add(1400, zhibu.EventProgress, day(5), photo, doc)
		early := add(1400, zhibu.EventCreated, day(1))
		a := add(1, zhibu.EventCreated, day(2), doc)
		sameTime := add(1, zhibu.EventApproved, day(2))
		mid := add(700, zhibu.EventCreated, day(3), photo)
		want := []zhibu.PledgeEvent{a, sameTime, mid, early, late}

		ids := []int64{1400, 1, 700, 1} // repeated
		for id := int64(2); id < 1400; id++ {
			ids = append(ids, id) // unknown
		}
		got, err := db.PledgeEvents(ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("PledgeEvents(%d ids) (-want +got):\n%s", len(ids), diff)
		}
		if got, err := db.PledgeEvents(ctx, []int64{700}); err != nil || !cmp.Equal([]zhibu.PledgeEvent{mid}, got) {
			t.Errorf("PledgeEvents(700) = %+v, %v; want %+v", got, err, mid)
		}
		if got, err := db.PledgeEvents(ctx, nil); err != nil || len(got) != 0 {
			t.Errorf("PledgeEvents(nil) = %v, %v; want none", got, err)
		}
	})
}

// BenchmarkPledgeEventsAll loads the history of every pledge of a branch of
// 500 members with 5,000 pledges of five events each, as the ledger export
// does.
func BenchmarkPledgeEventsAll(b *testing.B) {
	db, branch := newPledgeBenchDB(b)
	ctx := context.Background()
	ps, err := db.Pledges(ctx, zhibu.PledgeFilter{BranchID: branch})
	if err != nil || len(ps) != benchPledges {
		b.Fatalf("Pledges() = %d, %v", len(ps), err)
	}
	ids := make([]int64, len(ps))
	for i, p := range ps {
		ids[i] = p.ID
	}
	for b.Loop() {
		es, err := db.PledgeEvents(ctx, ids)
		if err != nil || len(es) != benchPledges*benchEvents {
			b.Fatalf("PledgeEvents() = %d, %v", len(es), err)
		}
	}
}
