package bot_test

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/bot"
	"github.com/zhibu/zhibu/bot/telegramtest"
	"github.com/zhibu/zhibu/storage"
)

// pledgeDB is the real store whose CreatePledge stores the pledge and then
// runs after: a handler that fails half way.
type pledgeDB struct {
	*storage.DB
	after func()
}

func (d pledgeDB) CreatePledge(ctx context.Context, p zhibu.Pledge, e zhibu.PledgeEvent) (zhibu.Pledge, error) {
	p, err := d.DB.CreatePledge(ctx, p, e)
	if err == nil && d.after != nil {
		d.after()
	}
	return p, err
}

// pledgeCount is how many pledges the branch of groupID holds.
func (h *harness) pledgeCount() int {
	h.t.Helper()
	b, err := h.db.BranchByChat(context.Background(), groupID)
	if err != nil {
		h.t.Fatal(err)
	}
	ps, err := h.db.Pledges(context.Background(), zhibu.PledgeFilter{BranchID: b.ID})
	if err != nil {
		h.t.Fatal(err)
	}
	return len(ps)
}

// A handler that panics after its first write keeps nothing of it: the
// member gets the apology, the update is done, and nothing half-made stays.
func TestPanicAfterAWriteKeepsNothing(t *testing.T) {
	h := newHarness(t)
	h.setup()
	db := pledgeDB{DB: h.db, after: func() { panic("boom") }}
	svc := zhibu.NewService(db, h.clock.Now)
	h.bot = h.newBot(bot.Config{Service: svc, Pledges: zhibu.NewPledges(svc, db)})
	if got := h.say(groupID, memberID, "/pledge 每月走访两户"); got != "抱歉，出了点问题，请稍后再试。" {
		t.Errorf("answer = %q, want the apology", got)
	}
	if n := h.pledgeCount(); n != 0 {
		t.Errorf("%d pledges stored by a handler that panicked, want 0", n)
	}
	pending, err := h.db.PendingUpdates(context.Background(), 10)
	if err != nil || len(pending) != 0 {
		t.Errorf("pending = %v, %v; want the update done", pending, err)
	}
	h.step() // handled again? it must not be
	apologies := 0
	for _, m := range h.srv.BotMessages(groupID) {
		apologies += strings.Count(m.Plain, "抱歉")
	}
	if apologies != 1 {
		t.Errorf("%d apologies, want 1", apologies)
	}
}

// lockDatabase takes the write lock of the harness's database from another
// connection, as another process would, until the returned func is called.
func (h *harness) lockDatabase() (unlock func()) {
	h.t.Helper()
	if h.postgres {
		return h.lockPostgres()
	}
	other, err := sql.Open("sqlite3", h.path)
	if err != nil {
		h.t.Fatal(err)
	}
	conn, err := other.Conn(context.Background())
	if err != nil {
		h.t.Fatal(err)
	}
	if _, err := conn.ExecContext(context.Background(), "BEGIN EXCLUSIVE"); err != nil {
		h.t.Fatal(err)
	}
	return func() {
		conn.ExecContext(context.Background(), "ROLLBACK")
		conn.Close()
		other.Close()
	}
}

// lockPostgres takes, from another connection, the advisory lock every
// transaction of zhibu takes first on PostgreSQL (storage's writeLockKey),
// the counterpart of SQLite's write lock.
func (h *harness) lockPostgres() (unlock func()) {
	h.t.Helper()
	other, err := sql.Open("pgx", h.path)
	if err != nil {
		h.t.Fatal(err)
	}
	conn, err := other.Conn(context.Background())
	if err != nil {
		h.t.Fatal(err)
	}
	if _, err := conn.ExecContext(context.Background(), "SELECT pg_advisory_lock($1)", int64(0x7a68696275)); err != nil {
		h.t.Fatal(err)
	}
	return func() {
		conn.ExecContext(context.Background(), "SELECT pg_advisory_unlock($1)", int64(0x7a68696275))
		conn.Close()
		other.Close()
	}
}

// While another process holds the database, a command is neither done nor
// answered nor lost: it waits, and once the lock is gone it is done once and
// answered once.
func TestLockedDatabaseDelaysWithoutLoss(t *testing.T) {
	// A short busy timeout: the locked database fails fast.
	h := newHarnessWith(t, harnessOptions{start: testStart, busy: 250 * time.Millisecond})
	h.setup()
	before := h.botCount(groupID)
	unlock := h.lockDatabase()
	h.srv.SendText(groupID, memberID, "/pledge 每月走访两户")
	if _, err := h.bot.PollOnce(context.Background()); err == nil {
		t.Errorf("storing an update while the database is locked succeeded")
	}
	unlock()
	h.step()
	unlock = h.lockDatabase()
	// The update is stored; handling it now fails and keeps nothing.
	h.srv.SendText(groupID, memberID, "/pledge 每年读十本书")
	if _, err := h.bot.PollOnce(context.Background()); err == nil {
		t.Errorf("storing while locked succeeded")
	}
	unlock()
	if _, err := h.bot.PollOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	unlock = h.lockDatabase()
	if err := h.bot.ProcessPending(context.Background()); !errors.Is(err, zhibu.ErrUnavailable) {
		t.Errorf("ProcessPending while locked = %v, want ErrUnavailable", err)
	}
	unlock()
	if n := h.pledgeCount(); n != 1 {
		t.Errorf("while locked: %d pledges, want only the first", n)
	}
	h.step()
	if n := h.pledgeCount(); n != 2 {
		t.Errorf("after the lock: %d pledges, want 2", n)
	}
	replies := 0
	for _, m := range h.srv.BotMessages(groupID)[before:] {
		if strings.HasPrefix(m.Plain, "已提交承诺") {
			replies++
		}
	}
	if replies != 2 {
		t.Errorf("%d answers to two pledges, want 2", replies)
	}
}

// An answer lost on its way sends a question twice; replying to either
// copy answers it.
func TestReplyToACopyOfTheQuestion(t *testing.T) {
	h := newHarness(t)
	h.setup()
	ann := h.meetingAt("党员大会")
	h.say(memberID, memberID, "/start")
	h.srv.Fail(telegramtest.Fault{Method: "sendMessage", ChatID: memberID, Lost: true})
	h.press(memberID, ann, "请假")
	h.clock.Advance(3 * time.Second) // the retry after the lost answer
	h.flush()
	var copies []int
	for _, m := range h.srv.BotMessages(memberID) {
		if strings.Contains(m.Plain, "请回复本消息写明请假原因") {
			copies = append(copies, m.ID)
		}
	}
	if len(copies) != 2 || h.srv.LostAnswers() != 1 {
		t.Fatalf("copies of the question = %v, lost answers %d; want 2 and 1", copies, h.srv.LostAnswers())
	}
	h.srv.Reply(memberID, memberID, copies[0], "出差")
	h.step()
	if got := h.last(memberID); got != "已记录 赵强 请假（#1）。\n如果按错了、能参加，发送 /meetings 后在 #1 下点“参加”即可改回。" {
		t.Errorf("reply to the first copy = %q, want the leave recorded", got)
	}
}
