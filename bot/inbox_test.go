package bot_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/bot"
	"github.com/zhibu/zhibu/storage"
)

// hookedDB is the real store with a hook run inside MemberByTelegram, which
// every command calls: tests use it to panic or block in a handler.
type hookedDB struct {
	*storage.DB
	hook func()
}

func (d hookedDB) MemberByTelegram(ctx context.Context, branchID, telegramID int64) (zhibu.Member, error) {
	if d.hook != nil {
		d.hook()
	}
	return d.DB.MemberByTelegram(ctx, branchID, telegramID)
}

// failingInbox fails StoreUpdates a number of times, like a crash between
// receiving updates and storing them.
type failingInbox struct {
	bot.Inbox
	fails int
}

func (f *failingInbox) StoreUpdates(ctx context.Context, items []zhibu.InboxItem, next int64) (int, error) {
	if f.fails > 0 {
		f.fails--
		return 0, errors.New("disk on fire")
	}
	return f.Inbox.StoreUpdates(ctx, items, next)
}

// restart simulates a process restart: a new database handle and a new bot.
func (h *harness) restart() {
	h.t.Helper()
	h.db.Close()
	h.start()
}

func (h *harness) whoamiReplies() int {
	n := 0
	for _, m := range h.srv.BotMessages(groupID) {
		if strings.HasPrefix(m.Plain, "姓名：赵强") {
			n++
		}
	}
	return n
}

func TestRepeatedUpdateIDChangesNothing(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.say(groupID, memberID, "/whoami")
	id := h.srv.LastUpdateID()
	h.srv.Redeliver(id)
	h.step()
	h.srv.Redeliver(id)
	h.restart()
	h.step()
	if n := h.whoamiReplies(); n != 1 {
		t.Errorf("/whoami answered %d times, want 1", n)
	}
}

func TestCrashBetweenStoreAndProcess(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.srv.SendText(groupID, memberID, "/whoami")
	h.srv.SendText(groupID, memberID, "/whoami")
	if _, err := h.bot.PollOnce(t.Context()); err != nil { // stored, not yet handled: crash here
		t.Fatal(err)
	}
	h.restart()
	h.step()
	h.step()
	if n := h.whoamiReplies(); n != 2 {
		t.Errorf("two /whoami answered %d times, want 2", n)
	}
	if p := h.srv.Pending(); p != 0 {
		t.Errorf("emulator still has %d unconfirmed updates", p)
	}
}

func TestCrashBeforeStoreLosesNothing(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.bot = h.newBot(bot.Config{Inbox: &failingInbox{Inbox: h.db, fails: 1}})
	h.srv.SendText(groupID, memberID, "/whoami")
	if _, err := h.bot.PollOnce(t.Context()); err == nil {
		t.Fatal("PollOnce with a failing store succeeded")
	}
	h.restart()
	h.step()
	if n := h.whoamiReplies(); n != 1 {
		t.Errorf("/whoami answered %d times after a failed store, want 1", n)
	}
}

func TestOffsetSurvivesRestart(t *testing.T) {
	h := newHarness(t)
	h.setup()
	h.srv.SendText(groupID, memberID, "/whoami")
	h.step()
	want := h.srv.LastUpdateID() + 1
	h.restart()
	h.step()
	var got string
	for _, r := range h.srv.Requests() {
		if r.Method == "getUpdates" {
			got = r.Params["offset"]
		}
	}
	if got != itoa(want) {
		t.Errorf("first getUpdates after restart asked offset %s, want %d", got, want)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestUpdatesInOrderWithinChat(t *testing.T) {
	h := newHarness(t)
	h.setup()
	start := len(h.srv.BotMessages(groupID))
	h.srv.SendText(groupID, secretaryID, "/roster add 甲")
	h.srv.SendText(groupID, secretaryID, "/roster set 甲 党小组 第一党小组")
	h.srv.SendText(groupID, secretaryID, "/roster remove 甲")
	h.step()
	var got []string
	for _, m := range h.srv.BotMessages(groupID)[start:] {
		got = append(got, m.Plain)
	}
	want := []string{"已把 甲 加入名册（正式党员）。", "已更新 甲 的党小组：无 → 第一党小组。", "已把 甲 移出名册。历史记录仍保留，以后的会议不再计入应到。"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("replies = %q, want %q", got, want)
	}
}

func TestPanicRecoveredWithApology(t *testing.T) {
	h := newHarness(t)
	h.setup()
	var logs bytes.Buffer
	armed := true
	db := hookedDB{DB: h.db, hook: func() {
		if armed {
			armed = false
			panic("boom")
		}
	}}
	h.bot = h.newBot(bot.Config{Service: zhibu.NewService(db, h.clock.Now), Log: slog.New(slog.NewTextHandler(&logs, nil))})
	h.mustSay(groupID, memberID, "/whoami", "抱歉，出了点问题，请稍后再试。")
	id := h.srv.LastUpdateID()
	for _, want := range []string{"handler panic", "update_id=" + itoa(id), "chat_id=" + itoa(groupID), "panic=boom"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, logs.String())
		}
	}
	h.mustSay(groupID, memberID, "/whoami", "姓名：赵强\n状态：正式党员\n党小组：无\n职务：无\n支部：第一党支部")
}

// TestRunFinishesUpdateOnShutdown drives the real polling loop: an update is
// handled while shutdown begins; it completes, then Run returns nil.
func TestRunFinishesUpdateOnShutdown(t *testing.T) {
	h := newHarness(t)
	h.setup()
	entered, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	db := hookedDB{DB: h.db, hook: func() {
		once.Do(func() {
			close(entered)
			<-release
		})
	}}
	processed := make(chan int64, 10)
	b := h.newBot(bot.Config{Service: zhibu.NewService(db, h.clock.Now), OnProcessed: func(id int64) { processed <- id }})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	h.srv.SendText(groupID, memberID, "/whoami")
	waitFor(t, entered)
	cancel()
	close(release)
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run = %v, want nil after shutdown", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
	h.flush() // the answer was queued with the update's effects; it goes out
	if n := h.whoamiReplies(); n != 1 {
		t.Errorf("/whoami in flight at shutdown answered %d times, want 1", n)
	}
	if len(processed) != 1 {
		t.Errorf("processed %d updates, want 1", len(processed))
	}
	pending, err := h.db.PendingUpdates(context.Background(), 10)
	if err != nil || len(pending) != 0 {
		t.Errorf("pending after shutdown = %d (%v), want 0", len(pending), err)
	}
}

func waitFor(t *testing.T, ch <-chan struct{}) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(10 * time.Second):
		t.Fatal("timed out waiting for the bot")
	}
}
