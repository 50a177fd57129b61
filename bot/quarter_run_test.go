package bot_test

import (
	"context"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zhibu/zhibu/bot/telegramtest"
)

// The driver of TestQuarter: simulated time passing with the bot running
// (the engine ticking whenever something falls due, the process restarted
// every week), the members' actions at their times, and the record of
// everything every chat saw.

// Phases of the simulation: what made the bot speak.
const (
	phaseUser    = "user"    // a member typed or pressed something
	phaseRemind  = "remind"  // the reminder engine ticked and the sender sent
	phaseTick    = "tick"    // the bot's housekeeping (coalesced edits, expired questions)
	phaseRestart = "restart" // the process started again
)

// seen is one thing a chat saw, with what made it happen.
type seen struct {
	telegramtest.Event
	phase  string
	topic  int // the meeting number the action was about; 0 for none
	action int // the user action it belongs to (index in quarter.actions), -1 for none
}

// span is a stretch of simulated time [from, to).
type span struct{ from, to time.Time }

func (s span) has(t time.Time) bool { return !t.Before(s.from) && t.Before(s.to) }

// quarter drives a branch through simulated time.
type quarter struct {
	*harness
	t     *testing.T
	loc   *time.Location
	begin time.Time
	end   time.Time

	mu     sync.Mutex // guards what the emulator's goroutines record
	seen   []seen
	phase  string
	topic  int
	action int

	actions  []string      // each user action, as typed (button presses as "按下「…」")
	next     time.Time     // when the next action happens
	restarts []time.Time   // when the process stops, in order
	gap      time.Duration // how long each restart takes
	downs    []span        // when the bot was not running
	// whileDown are what members do while the bot is down, in order.
	whileDown []downAction

	model
}

// newQuarter starts the emulator and the bot at begin; the process stops
// every week at the same hour as the first restart and comes back gap later.
func newQuarter(t *testing.T, begin, end, firstRestart time.Time, gap time.Duration) *quarter {
	q := &quarter{t: t, loc: begin.Location(), begin: begin, end: end, gap: gap, next: begin, action: -1,
		phase: phaseUser, model: newModel()}
	q.harness = newHarnessWith(t, harnessOptions{start: begin, onEvent: q.record, sendParallel: 1})
	for r := firstRestart; r.Before(end); r = r.AddDate(0, 0, 7) {
		q.restarts = append(q.restarts, r)
	}
	// QUARTER_DUMP=file keeps the transcript of a failed run for reading.
	if path := os.Getenv("QUARTER_DUMP"); path != "" {
		t.Cleanup(func() {
			if !t.Failed() {
				return
			}
			if err := os.WriteFile(path, []byte(q.transcript(q.events())), 0o644); err != nil {
				t.Logf("QUARTER_DUMP: %v", err)
			}
		})
	}
	return q
}

// record is the emulator's OnEvent.
func (q *quarter) record(e telegramtest.Event) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.seen = append(q.seen, seen{Event: e, phase: q.phase, topic: q.topic, action: q.action})
}

// setPhase says what makes the bot speak from now on.
func (q *quarter) setPhase(phase string, topic, action int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.phase, q.topic, q.action = phase, topic, action
}

// events is a copy of everything seen so far.
func (q *quarter) events() []seen {
	q.mu.Lock()
	defer q.mu.Unlock()
	return append([]seen(nil), q.seen...)
}

// day is a moment of the simulated quarter in the branch's zone.
func (q *quarter) day(m time.Month, d, hh, mm int) time.Time {
	return time.Date(q.begin.Year(), m, d, hh, mm, 0, 0, q.loc)
}

// at sets when the next action happens; the actions after it follow a
// minute apart.
func (q *quarter) at(m time.Month, d, hh, mm int) {
	q.t.Helper()
	t := q.day(m, d, hh, mm)
	if t.Before(q.clock.Now()) {
		q.t.Fatalf("at %s: the clock is already at %s", t, q.clock.Now())
	}
	q.next = t
}

// act runs one user action at its time: time passes until then with the
// bot running, the action is done and handled, and a few seconds later the
// bot's housekeeping runs (the coalesced edit of an announcement's counts).
func (q *quarter) act(topic int, label string, do func()) {
	q.t.Helper()
	q.runTo(q.next)
	if q.clock.Now().After(q.next) {
		q.t.Fatalf("action %q planned at %s, when the bot is down", label, q.next)
	}
	q.actions = append(q.actions, label)
	q.setPhase(phaseUser, topic, len(q.actions)-1)
	do()
	q.step()
	q.clock.Advance(6 * time.Second)
	q.setPhase(phaseTick, topic, len(q.actions)-1)
	q.tick()
	q.setPhase(phaseRemind, 0, -1)
	q.next = q.clock.Now().Truncate(time.Minute).Add(time.Minute)
}

// runTo lets time pass until t with the bot running: the engine ticks at
// each occurrence's time and each morning when quiet hours end, the sender
// sends, and the process restarts on its way.
func (q *quarter) runTo(t time.Time) {
	q.t.Helper()
	ctx := context.Background()
	for q.clock.Now().Before(t) {
		now := q.clock.Now()
		next := t
		if at, err := q.engine.NextAt(ctx, t.Sub(now)); err != nil {
			q.t.Fatalf("NextAt: %v", err)
		} else if !at.IsZero() && at.Before(next) {
			next = at
		}
		if morning := q.nextMorning(now); morning.Before(next) {
			next = morning
		}
		restart := len(q.restarts) > 0 && !q.restarts[0].After(next)
		if restart {
			next = q.restarts[0]
			q.restarts = q.restarts[1:]
		}
		q.clock.Set(next)
		q.run()
		if restart {
			q.restartFor(q.gap)
		}
	}
}

// nextMorning is the first end of the default quiet hours (07:30) after
// now: reminders held overnight go out then.
func (q *quarter) nextMorning(now time.Time) time.Time {
	l := now.In(q.loc)
	m := time.Date(l.Year(), l.Month(), l.Day(), 7, 30, 0, 0, q.loc)
	if !m.After(now) {
		m = m.AddDate(0, 0, 1)
	}
	return m
}

// run is one turn of the running bot: housekeeping, a reminder tick and
// sending.
func (q *quarter) run() {
	q.t.Helper()
	q.setPhase(phaseTick, 0, -1)
	q.bot.Tick(context.Background())
	q.setPhase(phaseRemind, 0, -1)
	q.remind()
	q.flush()
}

// restartFor stops the process, lets gap pass with nothing running (what
// members do meanwhile waits at Telegram), and starts it again on the same
// database, as a deployment would.
func (q *quarter) restartFor(gap time.Duration) {
	q.t.Helper()
	q.db.Close()
	from := q.clock.Now()
	q.mark("机器人停止运行（每周重启）")
	q.downs = append(q.downs, span{from.Add(time.Nanosecond), from.Add(gap)})
	action := -1
	for len(q.whileDown) > 0 && q.whileDown[0].at.Before(from.Add(gap)) {
		a := q.whileDown[0]
		q.whileDown = q.whileDown[1:]
		q.clock.Set(a.at)
		q.actions = append(q.actions, a.label)
		action = len(q.actions) - 1
		q.setPhase(phaseUser, 0, action)
		a.do()
	}
	q.clock.Set(from.Add(gap))
	q.setPhase(phaseRestart, 0, -1)
	q.mark("机器人重新启动")
	q.start()
	q.setPhase(phaseUser, 0, action) // what Telegram kept while the bot was down
	q.step()
	q.run()
}

// downAction is something a member does while the bot is down.
type downAction struct {
	at    time.Time
	label string
	do    func()
}

// sayWhileDown has a user type text at a time the bot will be down.
func (q *quarter) sayWhileDown(at time.Time, chatID, userID int64, text string) {
	q.t.Helper()
	if !at.After(q.clock.Now()) || (len(q.whileDown) > 0 && at.Before(q.whileDown[len(q.whileDown)-1].at)) {
		q.t.Fatalf("sayWhileDown at %s: out of order", at)
	}
	q.whileDown = append(q.whileDown, downAction{at, text, func() { q.srv.SendText(chatID, userID, text) }})
}

// say types text in a chat as a user.
func (q *quarter) say(chatID, userID int64, text string) {
	q.sayAbout(0, chatID, userID, text)
}

// sayAbout is say for an action about meeting topic.
func (q *quarter) sayAbout(topic int, chatID, userID int64, text string) {
	q.t.Helper()
	q.act(topic, text, func() { q.srv.SendText(chatID, userID, text) })
}

// reply answers a message of the chat as a user.
func (q *quarter) reply(topic int, chatID, userID int64, to int, text string) {
	q.t.Helper()
	q.act(topic, text, func() { q.srv.Reply(chatID, userID, to, text) })
}

// pressIn presses a labelled button of a message as a user.
func (q *quarter) pressIn(topic int, chatID, userID int64, messageID int, label string) {
	q.t.Helper()
	q.act(topic, "按下「"+label+"」", func() {
		if _, err := q.srv.PressButton(chatID, userID, messageID, label); err != nil {
			q.t.Fatalf("press %s on %d: %v", label, messageID, err)
		}
	})
}

// lastIn is the bot's latest message in a chat whose text has prefix.
func (q *quarter) lastIn(chatID int64, prefix string) telegramtest.Message {
	q.t.Helper()
	msgs := q.srv.BotMessages(chatID)
	for i := len(msgs) - 1; i >= 0; i-- {
		if strings.HasPrefix(msgs[i].Plain, prefix) {
			return msgs[i]
		}
	}
	q.t.Fatalf("no message in chat %d begins with %q", chatID, prefix)
	return telegramtest.Message{}
}
