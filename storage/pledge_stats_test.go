package storage

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"gorm.io/gorm"

	"github.com/zhibu/zhibu"
)

func TestPledgeCounts(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		b, _ := mustBranch(t, db, -1001)
		other, _ := mustBranch(t, db, -1002)
		const jia, yi = 10, 20
		bing := mustMember(t, db, b, "丙", 0) // on the roster, no pledge: no row
		now := time.Date(2026, 3, 1, 9, 0, 0, 0, shanghai)
		past, future := now.AddDate(0, 0, -1), now.AddDate(0, 0, 1)
		add := func(branch zhibu.Branch, member int64, state zhibu.PledgeState, deadline time.Time) {
			t.Helper()
			p := zhibu.Pledge{BranchID: branch.ID, MemberID: member, Content: "x", State: state, Deadline: deadline}
			if _, err := db.CreatePledge(ctx, p, zhibu.PledgeEvent{Kind: zhibu.EventCreated}); err != nil {
				t.Fatal(err)
			}
		}
		// 甲: one pledge in each state, all but one past their deadline.
		add(b, jia, zhibu.PledgePending, past)     // overdue
		add(b, jia, zhibu.PledgeReturned, past)    // overdue
		add(b, jia, zhibu.PledgePublished, past)   // published, overdue
		add(b, jia, zhibu.PledgeClaimed, future)   // published
		add(b, jia, zhibu.PledgeFulfilled, past)   // published, fulfilled: done, not overdue
		add(b, jia, zhibu.PledgeCannot, past)      // published, cannot
		add(other, jia, zhibu.PledgePending, past) // another branch
		// 乙: deadlines around now. 10:00 in Shanghai is stored as "…02:00:00
		// +00:00", after now (01:00 UTC), but before the text "…09:00:00+08:00"
		// the driver would bind for a +08:00 now: the query must bind now in UTC.
		add(b, yi, zhibu.PledgePublished, time.Date(2026, 3, 1, 10, 0, 0, 0, shanghai))
		add(b, yi, zhibu.PledgePublished, now)                                         // due at now: not yet overdue
		add(b, yi, zhibu.PledgePublished, now.Add(-500*time.Millisecond))              // overdue
		add(b, yi, zhibu.PledgePending, now.Add(500*time.Millisecond))                 // not overdue
		add(b, yi, zhibu.PledgeClaimed, time.Time{})                                   // no deadline
		add(b, yi, zhibu.PledgePending, time.Date(2026, 2, 28, 23, 0, 0, 0, time.UTC)) // 07:00 in Shanghai: overdue

		want := []zhibu.PledgeCounts{
			{MemberID: jia, Made: 6, Published: 4, Fulfilled: 1, Overdue: 3, Cannot: 1},
			{MemberID: yi, Made: 6, Published: 4, Overdue: 2},
		}
		got, err := db.PledgeCounts(ctx, b.ID, now)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("PledgeCounts(%v) (-want +got):\n%s", now, diff)
		}
		// The same instant in UTC gives the same counts.
		if got, err := db.PledgeCounts(ctx, b.ID, now.UTC()); err != nil || !cmp.Equal(want, got) {
			t.Errorf("PledgeCounts(%v) = %+v, %v; want %+v", now.UTC(), got, err, want)
		}
		// A second after 10:00, every dated open pledge of 乙 is overdue.
		later := time.Date(2026, 3, 1, 10, 0, 1, 0, shanghai)
		if got, err := db.PledgeCounts(ctx, b.ID, later); err != nil || len(got) != 2 || got[1].Overdue != 5 {
			t.Errorf("PledgeCounts(%v) = %+v, %v; want 乙 overdue 5", later, got, err)
		}
		if got, err := db.PledgeCounts(ctx, 999, now); err != nil || len(got) != 0 {
			t.Errorf("PledgeCounts(unknown branch) = %+v, %v; want none", got, err)
		}
		for _, c := range got {
			if c.MemberID == bing.ID {
				t.Errorf("PledgeCounts() has a row for %s, who made no pledge", bing.Name)
			}
		}
	})
}

// BenchmarkPledgeCounts counts the pledges of a branch of 500 members with
// 5,000 pledges, as the branch report does.
func BenchmarkPledgeCounts(b *testing.B) {
	db, branch := newPledgeBenchDB(b)
	ctx := context.Background()
	now := time.Date(2026, 7, 1, 0, 0, 0, 0, shanghai)
	for b.Loop() {
		cs, err := db.PledgeCounts(ctx, branch, now)
		if err != nil || len(cs) != benchMembers {
			b.Fatalf("PledgeCounts() = %d rows, %v", len(cs), err)
		}
	}
}

// The pledge benchmarks' data set: 500 members with ten pledges each, every
// pledge with five events, every third event with a file.
const benchMembers, benchPledges, benchEvents = 500, 5000, 5

// newPledgeBenchDB opens a migrated database filled by pledgeBenchData.
func newPledgeBenchDB(b *testing.B) (*DB, int64) {
	b.Helper()
	db, err := Open(b.TempDir()+"/bench.db", func() time.Time { return t0 })
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		b.Fatal(err)
	}
	return db, pledgeBenchData(b, db)
}

// pledgeBenchData fills db with the benchmark's branch in one transaction
// and returns the branch id. Members ids are 1..500 (not on the roster:
// pledges do not reference it).
func pledgeBenchData(tb testing.TB, db *DB) int64 {
	tb.Helper()
	states := []zhibu.PledgeState{zhibu.PledgePending, zhibu.PledgeReturned, zhibu.PledgePublished,
		zhibu.PledgeClaimed, zhibu.PledgeFulfilled, zhibu.PledgeCannot}
	first := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	br := db.branchRow(zhibu.Branch{ChatID: -1, Name: "基准支部", TimeZone: zhibu.DefaultTimeZone, Active: true})
	err := db.gorm.Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&br).Error; err != nil {
			return err
		}
		ps := make([]pledgeRow, benchPledges)
		for i := range ps {
			p := zhibu.Pledge{BranchID: br.ID, Number: i + 1, MemberID: int64(i%benchMembers + 1),
				Content: fmt.Sprintf("承诺%d：每月走访困难群众，帮助解决实际问题", i+1), Category: zhibu.CategoryService,
				State: states[i%len(states)], CreatedAt: first, UpdatedAt: first}
			if i%2 == 0 {
				p.Deadline = first.AddDate(0, i%12, 0)
			}
			ps[i] = db.pledgeRow(p)
		}
		if err := tx.CreateInBatches(&ps, 500).Error; err != nil {
			return err
		}
		es := make([]pledgeEventRow, 0, benchPledges*benchEvents)
		for _, p := range ps {
			for j := range benchEvents {
				es = append(es, pledgeEventRow{PledgeID: p.ID, Kind: string(zhibu.EventProgress), ActorID: p.MemberID,
					Text: "本月走访三户，解决两件实事", At: first.Add(time.Duration(j) * 24 * time.Hour)})
			}
		}
		if err := tx.CreateInBatches(&es, 500).Error; err != nil {
			return err
		}
		var fs []evidenceRow
		for i, e := range es {
			if i%3 == 0 {
				fs = append(fs, evidenceRow{EventID: e.ID, FileID: fmt.Sprintf("AgACAgUAAxkBAAI%d", i),
					FileName: "照片.jpg", Size: 123456, Kind: "photo"})
			}
		}
		return tx.CreateInBatches(&fs, 500).Error
	})
	if err != nil {
		tb.Fatal(err)
	}
	return br.ID
}
