package telegramtest

import "time"

// Event is something visible that happened, for transcripts: Kind is one of
// "user_text", "user_document", "press", "bot_text", "bot_edit",
// "bot_document", "callback_answer", "bot_delete", "bot_pin", "member",
// "migrate".
type Event struct {
	Kind      string
	ChatID    int64
	ChatTitle string // the group's title, or the user's name in a private chat
	MessageID int
	From      string // the user's display name, or the bot's name
	Text      string // as a member reads it (markup removed); for "press", the button label (or the data when no button has it)
	Data      string // callback data of "press"
	Buttons   [][]Button
	ReplyTo   int
	FileName  string // of "user_document" and "bot_document"
	ShowAlert bool   // of "callback_answer"
	Time      time.Time
}

// emit queues an event; flushEvents delivers it after s.mu is released.
func (s *Server) emit(e Event) {
	if s.opts.OnEvent == nil {
		return
	}
	e.Time = s.now()
	if c, ok := s.chats[e.ChatID]; ok {
		e.ChatTitle = s.chatTitle(c)
	}
	s.events = append(s.events, e)
}

// flushEvents calls OnEvent for the queued events, in order, without s.mu
// held so that the callback may call back into the server.
func (s *Server) flushEvents() {
	if s.opts.OnEvent == nil {
		return
	}
	s.emitMu.Lock()
	defer s.emitMu.Unlock()
	s.mu.Lock()
	events := s.events
	s.events = nil
	s.mu.Unlock()
	for _, e := range events {
		s.opts.OnEvent(e)
	}
}

// chatTitle is a group's title or a private chat's user name.
func (s *Server) chatTitle(c *chatState) string {
	if c.typ != "private" {
		return c.title
	}
	return s.displayName(c.id)
}

// displayName is a user's name as Telegram shows it, or the bot's name.
func (s *Server) displayName(userID int64) string {
	if userID == 0 || userID == s.botID {
		return s.botUser.FirstName
	}
	u, ok := s.users[userID]
	if !ok {
		return "User"
	}
	if u.user.LastName == "" {
		return u.user.FirstName
	}
	return u.user.FirstName + " " + u.user.LastName
}
