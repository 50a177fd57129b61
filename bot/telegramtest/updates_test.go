package telegramtest

import (
	"context"
	"encoding/json"
	"runtime"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"
)

// pollResult is the answer of a getUpdates call.
type pollResult struct {
	status  int
	updates []models.Update
	desc    string
}

// mustPoll calls getUpdates.
func mustPoll(t *testing.T, s *Server, body map[string]any) pollResult {
	t.Helper()
	status, r := mustCall(t, s, "getUpdates", body)
	var ups []models.Update
	if r.OK {
		if err := json.Unmarshal(r.Result, &ups); err != nil {
			t.Fatalf("getUpdates result %s: %v", r.Result, err)
		}
	}
	return pollResult{status, ups, r.Description}
}

// waitPolling waits until a getUpdates call is blocked in the server.
func waitPolling(t *testing.T, s *Server) {
	t.Helper()
	waitPollState(t, s, true)
}

// waitPollState waits until a getUpdates call is (or is no longer) running.
func waitPollState(t *testing.T, s *Server, polling bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		s.mu.Lock()
		now := s.updates.poll != nil
		s.mu.Unlock()
		if now == polling {
			return
		}
		runtime.Gosched()
	}
	t.Fatalf("getUpdates running = %v, want %v", !polling, polling)
}

func TestLongPollWakesOnUpdate(t *testing.T) {
	s := newTestServer(t, Options{})
	done := make(chan pollResult)
	go func() { done <- mustPoll(t, s, map[string]any{"timeout": 50}) }()
	waitPolling(t, s)
	s.SendText(alice, alice, "你好")
	select {
	case r := <-done:
		if r.status != 200 || len(r.updates) != 1 || r.updates[0].Message.Text != "你好" || r.updates[0].ID != firstUpdateID {
			t.Errorf("getUpdates = %+v, want the new message as update %d", r, firstUpdateID)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("getUpdates did not wake on a new update")
	}
}

func TestLongPollEndsWithClientContext(t *testing.T) {
	s := newTestServer(t, Options{})
	b := newTestBot(t, s)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() {
		_, err := b.GetMe(ctx) // warm-up, then a long poll through the raw API
		if err == nil {
			err = getUpdatesCtx(ctx, s)
		}
		done <- err
	}()
	waitPolling(t, s)
	cancel()
	waitPollState(t, s, false) // the server saw the client go away
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("getUpdates ignored the cancelled request")
	}
}

func TestOffsetConfirmsAndRedeliver(t *testing.T) {
	s := newTestServer(t, Options{})
	s.SendText(alice, alice, "一")
	s.SendText(alice, alice, "二")
	r := mustPoll(t, s, map[string]any{"limit": 1})
	if len(r.updates) != 1 || r.updates[0].Message.Text != "一" {
		t.Fatalf("getUpdates(limit 1) = %+v", r)
	}
	first := r.updates[0].ID
	r = mustPoll(t, s, map[string]any{"offset": first + 1})
	if len(r.updates) != 1 || r.updates[0].ID != first+1 || s.Pending() != 1 {
		t.Fatalf("getUpdates(offset %d) = %+v, Pending %d", first+1, r, s.Pending())
	}
	r = mustPoll(t, s, map[string]any{"offset": first + 2})
	if len(r.updates) != 0 || s.Pending() != 0 {
		t.Fatalf("getUpdates(offset %d) = %+v, Pending %d; want all confirmed", first+2, r, s.Pending())
	}
	s.Redeliver(first)
	r = mustPoll(t, s, map[string]any{"offset": first + 2})
	if len(r.updates) != 1 || r.updates[0].ID != first || r.updates[0].Message.Text != "一" {
		t.Fatalf("after Redeliver(%d): getUpdates = %+v, want the same update again", first, r)
	}
	r = mustPoll(t, s, map[string]any{"offset": first + 2})
	if len(r.updates) != 0 {
		t.Errorf("redelivered update came twice: %+v", r)
	}
}

func TestConcurrentGetUpdatesConflict(t *testing.T) {
	s := newTestServer(t, Options{})
	done := make(chan pollResult)
	go func() { done <- mustPoll(t, s, map[string]any{"timeout": 50}) }()
	waitPolling(t, s)
	second := mustPoll(t, s, map[string]any{"timeout": 0})
	first := <-done
	const conflict = "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
	if first.status != 409 || first.desc != conflict {
		t.Errorf("older getUpdates = %+v, want 409 %q", first, conflict)
	}
	if second.status != 200 || len(second.updates) != 0 {
		t.Errorf("newer getUpdates = %+v, want 200 []", second)
	}
	if len(s.Violations()) != 0 {
		t.Errorf("a conflict is not a violation: %+v", s.Violations())
	}
}

func TestAllowedUpdates(t *testing.T) {
	s := newTestServer(t, Options{})
	s.AddGroup(groupID, "支部")
	s.SetCreator(groupID, alice)
	s.AddBot(groupID, alice)
	s.SetAdmin(groupID, s.BotUser().ID, true)
	s.JoinGroup(groupID, bob) // chat_member (hidden by default) + new_chat_members message
	r := mustPoll(t, s, nil)
	var kinds []string
	for _, u := range r.updates {
		switch {
		case u.MyChatMember != nil:
			kinds = append(kinds, "my_chat_member:"+string(u.MyChatMember.NewChatMember.Type))
		case u.Message != nil && len(u.Message.NewChatMembers) > 0:
			kinds = append(kinds, "new_chat_members:"+u.Message.NewChatMembers[0].FirstName)
		default:
			kinds = append(kinds, "other")
		}
	}
	want := []string{"my_chat_member:member", "new_chat_members:" + DefaultBotName, "my_chat_member:administrator", "new_chat_members:Bob"}
	if len(kinds) != len(want) {
		t.Fatalf("updates = %v, want %v", kinds, want)
	}
	for i := range want {
		if kinds[i] != want[i] {
			t.Errorf("update %d = %s, want %s", i, kinds[i], want[i])
		}
	}
	s.LeaveGroup(groupID, bob)
	r = mustPoll(t, s, map[string]any{"offset": r.updates[len(r.updates)-1].ID + 1, "allowed_updates": []string{"chat_member"}})
	if len(r.updates) != 1 || r.updates[0].ChatMember == nil {
		t.Errorf("getUpdates(allowed chat_member) = %+v, want one chat_member", r)
	}
}
