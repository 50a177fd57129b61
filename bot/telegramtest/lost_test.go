package telegramtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"

	tgbot "github.com/go-telegram/bot"
)

// rawCall posts a JSON request with its own connection and returns the
// transport's error, if any: what a client sees of a lost answer.
func rawCall(t *testing.T, s *Server, method string, body any) (int, apiResp, error) {
	t.Helper()
	data, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	c := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := c.Post(s.URL()+"/bot"+s.Token()+"/"+method, "application/json", bytes.NewReader(data))
	if err != nil {
		return 0, apiResp{}, err
	}
	defer resp.Body.Close()
	var r apiResp
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		t.Fatalf("decode answer: %v", err)
	}
	return resp.StatusCode, r, nil
}

func TestLostAnswerSendsTheMessage(t *testing.T) {
	var mu sync.Mutex
	var events []Event
	s := newTestServer(t, Options{OnEvent: func(e Event) {
		mu.Lock()
		defer mu.Unlock()
		events = append(events, e)
	}})
	s.SendText(alice, alice, "/start")
	s.Fail(Fault{Method: "sendMessage", Lost: true})

	_, _, err := rawCall(t, s, "sendMessage", map[string]any{"chat_id": alice, "text": "第一条"})
	if err == nil {
		t.Fatal("sendMessage with a lost answer succeeded for the client, want a transport error")
	}
	t.Logf("the client saw: %v", err)
	got := s.BotMessages(alice)
	if len(got) != 1 || got[0].Text != "第一条" {
		t.Fatalf("BotMessages = %+v, want the message sent although its answer was lost", got)
	}
	mu.Lock()
	if n := len(events); n == 0 || events[n-1].Kind != "bot_text" || events[n-1].MessageID != got[0].ID {
		t.Errorf("events = %+v, want bot_text of message %d last", events, got[0].ID)
	}
	mu.Unlock()
	if s.LostAnswers() != 1 {
		t.Errorf("LostAnswers() = %d, want 1", s.LostAnswers())
	}
	reqs := s.Requests()
	if last := reqs[len(reqs)-1]; last.Method != "sendMessage" || last.Status != 0 || last.Description != lostDescription {
		t.Errorf("logged request = %+v, want sendMessage with Status 0", last)
	}

	// The fault is used up: the retry is answered, and is a second message.
	status, r, err := rawCall(t, s, "sendMessage", map[string]any{"chat_id": alice, "text": "第一条"})
	if err != nil || status != 200 || !r.OK {
		t.Fatalf("retry = %d %+v %v, want 200", status, r, err)
	}
	var m struct {
		MessageID int `json:"message_id"`
	}
	if err := jsonUnmarshal(r.Result, &m); err != nil || m.MessageID != got[0].ID+1 {
		t.Errorf("retry's message_id = %d (%v), want %d", m.MessageID, err, got[0].ID+1)
	}
	if n := len(s.BotMessages(alice)); n != 2 {
		t.Errorf("%d bot messages after a retry, want 2 (the duplicate a lost answer risks)", n)
	}
	if s.LostAnswers() != 1 || len(s.Violations()) != 0 || s.Count429() != 0 {
		t.Errorf("LostAnswers() = %d, Violations() = %v, Count429() = %d; want 1, none, 0",
			s.LostAnswers(), s.Violations(), s.Count429())
	}
}

func TestLostAnswerThroughTheLibrary(t *testing.T) {
	s := newTestServer(t, Options{})
	newTestGroup(t, s)
	b := newTestBot(t, s)
	ctx := context.Background()
	s.Fail(Fault{ChatID: groupID, Lost: true, Times: 2})

	send := func(text string) error {
		_, err := b.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: groupID, Text: text})
		return err
	}
	if err := send("甲"); err == nil {
		t.Error("first send with a lost answer = nil error")
	}
	if _, err := b.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: alice, Text: "私聊"}); err == nil || !errors.Is(err, tgbot.ErrorForbidden) {
		// alice never started the bot: the fault for the group does not hit her chat.
		t.Errorf("send to another chat = %v, want the chat's own 403", err)
	}
	if err := send("乙"); err == nil {
		t.Error("second send with a lost answer = nil error")
	}
	if err := send("丙"); err != nil {
		t.Errorf("send after the fault ran out = %v", err)
	}
	var texts []string
	for _, m := range s.BotMessages(groupID) {
		texts = append(texts, m.Text)
	}
	if strings.Join(texts, "") != "甲乙丙" {
		t.Errorf("group holds %q, want 甲乙丙: lost answers still send", texts)
	}
	if s.LostAnswers() != 2 || len(s.Violations()) != 0 {
		t.Errorf("LostAnswers() = %d, Violations() = %v; want 2, none", s.LostAnswers(), s.Violations())
	}
}

func TestLostAnswerOfGetUpdatesRedelivers(t *testing.T) {
	s := newTestServer(t, Options{})
	s.SendText(alice, alice, "/start")
	s.Fail(Fault{Method: "getUpdates", Lost: true})
	if _, _, err := rawCall(t, s, "getUpdates", map[string]any{"timeout": 0}); err == nil {
		t.Fatal("getUpdates with a lost answer = no error")
	}
	status, r, err := rawCall(t, s, "getUpdates", map[string]any{"timeout": 0})
	if err != nil || status != 200 {
		t.Fatalf("getUpdates again = %d %v", status, err)
	}
	var ups []json.RawMessage
	if err := jsonUnmarshal(r.Result, &ups); err != nil || len(ups) != 1 {
		t.Errorf("getUpdates after a lost answer = %s (%v), want the unconfirmed update again", r.Result, err)
	}
}

func TestLostAnswerIsNotUsedByAViolation(t *testing.T) {
	s := newTestServer(t, Options{})
	s.SendText(alice, alice, "/start")
	s.Fail(Fault{Method: "sendMessage", Lost: true})
	status, r, err := rawCall(t, s, "sendMessage", map[string]any{"chat_id": alice})
	if err != nil || status != 400 {
		t.Fatalf("sendMessage without text = %d %+v %v, want a 400 answer", status, r, err)
	}
	if len(s.Violations()) != 1 || s.LostAnswers() != 0 {
		t.Errorf("Violations() = %v, LostAnswers() = %d; want one violation, no lost answer", s.Violations(), s.LostAnswers())
	}
	if _, _, err := rawCall(t, s, "sendMessage", map[string]any{"chat_id": alice, "text": "x"}); err == nil {
		t.Error("the valid request after it did not meet the fault")
	}
	if s.LostAnswers() != 1 || len(s.BotMessages(alice)) != 1 {
		t.Errorf("LostAnswers() = %d, %d messages; want 1, 1", s.LostAnswers(), len(s.BotMessages(alice)))
	}
}

// TestFaultKinds: each failure Telegram gives a send, with its wording and
// parameters, through go-telegram/bot's error types.
func TestFaultKinds(t *testing.T) {
	s := newTestServer(t, Options{})
	s.SendText(alice, alice, "/start")
	newTestGroup(t, s)
	s.AddSupergroup(-100200, "超级群")
	s.SetCreator(-100200, alice)
	s.AddBot(-100200, alice)
	b := newTestBot(t, s)
	ctx := context.Background()
	send := func(chatID int64) error {
		_, err := b.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: chatID, Text: "x"})
		return err
	}
	tests := []struct {
		name   string
		fault  Fault
		chatID int64
		check  func(error) bool
		desc   string
	}{
		{"429", Fault{Code: 429, RetryAfter: 3}, groupID, func(err error) bool {
			var e *tgbot.TooManyRequestsError
			return errors.As(err, &e) && e.RetryAfter == 3
		}, "Too Many Requests: retry after 3"},
		{"500", Fault{Code: 500}, groupID, func(err error) bool { return err != nil }, "Internal Server Error"},
		{"502", Fault{Code: 502}, alice, func(err error) bool { return err != nil }, "Bad Gateway"},
		{"403 private", Fault{ChatID: alice, Code: 403}, alice, func(err error) bool { return errors.Is(err, tgbot.ErrorForbidden) },
			"Forbidden: bot was blocked by the user"},
		{"403 group", Fault{ChatID: groupID, Code: 403}, groupID, func(err error) bool { return errors.Is(err, tgbot.ErrorForbidden) },
			"Forbidden: bot was kicked from the group chat"},
		{"403 supergroup", Fault{Code: 403}, -100200, func(err error) bool { return errors.Is(err, tgbot.ErrorForbidden) },
			"Forbidden: bot was kicked from the supergroup chat"},
		{"migration", Fault{ChatID: groupID, MigrateTo: -100999}, groupID, func(err error) bool {
			var e *tgbot.MigrateError
			return errors.As(err, &e) && e.MigrateToChatID == -100999
		}, "Bad Request: group chat was upgraded to a supergroup chat"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(s.BotMessages(tt.chatID))
			s.Fail(tt.fault)
			if err := send(tt.chatID); !tt.check(err) {
				t.Errorf("send = %v", err)
			}
			reqs := s.Requests()
			if last := reqs[len(reqs)-1]; last.Description != tt.desc {
				t.Errorf("description = %q, want %q", last.Description, tt.desc)
			}
			if n := len(s.BotMessages(tt.chatID)); n != before {
				t.Errorf("a failed send left a message: %d, want %d", n, before)
			}
		})
	}
	if len(s.Violations()) != 0 || s.LostAnswers() != 0 {
		t.Errorf("Violations() = %v, LostAnswers() = %d", s.Violations(), s.LostAnswers())
	}
}
