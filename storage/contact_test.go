package storage

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhibu/zhibu"
)

// mustSetReachable records whether id is reachable, as learnt at at.
func mustSetReachable(t *testing.T, db *DB, id int64, ok bool, at time.Time) {
	t.Helper()
	if err := db.SetReachable(context.Background(), id, ok, at); err != nil {
		t.Fatalf("SetReachable(%d, %v, %v) = %v", id, ok, at, err)
	}
}

func TestContacts(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		if got, err := db.Reachable(ctx, nil); err != nil || len(got) != 0 || got == nil {
			t.Errorf("Reachable(nil) = %#v, %v; want an empty map", got, err)
		}
		later := t0.Add(time.Hour)
		mustSetReachable(t, db, 1, true, t0)
		mustSetReachable(t, db, 2, false, t0)
		mustSetReachable(t, db, 3, true, t0)
		mustSetReachable(t, db, 3, false, later) // blocked the bot
		mustSetReachable(t, db, 4, false, t0)
		mustSetReachable(t, db, 4, true, later) // started a private chat again
		mustSetReachable(t, db, 1, false, t0.Add(-time.Hour))
		mustSetReachable(t, db, 5, true, time.Time{}) // the clock's time
		for _, tt := range []struct {
			name string
			ids  []int64
			want map[int64]bool
		}{
			{"mixed", []int64{1, 2, 3, 4, 5, 6}, map[int64]bool{1: true, 4: true, 5: true}},
			{"an older fact is ignored", []int64{1}, map[int64]bool{1: true}},
			{"flipped to blocked", []int64{3}, map[int64]bool{}},
			{"unknown", []int64{99}, map[int64]bool{}},
			{"repeated ids", []int64{4, 4, 2, 4}, map[int64]bool{4: true}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				got, err := db.Reachable(ctx, tt.ids)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("Reachable(%v) (-want +got):\n%s", tt.ids, diff)
				}
			})
		}
		for id, want := range map[int64]time.Time{1: t0.UTC(), 3: later.UTC(), 5: t0.UTC()} {
			var got time.Time
			if err := db.gorm.Raw("SELECT updated_at FROM contacts WHERE telegram_id = ?", id).Scan(&got).Error; err != nil {
				t.Fatal(err)
			}
			if !got.Equal(want) || got.Location() != time.UTC {
				t.Errorf("contact %d updated_at = %v, want %v", id, got, want)
			}
		}
	})
}

// TestReachableChunks asks about more accounts than one IN list holds.
func TestReachableChunks(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		want := map[int64]bool{}
		for _, id := range []int64{1, inChunk, inChunk + 1, 2*inChunk + 7} {
			mustSetReachable(t, db, id, true, t0)
			want[id] = true
		}
		mustSetReachable(t, db, inChunk+2, false, t0)
		ids := make([]int64, 0, 2*inChunk+10)
		for id := int64(2*inChunk + 10); id > 0; id-- {
			ids = append(ids, id)
		}
		got, err := db.Reachable(context.Background(), ids)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Reachable(%d ids) (-want +got):\n%s", len(ids), diff)
		}
	})
}

// TestUpgradeFrom7KeepsData builds a database as release 7 left it
// (campaigns, deliveries), upgrades it to the contacts schema and checks
// that every row survived and the all-branch listings work on it.
func TestUpgradeFrom7KeepsData(t *testing.T) {
	forEachSetting(t, func(t *testing.T, path string) {
		ctx := context.Background()
		db := newTestDBAt(t, path)
		if _, err := db.MigrateTo(ctx, 7); err != nil {
			t.Fatalf("MigrateTo(7) = %v", err)
		}
		if v, err := db.Version(ctx); err != nil || v != 7 {
			t.Fatalf("Version() = %d, %v; want 7", v, err)
		}
		at := "'2026-01-05 10:00:00+00:00'"
		due := "'2026-02-01 04:00:00+00:00'"
		for _, q := range []string{
			`INSERT INTO branches (id, chat_id, name, time_zone, active, created_at, updated_at)
			VALUES (1, -1001, '第一支部', 'Asia/Shanghai', TRUE, ` + at + `, ` + at + `),
			       (2, -1002, '第二支部', 'Asia/Shanghai', FALSE, ` + at + `, ` + at + `),
			       (3, -1003, '第三支部', 'Asia/Shanghai', TRUE, ` + at + `, ` + at + `)`,
			`INSERT INTO members (id, branch_id, name, status, grp, role, exempt, telegram_id, username, removed, created_at, updated_at)
			VALUES (1, 1, '张三', '正式党员', '', '书记', '', 11, 'zhang', FALSE, ` + at + `, ` + at + `),
			       (2, 3, '李四', '正式党员', '', '书记', '', 22, '', FALSE, ` + at + `, ` + at + `)`,
			`INSERT INTO meetings (id, branch_id, number, type, start_at, state, created_at, updated_at)
			VALUES (1, 1, 1, '党员大会', ` + due + `, 'scheduled', ` + at + `, ` + at + `),
			       (2, 3, 1, '党课', ` + due + `, 'scheduled', ` + at + `, ` + at + `)`,
			`INSERT INTO pledges (id, branch_id, number, member_id, content, category, deadline, state, created_at, updated_at)
			VALUES (1, 1, 1, 1, '走访', '服务群众', ` + due + `, '已公示', ` + at + `, ` + at + `),
			       (2, 3, 1, 2, '学习', '学习', ` + due + `, '已公示', ` + at + `, ` + at + `),
			       (3, 3, 2, 2, '无期限', '学习', NULL, '已公示', ` + at + `, ` + at + `)`,
			`INSERT INTO pledge_calls (id, branch_id, number, text, message_id, closed, created_by, created_at)
			VALUES (1, 1, 1, '号召', 55, FALSE, 1, ` + at + `)`,
			`INSERT INTO campaigns (id, branch_id, number, name, created_by, created_at)
			VALUES (1, 1, 1, '主题教育', 1, ` + at + `)`,
			`INSERT INTO deliveries (key, branch_id, at, outcome, created_at)
			VALUES ('meeting:1:24h:2026-01-31T12:00', 1, ` + at + `, 'sent', ` + at + `)`,
			`INSERT INTO bot_state (key, value) VALUES ('inbox_offset', 8)`,
		} {
			if err := db.gorm.Exec(q).Error; err != nil {
				t.Fatalf("seed: %v\n%s", err, q)
			}
		}
		db.Close()

		db = newTestDBAt(t, path)
		if got, err := db.Migrate(ctx); err != nil || !cmp.Equal(got, versionsFrom(8)) {
			t.Fatalf("Migrate() = %v, %v; want %v", got, err, versionsFrom(8))
		}
		bs, err := db.ActiveBranches(ctx)
		if err != nil || len(bs) != 2 || bs[0].ID != 1 || bs[1].ID != 3 {
			t.Errorf("ActiveBranches() after upgrade = %+v, %v; want branches 1 and 3", bs, err)
		}
		dueAt := time.Date(2026, 2, 1, 4, 0, 0, 0, time.UTC)
		day := time.Date(2026, 2, 1, 0, 0, 0, 0, shanghai)
		ms, err := db.Meetings(ctx, zhibu.MeetingFilter{From: day, To: day.AddDate(0, 0, 1)})
		if err != nil || len(ms) != 2 || ms[0].ID != 1 || ms[1].ID != 2 || !ms[0].Start.Equal(dueAt) {
			t.Errorf("Meetings(all, 1 Feb) after upgrade = %+v, %v; want meetings 1 and 2", ms, err)
		}
		ps, err := db.Pledges(ctx, zhibu.PledgeFilter{DeadlineFrom: day, DeadlineTo: day.AddDate(0, 0, 1)})
		if err != nil || len(ps) != 2 || ps[0].ID != 1 || ps[1].ID != 2 || !ps[1].Deadline.Equal(dueAt) {
			t.Errorf("Pledges(due 1 Feb) after upgrade = %+v, %v; want pledges 1 and 2", ps, err)
		}
		if ps, err := db.Pledges(ctx, zhibu.PledgeFilter{}); err != nil || len(ps) != 3 {
			t.Errorf("Pledges(all) after upgrade = %d, %v; want 3", len(ps), err)
		}
		if cs, err := db.Calls(ctx, 0, true); err != nil || len(cs) != 1 || cs[0].MessageID != 55 {
			t.Errorf("Calls(0) after upgrade = %+v, %v", cs, err)
		}
		if off, err := db.InboxOffset(ctx); err != nil || off != 8 {
			t.Errorf("InboxOffset() after upgrade = %d, %v; want 8", off, err)
		}
		for _, table := range []string{"campaigns", "deliveries"} {
			var n int64
			if err := db.gorm.Table(table).Count(&n).Error; err != nil || n != 1 {
				t.Errorf("%s after upgrade = %d rows, %v; want 1", table, n, err)
			}
		}
		mustSetReachable(t, db, 11, true, t0)
		if got, err := db.Reachable(ctx, []int64{11, 22}); err != nil || !cmp.Equal(got, map[int64]bool{11: true}) {
			t.Errorf("Reachable() after upgrade = %v, %v; want 11 only", got, err)
		}
		checkForeignKeys(t, db)
	})
}

// The branches of a person in private: active ones where they are linked
// and not removed; the chosen one is remembered apart from reachability.
func TestBranchesOfAndChoice(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		a, _ := mustBranch(t, db, -1)
		b, _ := mustBranch(t, db, -2)
		c, _ := mustBranch(t, db, -3)
		d, _ := mustBranch(t, db, -4)
		mustMember(t, db, a, "赵强", 7)
		mustMember(t, db, b, "赵强", 7)
		gone := mustMember(t, db, c, "赵强", 7)
		gone.Removed = true
		if _, err := db.SaveMembers(ctx, []zhibu.Member{gone}, nil); err != nil {
			t.Fatal(err)
		}
		mustMember(t, db, d, "赵强", 7)
		d.Active = false
		if err := db.UpdateBranch(ctx, d, zhibu.Change{BranchID: d.ID, Action: "branch.deactivate", At: t0}); err != nil {
			t.Fatal(err)
		}
		bs, err := db.BranchesOf(ctx, 7)
		if err != nil || len(bs) != 2 || bs[0].ID != a.ID || bs[1].ID != b.ID || bs[0].Loc == nil {
			t.Fatalf("BranchesOf(7) = %+v, %v; want %d and %d", bs, err, a.ID, b.ID)
		}
		if bs, err := db.BranchesOf(ctx, 8); err != nil || len(bs) != 0 {
			t.Errorf("BranchesOf(stranger) = %+v, %v", bs, err)
		}
		if id, err := db.ChosenBranch(ctx, 7); err != nil || id != 0 {
			t.Errorf("ChosenBranch before = %d, %v", id, err)
		}
		mustSetReachable(t, db, 7, true, t0)
		if err := db.ChooseBranch(ctx, 7, b.ID, t0.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if id, err := db.ChosenBranch(ctx, 7); err != nil || id != b.ID {
			t.Errorf("ChosenBranch = %d, %v; want %d", id, err, b.ID)
		}
		mustSetReachable(t, db, 7, true, t0.Add(time.Hour))
		if id, _ := db.ChosenBranch(ctx, 7); id != b.ID {
			t.Errorf("reachability reset the choice to %d", id)
		}
	})
}
