package storage

import (
	"context"
	"io/fs"
	"path"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhibu/zhibu"
)

func TestMigrate(t *testing.T) {
	forEachSetting(t, func(t *testing.T, setting string) {
		ctx := context.Background()
		db := newTestDBAt(t, setting)
		if v, err := db.Version(ctx); err != nil || v != 0 {
			t.Errorf("Version() before = %d, %v; want 0", v, err)
		}
		got, err := db.Migrate(ctx)
		if err != nil {
			t.Fatalf("Migrate() = %v", err)
		}
		if diff := cmp.Diff([]int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, got); diff != "" {
			t.Errorf("Migrate() applied (-want +got):\n%s", diff)
		}
		if v, err := db.Version(ctx); err != nil || v != LatestVersion() || v != 15 {
			t.Errorf("Version() = %d, %v; want %d", v, err, LatestVersion())
		}
		got, err = db.Migrate(ctx)
		if err != nil || len(got) != 0 {
			t.Errorf("second Migrate() = %v, %v; want nothing applied", got, err)
		}
	})
}

// TestPostgresMigrationsHaveNamesakes checks that every PostgreSQL file
// replaces a version of migrations/: the overlay lists migrations/ alone.
func TestPostgresMigrationsHaveNamesakes(t *testing.T) {
	pgFiles, err := fs.Glob(migrations, "migrations/postgres/*")
	if err != nil || len(pgFiles) == 0 {
		t.Fatalf("migrations/postgres: %v, %v", pgFiles, err)
	}
	for _, f := range pgFiles {
		if _, err := fs.Stat(migrations, "migrations/"+path.Base(f)); err != nil {
			t.Errorf("%s has no namesake in migrations/: %v", f, err)
		}
	}
}

// TestUpgradeKeepsData builds a database as release 1 left it, filled by raw
// SQL, upgrades it and checks that every row survived.
func TestUpgradeKeepsData(t *testing.T) {
	forEachSetting(t, func(t *testing.T, path string) {
		ctx := context.Background()
		db := newTestDBAt(t, path)
		if got, err := db.MigrateTo(ctx, 1); err != nil || len(got) != 1 {
			t.Fatalf("MigrateTo(1) = %v, %v", got, err)
		}
		at := "2026-01-05 10:00:00+00:00"
		for _, q := range []string{
			`INSERT INTO branches (id, chat_id, name, time_zone, active, created_at, updated_at)
			VALUES (1, -1001, '第一支部', 'Asia/Shanghai', TRUE, '` + at + `', '` + at + `')`,
			`INSERT INTO members (id, branch_id, name, status, grp, role, telegram_id, username, removed, created_at, updated_at)
			VALUES (1, 1, '张三', '正式党员', '一组', '书记', 11, 'zhang', FALSE, '` + at + `', '` + at + `'),
			       (2, 1, '李四', '预备党员', '', '', 0, '', TRUE, '` + at + `', '` + at + `')`,
			`INSERT INTO changes (branch_id, actor_id, actor_name, action, subject, before, after, at)
			VALUES (1, 11, '张三', 'member.add', '李四', '', 'status=预备党员', '` + at + `')`,
			`INSERT INTO bot_state (key, value) VALUES ('inbox_offset', 8)`,
		} {
			if err := db.gorm.Exec(q).Error; err != nil {
				t.Fatalf("seed: %v\n%s", err, q)
			}
		}
		// A blob literal is written differently on each database.
		q := `INSERT INTO inbox_updates (update_id, chat_id, payload, received_at) VALUES (7, -1001, ?, '` + at + `')`
		if err := db.gorm.Exec(q, []byte("{}")).Error; err != nil {
			t.Fatalf("seed: %v\n%s", err, q)
		}
		db.Close()

		db = newTestDBAt(t, path)
		if got, err := db.Migrate(ctx); err != nil || !cmp.Equal(got, []int64{2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}) {
			t.Fatalf("Migrate() = %v, %v; want [2 3 4 5 6 7 8 9 10 11 12 13 14 15]", got, err)
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
		checkForeignKeys(t, db)
	})
}

// TestUpgradeFrom2KeepsData builds a database as release 2 left it (roster
// with exemptions, join requests), upgrades it to the meetings schema and
// checks that every row survived and the new tables work.
func TestUpgradeFrom2KeepsData(t *testing.T) {
	forEachSetting(t, func(t *testing.T, path string) {
		ctx := context.Background()
		db := newTestDBAt(t, path)
		if got, err := db.MigrateTo(ctx, 2); err != nil || !cmp.Equal(got, []int64{1, 2}) {
			t.Fatalf("MigrateTo(2) = %v, %v", got, err)
		}
		at := "'2026-01-05 10:00:00+00:00'"
		for _, q := range []string{
			`INSERT INTO branches (id, chat_id, name, time_zone, active, created_at, updated_at)
			VALUES (1, -1001, '第一支部', 'Asia/Shanghai', TRUE, ` + at + `, ` + at + `)`,
			`INSERT INTO members (id, branch_id, name, status, grp, role, exempt, telegram_id, username, removed, created_at, updated_at)
			VALUES (1, 1, '张三', '正式党员', '一组', '书记', '', 11, 'zhang', FALSE, ` + at + `, ` + at + `),
			       (2, 1, '李四', '正式党员', '', '', '长期外出', 0, '', FALSE, ` + at + `, ` + at + `)`,
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
		if got, err := db.Migrate(ctx); err != nil || !cmp.Equal(got, []int64{3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}) {
			t.Fatalf("Migrate() = %v, %v; want [3 4 5 6 7 8 9 10 11 12 13 14 15]", got, err)
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
		checkForeignKeys(t, db)
	})
}

// TestUpgradeFrom3KeepsData builds a database as release 3 left it
// (meetings, attendance, minutes, prompts), upgrades it to the pledges
// schema and checks that every row survived and the new tables work.
func TestUpgradeFrom3KeepsData(t *testing.T) {
	forEachSetting(t, func(t *testing.T, path string) {
		ctx := context.Background()
		db := newTestDBAt(t, path)
		if got, err := db.MigrateTo(ctx, 3); err != nil || !cmp.Equal(got, []int64{1, 2, 3}) {
			t.Fatalf("MigrateTo(3) = %v, %v", got, err)
		}
		at := "'2026-01-05 10:00:00+00:00'"
		end := "'2026-01-05 12:00:00+00:00'"
		for _, q := range []string{
			`INSERT INTO branches (id, chat_id, name, time_zone, active, created_at, updated_at)
			VALUES (1, -1001, '第一支部', 'Asia/Shanghai', TRUE, ` + at + `, ` + at + `)`,
			`INSERT INTO members (id, branch_id, name, status, grp, role, exempt, telegram_id, username, removed, created_at, updated_at)
			VALUES (1, 1, '张三', '正式党员', '一组', '书记', '', 11, 'zhang', FALSE, ` + at + `, ` + at + `)`,
			`INSERT INTO meetings (id, branch_id, number, type, grp, start_at, end_at, place, topic, host_id, recorder_id,
			lecturer, state, backfilled, cancel_reason, announce_id, created_by, closed_by, closed_at, created_at, updated_at)
			VALUES (1, 1, 1, '党员大会', '', ` + at + `, ` + end + `, '会议室', '学习', 1, 1, '', 'closed', FALSE, '', 321, 1, 1, ` + end + `, ` + at + `, ` + end + `)`,
			`INSERT INTO attendance (id, meeting_id, member_id, name, expected, observer, answer, answered_at, checked_in_at,
			checked_in_by, outcome)
			VALUES (1, 1, 1, '张三', TRUE, FALSE, '参加', ` + at + `, ` + at + `, 1, '出席'),
			       (2, 1, 0, '来宾', FALSE, TRUE, '', NULL, ` + at + `, 1, '列席')`,
			`INSERT INTO minutes (id, meeting_id, version, text, author_id, created_at) VALUES (1, 1, 1, '记录', 1, ` + end + `)`,
			`INSERT INTO prompts (chat_id, message_id, user_id, kind, data, expires_at, created_at)
			VALUES (-1001, 77, 11, 'leave', '{"meeting":1}', ` + end + `, ` + at + `)`,
		} {
			if err := db.gorm.Exec(q).Error; err != nil {
				t.Fatalf("seed: %v\n%s", err, q)
			}
		}
		db.Close()

		db = newTestDBAt(t, path)
		if got, err := db.Migrate(ctx); err != nil || !cmp.Equal(got, []int64{4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}) {
			t.Fatalf("Migrate() = %v, %v; want [4 5 6 7 8 9 10 11 12 13 14 15]", got, err)
		}
		wantAt := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
		wantEnd := wantAt.Add(2 * time.Hour)
		ms, err := db.Meetings(ctx, zhibu.MeetingFilter{BranchID: 1})
		if err != nil {
			t.Fatal(err)
		}
		wantMeetings := []zhibu.Meeting{{ID: 1, BranchID: 1, Number: 1, Type: zhibu.MeetingGeneral, Start: wantAt,
			End: wantEnd, Place: "会议室", Topic: "学习", HostID: 1, RecorderID: 1, State: zhibu.MeetingClosed,
			AnnounceID: 321, CreatedBy: 1, ClosedBy: 1, ClosedAt: wantEnd, CreatedAt: wantAt, UpdatedAt: wantEnd}}
		if diff := cmp.Diff(wantMeetings, ms); diff != "" {
			t.Errorf("meetings after upgrade (-want +got):\n%s", diff)
		}
		wantAttendance := []zhibu.Attendance{
			{ID: 1, MeetingID: 1, MemberID: 1, Name: "张三", Expected: true, Answer: zhibu.AnswerAttend,
				AnsweredAt: wantAt, CheckedInAt: wantAt, CheckedInBy: 1, Outcome: zhibu.OutcomePresent},
			{ID: 2, MeetingID: 1, Name: "来宾", Observer: true, CheckedInAt: wantAt, CheckedInBy: 1,
				Outcome: zhibu.OutcomeObserver},
		}
		if as, err := db.Attendance(ctx, 1); err != nil || !cmp.Equal(wantAttendance, as) {
			t.Errorf("Attendance(1) after upgrade = %+v, %v; want %+v", as, err, wantAttendance)
		}
		wantMinutes := []zhibu.Minutes{{ID: 1, MeetingID: 1, Version: 1, Text: "记录", AuthorID: 1, CreatedAt: wantEnd}}
		if vs, err := db.MinutesOf(ctx, 1); err != nil || !cmp.Equal(wantMinutes, vs) {
			t.Errorf("MinutesOf(1) after upgrade = %+v, %v; want %+v", vs, err, wantMinutes)
		}
		wantPrompt := zhibu.Prompt{ChatID: -1001, MessageID: 77, UserID: 11, Kind: "leave", Data: `{"meeting":1}`,
			ExpiresAt: wantEnd, CreatedAt: wantAt}
		if p, err := db.Prompt(ctx, -1001, 77); err != nil || !cmp.Equal(wantPrompt, p) {
			t.Errorf("Prompt(77) after upgrade = %+v, %v; want %+v", p, err, wantPrompt)
		}
		if m, err := db.MemberByTelegram(ctx, 1, 11); err != nil || m.Name != "张三" {
			t.Errorf("MemberByTelegram(11) after upgrade = %+v, %v", m, err)
		}
		p, err := db.CreatePledge(ctx, zhibu.Pledge{BranchID: 1, MemberID: 1, Content: "承诺"}, zhibu.PledgeEvent{Kind: zhibu.EventCreated})
		if err != nil || p.Number != 1 {
			t.Errorf("CreatePledge() after upgrade = %+v, %v; want number 1", p, err)
		}
		if c, err := db.CreateCall(ctx, zhibu.PledgeCall{BranchID: 1, Text: "号召"}); err != nil || c.Number != 1 {
			t.Errorf("CreateCall() after upgrade = %+v, %v; want number 1", c, err)
		}
		checkForeignKeys(t, db)
	})
}

// TestUpgradeFrom6KeepsData builds a database as release 6 left it (roster,
// meetings, pledges), upgrades it past the campaigns schema (00007) and
// checks that every row survived and the new tables work.
func TestUpgradeFrom6KeepsData(t *testing.T) {
	forEachSetting(t, func(t *testing.T, path string) {
		ctx := context.Background()
		db := newTestDBAt(t, path)
		if got, err := db.MigrateTo(ctx, 6); err != nil || !cmp.Equal(got, []int64{1, 2, 3, 4, 5, 6}) {
			t.Fatalf("MigrateTo(6) = %v, %v", got, err)
		}
		at := "'2026-01-05 10:00:00+00:00'"
		for _, q := range []string{
			`INSERT INTO branches (id, chat_id, name, time_zone, active, created_at, updated_at)
			VALUES (1, -1001, '第一支部', 'Asia/Shanghai', TRUE, ` + at + `, ` + at + `)`,
			`INSERT INTO members (id, branch_id, name, status, grp, role, exempt, telegram_id, username, removed, created_at, updated_at)
			VALUES (1, 1, '张三', '正式党员', '一组', '书记', '', 11, 'zhang', FALSE, ` + at + `, ` + at + `)`,
			`INSERT INTO meetings (id, branch_id, number, type, grp, start_at, end_at, place, topic, host_id, recorder_id,
			lecturer, state, backfilled, cancel_reason, announce_id, created_by, closed_by, closed_at, created_at, updated_at)
			VALUES (1, 1, 1, '党员大会', '', ` + at + `, NULL, '会议室', '学习', 1, 1, '', 'scheduled', FALSE, '', 0, 1, 0, NULL, ` + at + `, ` + at + `)`,
			`INSERT INTO pledges (id, branch_id, number, member_id, content, category, deadline, state, call_id, grade,
			comment, done_at, pending_change, created_at, updated_at)
			VALUES (1, 1, 1, 1, '带头学习', '', ` + at + `, '已公示', 0, '', '好', NULL, '', ` + at + `, ` + at + `)`,
			`INSERT INTO pledge_events (id, pledge_id, kind, actor_id, text, at) VALUES (1, 1, '提诺', 1, '带头学习', ` + at + `)`,
			`INSERT INTO changes (branch_id, actor_id, actor_name, action, subject, before, after, at)
			VALUES (1, 11, '张三', 'pledge.publish', '张三', '', '已公示', ` + at + `)`,
		} {
			if err := db.gorm.Exec(q).Error; err != nil {
				t.Fatalf("seed: %v\n%s", err, q)
			}
		}
		db.Close()

		db = newTestDBAt(t, path)
		if got, err := db.Migrate(ctx); err != nil || len(got) == 0 || got[0] != 7 {
			t.Fatalf("Migrate() = %v, %v; want [7 …]", got, err)
		}
		wantAt := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
		wantMember := zhibu.Member{ID: 1, BranchID: 1, Name: "张三", Status: zhibu.StatusFull, Group: "一组",
			Role: zhibu.RoleSecretary, TelegramID: 11, Username: "zhang", CreatedAt: wantAt, UpdatedAt: wantAt}
		if ms, err := db.Members(ctx, 1); err != nil || !cmp.Equal([]zhibu.Member{wantMember}, ms) {
			t.Errorf("Members() after upgrade = %+v, %v; want %+v", ms, err, wantMember)
		}
		wantMeeting := zhibu.Meeting{ID: 1, BranchID: 1, Number: 1, Type: zhibu.MeetingGeneral, Start: wantAt,
			Place: "会议室", Topic: "学习", HostID: 1, RecorderID: 1, State: zhibu.MeetingScheduled, CreatedBy: 1,
			CreatedAt: wantAt, UpdatedAt: wantAt}
		if m, err := db.MeetingByNumber(ctx, 1, 1); err != nil || !cmp.Equal(wantMeeting, m) {
			t.Errorf("MeetingByNumber(1) after upgrade = %+v, %v; want %+v", m, err, wantMeeting)
		}
		wantPledge := zhibu.Pledge{ID: 1, BranchID: 1, Number: 1, MemberID: 1, Content: "带头学习", Deadline: wantAt,
			State: zhibu.PledgePublished, Comment: "好", CreatedAt: wantAt, UpdatedAt: wantAt}
		if p, err := db.PledgeByNumber(ctx, 1, 1); err != nil || !cmp.Equal(wantPledge, p) {
			t.Errorf("PledgeByNumber(1) after upgrade = %+v, %v; want %+v", p, err, wantPledge)
		}
		wantEvents := []zhibu.PledgeEvent{{ID: 1, PledgeID: 1, Kind: zhibu.EventCreated, ActorID: 1, Text: "带头学习", At: wantAt}}
		if es, err := db.PledgeEvents(ctx, []int64{1}); err != nil || !cmp.Equal(wantEvents, es) {
			t.Errorf("PledgeEvents(1) after upgrade = %+v, %v; want %+v", es, err, wantEvents)
		}
		if cs, err := db.Changes(ctx, 1, 0); err != nil || len(cs) != 1 || cs[0].Action != "pledge.publish" {
			t.Errorf("Changes() after upgrade = %+v, %v", cs, err)
		}

		c, err := db.CreateCampaign(ctx, zhibu.Campaign{BranchID: 1, Name: "主题教育"})
		if err != nil || c.Number != 1 {
			t.Fatalf("CreateCampaign() after upgrade = %+v, %v; want number 1", c, err)
		}
		ss, err := db.AddStages(ctx, []zhibu.Stage{{CampaignID: c.ID, BranchID: 1, Name: "学习", Start: wantAt,
			End: wantAt.AddDate(0, 1, 0), Requirements: []zhibu.Requirement{{Kind: zhibu.ReqPledge}}}})
		if err != nil || len(ss) != 1 || ss[0].Number != 1 {
			t.Errorf("AddStages() after upgrade = %+v, %v; want one stage, number 1", ss, err)
		}
		if s, err := db.Settings(ctx, 1); err != nil || !cmp.Equal(zhibu.DefaultSettings(), s) {
			t.Errorf("Settings() after upgrade = %+v, %v; want the defaults", s, err)
		}
		if r, err := db.CreateReminder(ctx, zhibu.Reminder{BranchID: 1, OwnerID: 1, Text: "交党费", Spec: "每月1日 9:00"}); err != nil || r.Number != 1 {
			t.Errorf("CreateReminder() after upgrade = %+v, %v; want number 1", r, err)
		}
		checkForeignKeys(t, db)
	})
}

// checkForeignKeys fails when any row points at a parent that is gone.
func checkForeignKeys(t *testing.T, db *DB) {
	t.Helper()
	if db.postgres {
		return // PostgreSQL checks every foreign key as rows are written
	}
	var problems int64
	if err := db.gorm.Raw("SELECT count(*) FROM pragma_foreign_key_check").Scan(&problems).Error; err != nil || problems != 0 {
		t.Errorf("foreign key check = %d problems, %v", problems, err)
	}
}

// TestUpgradeWithdrawsUnpublishedCannot builds a database in which a
// pledge was declared 无法兑现 while still under review (a public state, so
// the group listed it) beside one declared so after its publication, and
// checks that the upgrade withdraws the first only, keeping its history.
func TestUpgradeWithdrawsUnpublishedCannot(t *testing.T) {
	forEachSetting(t, func(t *testing.T, path string) {
		ctx := context.Background()
		db := newTestDBAt(t, path)
		if _, err := db.MigrateTo(ctx, 13); err != nil {
			t.Fatalf("MigrateTo(13) = %v", err)
		}
		at, later := "'2026-01-05 10:00:00+00:00'", "'2026-01-06 10:00:00+00:00'"
		pledge := func(id int, state string) string {
			return `INSERT INTO pledges (id, branch_id, number, member_id, content, state, created_at, updated_at)
			VALUES (` + strconv.Itoa(id) + `, 1, ` + strconv.Itoa(id) + `, 1, '承诺', '` + state + `', ` + at + `, ` + later + `)`
		}
		for _, q := range []string{
			`INSERT INTO branches (id, chat_id, name, time_zone, active, created_at, updated_at)
			VALUES (1, -1001, '第一支部', 'Asia/Shanghai', TRUE, ` + at + `, ` + at + `)`,
			pledge(1, "无法兑现"), pledge(2, "无法兑现"), pledge(3, "待审"),
			`INSERT INTO pledge_events (pledge_id, kind, actor_id, text, at) VALUES
			(1, '提诺', 1, '承诺', ` + at + `), (1, '无法兑现', 1, '重复了', ` + later + `),
			(2, '提诺', 1, '承诺', ` + at + `), (2, '通过', 2, '', ` + at + `), (2, '无法兑现', 1, '调走了', ` + later + `),
			(3, '提诺', 1, '承诺', ` + at + `)`,
		} {
			if err := db.gorm.Exec(q).Error; err != nil {
				t.Fatalf("seed: %v\n%s", err, q)
			}
		}
		if got, err := db.Migrate(ctx); err != nil || !cmp.Equal(got, []int64{14, 15}) {
			t.Fatalf("Migrate() = %v, %v; want [14 15]", got, err)
		}
		for n, want := range map[int]zhibu.PledgeState{1: zhibu.PledgeWithdrawn, 2: zhibu.PledgeCannot, 3: zhibu.PledgePending} {
			if p, err := db.PledgeByNumber(ctx, 1, n); err != nil || p.State != want {
				t.Errorf("pledge #%d after upgrade = %q, %v; want %q", n, p.State, err, want)
			}
		}
		es, err := db.PledgeEvents(ctx, []int64{1, 2, 3})
		if err != nil {
			t.Fatal(err)
		}
		var kinds []string
		for _, e := range es {
			kinds = append(kinds, strconv.FormatInt(e.PledgeID, 10)+string(e.Kind)+e.Text)
		}
		want := []string{"1提诺承诺", "1无法兑现重复了", "1撤回", "2提诺承诺", "2通过", "2无法兑现调走了", "3提诺承诺"}
		if diff := cmp.Diff(want, kinds); diff != "" {
			t.Errorf("history after upgrade (-want +got):\n%s", diff)
		}
	})
}

// versionsFrom lists the migrations from version first to the latest.
func versionsFrom(first int64) []int64 {
	var out []int64
	for v := first; v <= LatestVersion(); v++ {
		out = append(out, v)
	}
	return out
}
