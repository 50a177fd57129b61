package telegramtest

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
	"github.com/google/go-cmp/cmp"
)

// startEchoBot runs a small bot against the server: /pledge gets a keyboard,
// a press gets an answer and an edit. handled receives each update's id.
func startEchoBot(t *testing.T, s *Server, handled chan<- int64) {
	t.Helper()
	handler := func(ctx context.Context, b *tgbot.Bot, u *models.Update) {
		defer func() { handled <- u.ID }()
		switch {
		case u.Message != nil && strings.HasPrefix(u.Message.Text, "/pledge"):
			_, err := b.SendMessage(ctx, &tgbot.SendMessageParams{
				ChatID: u.Message.Chat.ID, Text: "<b>承诺</b>：" + strings.TrimSpace(strings.TrimPrefix(u.Message.Text, "/pledge")),
				ParseMode:       models.ParseModeHTML,
				ReplyParameters: &models.ReplyParameters{MessageID: u.Message.ID},
				ReplyMarkup: &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{
					{{Text: "确认", CallbackData: "pledge:ok"}, {Text: "取消", CallbackData: "pledge:no"}},
				}},
			})
			if err != nil {
				t.Errorf("SendMessage: %v", err)
			}
		case u.CallbackQuery != nil:
			msg := u.CallbackQuery.Message.Message
			if _, err := b.AnswerCallbackQuery(ctx, &tgbot.AnswerCallbackQueryParams{CallbackQueryID: u.CallbackQuery.ID, Text: "已确认"}); err != nil {
				t.Errorf("AnswerCallbackQuery: %v", err)
			}
			if _, err := b.EditMessageText(ctx, &tgbot.EditMessageTextParams{ChatID: msg.Chat.ID, MessageID: msg.ID, Text: "承诺已确认"}); err != nil {
				t.Errorf("EditMessageText: %v", err)
			}
		}
	}
	b, err := tgbot.New(s.Token(), tgbot.WithServerURL(s.URL()), tgbot.WithDefaultHandler(handler),
		tgbot.WithNotAsyncHandlers())
	if err != nil {
		t.Fatalf("tgbot.New: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); b.Start(ctx) }()
	t.Cleanup(func() { cancel(); wg.Wait() })
}

// waitHandled waits for the bot to handle an update.
func waitHandled(t *testing.T, handled <-chan int64, want int64) {
	t.Helper()
	select {
	case got := <-handled:
		if got != want {
			t.Fatalf("bot handled update %d, want %d", got, want)
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("bot did not handle update %d", want)
	}
}

func TestConversationWithRealBot(t *testing.T) {
	var mu sync.Mutex
	var events []string
	s := New(t, Options{OnEvent: func(e Event) {
		mu.Lock()
		defer mu.Unlock()
		events = append(events, e.Kind+" "+e.From+": "+e.Text)
	}})
	s.AddUser(User{ID: alice, FirstName: "Alice"})
	s.AddUser(User{ID: bob, FirstName: "Bob"})
	newTestGroup(t, s)
	handled := make(chan int64, 10)
	startEchoBot(t, s, handled)
	for range 2 { // my_chat_member and new_chat_members of the fixture
		<-handled
	}

	cmd := s.SendText(groupID, bob, "/pledge 学习党章")
	waitHandled(t, handled, s.LastUpdateID())
	reply, ok := s.LastBotMessage(groupID)
	if !ok || reply.Plain != "承诺：学习党章" || reply.ReplyTo != cmd.ID || reply.ParseMode != "HTML" {
		t.Fatalf("LastBotMessage = %+v, %v", reply, ok)
	}
	s.SendText(groupID, bob, "闲聊") // privacy mode: not delivered
	id, err := s.PressButton(groupID, bob, reply.ID, "确认")
	if err != nil {
		t.Fatal(err)
	}
	waitHandled(t, handled, s.LastUpdateID())
	if text, _, answered := s.CallbackAnswer(id); !answered || text != "已确认" {
		t.Errorf("CallbackAnswer(%s) = %q, %v", id, text, answered)
	}
	edited, _ := s.Message(groupID, reply.ID)
	if edited.Plain != "承诺已确认" || edited.Edits != 1 || edited.Buttons != nil {
		t.Errorf("edited message = %+v, want new text without keyboard", edited)
	}
	if _, err := s.PressButton(groupID, bob, reply.ID, "确认"); err == nil {
		t.Error("PressButton found a button on a message whose keyboard was removed")
	}
	mu.Lock()
	defer mu.Unlock()
	want := []string{
		"member Bob: Bob 加入了群组",
		"member Alice: Alice 邀请 支部助手 加入了群组",
		"user_text Bob: /pledge 学习党章",
		"bot_text 支部助手: 承诺：学习党章",
		"user_text Bob: 闲聊",
		"press Bob: 确认",
		"callback_answer 支部助手: 已确认",
		"bot_edit 支部助手: 承诺已确认",
	}
	if diff := cmp.Diff(want, events); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	if s.Pending() != 0 {
		// the bot confirms with its next poll; nothing else may be waiting
		for _, u := range s.Updates() {
			if u.ID != s.LastUpdateID() {
				t.Errorf("update %d not confirmed", u.ID)
			}
		}
	}
}
