package storage

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/zhibu/zhibu"
)

// mustBranchData fills db with a small branch's life: members, the audit
// log, a meeting with attendance and minutes, pledges with their events, a
// reminder, a campaign stage with a submission, a join request, contacts,
// deliveries, the inbox (binary payloads) and the outbox (one message
// with a document), settings. One audit entry is deleted, so the changes
// counter runs ahead of the largest id.
func mustBranchData(t *testing.T, db *DB, chatID int64) {
	t.Helper()
	ctx := context.Background()
	b, founder := mustBranch(t, db, chatID)
	wang := mustMember(t, db, b, "王芳", 2001)
	mustMember(t, db, b, "陈静", 0)
	m := mustMeeting(t, db, b, zhibu.MeetingGeneral, t0.Add(48*time.Hour))
	mustAttendance(t, db, zhibu.Attendance{MeetingID: m.ID, MemberID: wang.ID, Name: wang.Name, Expected: true,
		Answer: zhibu.AnswerLeave, AnsweredAt: t0.Add(123456789 * time.Nanosecond), LeaveReason: "出差\n在外地"})
	mustAttendance(t, db, zhibu.Attendance{MeetingID: m.ID, Name: "列席的同志", Observer: true})
	if _, err := db.AddMinutes(ctx, zhibu.Minutes{MeetingID: m.ID, Text: "一、学习。", AuthorID: founder.TelegramID, CreatedAt: t0},
		zhibu.Change{BranchID: b.ID, Action: "minutes.add", At: t0}); err != nil {
		t.Fatalf("AddMinutes() = %v", err)
	}
	mustPledge(t, db, b, wang.ID, "每月组织一次志愿服务")
	mustPledge(t, db, b, founder.ID, "帮扶一名困难学生")
	mustReminder(t, db, b, "交党费")
	c := mustCampaign(t, db, b, "主题教育")
	s := mustStage(t, db, c, "学习动员", t0, t0.Add(14*24*time.Hour))
	if _, err := db.SaveSubmission(ctx, zhibu.Submission{StageID: s.ID, MemberID: wang.ID, Text: "心得", CreatedAt: t0}); err != nil {
		t.Fatalf("SaveSubmission() = %v", err)
	}
	mustJoinRequest(t, db, b, 3000+chatID, "赵强")
	mustSetReachable(t, db, wang.TelegramID, true, t0)
	if err := db.SaveSettings(ctx, b.ID, zhibu.Settings{QuietStart: 22 * 60, QuietEnd: 7*60 + 30,
		LeadTimes: []time.Duration{time.Hour}}, zhibu.Change{BranchID: b.ID, Action: "rules", At: t0}); err != nil {
		t.Fatalf("SaveSettings() = %v", err)
	}
	msg := zhibu.Message{ChatID: chatID, Text: "<b>名册</b>", Key: "roster:" + b.Name,
		Document: &zhibu.Document{Name: "名册.xlsx", Data: []byte{0, 1, 2, 0xff, 'P', 'K'}}}
	if _, err := db.Deliver(ctx, t0, []zhibu.Delivery{{Key: "d:" + b.Name, BranchID: b.ID, Outcome: zhibu.DeliverySent,
		Messages: []zhibu.Message{msg}}}); err != nil {
		t.Fatalf("Deliver() = %v", err)
	}
	items := []zhibu.InboxItem{{UpdateID: chatID * -10, ChatID: chatID, Payload: []byte(`{"update_id":1,"x":"\u0000"}`), ReceivedAt: t0}}
	if _, err := db.StoreUpdates(ctx, items, chatID*-10+1); err != nil {
		t.Fatalf("StoreUpdates() = %v", err)
	}
	if err := db.gorm.Exec("DELETE FROM changes WHERE id = (SELECT MAX(id) FROM changes)").Error; err != nil {
		t.Fatal(err)
	}
}

// copyCases are the directions Copy is tested in.
var copyCases = []struct{ from, to string }{
	{"sqlite", "postgres"},
	{"postgres", "sqlite"},
	{"sqlite", "sqlite"},
	{"postgres", "postgres"},
}

func TestCopyBetweenDatabases(t *testing.T) {
	for _, tc := range copyCases {
		t.Run(tc.from+"→"+tc.to, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			from := newMigrated(t, newTestSetting(t, tc.from))
			mustBranchData(t, from, -100)
			mustBranchData(t, from, -200)
			to := newTestDBAt(t, newTestSetting(t, tc.to)) // not migrated: Copy migrates it
			seen := map[string]int64{}
			report, err := Copy(ctx, from, to, func(table string, rows int64) { seen[table] = rows })
			if err != nil {
				t.Fatalf("Copy() = %+v, %v", report, err)
			}
			if report.Version != LatestVersion() || !report.Match() {
				t.Errorf("Copy() = %+v, want version %d and every table matching", report, LatestVersion())
			}
			var total int64
			for _, tc := range report.Tables {
				total += tc.Rows
				if tc.Rows > 0 && seen[tc.Table] != tc.Rows {
					t.Errorf("progress for %s reached %d rows, want %d", tc.Table, seen[tc.Table], tc.Rows)
				}
			}
			if len(report.Tables) < 20 || total < 50 {
				t.Errorf("Copy() copied %d tables, %d rows; want every table and the whole dataset", len(report.Tables), total)
			}
			// What the bot reads back is the same.
			b, err := to.BranchByChat(ctx, -200)
			if err != nil {
				t.Fatalf("BranchByChat(-200) on the copy = %v", err)
			}
			due, err := to.Due(ctx, t0.Add(time.Hour), 10)
			if err != nil || len(due) != 2 || due[0].Message.Document == nil || string(due[0].Message.Document.Data) != "\x00\x01\x02\xffPK" {
				t.Errorf("Due() on the copy = %+v, %v; want both messages with their documents", due, err)
			}
			// The counters go on after the copied ids, and after the
			// deleted audit entry's.
			var lastChange int64
			if err := from.gorm.Raw("SELECT MAX(id) FROM changes").Scan(&lastChange).Error; err != nil {
				t.Fatal(err)
			}
			p := mustPledge(t, to, b, 1, "新承诺")
			if p.Number != 3 {
				t.Errorf("new pledge on the copy = #%d, want #3", p.Number)
			}
			if err := to.SaveSettings(ctx, b.ID, zhibu.Settings{QuietStart: 60, QuietEnd: 120},
				zhibu.Change{BranchID: b.ID, Action: "rules", At: t0}); err != nil {
				t.Fatalf("SaveSettings() on the copy = %v", err)
			}
			var ids []int64
			if err := to.gorm.Raw("SELECT id FROM changes ORDER BY id DESC LIMIT 1").Scan(&ids).Error; err != nil {
				t.Fatal(err)
			}
			if len(ids) != 1 || ids[0] != lastChange+2 {
				t.Errorf("new audit entry on the copy has id %v, want %d (after the source's deleted %d)", ids, lastChange+2, lastChange+1)
			}
		})
	}
}

func TestCopyRefusesANonEmptyTarget(t *testing.T) {
	for _, tc := range copyCases[:2] {
		t.Run(tc.from+"→"+tc.to, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			from := newMigrated(t, newTestSetting(t, tc.from))
			mustBranchData(t, from, -100)
			to := newMigrated(t, newTestSetting(t, tc.to))
			mustReminder(t, to, mustBranchOnly(t, to, -300), "别的数据")
			before, err := to.Checksums(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := Copy(ctx, from, to, nil); !errors.Is(err, ErrTargetNotEmpty) {
				t.Fatalf("Copy() into a database with data = %v, want ErrTargetNotEmpty", err)
			}
			after, err := to.Checksums(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(before) != len(after) {
				t.Fatalf("target tables %d → %d", len(before), len(after))
			}
			for i := range before {
				if before[i] != after[i] {
					t.Errorf("target table %s changed: %+v → %+v", before[i].Table, before[i], after[i])
				}
			}
		})
	}
}

// mustBranchOnly creates a branch and returns it.
func mustBranchOnly(t *testing.T, db *DB, chatID int64) zhibu.Branch {
	t.Helper()
	b, _ := mustBranch(t, db, chatID)
	return b
}

func TestCopyRefusesAnOldSource(t *testing.T) {
	ctx := context.Background()
	from := newTestDBAt(t, newTestSetting(t, "sqlite"))
	if _, err := from.MigrateTo(ctx, 12); err != nil {
		t.Fatal(err)
	}
	to := newTestDBAt(t, newTestSetting(t, "sqlite"))
	var ve *VersionError
	if _, err := Copy(ctx, from, to, nil); !errors.As(err, &ve) || ve.Version != 12 || ve.Latest != LatestVersion() {
		t.Fatalf("Copy() from version 12 = %v, want a *VersionError 12 → %d", err, LatestVersion())
	}
	if v, err := to.Version(ctx); v != 0 || err != nil {
		t.Errorf("target version after a refused copy = %d, %v; want 0 (untouched)", v, err)
	}
}

func TestVerifyFindsATamperedRow(t *testing.T) {
	for _, tc := range copyCases[:2] {
		t.Run(tc.from+"→"+tc.to, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			from := newMigrated(t, newTestSetting(t, tc.from))
			mustBranchData(t, from, -100)
			to := newTestDBAt(t, newTestSetting(t, tc.to))
			if _, err := Copy(ctx, from, to, nil); err != nil {
				t.Fatalf("Copy() = %v", err)
			}
			if r, err := Verify(ctx, from, to); err != nil || !r.Match() {
				t.Fatalf("Verify() right after the copy = %+v, %v; want a match", r, err)
			}
			// One character of one leave reason; then an extra row.
			if err := to.gorm.Exec("UPDATE attendance SET leave_reason = '出差' WHERE leave_reason <> ''").Error; err != nil {
				t.Fatal(err)
			}
			r, err := Verify(ctx, from, to)
			if !errors.Is(err, ErrCopyMismatch) {
				t.Fatalf("Verify() after tampering = %v, want ErrCopyMismatch", err)
			}
			for _, tab := range r.Tables {
				if wrong := tab.Table == "attendance"; tab.Match() == wrong {
					t.Errorf("Verify() table %s: %+v, match = %v; want a mismatch only in attendance", tab.Table, tab, tab.Match())
				}
				if tab.Table == "attendance" && tab.Rows != tab.TargetRows {
					t.Errorf("Verify() attendance rows %d and %d, want equal: only the checksum differs", tab.Rows, tab.TargetRows)
				}
			}
		})
	}
}

// TestCopyWhileTheSourceIsWritten: another connection (the running bot)
// holds a write transaction open on the source while Copy runs. Copy must
// not wait for it (it takes no write lock on the source) and must copy
// what was committed before, nothing of the open transaction.
func TestCopyWhileTheSourceIsWritten(t *testing.T) {
	for _, kind := range dbKinds {
		t.Run(kind, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			setting := newTestSetting(t, kind)
			from := newMigrated(t, setting)
			mustBranchData(t, from, -100)
			writer := newTestDBAt(t, setting)
			inTx, copied, done := make(chan struct{}), make(chan struct{}), make(chan error, 1)
			go func() {
				done <- writer.Atomically(ctx, func(ctx context.Context) error {
					item := zhibu.InboxItem{UpdateID: 999, Payload: []byte("{}"), ReceivedAt: t0}
					if _, err := writer.StoreUpdates(ctx, []zhibu.InboxItem{item}, 1000); err != nil {
						return err
					}
					close(inTx)
					<-copied
					return nil
				})
			}()
			select {
			case <-inTx:
			case err := <-done:
				t.Fatalf("writer: %v", err)
			}
			to := newTestDBAt(t, newTestSetting(t, "sqlite"))
			report, err := Copy(ctx, from, to, nil)
			close(copied)
			if err != nil {
				t.Fatalf("Copy() while the source is written = %v", err)
			}
			if err := <-done; err != nil {
				t.Fatalf("writer after the copy: %v", err)
			}
			for _, tab := range report.Tables {
				if tab.Table == "inbox_updates" && tab.Rows != 1 {
					t.Errorf("copied %d updates, want 1: the open transaction's is not committed", tab.Rows)
				}
			}
			if off, err := to.InboxOffset(ctx); off != -100*-10+1 || err != nil {
				t.Errorf("InboxOffset() of the copy = %d, %v; want %d", off, err, -100*-10+1)
			}
		})
	}
}

// TestCopyLeavesAnOldTargetWithDataAsItWas: a target of an older release
// that holds data is refused before it is migrated.
func TestCopyLeavesAnOldTargetWithDataAsItWas(t *testing.T) {
	ctx := context.Background()
	from := newMigrated(t, newTestSetting(t, "sqlite"))
	to := newTestDBAt(t, newTestSetting(t, "sqlite"))
	if _, err := to.MigrateTo(ctx, 12); err != nil {
		t.Fatal(err)
	}
	mustBranch(t, to, -1)
	var ne *NotEmptyError
	if _, err := Copy(ctx, from, to, nil); !errors.As(err, &ne) || ne.Table != "bot_state" && ne.Table != "branches" {
		t.Fatalf("Copy() into an old database with data = %v, want a *NotEmptyError", err)
	}
	if v, err := to.Version(ctx); v != 12 || err != nil {
		t.Errorf("target version after the refusal = %d, %v; want 12, not migrated", v, err)
	}
}
