package storage

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhibu/zhibu"
)

// mustEnqueue queues ms due at notBefore and checks how many were new.
func mustEnqueue(t *testing.T, db *DB, notBefore time.Time, wantNew int, ms ...zhibu.Message) {
	t.Helper()
	n, err := db.Enqueue(context.Background(), ms, notBefore)
	if err != nil || n != wantNew {
		t.Fatalf("Enqueue(%d messages) = %d, %v; want %d new", len(ms), n, err, wantNew)
	}
}

// mustDue lists the due messages at now.
func mustDue(t *testing.T, db *DB, now time.Time) []zhibu.Queued {
	t.Helper()
	qs, err := db.Due(context.Background(), now, 100)
	if err != nil {
		t.Fatalf("Due(%s) = %v", now, err)
	}
	return qs
}

func keysOf(qs []zhibu.Queued) []string {
	var out []string
	for _, q := range qs {
		out = append(out, q.Message.Key)
	}
	return out
}

func TestOutboxRoundTrip(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		fallback := &zhibu.Message{ChatID: -1001, Text: "请先私聊我", Key: "ignored",
			Buttons: [][]zhibu.Button{{{Text: "开始私聊", URL: "https://t.me/zhibu_bot?start=x"}}}}
		m := zhibu.Message{ChatID: 11, Text: "<b>明天</b>开会", Key: "meeting:1:24h:11", BranchID: 1,
			Kind: "meeting_24h", Private: true, Fallback: fallback, NotAfter: t0.Add(time.Hour),
			Buttons: [][]zhibu.Button{{{Text: "参加", Data: "rsvp:1:yes"}, {Text: "请假", Data: "rsvp:1:no"}}}}
		plain := zhibu.Message{ChatID: -1001, Text: "群消息", Key: "plain"}
		mustEnqueue(t, db, t0, 2, m, plain, m) // the repeat in one batch is skipped
		mustEnqueue(t, db, t0, 0, m)

		got := mustDue(t, db, t0)
		want := []zhibu.Queued{
			{ID: 1, Message: m, NotBefore: t0.UTC(), CreatedAt: t0.UTC()},
			{ID: 2, Message: plain, NotBefore: t0.UTC(), CreatedAt: t0.UTC()},
		}
		want[0].Message.NotAfter = m.NotAfter.UTC()
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Due() (-want +got):\n%s", diff)
		}
		if _, err := db.Enqueue(context.Background(), []zhibu.Message{{ChatID: 1, Text: "x"}}, t0); err == nil {
			t.Error("Enqueue(message without key) = nil; want an error")
		}
	})
}

func TestOutboxDueOrder(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		later := t0.Add(time.Minute)
		mustEnqueue(t, db, later, 1, zhibu.Message{ChatID: 1, Key: "late"})
		mustEnqueue(t, db, t0, 2, zhibu.Message{ChatID: 1, Key: "a"}, zhibu.Message{ChatID: 2, Key: "b"})
		if got := keysOf(mustDue(t, db, t0)); !cmp.Equal(got, []string{"a", "b"}) {
			t.Errorf("Due(t0) = %v; want [a b]", got)
		}
		if got := keysOf(mustDue(t, db, later)); !cmp.Equal(got, []string{"late", "a", "b"}) {
			t.Errorf("Due(later) = %v; want [late a b], in the order queued", got)
		}
		if qs, err := db.Due(context.Background(), later, 1); err != nil || len(qs) != 1 {
			t.Errorf("Due(later, limit 1) = %d messages, %v; want 1", len(qs), err)
		}
		if next, err := db.NextDue(context.Background()); err != nil || !next.Equal(t0) || next.Location() != time.UTC {
			t.Errorf("NextDue() = %s, %v; want %s in UTC", next, err, t0.UTC())
		}
	})
}

func TestOutboxStates(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		mustEnqueue(t, db, t0, 4, zhibu.Message{ChatID: 1, Key: "sent"}, zhibu.Message{ChatID: 1, Key: "retry"},
			zhibu.Message{ChatID: 2, Key: "fail"}, zhibu.Message{ChatID: 3, Key: "other"})
		if err := db.MarkSent(ctx, 1, 501, t0); err != nil {
			t.Fatal(err)
		}
		if err := db.Retry(ctx, 2, t0.Add(4*time.Second), 2, "bad gateway"); err != nil {
			t.Fatal(err)
		}
		if err := db.GiveUp(ctx, 3, "too many attempts"); err != nil {
			t.Fatal(err)
		}
		// A message no longer pending is left alone; an unknown one is an error.
		if err := db.Retry(ctx, 1, t0, 1, "late"); err != nil {
			t.Errorf("Retry(sent message) = %v; want nil", err)
		}
		if err := db.GiveUp(ctx, 99, "x"); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("GiveUp(99) = %v; want ErrNotFound", err)
		}
		if got := keysOf(mustDue(t, db, t0)); !cmp.Equal(got, []string{"other"}) {
			t.Errorf("Due(t0) = %v; want [other]", got)
		}
		got := mustDue(t, db, t0.Add(4*time.Second))
		if len(got) != 2 || got[0].Message.Key != "retry" || got[0].Attempts != 2 {
			t.Errorf("Due(t0+4s) = %+v; want retry with 2 attempts, then other", got)
		}
		var r outboxRow
		if err := db.gorm.First(&r, 1).Error; err != nil || r.State != outboxSent || r.MessageID != 501 ||
			!fromNull(r.SentAt).Equal(t0) {
			t.Errorf("sent row = %+v, %v", r, err)
		}
	})
}

func TestOutboxMoveAndDropChat(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		mustEnqueue(t, db, t0, 4, zhibu.Message{ChatID: -1, Key: "a"}, zhibu.Message{ChatID: -1, Key: "b"},
			zhibu.Message{ChatID: -2, Key: "c"}, zhibu.Message{ChatID: -3, Key: "d"})
		mustEnqueue(t, db, t0, 1, zhibu.Message{ChatID: -2, Key: "e", Fallback: &zhibu.Message{ChatID: -9}})
		if err := db.MarkSent(ctx, 1, 7, t0); err != nil {
			t.Fatal(err)
		}
		if err := db.MoveChat(ctx, -1, -100); err != nil {
			t.Fatal(err)
		}
		if err := db.DropChat(ctx, -2, "forbidden"); err != nil {
			t.Fatal(err)
		}
		got := mustDue(t, db, t0)
		if !cmp.Equal(keysOf(got), []string{"b", "d", "e"}) || got[0].Message.ChatID != -100 {
			t.Errorf("Due() = %+v; want b moved to -100, d, and e kept for its fallback", got)
		}
		var sent, dropped outboxRow
		db.gorm.First(&sent, 1)
		db.gorm.First(&dropped, 3)
		if sent.ChatID != -1 || dropped.State != outboxDropped || dropped.LastError != "forbidden" {
			t.Errorf("sent row chat %d (want -1), dropped row %q %q", sent.ChatID, dropped.State, dropped.LastError)
		}
		if err := db.DropChat(ctx, -100, "x"); err != nil {
			t.Fatal(err)
		}
		if err := db.DropChat(ctx, -3, "x"); err != nil {
			t.Fatal(err)
		}
		if err := db.GiveUp(ctx, 5, "x"); err != nil {
			t.Fatal(err)
		}
		if next, err := db.NextDue(ctx); err != nil || !next.IsZero() {
			t.Errorf("NextDue() with nothing pending = %s, %v; want zero", next, err)
		}
	})
}

// TestUpgradeFrom4KeepsOutbox upgrades a database as release 4 left it and
// checks that its rows survived and the outbox works. It expects 5 as the
// first migration applied and tolerates later ones.
func TestUpgradeFrom4KeepsOutbox(t *testing.T) {
	forEachSetting(t, func(t *testing.T, path string) {
		ctx := context.Background()
		db := newTestDBAt(t, path)
		if _, err := db.MigrateTo(ctx, 4); err != nil {
			t.Fatalf("MigrateTo(4) = %v", err)
		}
		at := "'2026-01-05 10:00:00+00:00'"
		if err := db.gorm.Exec(`INSERT INTO branches (id, chat_id, name, time_zone, active, created_at, updated_at)
		VALUES (1, -1001, '第一支部', 'Asia/Shanghai', TRUE, ` + at + `, ` + at + `)`).Error; err != nil {
			t.Fatalf("seed: %v", err)
		}
		db.Close()

		db = newTestDBAt(t, path)
		if got, err := db.Migrate(ctx); err != nil || len(got) == 0 || got[0] != 5 {
			t.Fatalf("Migrate() = %v, %v; want [5 …]", got, err)
		}
		if got, err := db.BranchByChat(ctx, -1001); err != nil || got.ID != 1 || got.Name != "第一支部" {
			t.Errorf("BranchByChat(-1001) after upgrade = %+v, %v", got, err)
		}
		mustEnqueue(t, db, t0, 1, zhibu.Message{ChatID: -1001, BranchID: 1, Key: "k", Text: "x"})
		if got := keysOf(mustDue(t, db, t0)); !cmp.Equal(got, []string{"k"}) {
			t.Errorf("Due() after upgrade = %v; want [k]", got)
		}
	})
}

// A reply queued before version 9 keeps going after the upgrade, and the
// new fields of a reply survive the outbox: what it answers, what it asks,
// what follows it, its file, and that it is urgent.
func TestUpgradeFrom8KeepsOutboxAndReplies(t *testing.T) {
	forEachSetting(t, func(t *testing.T, path string) {
		ctx := context.Background()
		db := newTestDBAt(t, path)
		if _, err := db.MigrateTo(ctx, 8); err != nil {
			t.Fatalf("MigrateTo(8) = %v", err)
		}
		at := "'2026-01-05 10:00:00+00:00'"
		q := `INSERT INTO outbox (chat_id, key, text, not_before, created_at) VALUES (-1001, 'old', '旧提醒', ` + at + `, ` + at + `)`
		if err := db.gorm.Exec(q).Error; err != nil {
			t.Fatal(err)
		}
		db.Close()
		db = newTestDBAt(t, path)
		if got, err := db.Migrate(ctx); err != nil || !cmp.Equal(got, versionsFrom(9)) {
			t.Fatalf("Migrate() = %v, %v; want %v", got, err, versionsFrom(9))
		}
		reply := zhibu.Message{ChatID: -1001, Text: "已导出", Key: "u7:1", Urgent: true, ReplyTo: 41, AskReply: true,
			Bind: "prompt:{}", Document: &zhibu.Document{Name: "台账.xlsx", Data: []byte{0, 1, 2}},
			Then: []zhibu.Message{{ChatID: -1001, Text: "已私信", Key: "u7:1:then", Urgent: true, EditOf: 9}}}
		when := time.Date(2026, 1, 5, 11, 0, 0, 0, time.UTC)
		if _, err := db.Enqueue(ctx, []zhibu.Message{reply}, when); err != nil {
			t.Fatal(err)
		}
		due, err := db.Due(ctx, when, 10)
		if err != nil || len(due) != 2 {
			t.Fatalf("Due() = %v, %v; want two messages", due, err)
		}
		if got := due[0].Message; !cmp.Equal(got, reply) {
			t.Errorf("the urgent reply comes first and whole:\n%s", cmp.Diff(reply, got))
		}
		if got := due[1].Message; got.Key != "old" || got.Text != "旧提醒" || got.Urgent {
			t.Errorf("the old reminder after the upgrade = %+v", got)
		}
		if err := db.MarkSent(ctx, due[0].ID, 50, when); err != nil {
			t.Fatal(err)
		}
		var doc []byte
		if err := db.gorm.Raw("SELECT document FROM outbox WHERE id = ?", due[0].ID).Row().Scan(&doc); err != nil || doc != nil {
			t.Errorf("the file's content after sending = %v, %v; want it cleared", doc, err)
		}
	})
}

// A claim succeeds only while the message is pending: once sent, a due
// list read before could not send it again.
func TestClaim(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		mustEnqueue(t, db, t0, 1, zhibu.Message{ChatID: -1, Text: "一", Key: "k1"})
		due, err := db.Due(ctx, t0, 10)
		if err != nil || len(due) != 1 {
			t.Fatalf("Due() = %v, %v", due, err)
		}
		if ok, err := db.Claim(ctx, due[0].ID, t0); !ok || err != nil {
			t.Errorf("Claim(pending) = %v, %v; want true", ok, err)
		}
		if err := db.MarkSent(ctx, due[0].ID, 7, t0); err != nil {
			t.Fatal(err)
		}
		if ok, err := db.Claim(ctx, due[0].ID, t0); ok || err != nil {
			t.Errorf("Claim(sent) = %v, %v; want false", ok, err)
		}
	})
}
