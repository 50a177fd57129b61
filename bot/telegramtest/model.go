package telegramtest

import (
	"github.com/go-telegram/bot/models"
)

// modelMessage is the Message object the Bot API shows for a stored message;
// the replied-to message is included one level deep, as Telegram does.
func (s *Server) modelMessage(c *chatState, m *msgState, withReply bool) *models.Message {
	o := m.obs
	from := s.modelUser(o.From, s.botUser)
	out := &models.Message{
		ID:                o.ID,
		From:              &from,
		Date:              int(o.Date.Unix()),
		Chat:              s.modelChat(c),
		MigrateToChatID:   m.migrateTo,
		MigrateFromChatID: m.migrateFrom,
		ReplyMarkup:       m.markup,
		SenderChat:        m.senderChat,
	}
	if !o.EditDate.IsZero() {
		out.EditDate = int(o.EditDate.Unix())
	}
	if o.Document != nil && m.photo {
		out.Photo = []models.PhotoSize{{FileID: o.Document.ID, FileUniqueID: "u" + o.Document.ID,
			Width: 1280, Height: 960, FileSize: o.Document.Size}}
		out.Caption, out.CaptionEntities = o.Plain, m.entities
	} else if o.Document != nil {
		out.Document = &models.Document{
			FileID: o.Document.ID, FileUniqueID: "u" + o.Document.ID,
			FileName: o.Document.Name, MimeType: o.Document.MimeType, FileSize: int64(o.Document.Size),
		}
		out.Caption, out.CaptionEntities = o.Plain, m.entities
	} else {
		out.Text, out.Entities = o.Plain, m.entities
	}
	for _, id := range m.newMembers {
		out.NewChatMembers = append(out.NewChatMembers, s.modelUser(id, s.botUser))
	}
	if m.leftMember != 0 {
		u := s.modelUser(m.leftMember, s.botUser)
		out.LeftChatMember = &u
	}
	if r, ok := c.byID[o.ReplyTo]; ok && withReply {
		out.ReplyToMessage = s.modelMessage(c, r, false)
	}
	if p, ok := c.byID[m.pinnedID]; ok {
		out.PinnedMessage = &models.MaybeInaccessibleMessage{
			Type: models.MaybeInaccessibleMessageTypeMessage, Message: s.modelMessage(c, p, false),
		}
	}
	return out
}

// toEntities converts parsed entities to the Bot API's.
func toEntities(es []entity) []models.MessageEntity {
	var out []models.MessageEntity
	for _, e := range es {
		out = append(out, models.MessageEntity{
			Type: models.MessageEntityType(e.Type), Offset: e.Offset, Length: e.Length, URL: e.URL,
		})
	}
	return out
}
