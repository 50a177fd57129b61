package storage

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhibu/zhibu"
)

// mustPledge creates a pledge of member in branch b, with a 提诺 event by
// the member at t0.
func mustPledge(t testing.TB, db *DB, b zhibu.Branch, member int64, content string) zhibu.Pledge {
	t.Helper()
	p := zhibu.Pledge{BranchID: b.ID, MemberID: member, Content: content, Category: zhibu.CategoryPost,
		CreatedAt: t0, UpdatedAt: t0}
	e := zhibu.PledgeEvent{Kind: zhibu.EventCreated, ActorID: member, Text: content, At: t0}
	p, err := db.CreatePledge(context.Background(), p, e)
	if err != nil {
		t.Fatalf("CreatePledge(%q) = %v", content, err)
	}
	return p
}

// mustEvents returns the history of one pledge.
func mustEvents(t *testing.T, db *DB, pledgeID int64) []zhibu.PledgeEvent {
	t.Helper()
	es, err := db.PledgeEvents(context.Background(), []int64{pledgeID})
	if err != nil {
		t.Fatalf("PledgeEvents(%d) = %v", pledgeID, err)
	}
	return es
}

func TestCreatePledge(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		b, founder := mustBranch(t, db, -1001)
		other, _ := mustBranch(t, db, -1002)
		deadline := time.Date(2026, 6, 30, 18, 0, 0, 0, shanghai)
		in := zhibu.Pledge{ID: 99, BranchID: b.ID, Number: 42, MemberID: founder.ID, Content: "每月走访困难群众",
			Category: zhibu.CategoryService, Deadline: deadline, CallID: 3}
		files := []zhibu.Evidence{{FileID: "AgAD1", FileName: "计划.docx", Size: 2048, Kind: "document"},
			{FileID: "AgAD2", Size: 99, Kind: "photo"}}
		e := zhibu.PledgeEvent{ID: 7, PledgeID: 8, Kind: zhibu.EventCreated, ActorID: founder.ID, Text: in.Content, Files: files}
		got, err := db.CreatePledge(ctx, in, e)
		if err != nil {
			t.Fatalf("CreatePledge() = %v", err)
		}
		// A zero state is 待审; zero times are the clock's, in UTC.
		want := in
		want.ID, want.Number, want.State, want.Deadline = got.ID, 1, zhibu.PledgePending, deadline.UTC()
		want.CreatedAt, want.UpdatedAt = t0.UTC(), t0.UTC()
		if diff := cmp.Diff(want, got); diff != "" || got.ID == 0 {
			t.Errorf("CreatePledge() (-want +got):\n%s", diff)
		}
		if stored, err := db.PledgeByNumber(ctx, b.ID, 1); err != nil || !cmp.Equal(want, stored) {
			t.Errorf("PledgeByNumber(1) = %+v, %v; want %+v", stored, err, want)
		}
		events := mustEvents(t, db, got.ID)
		wantEvent := e
		wantEvent.PledgeID, wantEvent.At = got.ID, t0.UTC()
		if len(events) == 1 {
			wantEvent.ID = events[0].ID
		}
		if diff := cmp.Diff([]zhibu.PledgeEvent{wantEvent}, events); diff != "" {
			t.Errorf("PledgeEvents() after create (-want +got):\n%s", diff)
		}

		// Numbers count per branch; an explicit state is kept.
		if p := mustPledge(t, db, b, founder.ID, "第二条"); p.Number != 2 {
			t.Errorf("second pledge of branch = number %d, want 2", p.Number)
		}
		in2 := zhibu.Pledge{BranchID: other.ID, MemberID: 5, Content: "x", State: zhibu.PledgePublished}
		if p, err := db.CreatePledge(ctx, in2, zhibu.PledgeEvent{Kind: zhibu.EventCreated}); err != nil ||
			p.Number != 1 || p.State != zhibu.PledgePublished {
			t.Errorf("CreatePledge(other branch) = %+v, %v; want number 1, 已公示", p, err)
		}
		if _, err := db.CreatePledge(ctx, zhibu.Pledge{BranchID: 999, Content: "x"}, e); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("CreatePledge(unknown branch) = %v, want ErrNotFound", err)
		}
	})
}

func TestCreatePledgeConcurrent(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		b, founder := mustBranch(t, db, -1001)
		const workers, rounds = 8, 10
		var wg sync.WaitGroup
		errs := make(chan error, workers*rounds)
		for range workers {
			wg.Go(func() {
				for range rounds {
					p := zhibu.Pledge{BranchID: b.ID, MemberID: founder.ID, Content: "并发"}
					if _, err := db.CreatePledge(ctx, p, zhibu.PledgeEvent{Kind: zhibu.EventCreated}); err != nil {
						errs <- err
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		ps, err := db.Pledges(ctx, zhibu.PledgeFilter{BranchID: b.ID})
		if err != nil || len(ps) != workers*rounds {
			t.Fatalf("Pledges() = %d pledges, %v; want %d", len(ps), err, workers*rounds)
		}
		for i, p := range ps {
			if p.Number != i+1 {
				t.Errorf("pledge %d has number %d, want %d: numbers must be 1..%d without gaps", i, p.Number, i+1, len(ps))
			}
		}
	})
}

func TestPledgeByNumberNotFound(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		b, founder := mustBranch(t, db, -1001)
		other, _ := mustBranch(t, db, -1002)
		mustPledge(t, db, b, founder.ID, "x")
		for _, tt := range []struct {
			name   string
			branch int64
			number int
		}{
			{"unknown number", b.ID, 2},
			{"number of another branch", other.ID, 1},
		} {
			t.Run(tt.name, func(t *testing.T) {
				if _, err := db.PledgeByNumber(ctx, tt.branch, tt.number); !errors.Is(err, zhibu.ErrNotFound) {
					t.Errorf("PledgeByNumber(%d, %d) = %v, want ErrNotFound", tt.branch, tt.number, err)
				}
			})
		}
	})
}

func TestUpdatePledge(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		b, founder := mustBranch(t, db, -1001)
		other, _ := mustBranch(t, db, -1002)
		p := mustPledge(t, db, b, founder.ID, "原承诺")

		// Every mutable field changes; number, member, call and creation time
		// do not, whatever the caller passes.
		at := time.Date(2026, 3, 2, 9, 0, 0, 0, shanghai)
		upd := p
		upd.Number, upd.MemberID, upd.CallID, upd.CreatedAt = 9, 77, 5, at
		upd.Content, upd.Category, upd.Deadline, upd.State = "新承诺", zhibu.CategoryStudy, at.AddDate(0, 3, 0), zhibu.PledgePublished
		upd.Grade, upd.Comment, upd.DoneAt, upd.Pending, upd.UpdatedAt = zhibu.GradeGood, "好", at, "待改内容", at
		e := zhibu.PledgeEvent{Kind: zhibu.EventApproved, ActorID: 3, Text: "同意", At: at,
			Files: []zhibu.Evidence{{FileID: "F1", FileName: "a.jpg", Size: 1, Kind: "photo"}}}
		got, err := db.UpdatePledge(ctx, upd, zhibu.PledgePending, e)
		if err != nil {
			t.Fatalf("UpdatePledge() = %v", err)
		}
		want := upd
		want.Number, want.MemberID, want.CallID, want.CreatedAt = p.Number, p.MemberID, p.CallID, p.CreatedAt
		want.Deadline, want.DoneAt, want.UpdatedAt = upd.Deadline.UTC(), at.UTC(), at.UTC()
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("UpdatePledge() (-want +got):\n%s", diff)
		}
		if stored, _ := db.PledgeByNumber(ctx, b.ID, p.Number); !cmp.Equal(want, stored) {
			t.Errorf("PledgeByNumber() after update = %+v, want %+v", stored, want)
		}
		// Zero times are stored as NULL and come back zero.
		cleared := want
		cleared.Deadline, cleared.DoneAt, cleared.State = time.Time{}, time.Time{}, zhibu.PledgeClaimed
		if got, err := db.UpdatePledge(ctx, cleared, zhibu.PledgePublished, zhibu.PledgeEvent{Kind: zhibu.EventClaimed, At: at}); err != nil ||
			!cmp.Equal(cleared, got) {
			t.Errorf("UpdatePledge(zero times) = %+v, %v; want %+v", got, err, cleared)
		}
		if n := len(mustEvents(t, db, p.ID)); n != 3 {
			t.Errorf("history has %d events, want 3", n)
		}

		// A second update from the old state loses the compare and set and
		// writes nothing.
		stale := want
		stale.Comment = "迟到的操作"
		if _, err := db.UpdatePledge(ctx, stale, zhibu.PledgePublished, zhibu.PledgeEvent{Kind: zhibu.EventReturned, At: at}); !errors.Is(err, zhibu.ErrPledgeState) {
			t.Errorf("UpdatePledge(from an old state) = %v, want ErrPledgeState", err)
		}
		if stored, _ := db.PledgeByNumber(ctx, b.ID, p.Number); !cmp.Equal(cleared, stored) {
			t.Errorf("pledge after a failed update = %+v, want unchanged %+v", stored, cleared)
		}
		if n := len(mustEvents(t, db, p.ID)); n != 3 {
			t.Errorf("history has %d events after a failed update, want still 3", n)
		}

		for _, tt := range []struct {
			name string
			p    zhibu.Pledge
		}{
			{"unknown pledge", zhibu.Pledge{ID: 999, BranchID: b.ID}},
			{"pledge of another branch", zhibu.Pledge{ID: p.ID, BranchID: other.ID}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				_, err := db.UpdatePledge(ctx, tt.p, zhibu.PledgeClaimed, zhibu.PledgeEvent{Kind: zhibu.EventEdited})
				if !errors.Is(err, zhibu.ErrNotFound) {
					t.Errorf("UpdatePledge(%d in branch %d) = %v, want ErrNotFound", tt.p.ID, tt.p.BranchID, err)
				}
			})
		}
	})
}

func TestPledges(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		b, _ := mustBranch(t, db, -1001)
		other, _ := mustBranch(t, db, -1002)
		// Created out of member order: the listing sorts by member then number.
		p1 := mustPledge(t, db, b, 20, "乙一")
		p2 := mustPledge(t, db, b, 10, "甲一")
		p3 := mustPledge(t, db, b, 20, "乙二")
		p4 := mustPledge(t, db, b, 10, "甲二")
		mustPledge(t, db, other, 10, "他支部")
		for _, p := range []*zhibu.Pledge{&p2, &p3} {
			p.State, p.CallID = zhibu.PledgePublished, 4
			var err error
			if *p, err = db.UpdatePledge(ctx, *p, zhibu.PledgePending, zhibu.PledgeEvent{Kind: zhibu.EventApproved}); err != nil {
				t.Fatal(err)
			}
		}
		// CallID is set at creation only.
		p5, err := db.CreatePledge(ctx, zhibu.Pledge{BranchID: b.ID, MemberID: 10, Content: "响应号召", CallID: 4,
			CreatedAt: t0, UpdatedAt: t0}, zhibu.PledgeEvent{Kind: zhibu.EventCreated})
		if err != nil {
			t.Fatal(err)
		}
		for _, tt := range []struct {
			name string
			f    zhibu.PledgeFilter
			want []zhibu.Pledge
		}{
			{"all", zhibu.PledgeFilter{}, []zhibu.Pledge{p2, p4, p5, p1, p3}},
			{"one member", zhibu.PledgeFilter{MemberID: 20}, []zhibu.Pledge{p1, p3}},
			{"states", zhibu.PledgeFilter{States: []zhibu.PledgeState{zhibu.PledgePublished, zhibu.PledgeClaimed}}, []zhibu.Pledge{p2, p3}},
			{"member and state", zhibu.PledgeFilter{MemberID: 10, States: []zhibu.PledgeState{zhibu.PledgePending}}, []zhibu.Pledge{p4, p5}},
			{"call", zhibu.PledgeFilter{CallID: 4}, []zhibu.Pledge{p5}},
			{"no match", zhibu.PledgeFilter{MemberID: 30}, []zhibu.Pledge{}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				tt.f.BranchID = b.ID
				got, err := db.Pledges(ctx, tt.f)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("Pledges(%+v) (-want +got):\n%s", tt.f, diff)
				}
			})
		}
	})
}

// BenchmarkPledgesAll lists every pledge of a branch of 500 members with
// 5,000 pledges, as the ledger export does.
func BenchmarkPledgesAll(b *testing.B) {
	db, branch := newPledgeBenchDB(b)
	ctx := context.Background()
	for b.Loop() {
		ps, err := db.Pledges(ctx, zhibu.PledgeFilter{BranchID: branch})
		if err != nil || len(ps) != benchPledges {
			b.Fatalf("Pledges() = %d, %v", len(ps), err)
		}
	}
}

// mustDeadline sets the deadline of pending pledge p.
func mustDeadline(t *testing.T, db *DB, p zhibu.Pledge, deadline time.Time) zhibu.Pledge {
	t.Helper()
	p.Deadline = deadline
	p, err := db.UpdatePledge(context.Background(), p, zhibu.PledgePending, zhibu.PledgeEvent{Kind: zhibu.EventEdited})
	if err != nil {
		t.Fatalf("UpdatePledge(%d, deadline %v) = %v", p.ID, deadline, err)
	}
	return p
}

// TestPledgesAllBranches lists every branch's pledges, as the reminder
// engine does: by branch, member then number.
func TestPledgesAllBranches(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		b, _ := mustBranch(t, db, -1001)
		other, _ := mustBranch(t, db, -1002)
		o1 := mustPledge(t, db, other, 30, "他支部一")
		p1 := mustPledge(t, db, b, 20, "乙一")
		p2 := mustPledge(t, db, b, 10, "甲一")
		o2 := mustPledge(t, db, other, 5, "他支部二")
		o1.State = zhibu.PledgePublished
		o1, err := db.UpdatePledge(ctx, o1, zhibu.PledgePending, zhibu.PledgeEvent{Kind: zhibu.EventApproved})
		if err != nil {
			t.Fatal(err)
		}
		for _, tt := range []struct {
			name string
			f    zhibu.PledgeFilter
			want []zhibu.Pledge
		}{
			{"all", zhibu.PledgeFilter{}, []zhibu.Pledge{p2, p1, o2, o1}},
			{"state", zhibu.PledgeFilter{States: []zhibu.PledgeState{zhibu.PledgePending}}, []zhibu.Pledge{p2, p1, o2}},
			{"member", zhibu.PledgeFilter{MemberID: 30}, []zhibu.Pledge{o1}},
			{"one branch still", zhibu.PledgeFilter{BranchID: other.ID}, []zhibu.Pledge{o2, o1}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				got, err := db.Pledges(ctx, tt.f)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("Pledges(%+v) (-want +got):\n%s", tt.f, diff)
				}
			})
		}
	})
}

// TestPledgesDeadlineWindow selects deadlines in [from, to) of every
// branch, with bounds in +08:00 compared as instants; a bound leaves out
// the pledges with no deadline.
func TestPledgesDeadlineWindow(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		b, _ := mustBranch(t, db, -1001)
		other, _ := mustBranch(t, db, -1002)
		// Midnight of 1 June in Shanghai is 16:00 UTC on 31 May: compared as
		// text in different offsets, "2026-06-01 00:00:00+08:00" would sort
		// after the deadline at 17:00 UTC on 31 May, which is inside.
		from := time.Date(2026, 6, 1, 0, 0, 0, 0, shanghai)
		to := time.Date(2026, 6, 2, 0, 0, 0, 0, shanghai)
		for _, p := range []struct {
			b        zhibu.Branch
			content  string
			deadline time.Time
		}{
			{b, "正好开始", from},
			{b, "将近结束", to.Add(-time.Second)},
			{b, "正好结束", to},
			{b, "前一秒", from.Add(-time.Second)},
			{b, "没有期限", time.Time{}},
			{other, "他支部当天", time.Date(2026, 6, 1, 17, 0, 0, 0, shanghai)},
			{other, "他支部UTC", time.Date(2026, 5, 31, 17, 0, 0, 0, time.UTC)},
		} {
			pl := mustPledge(t, db, p.b, 10, p.content)
			if !p.deadline.IsZero() {
				mustDeadline(t, db, pl, p.deadline)
			}
		}
		for _, tt := range []struct {
			name     string
			from, to time.Time
			want     []string
		}{
			{"window", from, to, []string{"正好开始", "将近结束", "他支部当天", "他支部UTC"}},
			{"window given in UTC", from.UTC(), to.UTC(), []string{"正好开始", "将近结束", "他支部当天", "他支部UTC"}},
			{"from only", to, time.Time{}, []string{"正好结束"}},
			{"to only", time.Time{}, from.Add(time.Second), []string{"正好开始", "前一秒"}},
			{"empty window", from, from, nil},
			{"no bounds", time.Time{}, time.Time{},
				[]string{"正好开始", "将近结束", "正好结束", "前一秒", "没有期限", "他支部当天", "他支部UTC"}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				f := zhibu.PledgeFilter{DeadlineFrom: tt.from, DeadlineTo: tt.to}
				ps, err := db.Pledges(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, p := range ps {
					got = append(got, p.Content)
				}
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("Pledges(%+v) (-want +got):\n%s", f, diff)
				}
			})
		}
	})
}
