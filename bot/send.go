package bot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"strings"
	"unicode/utf16"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/zhibu/zhibu"
)

// esc escapes a user-supplied fragment for HTML parse mode.
func esc(s string) string { return html.EscapeString(s) }

// sendOption adjusts an outgoing message.
type sendOption func(*zhibu.Message)

// replyTo answers a message, still sending when it was deleted.
func replyTo(messageID int) sendOption {
	return func(m *zhibu.Message) { m.ReplyTo = messageID }
}

// withButtons attaches an inline keyboard.
func withButtons(rows [][]zhibu.Button) sendOption {
	return func(m *zhibu.Message) { m.Buttons = rows }
}

// forceReply asks the client to reply to the message (selectively: only the
// user replied to or mentioned).
func forceReply() sendOption {
	return func(m *zhibu.Message) { m.AskReply = true }
}

// orElse is sent instead when the chat forbids the bot (a member who never
// started a private chat).
func orElse(fb zhibu.Message) sendOption {
	return func(m *zhibu.Message) { m.Fallback = &fb }
}

// then is sent after the message went out, and not when it did not.
func then(next zhibu.Message) sendOption {
	return func(m *zhibu.Message) { m.Then = append(m.Then, next) }
}

// bound records something with the id the message gets once sent.
func bound(note string) sendOption {
	return func(m *zhibu.Message) { m.Bind = note }
}

// send queues an HTML message to a chat. Texts longer than Telegram's
// limit are split at line breaks; options apply to the last part, a
// fallback to the first. Inside an update the messages commit with its
// effects and go out after; elsewhere they are queued at once.
func (b *Bot) send(ctx context.Context, chatID int64, text string, opts ...sendOption) error {
	parts := splitText(text, maxMessageUnits)
	out, ms := outOf(ctx), make([]zhibu.Message, len(parts))
	var last zhibu.Message
	for _, o := range opts {
		o(&last)
	}
	for i, part := range parts {
		m := out.message(chatID, part)
		if i == len(parts)-1 {
			m.Buttons, m.ReplyTo, m.AskReply, m.Then, m.Bind = last.Buttons, last.ReplyTo, last.AskReply, last.Then, last.Bind
		}
		if i == 0 {
			m.Fallback = last.Fallback
		}
		ms[i] = m
	}
	return b.queue(ctx, ms...)
}

// deliverText sends m's text and buttons as a new message, or edits the
// message m replaces.
func (b *Bot) deliverText(ctx context.Context, m zhibu.Message) (int, error) {
	preview := &models.LinkPreviewOptions{IsDisabled: tgbot.True()}
	if m.EditOf != 0 {
		p := &tgbot.EditMessageTextParams{ChatID: m.ChatID, MessageID: m.EditOf, Text: m.Text,
			ParseMode: models.ParseModeHTML, LinkPreviewOptions: preview}
		if len(m.Buttons) > 0 {
			p.ReplyMarkup = &models.InlineKeyboardMarkup{InlineKeyboard: keyboard(m.Buttons)}
		}
		_, err := b.api.EditMessageText(ctx, p)
		if err != nil && strings.Contains(err.Error(), "message is not modified") {
			err = nil // already as wanted
		}
		return m.EditOf, err
	}
	p := &tgbot.SendMessageParams{ChatID: m.ChatID, Text: m.Text, ParseMode: models.ParseModeHTML,
		LinkPreviewOptions: preview}
	if m.ReplyTo != 0 {
		p.ReplyParameters = &models.ReplyParameters{MessageID: m.ReplyTo, AllowSendingWithoutReply: true}
	}
	switch {
	case len(m.Buttons) > 0: // an empty keyboard is not valid: send none
		p.ReplyMarkup = &models.InlineKeyboardMarkup{InlineKeyboard: keyboard(m.Buttons)}
	case m.AskReply:
		p.ReplyMarkup = &models.ForceReply{ForceReply: true, Selective: true}
	}
	sent, err := b.api.SendMessage(ctx, p)
	if err != nil {
		return 0, err
	}
	return sent.ID, nil
}

// deliverDocument uploads m's file with its text as the caption.
func (b *Bot) deliverDocument(ctx context.Context, m zhibu.Message) (int, error) {
	p := &tgbot.SendDocumentParams{ChatID: m.ChatID, Caption: m.Text, ParseMode: models.ParseModeHTML,
		Document: &models.InputFileUpload{Filename: m.Document.Name, Data: bytes.NewReader(m.Document.Data)}}
	if m.ReplyTo != 0 {
		p.ReplyParameters = &models.ReplyParameters{MessageID: m.ReplyTo, AllowSendingWithoutReply: true}
	}
	sent, err := b.api.SendDocument(ctx, p)
	if err != nil {
		return 0, err
	}
	return sent.ID, nil
}

// isForbidden reports a 403: the bot was blocked, kicked, or never started.
func isForbidden(err error) bool { return errors.Is(err, tgbot.ErrorForbidden) }

// edit replaces a message's text and buttons (nil rows remove them),
// through the outbox like every message.
func (b *Bot) edit(ctx context.Context, chatID int64, messageID int, text string, rows [][]zhibu.Button) {
	m := outOf(ctx).message(chatID, text)
	m.EditOf, m.Buttons = messageID, rows
	if err := b.queue(ctx, m); err != nil {
		b.log.Warn("edit message", "chat_id", chatID, "message_id", messageID, "err", err)
	}
}

// answer answers a button press; alert shows a dialog instead of a toast.
// Inside an update it is sent once the update's effects are committed, so
// that it never confirms what was rolled back.
func (b *Bot) answer(ctx context.Context, queryID, text string, alert bool) {
	p := &tgbot.AnswerCallbackQueryParams{CallbackQueryID: queryID, Text: text, ShowAlert: alert}
	if out := outOf(ctx); out.update {
		out.answers = append(out.answers, p)
		return
	}
	b.answerNow(ctx, p)
}

func (b *Bot) answerNow(ctx context.Context, p *tgbot.AnswerCallbackQueryParams) {
	if _, err := b.api.AnswerCallbackQuery(ctx, p); err != nil {
		b.log.Warn("answer callback", "err", redact(err, b.cfg.Token))
	}
}

// maxMessageUnits is Telegram's limit on a message's text, in UTF-16 units.
// Tags do not count, so measuring the HTML keeps a margin.
const maxMessageUnits = 4096

func utf16Len(s string) int { return len(utf16.Encode([]rune(s))) }

// splitText cuts text into parts of at most limit UTF-16 units, at line
// breaks. Lines are never cut inside, so tags opened on a line must close on
// it, which the catalogue's templates respect.
func splitText(text string, limit int) []string {
	if utf16Len(text) <= limit {
		return []string{text}
	}
	var parts []string
	var cur strings.Builder
	n := 0
	for _, line := range strings.Split(text, "\n") {
		l := utf16Len(line) + 1
		if n > 0 && n+l > limit {
			parts = append(parts, strings.TrimSuffix(cur.String(), "\n"))
			cur.Reset()
			n = 0
		}
		if l > limit {
			line = truncateHTML(line, limit-1)
			l = utf16Len(line) + 1
		}
		cur.WriteString(line + "\n")
		n += l
	}
	if cur.Len() > 0 {
		parts = append(parts, strings.TrimSuffix(cur.String(), "\n"))
	}
	return parts
}

// truncateHTML cuts one line of HTML to at most limit UTF-16 units without
// breaking it: never inside a tag or an entity (…&am), and with the tags
// still open at the cut closed after it, so that what is sent parses.
func truncateHTML(s string, limit int) string {
	const closers = 32 // room for the closing tags added
	cut := len(truncateUnits(s, max(limit-closers, 0)))
	if i := strings.LastIndexByte(s[:cut], '&'); i >= 0 && !strings.Contains(s[i:cut], ";") {
		cut = i // inside an entity
	}
	if i := strings.LastIndexByte(s[:cut], '<'); i >= 0 && !strings.Contains(s[i:cut], ">") {
		cut = i // inside a tag
	}
	kept := s[:cut]
	var open []string
	for rest := kept; ; {
		i := strings.IndexByte(rest, '<')
		if i < 0 {
			break
		}
		j := strings.IndexByte(rest[i:], '>')
		if j < 0 {
			break
		}
		tag := rest[i+1 : i+j]
		rest = rest[i+j+1:]
		switch {
		case strings.HasPrefix(tag, "/"):
			if len(open) > 0 {
				open = open[:len(open)-1]
			}
		default:
			name, _, _ := strings.Cut(tag, " ")
			open = append(open, name)
		}
	}
	for i := len(open) - 1; i >= 0; i-- {
		kept += "</" + open[i] + ">"
	}
	return kept + "…"
}

func truncateUnits(s string, limit int) string {
	n := 0
	for i, r := range s {
		n += len(utf16.Encode([]rune{r}))
		if n > limit {
			return s[:i]
		}
	}
	return s
}

// mention names a person: @username when there is one, else the name.
func mention(name, username string) string {
	if username != "" {
		return fmt.Sprintf("%s（@%s）", esc(name), esc(username))
	}
	return esc(name)
}

// sendDocument queues a file to a chat, caption in HTML; options as send.
func (b *Bot) sendDocument(ctx context.Context, chatID int64, name string, data []byte, caption string, opts ...sendOption) error {
	m := outOf(ctx).message(chatID, caption)
	for _, o := range opts {
		o(&m)
	}
	m.Document = &zhibu.Document{Name: name, Data: data}
	return b.queue(ctx, m)
}
