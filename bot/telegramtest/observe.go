package telegramtest

import (
	"time"

	"github.com/go-telegram/bot/models"
)

// Button is an inline keyboard button as a member sees it.
type Button struct {
	Text string
	Data string // callback_data
	URL  string
}

// Message is a message of a chat as it stands now.
type Message struct {
	ChatID    int64
	ID        int
	From      int64  // sender's user id; 0 = the bot
	Text      string // as sent, markup included (see ParseMode); a document's caption
	Plain     string // as a member reads it: markup removed, entities decoded
	ParseMode string // "HTML", "MarkdownV2", "Markdown" or ""
	Entities  []models.MessageEntity
	Buttons   [][]Button
	ReplyTo   int    // id of the message replied to, 0 if none
	Document  *File  // a document sent with the message
	Service   string // "new_chat_members", "left_chat_member", "migrate_to_chat_id", "migrate_from_chat_id", "pinned_message"; "" for ordinary messages
	Edits     int
	Deleted   bool
	Pinned    bool
	Date      time.Time
	EditDate  time.Time
}

// File is a document a user or the bot sent.
type File struct {
	ID       string // file_id
	Name     string
	MimeType string
	Size     int
	Content  []byte
	Caption  string
	path     string // file_path for downloads
}

// Messages returns the messages of a chat in order, user and bot, deleted
// ones included with Deleted set.
func (s *Server) Messages(chatID int64) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.chats[chatID]
	if !ok {
		return nil
	}
	out := make([]Message, 0, len(c.msgs))
	for _, m := range c.msgs {
		out = append(out, m.snapshot())
	}
	return out
}

// BotMessages returns the messages the bot sent to a chat, deleted ones excluded.
func (s *Server) BotMessages(chatID int64) []Message {
	var out []Message
	for _, m := range s.Messages(chatID) {
		if m.From == 0 && !m.Deleted && m.Service == "" {
			out = append(out, m)
		}
	}
	return out
}

// LastBotMessage returns the bot's latest message in a chat that is not deleted.
func (s *Server) LastBotMessage(chatID int64) (Message, bool) {
	msgs := s.BotMessages(chatID)
	if len(msgs) == 0 {
		return Message{}, false
	}
	return msgs[len(msgs)-1], true
}

// Message returns one message of a chat.
func (s *Server) Message(chatID int64, id int) (Message, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.chats[chatID]
	if !ok {
		return Message{}, false
	}
	m, ok := c.byID[id]
	if !ok {
		return Message{}, false
	}
	return m.snapshot(), true
}

// CallbackAnswer reports how the bot answered a callback query.
func (s *Server) CallbackAnswer(queryID string) (text string, showAlert bool, answered bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q, ok := s.callbacks[queryID]
	if !ok {
		return "", false, false
	}
	return q.text, q.showAlert, q.answered
}

// Commands returns the commands set with setMyCommands for a scope type
// ("default", "all_private_chats", "chat", …) and chat (0 when the scope has
// none), with no language_code.
func (s *Server) Commands(scopeType string, chatID int64) []models.BotCommand {
	return s.CommandsFor(scopeType, chatID, 0, "")
}

// CommandsFor is Commands for a chat_member scope's user and a language code.
func (s *Server) CommandsFor(scopeType string, chatID, userID int64, lang string) []models.BotCommand {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]models.BotCommand(nil), s.commands[commandKey{scopeType, chatID, userID, lang}]...)
}

// File returns a file by file_id.
func (s *Server) File(fileID string) (File, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.files[fileID]
	if !ok {
		return File{}, false
	}
	return *f, true
}

// snapshot copies a message for the caller.
func (m *msgState) snapshot() Message {
	out := m.obs
	out.Entities = append([]models.MessageEntity(nil), m.entities...)
	out.Buttons = buttons(m.markup)
	if m.obs.Document != nil {
		f := *m.obs.Document
		out.Document = &f
	}
	return out
}

// buttons converts an inline keyboard.
func buttons(kb *models.InlineKeyboardMarkup) [][]Button {
	if kb == nil {
		return nil
	}
	out := make([][]Button, 0, len(kb.InlineKeyboard))
	for _, row := range kb.InlineKeyboard {
		r := make([]Button, 0, len(row))
		for _, b := range row {
			r = append(r, Button{Text: b.Text, Data: b.CallbackData, URL: b.URL})
		}
		out = append(out, r)
	}
	return out
}
