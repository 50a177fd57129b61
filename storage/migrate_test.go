package storage

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhibu/zhibu"
)

func TestMigrate(t *testing.T) {
	ctx := context.Background()
	db := newTestDBAt(t, filepath.Join(t.TempDir(), "zhibu.db"))
	if v, err := db.Version(ctx); err != nil || v != 0 {
		t.Errorf("Version() before = %d, %v; want 0", v, err)
	}
	got, err := db.Migrate(ctx)
	if err != nil {
		t.Fatalf("Migrate() = %v", err)
	}
	if diff := cmp.Diff([]int64{1, 2, 3}, got); diff != "" {
		t.Errorf("Migrate() applied (-want +got):\n%s", diff)
	}
	if v, err := db.Version(ctx); err != nil || v != LatestVersion() || v != 3 {
		t.Errorf("Version() = %d, %v; want %d", v, err, LatestVersion())
	}
	got, err = db.Migrate(ctx)
	if err != nil || len(got) != 0 {
		t.Errorf("second Migrate() = %v, %v; want nothing applied", got, err)
	}
}

// TestUpgradeKeepsData builds a database as release 1 left it, filled by raw
// SQL, upgrades it and checks that every row survived.
func TestUpgradeKeepsData(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db := newTestDBAt(t, path)
	if got, err := db.MigrateTo(ctx, 1); err != nil || len(got) != 1 {
		t.Fatalf("MigrateTo(1) = %v, %v", got, err)
	}
	at := "2026-01-05 10:00:00+00:00"
	for _, q := range []string{
		`INSERT INTO branches (id, chat_id, name, time_zone, active, created_at, updated_at)
			VALUES (1, -1001, '第一支部', 'Asia/Shanghai', 1, '` + at + `', '` + at + `')`,
		`INSERT INTO members (id, branch_id, name, status, grp, role, telegram_id, username, removed, created_at, updated_at)
			VALUES (1, 1, '张三', '正式党员', '一组', '书记', 11, 'zhang', 0, '` + at + `', '` + at + `'),
			       (2, 1, '李四', '预备党员', '', '', 0, '', 1, '` + at + `', '` + at + `')`,
		`INSERT INTO changes (branch_id, actor_id, actor_name, action, subject, before, after, at)
			VALUES (1, 11, '张三', 'member.add', '李四', '', 'status=预备党员', '` + at + `')`,
		`INSERT INTO inbox_updates (update_id, chat_id, payload, received_at) VALUES (7, -1001, x'7b7d', '` + at + `')`,
		`INSERT INTO bot_state (key, value) VALUES ('inbox_offset', 8)`,
	} {
		if err := db.gorm.Exec(q).Error; err != nil {
			t.Fatalf("seed: %v\n%s", err, q)
		}
	}
	db.Close()

	db = newTestDBAt(t, path)
	if got, err := db.Migrate(ctx); err != nil || !cmp.Equal(got, []int64{2, 3}) {
		t.Fatalf("Migrate() = %v, %v; want [2 3]", got, err)
	}
	ms, err := db.Members(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	wantAt := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
	want := []zhibu.Member{
		{ID: 1, BranchID: 1, Name: "张三", Status: zhibu.StatusFull, Group: "一组", Role: zhibu.RoleSecretary,
			TelegramID: 11, Username: "zhang", CreatedAt: wantAt, UpdatedAt: wantAt},
		{ID: 2, BranchID: 1, Name: "李四", Status: zhibu.StatusProbationary, Removed: true, CreatedAt: wantAt, UpdatedAt: wantAt},
	}
	if diff := cmp.Diff(want, ms); diff != "" {
		t.Errorf("members after upgrade (-want +got):\n%s", diff)
	}
	if b, err := db.BranchByChat(ctx, -1001); err != nil || b.ID != 1 || !b.Active {
		t.Errorf("BranchByChat(-1001) = %+v, %v", b, err)
	}
	if cs, err := db.Changes(ctx, 1, 0); err != nil || len(cs) != 1 || cs[0].Subject != "李四" {
		t.Errorf("Changes() = %+v, %v", cs, err)
	}
	if p, err := db.PendingUpdates(ctx, 0); err != nil || len(p) != 1 || string(p[0].Payload) != "{}" {
		t.Errorf("PendingUpdates() = %+v, %v", p, err)
	}
	if off, err := db.InboxOffset(ctx); err != nil || off != 8 {
		t.Errorf("InboxOffset() = %d, %v; want 8", off, err)
	}
	var fkProblems int64
	if err := db.gorm.Raw("SELECT count(*) FROM pragma_foreign_key_check").Scan(&fkProblems).Error; err != nil || fkProblems != 0 {
		t.Errorf("foreign key check = %d problems, %v", fkProblems, err)
	}
}

// TestUpgradeFrom2KeepsData builds a database as release 2 left it (roster
// with exemptions, join requests), upgrades it to the meetings schema and
// checks that every row survived and the new tables work.
func TestUpgradeFrom2KeepsData(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db := newTestDBAt(t, path)
	if got, err := db.MigrateTo(ctx, 2); err != nil || !cmp.Equal(got, []int64{1, 2}) {
		t.Fatalf("MigrateTo(2) = %v, %v", got, err)
	}
	at := "'2026-01-05 10:00:00+00:00'"
	for _, q := range []string{
		`INSERT INTO branches (id, chat_id, name, time_zone, active, created_at, updated_at)
			VALUES (1, -1001, '第一支部', 'Asia/Shanghai', 1, ` + at + `, ` + at + `)`,
		`INSERT INTO members (id, branch_id, name, status, grp, role, exempt, telegram_id, username, removed, created_at, updated_at)
			VALUES (1, 1, '张三', '正式党员', '一组', '书记', '', 11, 'zhang', 0, ` + at + `, ` + at + `),
			       (2, 1, '李四', '正式党员', '', '', '长期外出', 0, '', 0, ` + at + `, ` + at + `)`,
		`INSERT INTO join_requests (id, branch_id, telegram_id, username, display_name, name, state, status, decided_by, decided_at, created_at)
			VALUES (1, 1, 33, 'u', '显示名', '孙八', 'pending', '', 0, NULL, ` + at + `),
			       (2, 1, 44, '', '', '周九', 'rejected', '', 11, ` + at + `, ` + at + `)`,
		`INSERT INTO changes (branch_id, actor_id, actor_name, action, subject, before, after, at)
			VALUES (1, 11, '张三', 'member.exempt', '李四', '', '长期外出', ` + at + `)`,
	} {
		if err := db.gorm.Exec(q).Error; err != nil {
			t.Fatalf("seed: %v\n%s", err, q)
		}
	}
	db.Close()

	db = newTestDBAt(t, path)
	if got, err := db.Migrate(ctx); err != nil || !cmp.Equal(got, []int64{3}) {
		t.Fatalf("Migrate() = %v, %v; want [3]", got, err)
	}
	wantAt := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
	ms, err := db.Members(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	wantMembers := []zhibu.Member{
		{ID: 1, BranchID: 1, Name: "张三", Status: zhibu.StatusFull, Group: "一组", Role: zhibu.RoleSecretary,
			TelegramID: 11, Username: "zhang", CreatedAt: wantAt, UpdatedAt: wantAt},
		{ID: 2, BranchID: 1, Name: "李四", Status: zhibu.StatusFull, Exempt: "长期外出", CreatedAt: wantAt, UpdatedAt: wantAt},
	}
	if diff := cmp.Diff(wantMembers, ms); diff != "" {
		t.Errorf("members after upgrade (-want +got):\n%s", diff)
	}
	wantJoin := []zhibu.JoinRequest{
		{ID: 1, BranchID: 1, TelegramID: 33, Username: "u", DisplayName: "显示名", Name: "孙八",
			State: zhibu.JoinPending, CreatedAt: wantAt},
		{ID: 2, BranchID: 1, TelegramID: 44, Name: "周九", State: zhibu.JoinRejected, DecidedBy: 11,
			DecidedAt: wantAt, CreatedAt: wantAt},
	}
	for _, want := range wantJoin {
		got, err := db.JoinRequest(ctx, want.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("JoinRequest(%d) after upgrade (-want +got):\n%s", want.ID, diff)
		}
	}
	if cs, err := db.Changes(ctx, 1, 0); err != nil || len(cs) != 1 || cs[0].Action != "member.exempt" {
		t.Errorf("Changes() = %+v, %v", cs, err)
	}
	m, err := db.CreateMeeting(ctx, zhibu.Meeting{BranchID: 1, Type: zhibu.MeetingGeneral, Start: wantAt}, zhibu.Change{Action: "meeting.create"})
	if err != nil || m.Number != 1 {
		t.Errorf("CreateMeeting() after upgrade = %+v, %v; want number 1", m, err)
	}
	var fkProblems int64
	if err := db.gorm.Raw("SELECT count(*) FROM pragma_foreign_key_check").Scan(&fkProblems).Error; err != nil || fkProblems != 0 {
		t.Errorf("foreign key check = %d problems, %v", fkProblems, err)
	}
}
