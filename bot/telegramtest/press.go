package telegramtest

import (
	"fmt"
	"strconv"

	"github.com/go-telegram/bot/models"
)

// Press: a user presses an inline button carrying data on a message — any
// data, so tests can forge callback_data. It returns the callback query id.
func (s *Server) Press(chatID, fromUserID int64, messageID int, data string) string {
	s.mu.Lock()
	c, ok := s.chats[chatID]
	if !ok {
		s.misuse("Press: no chat %d", chatID)
	}
	m, ok := c.message(messageID)
	if !ok {
		s.misuse("Press: no message %d in chat %d", messageID, chatID)
	}
	s.nextQuery++
	id := strconv.FormatInt(4611686018427387904+int64(s.nextQuery)*7919, 10)
	s.callbacks[id] = &callbackState{chatID: chatID, messageID: messageID, from: fromUserID, data: data}
	q := &models.CallbackQuery{
		ID:   id,
		From: s.modelUser(s.user(fromUserID).user.ID, s.botUser),
		Message: models.MaybeInaccessibleMessage{
			Type: models.MaybeInaccessibleMessageTypeMessage, Message: s.modelMessage(c, m, true),
		},
		ChatInstance: strconv.FormatInt(chatID*-7+1234567, 10),
		Data:         data,
	}
	s.enqueue(&models.Update{CallbackQuery: q}, "callback_query")
	s.emit(Event{Kind: "press", ChatID: chatID, MessageID: messageID, From: s.displayName(fromUserID),
		Text: buttonLabel(m.markup, data), Data: data})
	s.mu.Unlock()
	s.flushEvents()
	return id
}

// PressButton presses the callback button labelled label on a message.
func (s *Server) PressButton(chatID, fromUserID int64, messageID int, label string) (string, error) {
	m, ok := s.Message(chatID, messageID)
	if !ok || m.Deleted {
		return "", fmt.Errorf("telegramtest: no message %d in chat %d", messageID, chatID)
	}
	var labels []string
	for _, row := range m.Buttons {
		for _, b := range row {
			if b.Text == label && b.Data != "" {
				return s.Press(chatID, fromUserID, messageID, b.Data), nil
			}
			labels = append(labels, strconv.Quote(b.Text))
		}
	}
	return "", fmt.Errorf("telegramtest: message %d in chat %d has no callback button %q; buttons: %v", messageID, chatID, label, labels)
}

// buttonLabel finds the label of the button carrying data, or data itself.
func buttonLabel(kb *models.InlineKeyboardMarkup, data string) string {
	if kb != nil {
		for _, row := range kb.InlineKeyboard {
			for _, b := range row {
				if b.CallbackData == data {
					return b.Text
				}
			}
		}
	}
	return data
}

// answerCallback runs answerCallbackQuery: each query is answered once.
func (s *Server) answerCallback(ps params) (any, *apiError) {
	q, ok := s.callbacks[ps["callback_query_id"].value]
	if !ok || q.answered {
		return nil, badRequest("query is too old and response timeout expired or query ID is invalid")
	}
	q.answered, q.text = true, ps["text"].value
	q.showAlert = ps["show_alert"].value == "true"
	s.emit(Event{Kind: "callback_answer", ChatID: q.chatID, MessageID: q.messageID, From: s.botUser.FirstName,
		Text: q.text, ShowAlert: q.showAlert})
	return true, nil
}
