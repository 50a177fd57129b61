package telegramtest

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	tgbot "github.com/go-telegram/bot"
)

func TestEnforceLimits(t *testing.T) {
	tests := []struct {
		name      string
		chatID    int64
		allowed   int // messages accepted at one instant
		retry     int
		advance   time.Duration // after which one more is accepted
		editCount bool
	}{
		{"private chat 1/s", alice, 1, 1, time.Second, false},
		{"group 20/min", groupID, 20, 60, time.Minute, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := newTestClock()
			s := newTestServer(t, Options{EnforceLimits: true, Clock: clock.Now})
			s.SendText(alice, alice, "/start")
			newTestGroup(t, s)
			for i := range tt.allowed {
				if status, r := mustCall(t, s, "sendMessage", map[string]any{"chat_id": tt.chatID, "text": "x"}); status != 200 {
					t.Fatalf("message %d = %d %+v, want 200", i+1, status, r)
				}
			}
			status, r := mustCall(t, s, "sendMessage", map[string]any{"chat_id": tt.chatID, "text": "x"})
			if status != 429 || r.Parameters.RetryAfter != tt.retry || r.Description != "Too Many Requests: retry after "+strconv.Itoa(tt.retry) {
				t.Errorf("message %d = %d %+v, want 429 retry after %d", tt.allowed+1, status, r, tt.retry)
			}
			if s.Count429() != 1 || len(s.Violations()) != 0 {
				t.Errorf("Count429() = %d, Violations() = %v; want 1, none", s.Count429(), s.Violations())
			}
			clock.Advance(tt.advance)
			if status, r := mustCall(t, s, "sendMessage", map[string]any{"chat_id": tt.chatID, "text": "x"}); status != 200 {
				t.Errorf("after %v: %d %+v, want 200", tt.advance, status, r)
			}
		})
	}
}

func TestLimitsOffByDefault(t *testing.T) {
	s := newTestServer(t, Options{})
	s.SendText(alice, alice, "/start")
	for i := range 40 {
		if status, r := mustCall(t, s, "sendMessage", map[string]any{"chat_id": alice, "text": "x"}); status != 200 {
			t.Fatalf("message %d = %d %+v", i, status, r)
		}
	}
}

func TestGlobalLimit(t *testing.T) {
	clock := newTestClock()
	s := newTestServer(t, Options{EnforceLimits: true, Clock: clock.Now})
	for i := range 31 {
		id := int64(5000 + i)
		s.SendText(id, id, "/start")
		status, _ := mustCall(t, s, "sendMessage", map[string]any{"chat_id": id, "text": "x"})
		if want := map[bool]int{true: 429, false: 200}[i == 30]; status != want {
			t.Errorf("message %d to a new user = %d, want %d", i+1, status, want)
		}
	}
}

func TestInjectedFaults(t *testing.T) {
	s := newTestServer(t, Options{})
	s.SendText(alice, alice, "/start")
	b := newTestBot(t, s)
	ctx := context.Background()
	send := func() error {
		_, err := b.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: alice, Text: "x"})
		return err
	}

	s.Fail(Fault{Method: "sendMessage", Code: 429, RetryAfter: 7, Times: 2})
	for i := range 2 {
		var tooMany *tgbot.TooManyRequestsError
		if err := send(); !errors.As(err, &tooMany) || tooMany.RetryAfter != 7 {
			t.Errorf("send %d with 429 fault = %v, want TooManyRequestsError retry 7", i+1, err)
		}
	}
	if err := send(); err != nil {
		t.Errorf("send after the fault ran out = %v", err)
	}

	s.Fail(Fault{ChatID: alice, Code: 403})
	if err := send(); !errors.Is(err, tgbot.ErrorForbidden) {
		t.Errorf("send with 403 fault = %v, want ErrorForbidden", err)
	}
	s.Fail(Fault{ChatID: bob, Code: 500})
	if err := send(); err != nil {
		t.Errorf("fault for another chat hit alice: %v", err)
	}
	s.Fail(Fault{Code: 502})
	if err := send(); err == nil {
		t.Error("send with 502 fault succeeded")
	}
	s.Fail(Fault{Code: 400, MigrateTo: -100777})
	var migrate *tgbot.MigrateError
	if err := send(); !errors.As(err, &migrate) || migrate.MigrateToChatID != -100777 {
		t.Errorf("send with migrate fault = %v", err)
	}

	s.Fail(Fault{Method: "sendMessage", Delay: time.Hour})
	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if _, err := b.SendMessage(short, &tgbot.SendMessageParams{ChatID: alice, Text: "x"}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("slow answer = %v, want the client's deadline", err)
	}
	s.Fail(Fault{Method: "sendMessage", Delay: time.Millisecond})
	if err := send(); err != nil {
		t.Errorf("short delay with Code 0 = %v, want success", err)
	}
	if s.Count429() != 2 || len(s.Violations()) != 0 {
		t.Errorf("Count429() = %d, Violations() = %v; want 2, none", s.Count429(), s.Violations())
	}
}
