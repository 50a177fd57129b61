package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf16"

	"github.com/go-telegram/bot/models"

	"github.com/zhibu/zhibu"
)

// What the server's operators and the groups waiting for them are told
// outside the moment of asking: an operator's private /start brings the
// requests waiting for him (the notice may never have reached him), every
// command in a group without a branch says whether it waits or may not
// register at all, and a decided card keeps what it showed.

// maxStartCards bounds the requests one /start sends; /branches lists them all.
const maxStartCards = 10

// operatorStart is what an operator's private /start adds to the greeting,
// and the cards of the requests waiting for a decision, oldest first. It
// is empty for anyone else.
func (b *Bot) operatorStart(ctx context.Context, p zhibu.Person) (string, []zhibu.Message, error) {
	if b.cfg.Registrations == nil || !b.cfg.Registrations.Policy().IsOperator(p.TelegramID) {
		return "", nil, nil
	}
	rs, err := b.cfg.Registrations.Waiting(ctx, p)
	switch {
	case err != nil:
		return "", nil, err
	case len(rs) == 0:
		return msgStartOperatorIdle, nil, nil
	}
	note := msgf(msgStartOperatorWaiting, len(rs))
	if len(rs) > maxStartCards {
		note = msgf(msgStartOperatorMany, len(rs), maxStartCards)
		rs = rs[:maxStartCards]
	}
	cards := make([]zhibu.Message, len(rs))
	for i, req := range rs {
		cards[i] = b.regCard(ctx, p.TelegramID, req)
	}
	return note, cards, nil
}

// regCard is the notice of a request to one operator, with its buttons.
func (b *Bot) regCard(ctx context.Context, to int64, req zhibu.Registration) zhibu.Message {
	m := outOf(ctx).message(to, b.regNotice(ctx, req))
	m.Kind, m.Buttons = kindRegistration, registrationButtons(req.ID, false)
	return m
}

// regNotice tells an operator everything about a request, with the
// group's administrators as Telegram lists them now.
func (b *Bot) regNotice(ctx context.Context, req zhibu.Registration) string {
	return msgf(msgRegNotice, req.ID, esc(req.ChatTitle), req.ChatID, esc(req.Name),
		mention(req.Requester.DisplayName, req.Requester.Username), req.Requester.TelegramID, b.admins(ctx, req.ChatID))
}

// isOperator reports whether someone operates this server.
func (b *Bot) isOperator(p zhibu.Person) bool {
	return b.cfg.Registrations != nil && b.cfg.Registrations.Policy().IsOperator(p.TelegramID)
}

// unregistered turns "this group has no branch" into why: its request
// waits for an operator, or this server takes no new branch; otherwise
// err stays as it is (a chat administrator may /setup).
func (b *Bot) unregistered(r *request, err error) error {
	if !r.group || !errors.Is(err, zhibu.ErrNoBranch) || b.cfg.Registrations == nil {
		return err
	}
	if why := b.cfg.Registrations.Unregistered(r.ctx, r.chatID); why != nil {
		return why
	}
	return err
}

// decidedCard is an operator's message once request req was decided: what
// it showed, with the outcome added and that request's buttons taken
// away (the others of a /branches list stay). ok is false when the message
// offers no button of req any more: it was updated already.
func decidedCard(msg *models.Message, req zhibu.Registration) (text string, rows [][]zhibu.Button, ok bool) {
	if msg.ReplyMarkup == nil {
		return "", nil, false
	}
	prefix := fmt.Sprintf("r:%d:", req.ID)
	for _, row := range msg.ReplyMarkup.InlineKeyboard {
		var keep []zhibu.Button
		for _, x := range row {
			if strings.HasPrefix(x.CallbackData, prefix) {
				ok = true
				continue
			}
			keep = append(keep, zhibu.Button{Text: x.Text, Data: x.CallbackData, URL: x.URL})
		}
		if len(keep) > 0 {
			rows = append(rows, keep)
		}
	}
	if !ok {
		return "", nil, false
	}
	text = shownHTML(msg)
	if text == "" {
		text = regSummary(req)
	}
	return text + "\n\n" + msgf(msgRegDecided, req.ID, regOutcome(req)), rows, true
}

// entityTags are the HTML tags of the formatting the bot's messages use.
var entityTags = map[models.MessageEntityType]string{
	models.MessageEntityTypeBold:          "b",
	models.MessageEntityTypeItalic:        "i",
	models.MessageEntityTypeUnderline:     "u",
	models.MessageEntityTypeStrikethrough: "s",
	models.MessageEntityTypeCode:          "code",
}

// shownHTML rebuilds the HTML of a message the bot sent from the text and
// entities Telegram returns (offsets in UTF-16 units), so that an edit
// keeps it as it was. Entities the bot never emits stay plain text.
func shownHTML(msg *models.Message) string {
	units := utf16.Encode([]rune(msg.Text))
	opens, closes := map[int][]string{}, map[int][]string{}
	for _, e := range msg.Entities {
		tag, ok := entityTags[e.Type]
		if !ok || e.Offset < 0 || e.Length <= 0 || e.Offset+e.Length > len(units) {
			continue
		}
		end := e.Offset + e.Length
		opens[e.Offset] = append(opens[e.Offset], "<"+tag+">")
		closes[end] = append([]string{"</" + tag + ">"}, closes[end]...)
	}
	var out strings.Builder
	start := 0
	for i := 0; i <= len(units); i++ {
		if len(opens[i]) == 0 && len(closes[i]) == 0 {
			continue
		}
		out.WriteString(esc(string(utf16.Decode(units[start:i]))))
		out.WriteString(strings.Join(closes[i], "") + strings.Join(opens[i], ""))
		start = i
	}
	out.WriteString(esc(string(utf16.Decode(units[start:]))))
	return out.String()
}
