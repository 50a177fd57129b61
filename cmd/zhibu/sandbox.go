package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/bot"
	"github.com/zhibu/zhibu/bot/telegramtest"
	"github.com/zhibu/zhibu/cmd/zhibu/app"
	"github.com/zhibu/zhibu/storage"
)

// sandbox is a simulated branch chat: the emulator, a throw-away database
// and the real bot, stepped one action at a time so the transcript is
// deterministic. `zhibu demo` and `zhibu sim` drive it with script lines.
type sandbox struct {
	srv     *telegramtest.Server
	db      *storage.DB
	bot     *bot.Bot
	clock   *telegramtest.Clock
	dir     string
	out     io.Writer
	groupID int64
	users   map[string]int64
	nextID  int64
	buttons map[int]pressable
	nextBtn int
	app     *app.App
	reg     zhibu.RegistrationPolicy // open, until :operator names one

	mu     sync.Mutex
	events []telegramtest.Event
}

// pressable is a numbered button in the transcript.
type pressable struct {
	chatID    int64
	messageID int
	data      string
	label     string
}

// demoStart is when the simulated branch's clock starts.
var demoStart = time.Date(2026, 11, 21, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))

const demoGroupID = -1001

func newSandbox(ctx context.Context, out io.Writer, groupTitle string) (*sandbox, error) {
	dir, err := os.MkdirTemp("", "zhibu-sim-")
	if err != nil {
		return nil, err
	}
	s := &sandbox{clock: telegramtest.NewClock(demoStart), dir: dir, out: out, groupID: demoGroupID,
		users: map[string]int64{}, nextID: 1001, buttons: map[int]pressable{},
		reg: zhibu.RegistrationPolicy{Mode: zhibu.RegistrationOpen}}
	s.srv, err = telegramtest.NewServer(telegramtest.Options{Clock: s.clock.Now, OnEvent: s.record,
		OnViolation: func(v telegramtest.Violation) {
			fmt.Fprintf(out, "!! Bot API violation in %s: %s\n", v.Method, v.Message)
		}})
	if err != nil {
		s.close()
		return nil, err
	}
	s.srv.AddGroup(s.groupID, groupTitle)
	if err := s.start(ctx); err != nil {
		s.close()
		return nil, err
	}
	return s, nil
}

// start opens the database and wires the bot on it, as `zhibu run` starts.
func (s *sandbox) start(ctx context.Context) error {
	db, err := storage.Open(filepath.Join(s.dir, "zhibu.db"), s.clock.Now)
	if err != nil {
		return err
	}
	s.db = db
	if _, err := db.Migrate(ctx); err != nil {
		return err
	}
	s.app, err = app.New(ctx, db, app.Config{Now: s.clock.Now, Registration: s.reg, SendParallel: 1,
		Bot: bot.Config{Token: s.srv.Token(), APIURL: s.srv.URL(), PollTimeout: time.Second}})
	if err != nil {
		return err
	}
	s.bot = s.app.Bot
	return nil
}

// restart stops the bot and starts it again on the same database, as a
// process restart would: what is stored stays, what was in memory is gone.
func (s *sandbox) restart(ctx context.Context) error {
	if err := s.db.Close(); err != nil {
		return err
	}
	s.db = nil
	return s.start(ctx)
}

// runStep bounds how far the simulated time jumps while it runs, so that
// reminders held in quiet hours and messages held by the sending limits go
// out about when a running bot would send them.
const runStep = 10 * time.Minute

// run lets d of simulated time pass with the bot running: whenever a
// reminder falls due, the sender can send again, or at least every runStep,
// the engine ticks and the sender sends, and the chat is printed with the
// time.
func (s *sandbox) run(ctx context.Context, d time.Duration) error {
	end := s.clock.Now().Add(d)
	_, sendAt, err := s.app.Sender.Flush(ctx) // when what waits can go
	if err != nil {
		return err
	}
	for s.clock.Now().Before(end) {
		now := s.clock.Now()
		next := now.Add(runStep)
		if end.Before(next) {
			next = end
		}
		if at, err := s.app.Engine.NextAt(ctx, next.Sub(now)); err != nil {
			return err
		} else if !at.IsZero() && at.Before(next) {
			next = at
		}
		if !sendAt.IsZero() && sendAt.Before(next) {
			next = sendAt
			if !next.After(now) {
				next = now.Add(time.Second)
			}
		}
		s.clock.Set(next)
		s.bot.Tick(ctx)
		if err := s.app.Engine.Tick(ctx); err != nil {
			return err
		}
		_, at, err := s.app.Sender.Flush(ctx)
		if err != nil {
			return err
		}
		sendAt = at
		s.mu.Lock()
		happened := len(s.events) > 0
		s.mu.Unlock()
		if happened {
			fmt.Fprintf(s.out, "⏰ %s\n", next.In(demoStart.Location()).Format("2006-01-02 15:04 Mon"))
			s.flush()
		}
	}
	return nil
}

func (s *sandbox) close() {
	if s.srv != nil {
		s.srv.Close()
	}
	if s.db != nil {
		s.db.Close()
	}
	os.RemoveAll(s.dir)
}

func (s *sandbox) record(e telegramtest.Event) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.events = append(s.events, e)
}

// user returns the id of a named member, creating the account (and its
// membership of the group) on first use.
func (s *sandbox) user(name string) int64 {
	if id, ok := s.users[name]; ok {
		return id
	}
	id := s.nextID
	s.nextID++
	s.users[name] = id
	s.srv.AddUser(telegramtest.User{ID: id, FirstName: name})
	s.srv.JoinGroup(s.groupID, id)
	return id
}

// settle lets the bot fetch and handle everything the last action caused,
// then prints what happened.
func (s *sandbox) settle(ctx context.Context) error {
	for range 10 {
		n, err := s.bot.PollOnce(ctx)
		if err != nil {
			return err
		}
		if err := s.bot.ProcessPending(ctx); err != nil {
			return err
		}
		if n == 0 {
			break
		}
	}
	s.clock.Advance(time.Minute)
	s.bot.Tick(ctx)
	if err := s.app.Step(ctx); err != nil {
		return err
	}
	// What waits a few seconds for its chat's budget (a second file to the
	// same private chat) goes now, as the running bot would send it.
	for range 20 {
		_, next, err := s.app.Sender.Flush(ctx)
		if err != nil {
			return err
		}
		now := s.clock.Now()
		if next.IsZero() || next.After(now.Add(5*time.Second)) {
			break
		}
		if next.After(now) {
			s.clock.Set(next)
		}
	}
	s.flush()
	return nil
}

// flush prints the recorded events as a person would read the chat.
func (s *sandbox) flush() {
	s.mu.Lock()
	evs := s.events
	s.events = nil
	s.mu.Unlock()
	for _, e := range evs {
		s.print(e)
	}
}

func (s *sandbox) where(e telegramtest.Event) string {
	if e.ChatID > 0 {
		return "[私聊·" + e.ChatTitle + "]"
	}
	return "[" + e.ChatTitle + "]"
}

func (s *sandbox) print(e telegramtest.Event) {
	w := s.where(e)
	switch e.Kind {
	case "user_text", "user_document":
		file := ""
		if e.FileName != "" {
			file = "📎" + e.FileName + " "
		}
		reply := ""
		if e.ReplyTo != 0 {
			reply = fmt.Sprintf(" ↩#%d", e.ReplyTo)
		}
		fmt.Fprintf(s.out, "%s %s%s：%s%s\n", w, e.From, reply, file, e.Text)
	case "bot_text", "bot_document":
		file := ""
		if e.FileName != "" {
			file = "📎" + e.FileName + " "
		}
		fmt.Fprintf(s.out, "%s 🤖%s [#%d]：%s%s\n", w, e.From, e.MessageID, file, indent(e.Text))
		s.printButtons(e)
	case "bot_edit":
		fmt.Fprintf(s.out, "%s 🤖%s 更新了消息：%s\n", w, e.From, indent(e.Text))
		s.printButtons(e)
	case "press":
		fmt.Fprintf(s.out, "%s %s 按下了「%s」\n", w, e.From, e.Text)
	case "callback_answer":
		if e.Text != "" {
			fmt.Fprintf(s.out, "%s 🤖（只有按按钮的人看到）%s\n", w, e.Text)
		}
	case "member", "migrate":
		fmt.Fprintf(s.out, "%s ⚙ %s\n", w, e.Text)
	}
}

func (s *sandbox) printButtons(e telegramtest.Event) {
	for _, row := range e.Buttons {
		var cells []string
		for _, b := range row {
			if b.URL != "" {
				cells = append(cells, "["+b.Text+" ↗]")
				continue
			}
			s.nextBtn++
			s.buttons[s.nextBtn] = pressable{chatID: e.ChatID, messageID: e.MessageID, data: b.Data, label: b.Text}
			cells = append(cells, fmt.Sprintf("[%d %s]", s.nextBtn, b.Text))
		}
		fmt.Fprintf(s.out, "      %s\n", strings.Join(cells, " "))
	}
}

// button finds a button by number, or by label (the latest one shown).
func (s *sandbox) button(ref string) (pressable, bool) {
	if n, err := strconv.Atoi(ref); err == nil {
		b, ok := s.buttons[n]
		return b, ok
	}
	for n := s.nextBtn; n > 0; n-- {
		if b, ok := s.buttons[n]; ok && b.label == ref && s.live(b) {
			return b, true
		}
	}
	return pressable{}, false
}

// live reports whether a button is still on its message (edits remove them).
func (s *sandbox) live(b pressable) bool {
	m, ok := s.srv.Message(b.chatID, b.messageID)
	if !ok {
		return false
	}
	for _, row := range m.Buttons {
		for _, x := range row {
			if x.Data == b.data {
				return true
			}
		}
	}
	return false
}

// replyTarget is a message number, 0 for the bot's latest, or a word
// found in the bot's latest message containing it.
func (s *sandbox) replyTarget(chat int64, ref string) (int, bool) {
	if id, err := strconv.Atoi(ref); err == nil {
		if id == 0 {
			m, ok := s.srv.LastBotMessage(chat)
			return m.ID, ok
		}
		_, ok := s.srv.Message(chat, id)
		return id, ok
	}
	msgs := s.srv.BotMessages(chat)
	for i := len(msgs) - 1; i >= 0; i-- {
		if strings.Contains(msgs[i].Plain, ref) {
			return msgs[i].ID, true
		}
	}
	return 0, false
}

func indent(text string) string { return strings.ReplaceAll(text, "\n", "\n      ") }
