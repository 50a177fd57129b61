package telegramtest

import (
	"context"
	"testing"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

func TestChatQueriesAndActions(t *testing.T) {
	clock := newTestClock()
	s := New(t, Options{Clock: clock.Now})
	s.AddUser(User{ID: alice, FirstName: "Alice"})
	s.AddUser(User{ID: bob, FirstName: "Bob"})
	newTestGroup(t, s)
	s.SetAdmin(groupID, s.BotUser().ID, true)
	b := newTestBot(t, s)
	ctx := context.Background()

	chat, err := b.GetChat(ctx, &tgbot.GetChatParams{ChatID: groupID})
	if err != nil || chat.Title != "第一支部" || chat.Type != models.ChatTypeGroup {
		t.Errorf("GetChat = %+v, %v", chat, err)
	}
	admins, err := b.GetChatAdministrators(ctx, &tgbot.GetChatAdministratorsParams{ChatID: groupID})
	if err != nil || len(admins) != 2 || admins[0].Type != models.ChatMemberTypeOwner || admins[0].Owner.User.ID != alice ||
		admins[1].Administrator == nil || admins[1].Administrator.User.ID != s.BotUser().ID {
		t.Errorf("GetChatAdministrators = %+v, %v; want alice (owner), the bot", admins, err)
	}
	member, err := b.GetChatMember(ctx, &tgbot.GetChatMemberParams{ChatID: groupID, UserID: bob})
	if err != nil || member.Type != models.ChatMemberTypeMember || member.Member.User.ID != bob {
		t.Errorf("GetChatMember(bob) = %+v, %v", member, err)
	}
	if n, err := b.GetChatMemberCount(ctx, &tgbot.GetChatMemberCountParams{ChatID: groupID}); err != nil || n != 3 {
		t.Errorf("GetChatMemberCount = %d, %v; want 3", n, err)
	}
	if _, err := b.SendChatAction(ctx, &tgbot.SendChatActionParams{ChatID: groupID, Action: models.ChatActionTyping}); err != nil {
		t.Errorf("SendChatAction: %v", err)
	}

	clock.Advance(time.Hour)
	msg, err := b.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: groupID, Text: "置顶通知"})
	if err != nil || int64(msg.Date) != clock.Now().Unix() {
		t.Fatalf("SendMessage = %+v, %v; want date from the clock", msg, err)
	}
	if _, err := b.PinChatMessage(ctx, &tgbot.PinChatMessageParams{ChatID: groupID, MessageID: msg.ID}); err != nil {
		t.Errorf("PinChatMessage: %v", err)
	}
	if got, _ := s.Message(groupID, msg.ID); !got.Pinned || !got.Date.Equal(clock.Now()) {
		t.Errorf("pinned message = %+v", got)
	}
	user := s.SendText(groupID, bob, "/checkin")
	if ok, err := b.DeleteMessage(ctx, &tgbot.DeleteMessageParams{ChatID: groupID, MessageID: user.ID}); !ok || err != nil {
		t.Errorf("DeleteMessage(user's message as admin) = %v, %v", ok, err)
	}
	if got, _ := s.Message(groupID, user.ID); !got.Deleted {
		t.Errorf("deleted message = %+v", got)
	}
	if _, err := b.DeleteMessage(ctx, &tgbot.DeleteMessageParams{ChatID: groupID, MessageID: user.ID}); err == nil {
		t.Error("DeleteMessage twice succeeded")
	}
	if _, err := b.DeleteMyCommands(ctx, nil); err != nil {
		t.Errorf("DeleteMyCommands: %v", err)
	}
	if _, err := b.LeaveChat(ctx, &tgbot.LeaveChatParams{ChatID: groupID}); err != nil {
		t.Errorf("LeaveChat: %v", err)
	}
	if _, err := b.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: groupID, Text: "x"}); err == nil {
		t.Error("SendMessage after LeaveChat succeeded")
	}
	reqs := s.Requests()
	if last := reqs[len(reqs)-1]; last.Method != "sendMessage" || last.Status != 403 || last.Params["text"] != "x" {
		t.Errorf("last request = %+v", last)
	}
}
