package telegramtest

import (
	"fmt"
	"path"
	"strings"

	"github.com/go-telegram/bot/models"
)

// SendText: a user types a message. In a private chat chatID == fromUserID;
// the first message creates the chat and lets the bot write to the user.
// The returned message is what the bot receives (if it receives it).
func (s *Server) SendText(chatID, fromUserID int64, text string) models.Message {
	return s.post(chatID, fromUserID, &msgState{obs: Message{Text: text, Plain: text}}, "user_text")
}

// Reply: a user replies to a message of the chat.
func (s *Server) Reply(chatID, fromUserID int64, replyTo int, text string) models.Message {
	return s.post(chatID, fromUserID, &msgState{obs: Message{Text: text, Plain: text, ReplyTo: replyTo}}, "user_text")
}

// SendDocument: a user sends a file with an optional caption. The bot can
// download it with getFile and the file URL.
func (s *Server) SendDocument(chatID, fromUserID int64, fileName, mimeType string, content []byte, caption string) models.Message {
	s.mu.Lock()
	f := s.storeFile(fileName, mimeType, content, caption)
	s.mu.Unlock()
	m := &msgState{obs: Message{Text: caption, Plain: caption, Document: f}}
	return s.post(chatID, fromUserID, m, "user_document")
}

// SendPhoto: a user sends a photo with an optional caption. The bot
// receives it as photo sizes whose largest can be downloaded.
func (s *Server) SendPhoto(chatID, fromUserID int64, content []byte, caption string) models.Message {
	s.mu.Lock()
	f := s.storeFile("photo.jpg", "image/jpeg", content, caption)
	s.mu.Unlock()
	m := &msgState{obs: Message{Text: caption, Plain: caption, Document: f}, photo: true}
	return s.post(chatID, fromUserID, m, "user_document")
}

// Accounts Telegram shows as the sender of a message posted on behalf of a
// chat; the message's sender_chat says which chat.
const (
	ChannelBotID       = 136817688  // "Channel_Bot": posts sent as a channel
	AnonymousAdminID   = 1087968824 // "GroupAnonymousBot": anonymous group admins
	channelBotUsername = "Channel_Bot"
)

// SendAsChannel: a member of the group posts as a channel (Telegram's "send
// as"). The bot receives from = Channel_Bot and sender_chat = the channel.
func (s *Server) SendAsChannel(chatID, channelID int64, channelTitle, text string) models.Message {
	return s.ReplyAsChannel(chatID, channelID, channelTitle, 0, text)
}

// ReplyAsChannel is SendAsChannel replying to a message of the group (none
// when replyTo is 0).
func (s *Server) ReplyAsChannel(chatID, channelID int64, channelTitle string, replyTo int, text string) models.Message {
	s.mu.Lock()
	if _, ok := s.users[ChannelBotID]; !ok {
		s.users[ChannelBotID] = &userState{user: User{ID: ChannelBotID, FirstName: "Channel", Username: channelBotUsername}}
	}
	s.mu.Unlock()
	sc := &models.Chat{ID: channelID, Type: models.ChatTypeChannel, Title: channelTitle}
	m := &msgState{obs: Message{Text: text, Plain: text, ReplyTo: replyTo}, senderChat: sc}
	return s.post(chatID, ChannelBotID, m, "user_text")
}

// SendAsGroup: an anonymous administrator posts on behalf of the group. The
// bot receives from = GroupAnonymousBot and sender_chat = the group itself.
func (s *Server) SendAsGroup(chatID int64, text string) models.Message {
	s.mu.Lock()
	if _, ok := s.users[AnonymousAdminID]; !ok {
		s.users[AnonymousAdminID] = &userState{user: User{ID: AnonymousAdminID, FirstName: "Group", Username: "GroupAnonymousBot"}}
	}
	sc := s.modelChat(s.group(chatID))
	s.mu.Unlock()
	return s.post(chatID, AnonymousAdminID, &msgState{obs: Message{Text: text, Plain: text}, senderChat: &sc}, "user_text")
}

// post stores a user's message, delivers it to the bot as Telegram would and
// reports the event.
func (s *Server) post(chatID, from int64, m *msgState, kind string) models.Message {
	s.mu.Lock()
	c := s.userChat(chatID, from, m.senderChat != nil)
	if m.obs.ReplyTo != 0 {
		if _, ok := c.message(m.obs.ReplyTo); !ok {
			s.misuse("Reply: no message %d in chat %d", m.obs.ReplyTo, chatID)
		}
	}
	m.obs.From = from
	m.entities = userEntities(m.obs.Plain)
	c.addMessage(m, s.now())
	out := s.deliver(c, m)
	e := Event{Kind: kind, ChatID: chatID, MessageID: m.obs.ID, From: s.displayName(from), Text: m.obs.Plain, ReplyTo: m.obs.ReplyTo}
	if m.obs.Document != nil {
		e.FileName = m.obs.Document.Name
	}
	s.emit(e)
	s.mu.Unlock()
	s.flushEvents()
	return *out
}

// userChat finds the chat a user writes in: their private chat with the bot
// (created on first use) or a group they are a member of.
func (s *Server) userChat(chatID, from int64, onBehalf bool) *chatState {
	u := s.user(from)
	if chatID == from {
		u.started = true
		if c, ok := s.chats[chatID]; ok {
			return c
		}
		return s.newChat(chatID, "private", "")
	}
	c := s.group(chatID)
	if !onBehalf && !isMember(c.status(from)) {
		s.misuse("user %d is not a member of chat %d (call JoinGroup first)", from, chatID)
	}
	if c.migratedTo != 0 {
		s.misuse("chat %d migrated to %d", chatID, c.migratedTo)
	}
	return c
}

// deliver queues the message as an update when the bot would receive it,
// and returns the Message object.
func (s *Server) deliver(c *chatState, m *msgState) *models.Message {
	out := s.modelMessage(c, m, true)
	if s.botSees(c, m) {
		s.enqueue(&models.Update{Message: out}, "message")
	}
	return out
}

// botSees applies membership and privacy mode: in groups a bot in privacy
// mode that is not an administrator only receives commands meant for it,
// replies to its messages, mentions of it and service messages.
func (s *Server) botSees(c *chatState, m *msgState) bool {
	if m.obs.From == 0 || m.obs.From == s.botID {
		return false
	}
	if c.typ == "private" {
		return !s.users[c.id].blocked
	}
	status := c.status(s.botID)
	switch {
	case !isMember(status):
		return false
	case m.obs.Service != "" || !*s.opts.PrivacyMode || status == "administrator":
		return true
	case mentions(m.obs.Plain, m.entities, s.opts.BotUsername):
		return true
	}
	if r, ok := c.byID[m.obs.ReplyTo]; ok && r.obs.From == 0 {
		return true
	}
	_, bot, isCmd := leadingCommand(m.obs.Plain, m.entities)
	return isCmd && (bot == "" || strings.EqualFold(bot, s.opts.BotUsername))
}

// storeFile keeps a file so that getFile and the file URL can serve it.
func (s *Server) storeFile(name, mimeType string, content []byte, caption string) *File {
	s.nextFile++
	id := fmt.Sprintf("BQACAgUAAxkBAAI%08d", s.nextFile)
	f := &File{ID: id, Name: name, MimeType: mimeType, Size: len(content),
		Content: append([]byte(nil), content...), Caption: caption,
		path: fmt.Sprintf("documents/file_%d%s", s.nextFile, path.Ext(name))}
	s.files[id] = f
	s.filePaths[f.path] = f
	return f
}

// MigrateToSupergroup upgrades a group: the old chat gets a
// migrate_to_chat_id service message, the new supergroup a
// migrate_from_chat_id one, and the old id answers 400 with
// migrate_to_chat_id from then on.
func (s *Server) MigrateToSupergroup(chatID, newChatID int64) {
	s.mu.Lock()
	old := s.group(chatID)
	n := s.newChat(newChatID, "supergroup", old.title)
	for id, st := range old.members {
		n.members[id] = st
	}
	by := s.creatorOf(old)
	m1 := old.addMessage(&msgState{obs: Message{From: by, Service: "migrate_to_chat_id"}, migrateTo: newChatID}, s.now())
	s.deliver(old, m1)
	m2 := n.addMessage(&msgState{obs: Message{From: by, Service: "migrate_from_chat_id"}, migrateFrom: chatID}, s.now())
	s.deliver(n, m2)
	old.migratedTo = newChatID
	s.emit(Event{Kind: "migrate", ChatID: chatID, MessageID: m1.obs.ID, From: s.displayName(by),
		Text: fmt.Sprintf("群组已升级为超级群组 %d", newChatID)})
	s.mu.Unlock()
	s.flushEvents()
}
