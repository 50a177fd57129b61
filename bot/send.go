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
type sendOption func(*sendParams)

// sendParams are the parameters of sendMessage.
type sendParams = tgbot.SendMessageParams

// replyTo answers a message, still sending when it was deleted.
func replyTo(messageID int) sendOption {
	return func(p *sendParams) {
		if messageID != 0 {
			p.ReplyParameters = &models.ReplyParameters{MessageID: messageID, AllowSendingWithoutReply: true}
		}
	}
}

// withButtons attaches an inline keyboard.
func withButtons(rows [][]zhibu.Button) sendOption {
	return func(p *sendParams) {
		if len(rows) > 0 { // an empty keyboard is not valid: send none
			p.ReplyMarkup = &models.InlineKeyboardMarkup{InlineKeyboard: keyboard(rows)}
		}
	}
}

// send sends an HTML message and returns it, logging a failure. Texts
// longer than Telegram's limit are split at line breaks; options apply to
// the last part.
func (b *Bot) send(ctx context.Context, chatID int64, text string, opts ...sendOption) (*models.Message, error) {
	parts := splitText(text, maxMessageUnits)
	var last *models.Message
	for i, part := range parts {
		p := &tgbot.SendMessageParams{ChatID: chatID, Text: part, ParseMode: models.ParseModeHTML,
			LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: tgbot.True()}}
		if i == len(parts)-1 {
			for _, o := range opts {
				o(p)
			}
		}
		b.admit(ctx, chatID)
		m, err := b.api.SendMessage(ctx, p)
		b.report(ctx, chatID, err)
		if err != nil {
			err = redact(err, b.cfg.Token)
			b.log.Warn("send message", "chat_id", chatID, "err", err)
			return nil, err
		}
		last = m
	}
	return last, nil
}

// isForbidden reports a 403: the bot was blocked, kicked, or never started.
func isForbidden(err error) bool { return errors.Is(err, tgbot.ErrorForbidden) }

// edit replaces a message's text and buttons (nil rows remove them).
func (b *Bot) edit(ctx context.Context, chatID int64, messageID int, text string, rows [][]zhibu.Button) {
	p := &tgbot.EditMessageTextParams{ChatID: chatID, MessageID: messageID, Text: text, ParseMode: models.ParseModeHTML,
		LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: tgbot.True()}}
	if rows != nil {
		p.ReplyMarkup = &models.InlineKeyboardMarkup{InlineKeyboard: keyboard(rows)}
	}
	if chatID < 0 { // edits count against a group's limit
		b.admit(ctx, chatID)
	}
	_, err := b.api.EditMessageText(ctx, p)
	b.report(ctx, chatID, err)
	if err != nil {
		b.log.Warn("edit message", "chat_id", chatID, "message_id", messageID, "err", redact(err, b.cfg.Token))
	}
}

// answer answers a button press; alert shows a dialog instead of a toast.
func (b *Bot) answer(ctx context.Context, queryID, text string, alert bool) {
	_, err := b.api.AnswerCallbackQuery(ctx, &tgbot.AnswerCallbackQueryParams{CallbackQueryID: queryID, Text: text, ShowAlert: alert})
	if err != nil {
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
			line = truncateUnits(line, limit-1)
			l = limit
		}
		cur.WriteString(line + "\n")
		n += l
	}
	if cur.Len() > 0 {
		parts = append(parts, strings.TrimSuffix(cur.String(), "\n"))
	}
	return parts
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

// sendDocument uploads a file to a chat.
func (b *Bot) sendDocument(ctx context.Context, chatID int64, name string, data []byte, caption string) error {
	b.admit(ctx, chatID)
	_, err := b.api.SendDocument(ctx, &tgbot.SendDocumentParams{ChatID: chatID, Caption: caption, ParseMode: models.ParseModeHTML,
		Document: &models.InputFileUpload{Filename: name, Data: bytes.NewReader(data)}})
	b.report(ctx, chatID, err)
	if err != nil {
		err = redact(err, b.cfg.Token)
		b.log.Warn("send document", "chat_id", chatID, "err", err)
	}
	return err
}
