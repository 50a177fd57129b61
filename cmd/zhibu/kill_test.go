package main

// Kill tests (issue 9): the real binary is killed with SIGKILL while it
// works, started again on the same database, and what members see and what
// is stored is checked: nothing lost, nothing stored twice, each command
// answered once. A message may be sent twice only when its sending was cut
// between Telegram carrying it out and the bot recording it (at-least-once
// sending, docs/design.md §5): a kill can do that once, and so can an
// answer lost on the way (telegramtest.Fault.Lost), so duplicates are
// counted, reported and bounded by kills plus lost answers.
//
// The branches are set up in the test process (proc_test.go, prepBot) on
// the database the binary then uses; the load is spread over 40 groups
// because the binary keeps Telegram's real limit of 20 messages a minute to
// a group, and a burst of 120 answers to one group would take six minutes.

import (
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3" // reading the database after the binary stopped

	"github.com/zhibu/zhibu/bot/telegramtest"
)

// killSecretary is 李书记: administrator of every group, 书记 of every branch.
const killSecretary = 11

// killWorld is the emulator with groups whose branches the secretary set
// up, and what the bot has sent since the hook was set.
type killWorld struct {
	t      *testing.T
	srv    *telegramtest.Server
	groups []int64
	dbPath string
	tz     string
	wait   *waiter
	before map[int64]int // messages in each group when setUp ended

	mu   sync.Mutex
	hook func(e telegramtest.Event, botTexts int) // called for every bot_text, with how many so far
	sent int                                      // bot_text events since the hook was set
}

// newKillWorld starts the emulator with n groups; nothing is set up yet.
func newKillWorld(t *testing.T, n int) *killWorld {
	t.Helper()
	w := &killWorld{t: t, dbPath: t.TempDir() + "/zhibu.db", tz: noonZone(time.Now()), wait: newWaiter(),
		before: map[int64]int{}}
	w.srv = telegramtest.New(t, telegramtest.Options{OnEvent: w.event})
	w.srv.AddUser(telegramtest.User{ID: killSecretary, FirstName: "李书记", Username: "lishuji"})
	for i := range n {
		id := int64(-100100 - i)
		w.srv.AddGroup(id, fmt.Sprintf("第%d党支部群", i+1))
		w.srv.JoinGroup(id, killSecretary)
		w.srv.SetAdmin(id, killSecretary, true)
		w.groups = append(w.groups, id)
	}
	return w
}

// event is the emulator's OnEvent: it counts the bot's messages, runs the
// hook and wakes a waiting test.
func (w *killWorld) event(e telegramtest.Event) {
	defer w.wait.poke()
	if e.Kind != "bot_text" {
		return
	}
	w.mu.Lock()
	w.sent++
	hook, n := w.hook, w.sent
	w.mu.Unlock()
	if hook != nil {
		hook(e, n)
	}
}

// setHook starts counting the bot's messages afresh and calls hook on each.
func (w *killWorld) setHook(hook func(e telegramtest.Event, botTexts int)) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.hook, w.sent = hook, 0
}

// botTexts is how many messages the bot sent since the hook was set.
func (w *killWorld) botTexts() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.sent
}

// setUp adds the bot to every group and registers a branch in each, in the
// test process with a clock starting at start; then more, if set, sends
// further lines as the secretary (group index, group id). The database is
// closed afterwards, for the binary.
func (w *killWorld) setUp(start time.Time, more func(i int, group int64)) {
	w.t.Helper()
	prep := newPrepBot(w.t, w.srv, w.dbPath, w.tz, telegramtest.NewClock(start))
	for _, g := range w.groups {
		w.srv.AddBot(g, killSecretary)
	}
	prep.step()
	for i, g := range w.groups {
		w.srv.SendText(g, killSecretary, fmt.Sprintf("/setup 第%d党支部", i+1))
	}
	prep.step()
	for _, g := range w.groups {
		if !w.botSaid(g, "登记成功") {
			w.t.Fatalf("group %d: no branch registered; the bot said %q", g, w.plainTexts(g))
		}
	}
	if more != nil {
		for i, g := range w.groups {
			more(i, g)
		}
		prep.step()
	}
	prep.remind()
	prep.close()
	for _, g := range w.groups {
		w.before[g] = len(w.srv.Messages(g))
	}
}

// since returns the messages of a group after setUp: what the binary did.
func (w *killWorld) since(group int64) []telegramtest.Message {
	return w.srv.Messages(group)[w.before[group]:]
}

// repeats counts the bot's messages since setUp that repeat an earlier one
// of the same group word for word, answers to commands left out: a
// reminder or notice sent twice.
func (w *killWorld) repeats() (n int, texts []string) {
	for _, g := range w.groups {
		seen := map[string]bool{}
		for _, m := range w.since(g) {
			if m.From != 0 || m.Service != "" || m.Deleted || m.ReplyTo != 0 {
				continue
			}
			if seen[m.Plain] {
				n++
				texts = append(texts, fmt.Sprintf("%d: %s", g, firstLine(m.Plain)))
			}
			seen[m.Plain] = true
		}
	}
	return n, texts
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// botSaid reports whether a bot message in the group contains s.
func (w *killWorld) botSaid(group int64, s string) bool {
	for _, m := range w.srv.BotMessages(group) {
		if strings.Contains(m.Plain, s) {
			return true
		}
	}
	return false
}

func (w *killWorld) plainTexts(group int64) []string {
	var out []string
	for _, m := range w.srv.BotMessages(group) {
		out = append(out, m.Plain)
	}
	return out
}

// command is a command a member sent, and its number in the test.
type command struct {
	group int64
	id    int
	n     int
}

// answers counts the bot's messages replying to each message, by group and
// message id.
func (w *killWorld) answers() map[[2]int64]int {
	out := map[[2]int64]int{}
	for _, g := range w.groups {
		for _, m := range w.since(g) {
			if m.From == 0 && m.Service == "" && !m.Deleted && m.ReplyTo != 0 {
				out[[2]int64{g, int64(m.ReplyTo)}]++
			}
		}
	}
	return out
}

// countRows runs a "key, count" query on the database after the binary
// stopped.
func countRows(t *testing.T, dbPath, query string) map[string]int {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+dbPath+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			t.Fatal(err)
		}
		out[k] = n
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// finish waits until the bot has been quiet for a moment, stops it with
// SIGTERM and checks it exited 0 without reporting a data race.
func finish(t *testing.T, w *killWorld, p *zhibuProc) {
	t.Helper()
	w.wait.quiet(500*time.Millisecond, 5*time.Second)
	if err := p.stop(10 * time.Second); err != nil {
		t.Errorf("zhibu after SIGTERM: %v, want exit 0", err)
	}
	if strings.Contains(p.logText(), "DATA RACE") {
		t.Errorf("zhibu reported a data race (its log follows)")
	}
}

// TestKillDuringPledgeBurst: 120 /pledge commands in 40 branches; zhibu is
// killed once as Telegram carries out its 30th answer (the answer never
// reaches it) and once at a moment the test does not choose (at about 80
// answers), and restarted each time on the same database; three answers
// are lost on the way. Every pledge must be stored exactly once and every
// command answered, duplicates no more than the kills and lost answers
// explain.
//
// On the code before issue 9 it fails: an update is handled (pledge stored,
// answer sent) before it is marked processed, so each kill in between makes
// the restarted bot handle it again — 2 kills, 2 pledges stored twice and
// answered twice (the 30th and the one in hand at the second kill).
func TestKillDuringPledgeBurst(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills the zhibu binary")
	}
	t.Skip("issue 9: enable when updates commit with their replies")
	t.Parallel()
	const groups, total = 40, 120
	w := newKillWorld(t, groups)
	w.setUp(time.Now(), nil)
	p := newZhibuProc(t, w.srv, w.dbPath, w.tz)
	for _, i := range []int{7, 19, 33} {
		w.srv.Fail(telegramtest.Fault{Method: "sendMessage", ChatID: w.groups[i], Lost: true})
	}

	var kills atomic.Int32
	w.setHook(func(e telegramtest.Event, n int) {
		if n == 30 { // inside the emulator, before it answers: the bot never learns this one was sent
			p.kill()
			kills.Add(1)
		}
	})
	p.start()
	cmds := make([]command, 0, total)
	for n := 1; n <= total; n++ {
		g := w.groups[(n-1)%groups]
		m := w.srv.SendText(g, killSecretary, fmt.Sprintf("/pledge 第%d条承诺", n))
		cmds = append(cmds, command{group: g, id: m.ID, n: n})
	}
	answered := func() int {
		a := w.answers()
		n := 0
		for _, c := range cmds {
			if a[[2]int64{c.group, int64(c.id)}] > 0 {
				n++
			}
		}
		return n
	}
	progress := func() string {
		return fmt.Sprintf("%d of %d commands answered, %d bot messages, %d kills", answered(), total, w.botTexts(), kills.Load())
	}
	w.wait.until(t, 20*time.Second, "the kill at the 30th answer", func() bool { return kills.Load() == 1 }, progress)
	p.start()
	w.wait.until(t, 20*time.Second, "80 answers", func() bool { return w.botTexts() >= 80 }, progress)
	p.kill()
	kills.Add(1)
	p.start()
	w.wait.until(t, 30*time.Second, "an answer to every command", func() bool { return answered() == total }, progress)
	finish(t, w, p)

	a := w.answers()
	var missing, twice []int
	dups := 0
	for _, c := range cmds {
		switch k := a[[2]int64{c.group, int64(c.id)}]; {
		case k == 0:
			missing = append(missing, c.n)
		case k > 1:
			twice = append(twice, c.n)
			dups += k - 1
		}
	}
	stored := countRows(t, w.dbPath, "SELECT content, COUNT(*) FROM pledges GROUP BY content")
	var storedTwice, notStored []string
	for n := 1; n <= total; n++ {
		content := fmt.Sprintf("第%d条承诺", n)
		switch k := stored[content]; {
		case k == 0:
			notStored = append(notStored, content)
		case k > 1:
			storedTwice = append(storedTwice, fmt.Sprintf("%s×%d", content, k))
		}
	}
	others, repeated := w.repeats()
	dups += others
	lost := w.srv.LostAnswers()
	t.Logf("%d /pledge commands in %d branches, %d kills, %d answers lost on the way: "+
		"%d commands unanswered %v, %d duplicate answers (to commands %v), %d other messages sent twice %q; "+
		"pledges stored twice %v, not stored %v",
		total, groups, kills.Load(), lost, len(missing), missing, dups-others, twice, others, repeated, storedTwice, notStored)
	if len(missing) > 0 {
		t.Errorf("commands never answered: %v", missing)
	}
	if len(storedTwice) > 0 || len(notStored) > 0 {
		t.Errorf("each pledge must be stored once: stored twice %v, not stored %v", storedTwice, notStored)
	}
	if allowed := int(kills.Load()) + lost; dups > allowed {
		t.Errorf("%d messages sent twice; %d kills and %d lost answers explain at most %d", dups, kills.Load(), lost, allowed)
	}
}

// TestKillDuringOutboxDrain: 80 custom reminders in 40 branches fall due
// together, so the outbox fills in one tick; zhibu is killed as Telegram
// carries out the 20th (its answer never arrives) and again at about the
// 50th, and restarted each time; two answers are lost on the way. Every
// reminder must reach its group, duplicates no more than the kills and
// lost answers explain.
func TestKillDuringOutboxDrain(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills the zhibu binary")
	}
	t.Parallel()
	const groups, perGroup = 40, 2 // the outbox sends two at once to a group, keeping a third for answers
	const total = groups * perGroup
	w := newKillWorld(t, groups)
	loc, err := time.LoadLocation(w.tz)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	// Due three minutes before the binary starts: the first tick sends them
	// (a custom reminder is marked late only after ten minutes). The set-up
	// clock runs half an hour behind, so the time is still ahead for it.
	due := now.Add(-3 * time.Minute).In(loc).Format("2006-01-02 15:04")
	w.setUp(now.Add(-30*time.Minute), func(i int, g int64) {
		for j := range perGroup {
			w.srv.SendText(g, killSecretary, fmt.Sprintf("/remind %s 第%d条提醒", due, i*perGroup+j+1))
		}
	})
	text := func(n int) string { return fmt.Sprintf("第%d条提醒", n) }
	for i, g := range w.groups {
		for j := range perGroup {
			if n := i*perGroup + j + 1; !w.botSaid(g, text(n)) {
				t.Fatalf("group %d: reminder %d not set up; the bot said %q", g, n, w.plainTexts(g))
			}
		}
	}
	p := newZhibuProc(t, w.srv, w.dbPath, w.tz)
	for _, i := range []int{11, 29} {
		w.srv.Fail(telegramtest.Fault{Method: "sendMessage", ChatID: w.groups[i], Lost: true})
	}

	var kills atomic.Int32
	w.setHook(func(e telegramtest.Event, n int) {
		if n == 20 {
			p.kill()
			kills.Add(1)
		}
	})
	// reminders counts the reminders each group received, by number.
	reminders := func() map[int]int {
		out := map[int]int{}
		for i, g := range w.groups {
			for _, m := range w.since(g) {
				if m.From != 0 || m.ReplyTo != 0 || !strings.HasPrefix(m.Plain, "⏰") {
					continue
				}
				for j := range perGroup {
					if n := i*perGroup + j + 1; strings.Contains(m.Plain, text(n)) {
						out[n]++
					}
				}
			}
		}
		return out
	}
	progress := func() string {
		return fmt.Sprintf("%d of %d reminders received, %d bot messages, %d kills", len(reminders()), total, w.botTexts(), kills.Load())
	}
	p.start()
	w.wait.until(t, 20*time.Second, "the kill at the 20th reminder", func() bool { return kills.Load() == 1 }, progress)
	p.start()
	w.wait.until(t, 20*time.Second, "50 reminders", func() bool { return w.botTexts() >= 50 }, progress)
	p.kill()
	kills.Add(1)
	p.start()
	w.wait.until(t, 30*time.Second, "every reminder", func() bool { return len(reminders()) == total }, progress)
	finish(t, w, p)

	got := reminders()
	var missing []int
	for n := 1; n <= total; n++ {
		if got[n] == 0 {
			missing = append(missing, n)
		}
	}
	dups, repeated := w.repeats()
	lost := w.srv.LostAnswers()
	states := countRows(t, w.dbPath, "SELECT state, COUNT(*) FROM outbox GROUP BY state")
	keys := make([]string, 0, len(states))
	for k, n := range states {
		keys = append(keys, fmt.Sprintf("%s=%d", k, n))
	}
	sort.Strings(keys)
	t.Logf("%d reminders in %d branches, %d kills, %d answers lost on the way: %d missing %v, %d sent twice %q; outbox %v",
		total, groups, kills.Load(), lost, len(missing), missing, dups, repeated, keys)
	if len(missing) > 0 {
		t.Errorf("reminders never sent: %v", missing)
	}
	if allowed := int(kills.Load()) + lost; dups > allowed {
		t.Errorf("%d messages sent twice; %d kills and %d lost answers explain at most %d", dups, kills.Load(), lost, allowed)
	}
}
