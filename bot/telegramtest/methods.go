package telegramtest

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/go-telegram/bot/models"
)

// dispatch runs a validated request with s.mu held. Methods the emulator
// does not model answer true, as most of the Bot API's actions do.
func (s *Server) dispatch(method string, ps params) (any, *apiError) {
	switch method {
	case "getMe":
		return s.botUser, nil
	case "sendMessage":
		return s.sendMessage(ps)
	case "editMessageText", "editMessageCaption":
		return s.editText(method, ps)
	case "editMessageReplyMarkup":
		return s.editMarkup(ps)
	case "deleteMessage":
		return s.deleteMessage(ps)
	case "pinChatMessage", "unpinChatMessage":
		return s.pin(method, ps)
	case "sendDocument", "sendPhoto":
		return s.sendFile(method, ps)
	case "answerCallbackQuery":
		return s.answerCallback(ps)
	case "getFile":
		return s.getFile(ps)
	case "getChat", "getChatAdministrators", "getChatMember", "getChatMemberCount", "leaveChat", "sendChatAction":
		return s.chatMethod(method, ps)
	case "setMyCommands", "getMyCommands", "deleteMyCommands":
		return s.commandsMethod(method, ps)
	case "setWebhook":
		return s.setWebhook(ps)
	case "deleteWebhook":
		return s.deleteWebhook(ps)
	case "getWebhookInfo":
		return s.getWebhookInfo()
	case "close", "logOut":
		return true, nil
	}
	return true, nil
}

// target finds the chat a method acts on and checks the bot may act there.
func (s *Server) target(ps params) (*chatState, *apiError) {
	id, err := strconv.ParseInt(ps["chat_id"].value, 10, 64)
	if err != nil {
		return nil, badRequest("chat not found")
	}
	c, ok := s.chats[id]
	switch {
	case !ok && s.users[id] != nil:
		return nil, forbidden("bot can't initiate conversation with a user")
	case !ok:
		return nil, badRequest("chat not found")
	case c.migratedTo != 0:
		e := badRequest("group chat was upgraded to a supergroup chat")
		e.migrateTo = c.migratedTo
		return nil, e
	case c.typ == "private" && !s.users[id].started:
		return nil, forbidden("bot can't initiate conversation with a user")
	case c.typ == "private" && s.users[id].blocked:
		return nil, forbidden("bot was blocked by the user")
	case c.typ == "private":
		return c, nil
	}
	switch c.status(s.botID) {
	case "kicked":
		return nil, forbidden("bot was kicked from the " + c.typ + " chat")
	case "left":
		return nil, forbidden("bot is not a member of the " + c.typ + " chat")
	}
	return c, nil
}

// limited applies the flood limits to a message the bot is about to send.
func (s *Server) limited(method string, c *chatState) *apiError {
	if !s.opts.EnforceLimits || !countsForLimits(method, c) {
		return nil
	}
	return s.limits.check(c, s.now())
}

// sent counts a message against the flood limits.
func (s *Server) sent(method string, c *chatState) {
	if s.opts.EnforceLimits && countsForLimits(method, c) {
		s.limits.record(c, s.now())
	}
}

// sendMessage sends a text message.
func (s *Server) sendMessage(ps params) (any, *apiError) {
	c, e := s.target(ps)
	if e != nil {
		return nil, e
	}
	replyTo, e := s.replyTo(c, ps)
	if e != nil {
		return nil, e
	}
	if e := s.limited("sendMessage", c); e != nil {
		return nil, e
	}
	m := &msgState{obs: Message{ReplyTo: replyTo}, markup: inlineKeyboard(ps)}
	m.setText(ps["text"].value, ps)
	c.addMessage(m, s.now())
	s.sent("sendMessage", c)
	s.emit(Event{Kind: "bot_text", ChatID: c.id, MessageID: m.obs.ID, From: s.botUser.FirstName,
		Text: m.obs.Plain, Buttons: buttons(m.markup), ReplyTo: replyTo})
	return s.modelMessage(c, m, true), nil
}

// setText sets a bot message's text or caption from its parse_mode and entities.
func (m *msgState) setText(text string, ps params) {
	mode := ps["parse_mode"].value
	f, _ := parseText(text, mode) // checkSemantics parsed it already
	m.obs.Text, m.obs.Plain, m.obs.ParseMode = text, f.plain, mode
	m.entities = toEntities(f.entities)
	for _, name := range []string{"entities", "caption_entities"} {
		if p, ok := ps[name]; ok {
			m.entities = nil
			_ = json.Unmarshal([]byte(p.value), &m.entities)
		}
	}
}

// replyTo checks reply_parameters against the chat's messages.
func (s *Server) replyTo(c *chatState, ps params) (int, *apiError) {
	p, ok := ps["reply_parameters"]
	if !ok {
		return 0, nil
	}
	var rp models.ReplyParameters
	_ = json.Unmarshal([]byte(p.value), &rp)
	if _, ok := c.message(rp.MessageID); !ok {
		if rp.AllowSendingWithoutReply {
			return 0, nil
		}
		return 0, badRequest("message to be replied not found")
	}
	return rp.MessageID, nil
}

// inlineKeyboard decodes reply_markup when it is an inline keyboard.
func inlineKeyboard(ps params) *models.InlineKeyboardMarkup {
	p, ok := ps["reply_markup"]
	if !ok || !strings.Contains(p.value, `"inline_keyboard"`) {
		return nil
	}
	var kb models.InlineKeyboardMarkup
	if err := json.Unmarshal([]byte(p.value), &kb); err != nil || len(kb.InlineKeyboard) == 0 {
		return nil
	}
	return &kb
}

// messageParam finds the message of chat_id + message_id for an edit,
// delete or pin; notFound is Telegram's wording for the method.
func (s *Server) messageParam(ps params, notFound string) (*chatState, *msgState, *apiError) {
	if _, ok := ps["inline_message_id"]; ok {
		return nil, nil, badRequest("MESSAGE_ID_INVALID")
	}
	if _, ok := ps["chat_id"]; !ok {
		return nil, nil, violation("chat_id is empty", "chat_id is required unless inline_message_id is given")
	}
	id, err := strconv.Atoi(ps["message_id"].value)
	if err != nil {
		return nil, nil, violation("message identifier is not specified", "message_id is required unless inline_message_id is given")
	}
	c, e := s.target(ps)
	if e != nil {
		return nil, nil, e
	}
	m, ok := c.message(id)
	if !ok {
		return nil, nil, badRequest(notFound)
	}
	return c, m, nil
}
