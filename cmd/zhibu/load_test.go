package main

// The load and fault test of several instances (issue 13, item 7): three
// `zhibu run` processes on one PostgreSQL schema against the emulator,
// which enforces Telegram's flood limits; many branches, a stream of
// updates mixed with reminders falling due, and the leader killed with
// SIGKILL midway.
//
// Telegram lets a bot send about 25 messages a second in all, so a stream
// of updates that all need an answer would take longer than the test may
// (20,000 answers: over 13 minutes). Most updates are plain group messages
// (the bot reads every message, privacy mode being off, and answers none of
// them); one in five is a command answered in the group, replying to it, so
// that each answer names its command: /pledge (writing) and /whoami
// (reading). Each branch has a reminder that falls due during the run.
//
// By default the test is small (50 branches, 1,000 updates at 60 a
// second: under a minute); ZHIBU_LOAD=1 runs the full size (1,000
// branches, 20,000 updates at 25 a second: the stream alone takes over 13
// minutes).

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"os"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // reading the database the processes share

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/bot/telegramtest"
	"github.com/zhibu/zhibu/scheduler"
	"github.com/zhibu/zhibu/storage/storagetest"
)

// loadSize is the size of a load test run.
type loadSize struct {
	branches  int           // one group each
	members   int           // per branch, the 书记 first
	perBranch int           // updates sent to each group
	rate      int           // updates sent a second, in all
	within    time.Duration // for the last answer after the last update
}

var (
	loadSmall = loadSize{branches: 50, members: 5, perBranch: 20, rate: 60, within: 90 * time.Second}
	loadFull  = loadSize{branches: 1000, members: 5, perBranch: 20, rate: 25, within: 10 * time.Minute}
)

// loadKind is what an update of the stream is, by its index in its group.
func loadKind(r int) string {
	switch r % 10 {
	case 0:
		return "pledge"
	case 5:
		return "whoami"
	}
	return "plain"
}

// loadCmd is one update the test sent.
type loadCmd struct {
	chat int64
	id   int // message id in the chat
	n    int // its number in the stream
	kind string
	sent time.Time
}

// loadWorld is the emulator, what the bot sent it and when.
type loadWorld struct {
	srv  *telegramtest.Server
	wait *waiter

	mu        sync.Mutex
	replies   map[[2]int64]int // answers to each message, by chat and message id
	reminders map[[2]int64]int // reminders received, by chat and number
	texts     int              // messages the bot sent
	killedAt  time.Time
	afterKill time.Time // the first message sent after the kill
}

var reminderRE = regexp.MustCompile(`负载提醒(\d+)号`)

// event is the emulator's OnEvent.
func (w *loadWorld) event(e telegramtest.Event) {
	defer w.wait.poke()
	if e.Kind != "bot_text" {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.texts++
	if !w.killedAt.IsZero() && w.afterKill.IsZero() {
		w.afterKill = e.Time
	}
	switch m := reminderRE.FindStringSubmatch(e.Text); {
	case e.ReplyTo != 0:
		w.replies[[2]int64{e.ChatID, int64(e.ReplyTo)}]++
	case m != nil:
		var n int64
		fmt.Sscan(m[1], &n)
		w.reminders[[2]int64{e.ChatID, n}]++
	}
}

// TestLoadSeveralInstancesWithKill: three zhibu processes on one
// PostgreSQL schema, branches set up beforehand through the storage; a
// stream of updates at a steady rate; reminders of every branch falling
// due during the run; the leader killed with SIGKILL when half the stream
// was sent. Asserted: every update processed (the inbox) and every command
// answered (nothing lost); every pledge stored once and every command
// answered once, but for answers on their way at the kill (nothing handled
// twice); answers in each group in the order of its commands; no 429 from
// the emulator, which enforces Telegram's limits, and no violation of the
// Bot API.
// killLanding is how long after the test sends SIGKILL a request the leader
// wrote before it may reach the emulator (seen: 3 ms on a loaded machine).
const killLanding = 250 * time.Millisecond

func TestLoadSeveralInstancesWithKill(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills the zhibu binary")
	}
	t.Parallel()
	size := loadSmall
	if os.Getenv("ZHIBU_LOAD") == "1" {
		size = loadFull
	}
	total := size.branches * size.perBranch
	ctx := context.Background()
	began := time.Now()
	zhibuBinary(t)
	built := time.Since(began)

	pgOnce.Do(func() { pgTest, pgErr = storagetest.Start("cmd") })
	if pgErr != nil {
		t.Fatal(pgErr)
	}
	dbURL := pgTest.Migrated(t, func(setting string) error {
		db, err := openDB(ctx, setting, time.Now)
		if err != nil {
			return err
		}
		return db.Close()
	})

	w := &loadWorld{wait: newWaiter(), replies: map[[2]int64]int{}, reminders: map[[2]int64]int{}}
	w.srv = telegramtest.New(t, telegramtest.Options{EnforceLimits: true, PrivacyMode: new(false), OnEvent: w.event})
	srv := w.srv
	group := func(i int) int64 { return int64(-300000 - i) }
	member := func(i, j int) int64 { return int64(4000000 + i*100 + j) }
	setupStart := time.Now()
	for i := range size.branches {
		g := group(i)
		srv.AddGroup(g, fmt.Sprintf("第%d党支部群", i+1))
		for j := range size.members {
			srv.AddUser(telegramtest.User{ID: member(i, j), FirstName: fmt.Sprintf("党员%d-%d", i+1, j+1)})
			srv.JoinGroup(g, member(i, j))
		}
		srv.SetAdmin(g, member(i, 0), true)
		srv.AddBot(g, member(i, 0))
	}
	// The bot's being added is an update of each group: confirmed here, so
	// that the processes start with only the stream to handle.
	confirmUpdates(t, srv)

	// Each branch's reminder falls due during the stream: the first fifth
	// just before the processes start, the others a minute apart after.
	tz := noonZone(time.Now())
	feed := time.Duration(total/size.rate) * time.Second
	spread := max(1, int(feed/time.Minute))
	t0 := time.Now()
	// Set up an hour before: a reminder counts from when it was set.
	db, err := openDB(ctx, dbURL, func() time.Time { return t0.Add(-time.Hour) })
	if err != nil {
		t.Fatal(err)
	}
	for i := range size.branches {
		br, _, err := db.CreateBranch(ctx, zhibu.Branch{ChatID: group(i), Name: fmt.Sprintf("第%d党支部", i+1), TimeZone: tz, Active: true},
			zhibu.Member{Name: fmt.Sprintf("书记%d", i+1), Status: zhibu.StatusFull, Role: zhibu.RoleSecretary, TelegramID: member(i, 0)},
			zhibu.Change{Action: "load"})
		if err != nil {
			t.Fatal(err)
		}
		var ms []zhibu.Member
		for j := 1; j < size.members; j++ {
			ms = append(ms, zhibu.Member{BranchID: br.ID, Name: fmt.Sprintf("党员%d-%d", i+1, j+1), Status: zhibu.StatusFull, TelegramID: member(i, j)})
		}
		if _, err := db.SaveMembers(ctx, ms, nil); err != nil {
			t.Fatal(err)
		}
		due := t0.Add(-30*time.Second + time.Duration(i%spread)*time.Minute)
		if _, err := db.CreateReminder(ctx, zhibu.Reminder{BranchID: br.ID, Text: fmt.Sprintf("负载提醒%d号", i+1), Once: due, CreatedAt: t0.Add(-time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	t.Logf("set up %d branches of %d members in %s", size.branches, size.members, time.Since(setupStart).Round(time.Millisecond))

	// Three processes, each through a proxy that notes its getUpdates.
	var procs []*zhibuProc
	var proxies []*tagProxy
	for range 3 {
		p := newZhibuProc(t, srv, dbURL, tz)
		px := newTagProxy(t, srv.URL())
		p.via(px)
		procs, proxies = append(procs, p), append(proxies, px)
	}
	leader := procs[0]
	leader.start()
	w.wait.until(t, 30*time.Second, "the first process to lead", func() bool {
		return strings.Contains(leader.logText(), "leadership taken")
	}, nil)
	for _, p := range procs[1:] {
		p.start()
	}
	for _, p := range procs[1:] {
		w.wait.until(t, 30*time.Second, "the other processes to stand by", func() bool {
			return strings.Contains(p.logText(), "another instance leads: standing by")
		}, nil)
	}

	// The stream, at a steady rate, from its own goroutine.
	cmds := make([]loadCmd, total)
	half, fed, stop := make(chan struct{}), make(chan struct{}), make(chan struct{})
	t.Cleanup(func() { close(stop) })
	start := time.Now()
	go func() {
		defer close(fed)
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		n := 0
		for n < total {
			for k := 0; k < size.rate/10 && n < total; k++ {
				i, r := n%size.branches, n/size.branches
				// Kinds are staggered across groups, so that every stretch
				// of the stream has commands in one in five.
				kind := loadKind(r + i)
				text := fmt.Sprintf("负载消息%d", n)
				switch kind {
				case "pledge":
					text = fmt.Sprintf("/pledge 负载承诺%d", n)
				case "whoami":
					text = "/whoami"
				}
				m := srv.SendText(group(i), member(i, r%size.members), text)
				cmds[n] = loadCmd{chat: group(i), id: m.ID, n: n, kind: kind, sent: time.Now()}
				if n++; n == total/2 {
					close(half)
				}
			}
			select {
			case <-tick.C:
			case <-stop:
				return
			}
		}
	}()

	// The leader is killed when half the stream was sent.
	<-half
	killedAt := time.Now()
	leader.kill()
	w.mu.Lock()
	w.killedAt = killedAt
	w.mu.Unlock()
	<-fed
	fedIn := time.Since(start)

	// Only commands are answered (checked below): the messages answered
	// are the commands answered.
	answered := func() int {
		w.mu.Lock()
		defer w.mu.Unlock()
		return len(w.replies)
	}
	reminded := func() int {
		w.mu.Lock()
		defer w.mu.Unlock()
		return len(w.reminders)
	}
	commands := 0
	for _, c := range cmds {
		if c.kind != "plain" {
			commands++
		}
	}
	progress := func() string {
		return fmt.Sprintf("%d of %d commands answered, %d of %d reminders received, %d updates pending in the emulator",
			answered(), commands, reminded(), size.branches, srv.Pending())
	}
	// A run that does not finish in time still checks what was done: the
	// order, the copies and the limits of the answers sent so far.
	complete := w.wait.within(size.within, func() bool {
		return answered() >= commands && reminded() == size.branches && srv.Pending() == 0
	})
	done := time.Since(start)
	if !complete {
		t.Errorf("waited %s after the stream for every command answered and every reminder received (%s)", size.within, progress())
	}

	pg, err := sql.Open("pgx", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	count := func(q string) int {
		var n int
		if err := pg.QueryRow(q).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}
	pending := func() int { return count("SELECT count(*) FROM inbox_updates WHERE processed_at IS NULL") }
	if complete && !w.wait.within(2*time.Minute, func() bool { return pending() == 0 }) {
		t.Errorf("waited 2m0s for every update processed: %d pending", pending())
	}
	processed := time.Since(start)
	handled := count("SELECT count(*) FROM inbox_updates WHERE processed_at IS NOT NULL")
	// The last sends settle before the processes stop.
	w.wait.quiet(time.Second, 10*time.Second)
	for _, p := range procs[1:] {
		if err := p.stop(20 * time.Second); err != nil {
			t.Errorf("a standing process after SIGTERM: %v, want exit 0", err)
		}
		if strings.Contains(p.logText(), "DATA RACE") {
			t.Errorf("a process reported a data race")
		}
	}

	stopped := time.Since(began)

	// Takeover: the first getUpdates of another process after the kill.
	var took time.Duration
	for _, px := range proxies[1:] {
		if n, first := px.since(killedAt); n > 0 && (took == 0 || first.Sub(killedAt) < took) {
			took = first.Sub(killedAt)
		}
	}
	w.mu.Lock()
	firstSend := w.afterKill.Sub(killedAt)
	w.mu.Unlock()

	// Nothing lost: every update is in the inbox, processed without failure.
	stored := count("SELECT count(*) FROM inbox_updates")
	failed := count("SELECT count(*) FROM inbox_updates WHERE failure <> ''")
	if stored != total || failed != 0 {
		t.Errorf("inbox: %d updates stored (want %d), %d failed (want 0)", stored, total, failed)
	}
	// Nothing handled twice: each pledge stored once.
	pledges := map[string]int{}
	rows, err := pg.Query("SELECT content, count(*) FROM pledges GROUP BY content")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var c string
		var n int
		if err := rows.Scan(&c, &n); err != nil {
			t.Fatal(err)
		}
		pledges[c] = n
	}
	rows.Close()
	var pledgeErrs []string
	for _, c := range cmds {
		if c.kind != "pledge" {
			continue
		}
		if k := pledges[fmt.Sprintf("负载承诺%d", c.n)]; k != 1 {
			pledgeErrs = append(pledgeErrs, fmt.Sprintf("负载承诺%d×%d", c.n, k))
		}
	}
	if len(pledgeErrs) > 0 {
		t.Errorf("each pledge must be stored once: %v", pledgeErrs)
	}

	// What each group received, in order: answers (each to one message),
	// reminders, anything else.
	byID := map[[2]int64]loadCmd{}
	for _, c := range cmds {
		byID[[2]int64{c.chat, int64(c.id)}] = c
	}
	var unanswered, disorder, plainAnswered, unexplained, explained, other []string
	type copyAt struct {
		chat int64
		what string
		at   []time.Time
	}
	var dups []copyAt
	inFlight := 0
	perChat := map[int64]bool{}
	for i := range size.branches {
		g := group(i)
		answers := map[int][]time.Time{}
		reminders := map[string][]time.Time{}
		others := map[string][]time.Time{}
		last := 0
		for _, m := range srv.BotMessages(g) {
			switch {
			case m.ReplyTo != 0:
				c, ok := byID[[2]int64{g, int64(m.ReplyTo)}]
				if !ok {
					continue // not the stream's
				}
				if c.kind == "plain" {
					plainAnswered = append(plainAnswered, fmt.Sprintf("%d: %q", c.n, firstLine(m.Plain)))
				}
				if len(answers[m.ReplyTo]) == 0 {
					if m.ReplyTo < last {
						disorder = append(disorder, fmt.Sprintf("group %d: the answer to message %d after the answer to %d", g, m.ReplyTo, last))
					}
					last = m.ReplyTo
				}
				answers[m.ReplyTo] = append(answers[m.ReplyTo], m.Date)
			case reminderRE.MatchString(m.Plain):
				k := reminderRE.FindString(m.Plain)
				reminders[k] = append(reminders[k], m.Date)
			default:
				others[m.Plain] = append(others[m.Plain], m.Date)
			}
		}
		for id, at := range answers {
			if len(at) > 1 {
				dups = append(dups, copyAt{g, fmt.Sprintf("answer to message %d", id), at})
			}
		}
		for k, at := range reminders {
			if len(at) > 1 {
				dups = append(dups, copyAt{g, k, at})
			}
		}
		for k, at := range others {
			other = append(other, firstLine(k))
			if len(at) > 1 {
				dups = append(dups, copyAt{g, fmt.Sprintf("%q", firstLine(k)), at})
			}
		}
	}
	for _, c := range cmds {
		if c.kind != "plain" && w.replies[[2]int64{c.chat, int64(c.id)}] == 0 {
			unanswered = append(unanswered, fmt.Sprintf("%d (%s)", c.n, c.kind))
		}
	}
	// A message may be sent twice only when it was on its way as the
	// leader was killed: Telegram carried it out, the leader never recorded
	// it, and its claim lapsed for the next leader to send it again. The
	// first copy is then at most killWindow before the kill (or killLanding
	// after it: a request the leader wrote just before the signal reaches
	// the emulator a moment later) and the second after that; one per chat
	// (a chat has one message on its way at a time) and at most the
	// sender's parallel sends in all.
	for _, d := range dups {
		line := fmt.Sprintf("group %d %s ×%d at %s", d.chat, d.what, len(d.at), times(d.at))
		landed := killedAt.Add(killLanding)
		if len(d.at) == 2 && !d.at[0].After(landed) && killedAt.Sub(d.at[0]) <= killWindow && d.at[1].After(landed) && !perChat[d.chat] {
			perChat[d.chat] = true
			inFlight++
			explained = append(explained, line)
			continue
		}
		unexplained = append(unexplained, line)
	}
	sort.Strings(other)
	other = compact(other)

	t.Logf("%d branches, %d updates (%d commands answered in the group, %d plain messages), %d reminders; "+
		"stream fed in %s (%.1f updates/s); waited for the answers and reminders until %s after the stream began, "+
		"%d of the updates processed after %s (%.1f updates/s); leader killed with SIGKILL at %s, after %d updates; "+
		"takeover: another process polled %s after the kill, the first message after the kill was sent %s after it; "+
		"bot messages %d, 429 answers %d, Bot API violations %d; sent twice, on their way at the kill: %d %q; other bot messages: %q; "+
		"the binary built in %s, the processes stopped %s after the test began",
		size.branches, total, commands, total-commands, size.branches, fedIn.Round(time.Millisecond), float64(total)/fedIn.Seconds(),
		done.Round(time.Millisecond), handled, processed.Round(time.Millisecond), float64(handled)/processed.Seconds(),
		clock(killedAt), total/2, took.Round(time.Millisecond), firstSend.Round(time.Millisecond),
		w.texts, srv.Count429(), len(srv.Violations()), inFlight, explained, other, built.Round(time.Millisecond), stopped.Round(time.Millisecond))

	if len(unanswered) > 0 {
		t.Errorf("%d commands never answered: %v", len(unanswered), head(unanswered))
	}
	if len(plainAnswered) > 0 {
		t.Errorf("plain messages answered: %v", head(plainAnswered))
	}
	if len(disorder) > 0 {
		t.Errorf("answers out of the order of their commands: %v", head(disorder))
	}
	if len(unexplained) > 0 {
		t.Errorf("sent more than once, not on its way at the kill: %v", head(unexplained))
	}
	if inFlight > scheduler.DefaultParallel {
		t.Errorf("%d messages sent twice across the kill, more than the %d a sender has on their way", inFlight, scheduler.DefaultParallel)
	}
	if n := srv.Count429(); n != 0 {
		var at []string
		for _, r := range srv.Requests() {
			if r.Status == http.StatusTooManyRequests {
				at = append(at, fmt.Sprintf("%s to %s at %s (%s)", r.Method, r.Params["chat_id"], clock(r.Time), r.Description))
			}
		}
		t.Errorf("the emulator answered 429 %d times: Telegram's limits were passed: %v", n, head(at))
	}
	if v := srv.Violations(); len(v) > 0 {
		t.Errorf("Bot API violations: %v", v)
	}
	if took <= 0 || took > 30*time.Second {
		t.Errorf("takeover took %s, want another process polling within 30 s of the kill", took)
	}
}

// within waits until cond holds or d passed, and reports whether it held.
func (w *waiter) within(d time.Duration, cond func() bool) bool {
	deadline := time.NewTimer(d)
	defer deadline.Stop()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		select {
		case <-deadline.C:
			return cond()
		case <-w.ch:
		case <-tick.C:
		}
	}
	return true
}

// confirmUpdates confirms every update the emulator holds, as a bot's
// getUpdates with the next offset does.
func confirmUpdates(t *testing.T, srv *telegramtest.Server) {
	t.Helper()
	u := fmt.Sprintf("%s/bot%s/getUpdates?timeout=0&offset=%d", srv.URL(), srv.Token(), srv.LastUpdateID()+1)
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("confirm updates: %s %v", resp.Status, err)
	}
	if n := srv.Pending(); n != 0 {
		t.Fatalf("%d updates pending after confirming them all", n)
	}
}

func times(ts []time.Time) string {
	var s []string
	for _, t := range ts {
		s = append(s, clock(t))
	}
	return strings.Join(s, ", ")
}

// compact drops repeats from a sorted list, counting them.
func compact(s []string) []string {
	var out []string
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && s[j] == s[i] {
			j++
		}
		out = append(out, fmt.Sprintf("%s ×%d", s[i], j-i))
		i = j
	}
	return out
}

// head is the first ten of a list, for a report.
func head(s []string) []string {
	if len(s) > 10 {
		return append(s[:10:10], fmt.Sprintf("… %d more", len(s)-10))
	}
	return s
}
