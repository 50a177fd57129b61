package bot_test

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/bot"
	"github.com/zhibu/zhibu/bot/telegramtest"
	"github.com/zhibu/zhibu/cmd/zhibu/app"
	"github.com/zhibu/zhibu/scheduler"
	"github.com/zhibu/zhibu/storage"
)

// The bot package's production code never imports storage or scheduler; its
// end-to-end tests wire the real storage, the emulator and the bot with
// cmd/zhibu/app, as the program does.

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// Accounts of the test branch.
const (
	groupID     = -100500
	otherGroup  = -100600
	secretaryID = 11 // 李书记, group admin, sets the branch up
	organizerID = 12 // 王芳, made 组织委员
	memberID    = 13 // 赵强, ordinary member
	guestID     = 14 // 孙丽, in the group, not on the roster
)

type harness struct {
	t     testing.TB
	srv   *telegramtest.Server
	db    *storage.DB
	bot   *bot.Bot
	clock *telegramtest.Clock
	path  string // the database setting: a SQLite file or a PostgreSQL URL
	// postgres is true when the database is PostgreSQL's.
	postgres bool

	botAdded bool // setup skips adding the bot when a test did

	sender *scheduler.Sender
	engine *scheduler.Engine
	// limits are the sender's budgets: by default wide enough that a test
	// saying many things in one simulated second is answered at once.
	limits scheduler.Limits
	stmts  atomic.Int64 // SQL statements run so far
	// sendParallel bounds the messages the sender has on their way at
	// once (zero: its default); one gives a transcript a stable order.
	sendParallel int
	// busy is the database's busy timeout.
	busy time.Duration
	// registration is the server's rule for new branches; zero: open, so
	// that a test's /setup registers at once.
	registration zhibu.RegistrationPolicy
	// webhook: step has the emulator post updates to the bot's webhook
	// (webhook_test.go) instead of polling.
	webhook bool
}

// remind runs the reminder engine at the clock's time and sends what the
// limits allow, as the run loop would.
func (h *harness) remind() {
	h.t.Helper()
	ctx := context.Background()
	if err := h.engine.Tick(ctx); err != nil {
		h.t.Fatalf("Tick: %v", err)
	}
	if _, _, err := h.sender.Flush(ctx); err != nil {
		h.t.Fatalf("Flush: %v", err)
	}
}

var testStart = time.Date(2026, 11, 21, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))

// newHarness starts the emulator with a group of four accounts and a bot
// on a fresh SQLite file, or a fresh PostgreSQL schema when the tests run
// on PostgreSQL (see TestMain). Nothing is set up in the group yet.
func newHarness(t testing.TB) *harness {
	t.Helper()
	return newHarnessWith(t, harnessOptions{start: testStart})
}

// harnessOptions are what a test may choose of its harness.
type harnessOptions struct {
	start        time.Time                // the simulated clock's start
	onEvent      func(telegramtest.Event) // told everything the chats see, in order
	sendParallel int                      // see harness.sendParallel
	busy         time.Duration            // the database's busy timeout; 5 s when zero
	// manualWebhook: the emulator posts to a webhook only when step says.
	manualWebhook bool
	// sqlite keeps the test on a SQLite file when the end-to-end tests run
	// on PostgreSQL (ZHIBU_TEST_DB=postgres): it tests the file itself.
	sqlite bool
}

// newHarnessWith is newHarness with options.
func newHarnessWith(t testing.TB, o harnessOptions) *harness {
	t.Helper()
	h := &harness{t: t, clock: telegramtest.NewClock(o.start), path: filepath.Join(t.TempDir(), "zhibu.db"),
		limits:       scheduler.Limits{Global: 1000, GlobalBurst: 1000, GroupPerMin: 100000, GroupBurst: 10000, PrivatePerSec: 1000},
		sendParallel: o.sendParallel, busy: o.busy}
	if h.busy == 0 {
		// As in production: a loaded CI machine under -race can hold a
		// write (with its fsync) for longer than a short timeout.
		h.busy = 5 * time.Second
	}
	if testPG != nil && !o.sqlite {
		h.path, h.postgres = testPG.Migrated(t, migrate), true
	}
	h.srv = telegramtest.New(t, telegramtest.Options{Clock: h.clock.Now, OnEvent: o.onEvent, ManualWebhook: o.manualWebhook})
	h.srv.AddGroup(groupID, "第一党支部群")
	h.srv.AddGroup(otherGroup, "第二党支部群")
	for _, u := range []telegramtest.User{
		{ID: secretaryID, FirstName: "李书记", Username: "lishuji"},
		{ID: organizerID, FirstName: "王芳"},
		{ID: memberID, FirstName: "赵强", Username: "zhaoqiang"},
		{ID: guestID, FirstName: "孙丽"},
	} {
		h.srv.AddUser(u)
		h.srv.JoinGroup(groupID, u.ID)
		h.srv.JoinGroup(otherGroup, u.ID)
	}
	h.srv.SetAdmin(groupID, secretaryID, true)
	h.srv.SetAdmin(otherGroup, guestID, true)
	h.start()
	return h
}

// start opens the database and a bot on it, as a process start would.
func (h *harness) start() {
	h.t.Helper()
	db, err := storage.Open(h.path, h.clock.Now, storage.WithStatementCount(&h.stmts), storage.WithBusyTimeout(h.busy))
	if err != nil {
		h.t.Fatalf("storage.Open: %v", err)
	}
	h.t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		h.t.Fatalf("Migrate: %v", err)
	}
	h.db = db
	h.bot = h.newBot(bot.Config{})
}

func (h *harness) newBot(cfg bot.Config) *bot.Bot {
	h.t.Helper()
	cfg.Token, cfg.APIURL, cfg.PollTimeout = h.srv.Token(), h.srv.URL(), time.Second
	if cfg.Flood.Burst == 0 {
		// Tests say many things in one simulated instant; the flood
		// limit has tests of its own.
		cfg.Flood = bot.FloodLimit{Burst: 1000, Every: time.Millisecond}
	}
	reg := h.registration
	if reg.Mode == "" {
		reg.Mode = zhibu.RegistrationOpen
	}
	a, err := app.New(context.Background(), h.db, app.Config{Bot: cfg, Now: h.clock.Now, Limits: h.limits,
		SendParallel: h.sendParallel, Registration: reg})
	if err != nil {
		h.t.Fatalf("app.New: %v", err)
	}
	h.sender, h.engine = a.Sender, a.Engine
	return a.Bot
}

// step lets the bot fetch, store and handle everything pending.
func (h *harness) step() {
	h.t.Helper()
	ctx := context.Background()
	for range 5 {
		n, err := h.receive(ctx)
		if err != nil {
			h.t.Fatalf("receive: %v", err)
		}
		if err := h.bot.ProcessPending(ctx); err != nil {
			h.t.Fatalf("ProcessPending: %v", err)
		}
		h.flush()
		if n == 0 {
			return
		}
	}
}

// receive has the bot get what is pending: by one getUpdates, or by the
// emulator posting to its webhook.
func (h *harness) receive(ctx context.Context) (int, error) {
	if h.webhook {
		return h.srv.DeliverWebhook(ctx)
	}
	return h.bot.PollOnce(ctx)
}

// flush sends what the outbox holds, letting the clock run the few
// milliseconds the harness's wide limits make one chat's messages wait.
func (h *harness) flush() {
	h.t.Helper()
	for range 100 {
		_, next, err := h.sender.Flush(context.Background())
		if err != nil {
			h.t.Fatalf("Flush: %v", err)
		}
		now := h.clock.Now()
		if next.IsZero() || next.After(now.Add(time.Second)) {
			return
		}
		if next.After(now) {
			h.clock.Set(next)
		}
	}
}

// tick runs the bot's housekeeping at the clock's time and sends what it
// queued.
func (h *harness) tick() {
	h.t.Helper()
	h.bot.Tick(context.Background())
	h.flush()
}

// say sends text to a chat as a user and returns the bot's last answer there.
func (h *harness) say(chatID, userID int64, text string) string {
	h.t.Helper()
	h.srv.SendText(chatID, userID, text)
	h.step()
	return h.last(chatID)
}

// last is the plain text of the bot's latest message in a chat.
func (h *harness) last(chatID int64) string {
	m, ok := h.srv.LastBotMessage(chatID)
	if !ok {
		return ""
	}
	return m.Plain
}

// botCount counts the bot's messages in a chat.
func (h *harness) botCount(chatID int64) int { return len(h.srv.BotMessages(chatID)) }

// setup registers the branch with 李书记 and approves 王芳 (组织委员) and 赵强.
func (h *harness) setup() {
	h.t.Helper()
	if !h.botAdded {
		h.srv.AddBot(groupID, secretaryID)
		h.step()
	}
	h.say(groupID, secretaryID, "/setup 第一党支部")
	h.join(organizerID, "王芳", "正式党员")
	h.join(memberID, "赵强", "正式党员")
	h.mustSay(groupID, secretaryID, "/role 王芳 组织委员", "已任命 王芳 为组织委员。")
}

// join sends /join and has the 书记 approve it with a status.
func (h *harness) join(userID int64, name, status string) {
	h.t.Helper()
	h.say(groupID, userID, "/join "+name)
	m, _ := h.srv.LastBotMessage(groupID)
	if _, err := h.srv.PressButton(groupID, secretaryID, m.ID, status); err != nil {
		h.t.Fatalf("press %s: %v", status, err)
	}
	h.step()
}

// quiet says text in the group and returns the answer in the sender's
// private chat; the group must hear nothing (the noise budget: private
// material needs no acknowledgement there).
func (h *harness) quiet(userID int64, text string) string {
	h.t.Helper()
	before, priv := h.botCount(groupID), h.botCount(userID)
	h.say(groupID, userID, text)
	if h.botCount(groupID) != before {
		h.t.Errorf("say %q: the group heard %q, want nothing", text, h.last(groupID))
	}
	if h.botCount(userID) == priv {
		h.t.Errorf("say %q: nothing came privately", text)
	}
	return h.last(userID)
}

func (h *harness) mustSay(chatID, userID int64, text, want string) {
	h.t.Helper()
	if got := h.say(chatID, userID, text); got != want {
		h.t.Errorf("say %q = %q, want %q", text, got, want)
	}
}

// snapshot is the branch's stored state, to prove refusals change nothing.
type snapshot struct {
	Branch  zhibu.Branch
	Members []zhibu.Member
}

func (h *harness) snapshot(chatID int64) snapshot {
	h.t.Helper()
	ctx := context.Background()
	b, err := h.db.BranchByChat(ctx, chatID)
	if err != nil {
		return snapshot{}
	}
	ms, err := h.db.Members(ctx, b.ID)
	if err != nil {
		h.t.Fatalf("Members: %v", err)
	}
	return snapshot{Branch: b, Members: ms}
}

// unchanged fails the test when the branch changed since before.
func (h *harness) unchanged(chatID int64, before snapshot) {
	h.t.Helper()
	if diff := cmp.Diff(before, h.snapshot(chatID), zoneByName); diff != "" {
		h.t.Errorf("stored branch changed (-before +after):\n%s", diff)
	}
}

// zoneByName compares time zones by name: a *time.Location has unexported
// fields.
var zoneByName = cmp.Comparer(func(a, b *time.Location) bool { return a.String() == b.String() })

// golden compares text with testdata/name.golden, rewriting it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden (run go test -update): %v", err)
	}
	if diff := cmp.Diff(strings.TrimRight(string(want), "\n"), strings.TrimRight(got, "\n")); diff != "" {
		t.Errorf("%s differs from %s (-want +got):\n%s", name, path, diff)
	}
}
