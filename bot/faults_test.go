package bot_test

// The fault suite (issue 9): one test per failure Telegram or the database
// can give, each driven through the emulator on the injected clock. Each
// asserts that nothing was lost and nothing was done twice, except the
// duplicates the Bot API makes unavoidable (an answer lost on its way: the
// message went out, the bot could not know), which are counted. Killing the
// real binary is in cmd/zhibu/kill_test.go, a database locked for 10 s of
// real time in cmd/zhibu/lock_test.go.

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/bot/telegramtest"
)

// copies counts the bot's messages in a chat, after the first from, whose
// plain text starts with prefix.
func (h *harness) copies(chatID int64, from int, prefix string) int {
	n := 0
	for _, m := range h.srv.BotMessages(chatID)[from:] {
		if strings.HasPrefix(m.Plain, prefix) {
			n++
		}
	}
	return n
}

// sends lists the bot's requests of a method to a chat, in order.
func (h *harness) sends(method string, chatID int64) []telegramtest.Request {
	id := strconv.FormatInt(chatID, 10)
	var out []telegramtest.Request
	for _, r := range h.srv.Requests() {
		if r.Method == method && r.Params["chat_id"] == id {
			out = append(out, r)
		}
	}
	return out
}

// flushNow sends what the outbox holds at the clock's time, without
// letting the clock run as h.flush does.
func (h *harness) flushNow() {
	h.t.Helper()
	if _, _, err := h.sender.Flush(context.Background()); err != nil {
		h.t.Fatalf("Flush: %v", err)
	}
}

// statuses are the HTTP statuses of requests, for messages.
func statuses(rs []telegramtest.Request) []int {
	out := make([]int, len(rs))
	for i, r := range rs {
		out[i] = r.Status
	}
	return out
}

// waited checks that the request after a failed one came at least d after
// it, by the injected clock.
func waited(t *testing.T, failed, next telegramtest.Request, d time.Duration) {
	t.Helper()
	if got := next.Time.Sub(failed.Time); got < d {
		t.Errorf("%s tried again %s after the %d, want at least %s", next.Method, got, failed.Status, d)
	}
}

const whoamiZhao = "姓名：赵强"

// TestFaultTooManyRequestsOnReply: Telegram answers a reply with 429 and
// retry_after 7. The group's replies wait the 7 s (another chat does not),
// then each goes once, in order.
func TestFaultTooManyRequestsOnReply(t *testing.T) {
	h := newHarness(t)
	h.setup()
	start := h.botCount(groupID)
	h.srv.Fail(telegramtest.Fault{Method: "sendMessage", ChatID: groupID, Code: 429, RetryAfter: 7})
	h.srv.SendText(groupID, memberID, "/whoami")
	h.step()
	h.srv.SendText(groupID, organizerID, "/whoami") // queued while the group is held
	h.step()
	if n := h.botCount(groupID) - start; n != 0 {
		t.Fatalf("%d replies within retry_after, want none yet", n)
	}
	if got := h.say(secretaryID, secretaryID, "/start"); got == "" {
		t.Errorf("a private chat waited for the group's 429")
	}
	h.clock.Advance(6*time.Second + 999*time.Millisecond)
	h.flushNow()
	if n := h.botCount(groupID) - start; n != 0 {
		t.Fatalf("%d replies 6.999 s after a 429 with retry_after 7, want none", n)
	}
	h.clock.Advance(time.Millisecond)
	h.flushNow()
	if n, m := h.copies(groupID, start, whoamiZhao), h.copies(groupID, start, "姓名：王芳"); n != 1 || m != 1 {
		t.Errorf("replies after retry_after: 赵强's %d, 王芳's %d; want one each", n, m)
	}
	if got := h.groupTexts(start); len(got) != 2 || !strings.HasPrefix(got[0], whoamiZhao) {
		t.Errorf("group got %q; want 赵强's reply, then 王芳's", got)
	}
	rs := h.sends("sendMessage", groupID)
	rs = rs[len(rs)-3:]
	if got := statuses(rs); got[0] != 429 || got[1] != 200 || got[2] != 200 {
		t.Fatalf("last sends to the group = %v, want 429, 200, 200", got)
	}
	waited(t, rs[0], rs[1], 7*time.Second)
}

// TestFaultTooManyRequestsOnReminder: a reminder meets a 429 with
// retry_after 30; it goes once, after the 30 s, and later ticks do not
// queue it again.
func TestFaultTooManyRequestsOnReminder(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(groupID, secretaryID, "/remind 2026-11-21 10:00 交党费")
	start := h.botCount(groupID)
	h.clock.Set(time.Date(2026, 11, 21, 10, 0, 0, 0, testStart.Location()))
	h.srv.Fail(telegramtest.Fault{Method: "sendMessage", ChatID: groupID, Code: 429, RetryAfter: 30})
	h.remind()
	h.clock.Advance(29*time.Second + 999*time.Millisecond)
	h.remind()
	if n := h.botCount(groupID) - start; n != 0 {
		t.Fatalf("%d messages 29.999 s after a 429 with retry_after 30, want none", n)
	}
	h.clock.Advance(time.Millisecond)
	h.remind()
	for range 3 {
		h.clock.Advance(time.Minute)
		h.remind()
	}
	texts := h.groupTexts(start)
	if len(texts) != 1 || !strings.Contains(texts[0], "交党费") {
		t.Fatalf("group after the 429 = %q, want the reminder once", texts)
	}
	rs := h.sends("sendMessage", groupID)
	rs = rs[len(rs)-2:]
	if got := statuses(rs); got[0] != 429 || got[1] != 200 {
		t.Fatalf("last sends to the group = %v, want 429, 200", got)
	}
	waited(t, rs[0], rs[1], 30*time.Second)
}

// TestFaultServerErrors: Telegram answers 500, then 502 (its gateway); the
// reply is tried again with backoff (2 s, then 4 s) and goes once. A reply
// that fails 8 times is given up and the 书记 told (TestGiveUpToldToSecretary
// covers 500 × 8; here 502 × 8).
func TestFaultServerErrors(t *testing.T) {
	t.Run("retried", func(t *testing.T) {
		h := newHarness(t)
		h.setup()
		start := h.botCount(groupID)
		h.srv.Fail(telegramtest.Fault{Method: "sendMessage", ChatID: groupID, Code: 500})
		h.srv.Fail(telegramtest.Fault{Method: "sendMessage", ChatID: groupID, Code: 502})
		h.srv.SendText(groupID, memberID, "/pledge 每月走访两户")
		h.step()
		for range 10 {
			h.clock.Advance(time.Second)
			h.flush()
		}
		if n := h.copies(groupID, start, "已提交承诺"); n != 1 {
			t.Errorf("%d replies after a 500 and a 502, want 1", n)
		}
		if n := h.pledgeCount(); n != 1 {
			t.Errorf("%d pledges stored, want 1", n)
		}
		rs := h.sends("sendMessage", groupID)
		rs = rs[len(rs)-3:]
		if got := statuses(rs); got[0] != 500 || got[1] != 502 || got[2] != 200 {
			t.Fatalf("last sends to the group = %v, want 500, 502, 200", got)
		}
		waited(t, rs[0], rs[1], 2*time.Second)
		waited(t, rs[1], rs[2], 4*time.Second)
	})
	t.Run("given up after 8", func(t *testing.T) {
		h := newHarness(t)
		h.setup()
		h.say(secretaryID, secretaryID, "/start")
		start, privStart := h.botCount(groupID), h.botCount(secretaryID)
		tries := len(h.sends("sendMessage", groupID))
		h.srv.Fail(telegramtest.Fault{Method: "sendMessage", ChatID: groupID, Code: 502, Times: 8})
		h.say(groupID, memberID, "/whoami")
		for range 12 {
			h.clock.Advance(10 * time.Minute)
			h.flush()
		}
		if got := statuses(h.sends("sendMessage", groupID)[tries:]); len(got) != 8 || h.botCount(groupID) != start {
			t.Errorf("sends to the group = %v, %d arrived; want 8 answered 502, none arrived", got, h.botCount(groupID)-start)
		}
		if n := h.copies(secretaryID, privStart, "⚠️ 有一条消息未能送达"); n != 1 {
			t.Errorf("the 书记 got %d notes of the give-up, want 1", n)
		}
		if got := h.say(groupID, memberID, "/whoami"); !strings.HasPrefix(got, whoamiZhao) {
			t.Errorf("the next reply = %q", got)
		}
	})
}

// TestFaultLostAnswer: Telegram carries a request out and the connection
// closes before its answer. A lost sendMessage answer is the one duplicate
// the Bot API makes unavoidable: the bot tries again and the member sees
// the reply twice; it is counted. A lost getUpdates answer duplicates
// nothing: the updates were not confirmed, come again and are stored once.
func TestFaultLostAnswer(t *testing.T) {
	t.Run("sendMessage", func(t *testing.T) {
		h := newHarness(t)
		h.setup()
		start := h.botCount(groupID)
		h.srv.Fail(telegramtest.Fault{Method: "sendMessage", ChatID: groupID, Lost: true})
		h.srv.SendText(groupID, memberID, "/pledge 每月走访两户")
		h.step()
		h.clock.Advance(2 * time.Second)
		h.flush()
		h.clock.Advance(time.Hour)
		h.flush()
		if n := h.srv.LostAnswers(); n != 1 {
			t.Errorf("LostAnswers = %d, want 1", n)
		}
		if n := h.copies(groupID, start, "已提交承诺"); n != 2 {
			t.Errorf("%d copies of the reply, want 2: the one whose answer was lost and the one sent again", n)
		}
		if n := h.pledgeCount(); n != 1 {
			t.Errorf("%d pledges stored, want 1", n)
		}
	})
	t.Run("getUpdates", func(t *testing.T) {
		h := newHarness(t)
		h.setup()
		start := h.botCount(groupID)
		h.srv.Fail(telegramtest.Fault{Method: "getUpdates", Lost: true})
		h.srv.SendText(groupID, memberID, "/pledge 每月走访两户")
		if _, err := h.bot.PollOnce(context.Background()); err == nil {
			t.Errorf("PollOnce with its answer lost succeeded")
		}
		h.step()
		if n := h.srv.LostAnswers(); n != 1 {
			t.Errorf("LostAnswers = %d, want 1", n)
		}
		if n := h.copies(groupID, start, "已提交承诺"); n != 1 {
			t.Errorf("%d replies, want 1", n)
		}
		if n := h.pledgeCount(); n != 1 {
			t.Errorf("%d pledges stored, want 1", n)
		}
	})
}

// undelivered is how many messages of the branch of chatID were given up or
// dropped since the test began.
func (h *harness) undelivered(chatID int64) int {
	h.t.Helper()
	ctx := context.Background()
	b, err := h.db.BranchByChat(ctx, chatID)
	if err != nil {
		h.t.Fatal(err)
	}
	n, err := h.db.Undelivered(ctx, b.ID, chatID, testStart)
	if err != nil {
		h.t.Fatal(err)
	}
	return n
}

// TestFaultForbiddenInGroup: the group removed the bot while two replies to
// it waited in the outbox, and the bot learns it from the 403 of the first:
// the branch becomes inactive (its data kept), the group's pending
// messages are dropped and counted, nothing is tried there again, and the
// replies waiting for another group and a private chat still go, once.
// Adding the bot back makes the branch active again.
func TestFaultForbiddenInGroup(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.srv.AddBot(otherGroup, guestID)
	h.step()
	h.say(otherGroup, guestID, "/setup 第二党支部")
	start, otherStart, privStart := h.botCount(groupID), h.botCount(otherGroup), h.botCount(secretaryID)
	ctx := context.Background()
	h.srv.SendText(groupID, memberID, "/pledge 每月走访两户")
	h.srv.SendText(groupID, organizerID, "/whoami")
	h.srv.SendText(otherGroup, guestID, "/whoami")
	h.srv.SendText(secretaryID, secretaryID, "/start")
	if _, err := h.bot.PollOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if err := h.bot.ProcessPending(ctx); err != nil {
		t.Fatal(err)
	}
	h.srv.RemoveBot(groupID, secretaryID) // the bot has not heard of it yet
	h.flush()
	if got := h.groupTexts(start); len(got) != 0 {
		t.Errorf("the group that removed the bot got %q", got)
	}
	if rs := h.sends("sendMessage", groupID); len(rs) == 0 || rs[len(rs)-1].Status != 403 {
		t.Fatalf("last sends to the group = %v, want a 403", statuses(rs))
	}
	tries := len(h.sends("sendMessage", groupID))
	if h.snapshot(groupID).Branch.Active {
		t.Errorf("branch still active after the 403")
	}
	if n := h.undelivered(groupID); n != 2 {
		t.Errorf("%d messages of the branch counted undelivered, want the 2 replies", n)
	}
	if n := h.copies(otherGroup, otherStart, "姓名：孙丽"); n != 1 {
		t.Errorf("the other group's reply arrived %d times, want 1", n)
	}
	// The private reply, and the 书记's note that the group is lost.
	if got := h.srv.BotMessages(secretaryID)[privStart:]; len(got) != 2 || !strings.HasPrefix(got[1].Plain, "⚠️ 我在“第一党支部”的群里发不出消息了") {
		t.Errorf("the 书记 privately got %v, want the reply once and then the note about the group", got)
	}
	if n := h.pledgeCount(); n != 1 {
		t.Errorf("%d pledges stored, want the one done before the 403", n)
	}

	// The removal arrives late; reminders and time pass: nothing more is
	// tried in the group.
	h.step()
	h.clock.Advance(24 * time.Hour)
	h.remind()
	h.flush()
	if n := len(h.sends("sendMessage", groupID)); n != tries {
		t.Errorf("%d more sends tried in the group after the 403", n-tries)
	}

	h.srv.AddBot(groupID, secretaryID)
	h.step()
	if got, want := h.last(groupID), "我回来了。支部“第一党支部”已重新启用，以前的记录都在。发送 /help 查看命令。"; got != want {
		t.Errorf("re-added: %q, want %q", got, want)
	}
	if !h.snapshot(groupID).Branch.Active {
		t.Errorf("branch inactive after the bot was added back")
	}
	h.mustSay(groupID, memberID, "/whoami", "姓名：赵强\n状态：正式党员\n党小组：无\n职务：无\n支部：第一党支部")
	if n := h.copies(groupID, start, "我回来了"); n != 1 {
		t.Errorf("%d welcomes back, want 1", n)
	}
}

// TestFaultForbiddenPrivateByReminder: a member blocked the bot and it
// learns so from the 403 of a personal reminder: the group gets one note
// naming the member, without the reminder's text; the member is marked
// unreachable and nothing else is tried privately; once they unblock and
// send /start, their reminders come privately again, once.
// (remind_blocked_test.go covers meeting reminders and restarts.)
func TestFaultForbiddenPrivateByReminder(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(memberID, memberID, "/start")
	h.say(groupID, memberID, "/remind 2026-11-22 10:00 交学习心得")
	h.say(groupID, memberID, "/remind 2026-11-23 10:00 交思想汇报")
	h.srv.BlockBot(memberID, true) // the bot has not heard of it yet
	start, privStart := h.botCount(groupID), h.botCount(memberID)
	tries, _ := h.privateSends(memberID)
	h.clock.Set(time.Date(2026, 11, 22, 10, 0, 0, 0, testStart.Location()))
	h.remind()
	for range 3 {
		h.clock.Advance(time.Minute)
		h.remind()
	}
	if got := h.groupTexts(start); len(got) != 1 || got[0] != zhaoNote {
		t.Fatalf("group = %q, want exactly %q", got, zhaoNote)
	}
	h.opensPrivateChat(h.groupNotes(start, "无法私信送达")[0])
	if now, forbidden := h.privateSends(memberID); now-tries != 1 || forbidden != 1 {
		t.Errorf("private sends to 赵强: %d tries, %d forbidden; want one forbidden try", now-tries, forbidden)
	}
	if h.reachable(memberID) {
		t.Errorf("赵强 still reachable after the 403")
	}

	h.step() // the blocking, late
	h.srv.BlockBot(memberID, false)
	h.say(memberID, memberID, "/start")
	privStart = h.botCount(memberID)
	h.clock.Set(time.Date(2026, 11, 23, 10, 0, 0, 0, testStart.Location()))
	h.remind()
	h.clock.Advance(time.Minute)
	h.remind()
	if n := h.copies(memberID, privStart, "⏰"); n != 1 || !strings.Contains(h.last(memberID), "交思想汇报") {
		t.Errorf("%d private reminders after /start, last %q; want 交思想汇报 once", n, h.last(memberID))
	}
	if got := h.groupNotes(start, "无法私信送达"); len(got) != 1 {
		t.Errorf("notes in the group = %d, want only the first", len(got))
	}
}

// TestFaultMigratedOnSend: the group became a supergroup while replies to
// it waited; the bot learns it from the 400 with migrate_to_chat_id of the
// first: the pending replies move to the supergroup and arrive there once,
// the branch moves with them (a /whoami there works), and the old chat gets
// nothing more.
func TestFaultMigratedOnSend(t *testing.T) {
	h := newHarness(t)
	h.setup()
	const superID = -1009999
	start := h.botCount(groupID)
	ctx := context.Background()
	h.srv.SendText(groupID, memberID, "/pledge 每月走访两户")
	h.srv.SendText(groupID, organizerID, "/whoami")
	if _, err := h.bot.PollOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if err := h.bot.ProcessPending(ctx); err != nil {
		t.Fatal(err)
	}
	h.srv.MigrateToSupergroup(groupID, superID) // the bot has not heard of it yet
	h.flush()
	if got := h.groupTexts(start); len(got) != 0 {
		t.Errorf("the old group got %q", got)
	}
	if n, m := h.copies(superID, 0, "已提交承诺"), h.copies(superID, 0, "姓名：王芳"); n != 1 || m != 1 {
		t.Errorf("in the supergroup: %d pledge replies, %d /whoami replies; want one each", n, m)
	}
	if rs := h.sends("sendMessage", groupID); len(rs) == 0 || rs[len(rs)-1].Status != 400 {
		t.Errorf("last sends to the old group = %v, want the 400 that told of the migration", statuses(rs))
	}
	b, err := h.db.BranchByChat(ctx, superID)
	if err != nil || b.Name != "第一党支部" || !b.Active {
		t.Fatalf("branch of the supergroup = %+v, %v; want 第一党支部, active", b, err)
	}
	if ps, err := h.db.Pledges(ctx, zhibu.PledgeFilter{BranchID: b.ID}); err != nil || len(ps) != 1 {
		t.Errorf("pledges of the branch = %d, %v; want 1", len(ps), err)
	}
	h.mustSay(superID, memberID, "/whoami", "姓名：赵强\n状态：正式党员\n党小组：无\n职务：无\n支部：第一党支部")
	h.step() // the migration's service messages (handled by the say above)
	if n := h.copies(superID, 0, "本群已升级为超级群"); n != 1 {
		t.Errorf("%d notes of the migration, want 1", n)
	}
	if got := h.groupTexts(start); len(got) != 0 {
		t.Errorf("the old group got %q", got)
	}
	// The pledge is still under review: it is listed privately only.
	if got := h.say(memberID, memberID, "/pledges 我"); !strings.Contains(got, "每月走访两户") || strings.Count(got, "每月走访两户") != 1 {
		t.Errorf("/pledges 我 of the moved branch = %q, want the pledge once", got)
	}
}

// setWriteVersion sets the file format write version of the database
// (byte 18 of its header). SQLite treats a file whose write version is
// above 2 as read-only, for every connection, root's too (a chmod would not
// stop root, who runs the CI): 3 makes the database read-only, 2 (WAL)
// makes it writable again. The WAL is checkpointed into the file first, so
// that page 1 is read from the file; a connection notices at its next
// transaction. A connection that saw the database read-only keeps it so
// until it is closed: a restart mends it.
func setWriteVersion(t *testing.T, path string, v byte) {
	t.Helper()
	other, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	var busy, log, done int
	if err := other.QueryRow("PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &log, &done); err != nil || busy != 0 {
		t.Fatalf("checkpoint: busy %d, %v", busy, err)
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt([]byte{v}, 18); err != nil {
		t.Fatal(err)
	}
}

// pledgesByContent counts the stored pledges of the branch of groupID by
// their text.
func (h *harness) pledgesByContent() map[string]int {
	h.t.Helper()
	ctx := context.Background()
	b, err := h.db.BranchByChat(ctx, groupID)
	if err != nil {
		h.t.Fatal(err)
	}
	ps, err := h.db.Pledges(ctx, zhibu.PledgeFilter{BranchID: b.ID})
	if err != nil {
		h.t.Fatal(err)
	}
	out := map[string]int{}
	for _, p := range ps {
		out[p.Content]++
	}
	return out
}

// containing counts the bot's messages in a chat, after the first from,
// that contain s.
func (h *harness) containing(chatID int64, from int, s string) int {
	n := 0
	for _, m := range h.srv.BotMessages(chatID)[from:] {
		if strings.Contains(m.Plain, s) {
			n++
		}
	}
	return n
}

// TestFaultDatabaseReadOnly: the database turns read-only while the bot
// works: one command is done with its reply still in the outbox, one is
// stored and not yet handled, one is still at Telegram, and a reminder
// falls due. For a minute, the bot does what its loops do every 5 s: poll,
// handle, tick, send. Nothing is done (no pledge stored), nothing is
// confirmed to Telegram that was not stored, nothing is sent (a message
// sent while its being sent cannot be recorded would go again), and
// nothing is lost: once the database is writable again (and the program
// restarted: SQLite keeps a connection that saw the file read-only so),
// each command is done once and answered once, the reminder sent once.
func TestFaultDatabaseReadOnly(t *testing.T) {
	// Made read-only through the SQLite file's header.
	h := newHarnessWith(t, harnessOptions{start: testStart, sqlite: true})
	h.setup()
	ctx := context.Background()
	h.mustSay(groupID, secretaryID, "/remind 2026-11-21 10:00 交党费",
		"已设置提醒 #1（支部提醒）：交党费\n下次：11月21日 周六 上午 10:00")
	h.clock.Set(time.Date(2026, 11, 21, 9, 59, 30, 0, testStart.Location()))
	start := h.botCount(groupID)
	pledges := []string{"每月走访两户", "每年读十本书", "每周义务劳动"}
	h.srv.SendText(groupID, memberID, "/pledge "+pledges[0])
	if _, err := h.bot.PollOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if err := h.bot.ProcessPending(ctx); err != nil { // done; its reply waits in the outbox
		t.Fatal(err)
	}
	h.srv.SendText(groupID, organizerID, "/pledge "+pledges[1])
	if _, err := h.bot.PollOnce(ctx); err != nil { // stored, not handled
		t.Fatal(err)
	}

	setWriteVersion(t, h.path, 3)
	h.srv.SendText(groupID, secretaryID, "/pledge "+pledges[2]) // still at Telegram
	sendsBefore := len(h.sends("sendMessage", groupID))
	for range 12 {
		if _, err := h.bot.PollOnce(ctx); err == nil {
			t.Errorf("storing an update in a read-only database succeeded")
		}
		if err := h.bot.ProcessPending(ctx); !errors.Is(err, zhibu.ErrUnavailable) {
			t.Errorf("ProcessPending on a read-only database = %v, want ErrUnavailable", err)
		}
		if err := h.engine.Tick(ctx); err == nil {
			t.Errorf("a reminder tick on a read-only database succeeded")
		}
		h.sender.Flush(ctx) // fails once it has something to record
		h.clock.Advance(5 * time.Second)
	}
	if n := len(h.sends("sendMessage", groupID)) - sendsBefore; n != 0 {
		t.Errorf("%d messages sent to the group while the database was read-only, want none: "+
			"what cannot be recorded sent would be sent again", n)
	}
	if got := h.pledgesByContent(); len(got) != 1 || got[pledges[0]] != 1 {
		t.Errorf("pledges while read-only = %v, want only the first, once", got)
	}
	if n := h.srv.Pending(); n != 1 {
		t.Errorf("%d updates left unconfirmed at Telegram, want the one not stored", n)
	}

	h.db.Close()
	setWriteVersion(t, h.path, 2)
	h.start()
	h.step()
	h.remind()
	h.clock.Advance(time.Minute)
	h.remind()
	if got := h.pledgesByContent(); len(got) != 3 || got[pledges[0]] != 1 || got[pledges[1]] != 1 || got[pledges[2]] != 1 {
		t.Errorf("pledges after the database mended = %v, want each once", got)
	}
	for _, p := range pledges {
		if n := h.containing(groupID, start, p); n != 1 {
			t.Errorf("reply to /pledge %s arrived %d times, want once", p, n)
		}
	}
	if n := h.containing(groupID, start, "交党费"); n != 1 {
		t.Errorf("the reminder arrived %d times, want once", n)
	}
}
