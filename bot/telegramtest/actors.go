package telegramtest

import (
	"fmt"
	"slices"

	"github.com/go-telegram/bot/models"
)

// User is a Telegram user the tests act as.
type User struct {
	ID           int64
	FirstName    string
	LastName     string
	Username     string
	LanguageCode string
}

// AddUser registers a user (or updates their profile).
func (s *Server) AddUser(u User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.users[u.ID]; ok {
		old.user = u
		return
	}
	s.users[u.ID] = &userState{user: u}
}

// BlockBot makes a user block (or unblock) the bot: sending to them then
// answers 403 "bot was blocked by the user". Like Telegram, when the user
// has a private chat with the bot, the bot receives my_chat_member in that
// chat: its status member → kicked on blocking, kicked → member on
// unblocking (which sends no /start by itself).
func (s *Server) BlockBot(userID int64, blocked bool) {
	s.mu.Lock()
	u := s.user(userID)
	if u.blocked == blocked {
		s.mu.Unlock()
		return
	}
	u.blocked = blocked
	if c, ok := s.chats[userID]; ok {
		old, status, text := "member", "kicked", "屏蔽了机器人"
		if !blocked {
			old, status, text = "kicked", "member", "解除了对机器人的屏蔽"
		}
		s.memberUpdate(c, s.botID, userID, old, status)
		s.emit(Event{Kind: "member", ChatID: userID, From: s.displayName(userID), Text: s.displayName(userID) + " " + text})
	}
	s.mu.Unlock()
	s.flushEvents()
}

// AddGroup creates a basic group; ids of groups are negative, e.g. -1001.
func (s *Server) AddGroup(chatID int64, title string) { s.addGroup(chatID, "group", title) }

// AddSupergroup creates a supergroup; ids look like -100xxxxxxxxxx.
func (s *Server) AddSupergroup(chatID int64, title string) {
	s.addGroup(chatID, "supergroup", title)
}

func (s *Server) addGroup(chatID int64, typ, title string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if chatID >= 0 {
		panic(fmt.Sprintf("telegramtest: group id %d must be negative", chatID))
	}
	if c, ok := s.chats[chatID]; ok {
		c.title = title
		return
	}
	s.newChat(chatID, typ, title)
}

// SetAdmin grants or revokes a user's (or the bot's) administrator rights in
// a group. The bot gets a my_chat_member update for its own rights.
func (s *Server) SetAdmin(chatID, userID int64, admin bool) {
	s.setStatus(chatID, userID, map[bool]string{true: "administrator", false: "member"}[admin])
}

// SetCreator makes a user the group's owner (status "creator").
func (s *Server) SetCreator(chatID, userID int64) { s.setStatus(chatID, userID, "creator") }

func (s *Server) setStatus(chatID, userID int64, status string) {
	s.mu.Lock()
	c := s.group(chatID)
	old := c.status(userID)
	c.members[userID] = status
	s.memberUpdate(c, userID, s.creatorOf(c), old, status)
	s.mu.Unlock()
	s.flushEvents()
}

// group finds a group or supergroup; s.mu must be held, without a deferred
// unlock, as a test's mistake panics through misuse.
func (s *Server) group(chatID int64) *chatState {
	c, ok := s.chats[chatID]
	if !ok || !c.isGroup() {
		s.misuse("no group %d (call AddGroup first)", chatID)
	}
	return c
}

// misuse reports a test's mistake: it releases s.mu, so that Close in the
// test's cleanup still works, and panics.
func (s *Server) misuse(format string, args ...any) {
	s.mu.Unlock()
	panic("telegramtest: " + fmt.Sprintf(format, args...))
}

// user finds a registered user, registering an unknown id as "User <id>".
func (s *Server) user(id int64) *userState {
	u, ok := s.users[id]
	if !ok {
		u = &userState{user: User{ID: id, FirstName: fmt.Sprintf("User %d", id)}}
		s.users[id] = u
	}
	return u
}

// creatorOf is the user id shown as the actor of group-wide changes: the
// owner, else the lowest administrator or member id.
func (s *Server) creatorOf(c *chatState) int64 {
	var ids []int64
	for id, st := range c.members {
		if st == "creator" {
			return id
		}
		if isMember(st) && id != s.botID {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return s.botID
	}
	return slices.Min(ids)
}

// JoinGroup makes a user a member; like Telegram it posts a
// new_chat_members service message, which the bot sees if it is in the group.
func (s *Server) JoinGroup(chatID, userID int64) {
	s.membership(chatID, userID, userID, "member")
}

// LeaveGroup makes a user leave; a left_chat_member service message follows.
func (s *Server) LeaveGroup(chatID, userID int64) {
	s.membership(chatID, userID, userID, "left")
}

// AddBot: a member adds the bot to a group. The bot receives my_chat_member
// (left → member) and then the new_chat_members message, in Telegram's order.
func (s *Server) AddBot(chatID, byUserID int64) { s.membership(chatID, s.botID, byUserID, "member") }

// RemoveBot: a member removes the bot. It receives my_chat_member
// (member → kicked); the left_chat_member message is not delivered to it.
func (s *Server) RemoveBot(chatID, byUserID int64) {
	s.membership(chatID, s.botID, byUserID, "kicked")
}

// membership changes a member's status with its service message and updates.
func (s *Server) membership(chatID, userID, by int64, status string) {
	s.mu.Lock()
	c := s.group(chatID)
	s.user(by)
	if userID != s.botID {
		s.user(userID)
	}
	old := c.status(userID)
	if isMember(old) == isMember(status) {
		s.misuse("user %d is already %s in chat %d", userID, old, chatID)
	}
	c.members[userID] = status
	s.memberUpdate(c, userID, by, old, status)
	m := &msgState{obs: Message{From: by}}
	if isMember(status) {
		m.obs.Service, m.newMembers = "new_chat_members", []int64{userID}
	} else {
		m.obs.Service, m.leftMember = "left_chat_member", userID
	}
	c.addMessage(m, s.now())
	s.deliver(c, m)
	s.emit(Event{Kind: "member", ChatID: chatID, MessageID: m.obs.ID, From: s.displayName(by),
		Text: memberText(s.displayName(by), s.displayName(userID), by == userID, isMember(status))})
	s.mu.Unlock()
	s.flushEvents()
}

// memberText describes a membership change as Telegram's Chinese client does.
func memberText(by, who string, self, joined bool) string {
	switch {
	case self && joined:
		return who + " 加入了群组"
	case self:
		return who + " 离开了群组"
	case joined:
		return by + " 邀请 " + who + " 加入了群组"
	}
	return by + " 将 " + who + " 移出了群组"
}

// memberUpdate queues my_chat_member for the bot's own status, or
// chat_member for a user's when the bot is an administrator.
func (s *Server) memberUpdate(c *chatState, userID, by int64, old, status string) {
	if old == status {
		return
	}
	upd := &models.ChatMemberUpdated{
		Chat: s.modelChat(c), From: s.modelUser(by, s.botUser), Date: int(s.now().Unix()),
		OldChatMember: chatMember(old, s.modelUser(userID, s.botUser)),
		NewChatMember: chatMember(status, s.modelUser(userID, s.botUser)),
	}
	switch {
	case userID == s.botID:
		s.enqueue(&models.Update{MyChatMember: upd}, "my_chat_member")
	case c.status(s.botID) == "administrator":
		s.enqueue(&models.Update{ChatMember: upd}, "chat_member")
	}
}

// chatMember is the ChatMember object of a status.
func chatMember(status string, u models.User) models.ChatMember {
	switch status {
	case "creator":
		return models.ChatMember{Type: models.ChatMemberTypeOwner, Owner: &models.ChatMemberOwner{User: &u}}
	case "administrator":
		return models.ChatMember{Type: models.ChatMemberTypeAdministrator, Administrator: &models.ChatMemberAdministrator{
			User: u, CanManageChat: true, CanDeleteMessages: true, CanRestrictMembers: true,
			CanInviteUsers: true, CanPinMessages: true, CanChangeInfo: true, CanManageVideoChats: true,
		}}
	case "member":
		return models.ChatMember{Type: models.ChatMemberTypeMember, Member: &models.ChatMemberMember{User: &u}}
	case "kicked":
		return models.ChatMember{Type: models.ChatMemberTypeBanned, Banned: &models.ChatMemberBanned{User: &u}}
	}
	return models.ChatMember{Type: models.ChatMemberTypeLeft, Left: &models.ChatMemberLeft{User: &u}}
}
