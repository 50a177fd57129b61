package telegramtest

import (
	"fmt"
	"slices"
	"testing"
)

func TestTelegramErrors(t *testing.T) {
	const newGroup = int64(-1002003004005)
	tests := []struct {
		name      string
		method    string
		body      map[string]any
		status    int
		desc      string
		migrateTo int64
	}{
		{"unknown chat", "sendMessage", map[string]any{"chat_id": 777, "text": "x"}, 400, "Bad Request: chat not found", 0},
		{"never started", "sendMessage", map[string]any{"chat_id": bob, "text": "x"}, 403, "Forbidden: bot can't initiate conversation with a user", 0},
		{"kicked", "sendMessage", map[string]any{"chat_id": -2002, "text": "x"}, 403, "Forbidden: bot was kicked from the group chat", 0},
		{"migrated", "sendMessage", map[string]any{"chat_id": groupID, "text": "x"}, 400, "Bad Request: group chat was upgraded to a supergroup chat", newGroup},
		{"edit not found", "editMessageText", map[string]any{"chat_id": alice, "message_id": 99, "text": "x"}, 400, "Bad Request: message to edit not found", 0},
		{"edit user's message", "editMessageText", map[string]any{"chat_id": alice, "message_id": 1, "text": "x"}, 400, "Bad Request: message can't be edited", 0},
		{"not modified", "editMessageText", map[string]any{"chat_id": alice, "message_id": 2, "text": "原文"}, 400, "Bad Request: " + notModified, 0},
		{"delete not found", "deleteMessage", map[string]any{"chat_id": alice, "message_id": 99}, 400, "Bad Request: message to delete not found", 0},
		{"reply to missing", "sendMessage", map[string]any{"chat_id": alice, "text": "x", "reply_parameters": map[string]any{"message_id": 99}}, 400, "Bad Request: message to be replied not found", 0},
		{"old callback", "answerCallbackQuery", map[string]any{"callback_query_id": "42"}, 400, "Bad Request: query is too old and response timeout expired or query ID is invalid", 0},
		{"bad file", "getFile", map[string]any{"file_id": "nope"}, 400, "Bad Request: invalid file_id", 0},
		{"admins of private chat", "getChatAdministrators", map[string]any{"chat_id": alice}, 400, "Bad Request: there are no administrators in the private chat", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestServer(t, Options{})
			s.SendText(alice, alice, "/start")
			mustCall(t, s, "sendMessage", map[string]any{"chat_id": alice, "text": "原文"})
			s.AddGroup(-2002, "旧群")
			s.SetCreator(-2002, alice)
			s.AddBot(-2002, alice)
			s.RemoveBot(-2002, alice)
			newTestGroup(t, s)
			s.MigrateToSupergroup(groupID, newGroup)
			status, r := mustCall(t, s, tt.method, tt.body)
			if status != tt.status || r.ErrorCode != tt.status || r.Description != tt.desc || r.Parameters.MigrateToChatID != tt.migrateTo {
				t.Errorf("%s = %d %+v, want %d %q migrate_to %d", tt.method, status, r, tt.status, tt.desc, tt.migrateTo)
			}
			if len(s.Violations()) != 0 {
				t.Errorf("Violations() = %+v, want none: this is normal Telegram behaviour", s.Violations())
			}
		})
	}
}

func TestMigration(t *testing.T) {
	s := newTestServer(t, Options{})
	newTestGroup(t, s)
	const super = int64(-1009998887776)
	s.MigrateToSupergroup(groupID, super)
	var to, from int64
	for _, u := range s.Updates() {
		if u.Message != nil && u.Message.MigrateToChatID != 0 {
			to = u.Message.MigrateToChatID
		}
		if u.Message != nil && u.Message.MigrateFromChatID != 0 {
			from = u.Message.MigrateFromChatID
		}
	}
	if to != super || from != groupID {
		t.Errorf("migration updates: migrate_to %d, migrate_from %d; want %d, %d", to, from, super, groupID)
	}
	status, r := mustCall(t, s, "sendMessage", map[string]any{"chat_id": super, "text": "新群"})
	var m struct {
		MessageID int `json:"message_id"`
	}
	_ = jsonUnmarshal(r.Result, &m)
	if status != 200 || m.MessageID != 2 {
		t.Errorf("sendMessage to the supergroup = %d %+v, want message 2 after the migrate_from service message", status, r)
	}
}

func TestPrivacyMode(t *testing.T) {
	tests := []struct {
		name    string
		privacy bool
		admin   bool
		send    func(s *Server, botMsg int)
		want    bool
	}{
		{"plain text", true, false, func(s *Server, _ int) { s.SendText(groupID, bob, "大家好") }, false},
		{"plain text privacy off", false, false, func(s *Server, _ int) { s.SendText(groupID, bob, "大家好") }, true},
		{"plain text to admin bot", true, true, func(s *Server, _ int) { s.SendText(groupID, bob, "大家好") }, true},
		{"command", true, false, func(s *Server, _ int) { s.SendText(groupID, bob, "/pledge 学习") }, true},
		{"command to this bot", true, false, func(s *Server, _ int) { s.SendText(groupID, bob, "/pledge@Zhibu_Bot 学习") }, true},
		{"command to other bot", true, false, func(s *Server, _ int) { s.SendText(groupID, bob, "/pledge@other_bot 学习") }, false},
		{"command after Chinese", true, false, func(s *Server, _ int) { s.SendText(groupID, bob, "我要 /pledge") }, false},
		{"mention", true, false, func(s *Server, _ int) { s.SendText(groupID, bob, "问一下 @zhibu_bot 会议几点") }, true},
		{"reply to bot", true, false, func(s *Server, id int) { s.Reply(groupID, bob, id, "收到") }, true},
		{"reply to user", true, false, func(s *Server, _ int) { s.Reply(groupID, bob, 1, "收到") }, false},
		{"service message", true, false, func(s *Server, _ int) { s.AddUser(User{ID: 1003, FirstName: "Carol"}); s.JoinGroup(groupID, 1003) }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestServer(t, Options{PrivacyMode: new(tt.privacy)})
			newTestGroup(t, s)
			if tt.admin {
				s.SetAdmin(groupID, s.BotUser().ID, true)
			}
			_, r := mustCall(t, s, "sendMessage", map[string]any{"chat_id": groupID, "text": "通知"})
			var m struct {
				MessageID int `json:"message_id"`
			}
			_ = jsonUnmarshal(r.Result, &m)
			before := s.Pending()
			tt.send(s, m.MessageID)
			if got := s.Pending() > before; got != tt.want {
				t.Errorf("bot received = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestMisusePanicsAndCloseStillWorks(t *testing.T) {
	s := newTestServer(t, Options{})
	tests := []struct {
		name string
		call func()
	}{
		{"unknown group", func() { s.SendText(-42, alice, "x") }},
		{"not a member", func() { s.AddGroup(-43, "g"); s.SendText(-43, alice, "x") }},
		{"reply to nothing", func() { s.Reply(alice, alice, 99, "x") }},
		{"press on nothing", func() { s.Press(alice, alice, 99, "x") }},
		{"join twice", func() { s.AddGroup(-44, "g"); s.JoinGroup(-44, bob); s.JoinGroup(-44, bob) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("%s did not panic", tt.name)
				}
			}()
			tt.call()
		})
	}
	s.Close() // would deadlock if a panic left the lock held
}

// chatMemberUpdates lists the pending my_chat_member updates as "chat:old→new".
func chatMemberUpdates(s *Server) []string {
	var out []string
	for _, u := range s.Updates() {
		if m := u.MyChatMember; m != nil {
			out = append(out, fmt.Sprintf("%d:%s→%s", m.Chat.ID, m.OldChatMember.Type, m.NewChatMember.Type))
		}
	}
	return out
}

func TestBlockBotTellsTheBotInThePrivateChat(t *testing.T) {
	s := newTestServer(t, Options{})
	send := func() string {
		_, r := mustCall(t, s, "sendMessage", map[string]any{"chat_id": alice, "text": "提醒"})
		return r.Description
	}
	s.SendText(alice, alice, "/start")
	s.BlockBot(alice, true)
	s.BlockBot(alice, true) // no change: no second update
	s.BlockBot(bob, true)   // never started: no private chat, no update
	want := []string{"1001:member→kicked"}
	if got := chatMemberUpdates(s); !slices.Equal(got, want) {
		t.Errorf("after blocking: my_chat_member %q, want %q", got, want)
	}
	if got := send(); got != "Forbidden: bot was blocked by the user" {
		t.Errorf("send while blocked = %q", got)
	}
	u := s.Updates()[len(s.Updates())-1].MyChatMember
	if u.Chat.Type != "private" || u.From.ID != alice || u.NewChatMember.Banned == nil || u.NewChatMember.Banned.User.ID != s.BotUser().ID {
		t.Errorf("my_chat_member = %+v, want alice's private chat, from alice, the bot kicked", u)
	}
	s.BlockBot(alice, false)
	want = append(want, "1001:kicked→member")
	if got := chatMemberUpdates(s); !slices.Equal(got, want) {
		t.Errorf("after unblocking: my_chat_member %q, want %q", got, want)
	}
	if got := send(); got != "" {
		t.Errorf("send after unblocking = %q, want it sent", got)
	}
}
