package bot_test

import (
	"database/sql"
	"strings"
	"testing"
	"time"
)

// stored counts the copies of text the database keeps in the inbox
// (updates as received) and in the outbox (messages as sent).
func (h *harness) stored(text string) (inbox, outbox int) {
	h.t.Helper()
	driver, payload, inboxQ, outboxQ := "sqlite3", "CAST(payload AS TEXT)", "?", "? OR buttons LIKE ? OR extra LIKE ?"
	if h.postgres {
		driver, payload, inboxQ, outboxQ = "pgx", "convert_from(payload, 'UTF8')", "$1", "$1 OR buttons LIKE $1 OR extra LIKE $1"
	}
	db, err := sql.Open(driver, h.path)
	if err != nil {
		h.t.Fatal(err)
	}
	defer db.Close()
	like := "%" + text + "%"
	if err := db.QueryRow("SELECT count(*) FROM inbox_updates WHERE "+payload+" LIKE "+inboxQ, like).Scan(&inbox); err != nil {
		h.t.Fatal(err)
	}
	args := []any{like, like, like}
	if h.postgres {
		args = args[:1]
	}
	if err := db.QueryRow("SELECT count(*) FROM outbox WHERE text LIKE "+outboxQ, args...).Scan(&outbox); err != nil {
		h.t.Fatal(err)
	}
	return inbox, outbox
}

// A leave reason typed in private is kept as received for the retention
// (7 days) and then forgotten from the inbox and the outbox, while the
// meeting's record of it stays; a redelivery of that old update still does
// nothing a second time.
func TestHandledUpdatesAreForgottenAfterTheRetention(t *testing.T) {
	h := newHarness(t)
	h.setup()
	ann := h.meetingAt("党员大会")
	h.say(memberID, memberID, "/start")
	h.say(secretaryID, secretaryID, "/start")
	h.press(memberID, ann, "请假")
	const reason = "母亲住院需要陪护"
	h.srv.SendText(memberID, memberID, reason)
	h.step()
	if got := h.last(memberID); got != "已记录 赵强 请假（#1）。\n如果按错了、能参加，发送 /meetings 后在 #1 下点“参加”即可改回。" {
		t.Fatalf("leave reason in private = %q", got)
	}
	reasonUpdate := h.srv.LastUpdateID()
	if got := h.say(secretaryID, secretaryID, "/meeting 1"); !strings.Contains(got, reason) {
		t.Fatalf("the officer's detail of #1 lacks the reason:\n%s", got)
	}
	if in, out := h.stored(reason); in == 0 || out == 0 {
		t.Fatalf("the reason is stored %d times in the inbox, %d in the outbox; the test needs both", in, out)
	}

	h.clock.Advance(24 * time.Hour)
	h.tick()
	if in, out := h.stored(reason); in == 0 || out == 0 {
		t.Errorf("a day later the reason is stored %d times in the inbox, %d in the outbox; want it kept 7 days", in, out)
	}

	h.clock.Advance(7 * 24 * time.Hour)
	h.tick()
	if in, out := h.stored(reason); in != 0 || out != 0 {
		t.Errorf("8 days later the reason is still stored %d times in the inbox, %d in the outbox; want none", in, out)
	}
	// The meeting's record is not a copy in transit: it stays.
	if got := h.say(secretaryID, secretaryID, "/meeting 1"); !strings.Contains(got, reason) {
		t.Errorf("after pruning, the officer's detail of #1 lacks the reason:\n%s", got)
	}

	// Telegram sends the old update again: it is neither stored nor
	// answered again.
	private, group := h.botCount(memberID), h.botCount(groupID)
	h.srv.Redeliver(reasonUpdate)
	h.step()
	if p, g := h.botCount(memberID), h.botCount(groupID); p != private || g != group {
		t.Errorf("the redelivered update was answered: %d private and %d group messages, want %d and %d", p, g, private, group)
	}
	if in, _ := h.stored(reason); in != 0 {
		t.Errorf("after the redelivery the reason is stored %d times in the inbox, want none", in)
	}
}
