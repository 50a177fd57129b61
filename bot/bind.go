package bot

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/zhibu/zhibu"
)

// What a message is bound to: something recorded with the id the message
// gets once sent, because replies to it or edits of it are looked up by that
// id. The note travels with the message through the outbox.
const (
	bindPrompt   = "prompt:"   // + JSON of promptNote: a question awaiting a reply
	bindAnnounce = "announce:" // + meeting number: the announcement whose counts are edited
	bindCall     = "call:"     // + JSON of the pledge call members reply to
	bindLeave    = "leave"     // the bot leaves the group once the message is sent
)

// promptNote is a question before its message id is known.
type promptNote struct {
	UserID int64  `json:"user_id"`
	Kind   string `json:"kind"`
	Data   string `json:"data"`
}

// askingFor binds a message to a question awaiting userID's reply.
func askingFor(userID int64, kind, data string) sendOption {
	note, _ := json.Marshal(promptNote{UserID: userID, Kind: kind, Data: data})
	return bound(bindPrompt + string(note))
}

// bind records what a sent message is bound to, in its own unit of work. A
// failure is logged: the message went out, and what it asked can be asked
// again.
func (b *Bot) bind(ctx context.Context, m zhibu.Message, messageID int) {
	err := b.cfg.Units.Atomically(ctx, func(ctx context.Context) error {
		switch {
		case strings.HasPrefix(m.Bind, bindPrompt):
			var p promptNote
			if err := json.Unmarshal([]byte(strings.TrimPrefix(m.Bind, bindPrompt)), &p); err != nil {
				return err
			}
			return b.remember(ctx, m.ChatID, messageID, p.UserID, p.Kind, p.Data)
		case strings.HasPrefix(m.Bind, bindAnnounce):
			n, err := strconv.Atoi(strings.TrimPrefix(m.Bind, bindAnnounce))
			if err != nil {
				return err
			}
			_, mt, err := b.cfg.Meetings.Lookup(ctx, m.ChatID, n)
			if err != nil {
				return err
			}
			return b.cfg.Meetings.SetAnnouncement(ctx, mt, messageID)
		case strings.HasPrefix(m.Bind, bindCall):
			var c zhibu.PledgeCall
			if err := json.Unmarshal([]byte(strings.TrimPrefix(m.Bind, bindCall)), &c); err != nil {
				return err
			}
			return b.cfg.Pledges.SetCallMessage(ctx, c, messageID)
		}
		return nil
	})
	if err != nil {
		b.log.Error("record sent message", "chat_id", m.ChatID, "message_id", messageID, "kind", m.Kind, "err", err)
	}
}
