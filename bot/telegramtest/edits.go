package telegramtest

import (
	"encoding/json"
	"reflect"

	"github.com/go-telegram/bot/models"
)

// notModified is Telegram's answer to an edit that changes nothing.
const notModified = "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message"

// editText runs editMessageText or editMessageCaption. Like Telegram, an
// edit without reply_markup removes the inline keyboard.
func (s *Server) editText(method string, ps params) (any, *apiError) {
	c, m, e := s.messageParam(ps, "message to edit not found")
	if e != nil {
		return nil, e
	}
	if m.obs.From != 0 || m.obs.Service != "" {
		return nil, badRequest("message can't be edited")
	}
	isCaption := method == "editMessageCaption"
	if isCaption != (m.obs.Document != nil) {
		if isCaption {
			return nil, badRequest("there is no caption in the message to edit")
		}
		return nil, badRequest("there is no text in the message to edit")
	}
	next := &msgState{markup: inlineKeyboard(ps)}
	text := ps["text"].value
	if isCaption {
		text = ps["caption"].value
	}
	next.setText(text, ps)
	if next.obs.Plain == m.obs.Plain && reflect.DeepEqual(next.entities, m.entities) && sameMarkup(next.markup, m.markup) {
		return nil, badRequest(notModified)
	}
	if e := s.limited(method, c); e != nil {
		return nil, e
	}
	m.obs.Text, m.obs.Plain, m.obs.ParseMode = next.obs.Text, next.obs.Plain, next.obs.ParseMode
	m.entities, m.markup = next.entities, next.markup
	if m.obs.Document != nil {
		m.obs.Document.Caption = text
	}
	return s.edited(method, c, m), nil
}

// editMarkup runs editMessageReplyMarkup.
func (s *Server) editMarkup(ps params) (any, *apiError) {
	c, m, e := s.messageParam(ps, "message to edit not found")
	if e != nil {
		return nil, e
	}
	if m.obs.From != 0 || m.obs.Service != "" {
		return nil, badRequest("message can't be edited")
	}
	kb := inlineKeyboard(ps)
	if sameMarkup(kb, m.markup) {
		return nil, badRequest(notModified)
	}
	if e := s.limited("editMessageReplyMarkup", c); e != nil {
		return nil, e
	}
	m.markup = kb
	return s.edited("editMessageReplyMarkup", c, m), nil
}

// edited records an edit and answers the edited message.
func (s *Server) edited(method string, c *chatState, m *msgState) *models.Message {
	m.obs.Edits++
	m.obs.EditDate = s.now()
	s.sent(method, c)
	s.emit(Event{Kind: "bot_edit", ChatID: c.id, MessageID: m.obs.ID, From: s.botUser.FirstName,
		Text: m.obs.Plain, Buttons: buttons(m.markup), ReplyTo: m.obs.ReplyTo})
	return s.modelMessage(c, m, true)
}

// sameMarkup compares inline keyboards as Telegram does, by content.
func sameMarkup(a, b *models.InlineKeyboardMarkup) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}

// deleteMessage deletes a message; in groups others' messages need admin rights.
func (s *Server) deleteMessage(ps params) (any, *apiError) {
	c, m, e := s.messageParam(ps, "message to delete not found")
	if e != nil {
		return nil, e
	}
	if c.isGroup() && m.obs.From != 0 && c.status(s.botID) != "administrator" {
		return nil, badRequest("message can't be deleted")
	}
	m.obs.Deleted = true
	s.emit(Event{Kind: "bot_delete", ChatID: c.id, MessageID: m.obs.ID, From: s.botUser.FirstName, Text: m.obs.Plain})
	return true, nil
}

// pin runs pinChatMessage and unpinChatMessage. Pinning in a group needs
// admin rights and posts a pinned_message service message.
func (s *Server) pin(method string, ps params) (any, *apiError) {
	c, e := s.target(ps)
	if e != nil {
		return nil, e
	}
	if c.isGroup() && c.status(s.botID) != "administrator" {
		return nil, badRequest("not enough rights to manage pinned messages in the chat")
	}
	if method == "unpinChatMessage" {
		return s.unpin(c, ps)
	}
	_, m, e := s.messageParam(ps, "message to pin not found")
	if e != nil {
		return nil, e
	}
	m.obs.Pinned = true
	if c.isGroup() {
		c.addMessage(&msgState{obs: Message{Service: "pinned_message"}, pinnedID: m.obs.ID}, s.now())
	}
	s.emit(Event{Kind: "bot_pin", ChatID: c.id, MessageID: m.obs.ID, From: s.botUser.FirstName, Text: m.obs.Plain})
	return true, nil
}

// unpin unpins a message, or the latest pinned one without message_id.
func (s *Server) unpin(c *chatState, ps params) (any, *apiError) {
	if _, ok := ps["message_id"]; ok {
		_, m, e := s.messageParam(ps, "message to unpin not found")
		if e != nil {
			return nil, e
		}
		m.obs.Pinned = false
		return true, nil
	}
	for i := len(c.msgs) - 1; i >= 0; i-- {
		if c.msgs[i].obs.Pinned {
			c.msgs[i].obs.Pinned = false
			break
		}
	}
	return true, nil
}
