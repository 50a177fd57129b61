package bot

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/zhibu/zhibu"
)

// promptTTL is how long the bot waits for the answer to a question.
const promptTTL = 15 * time.Minute

// Prompt kinds.
const (
	promptLeave   = "leave"
	promptMinutes = "minutes"
	promptForm    = "form"
	promptDraft   = "draft"
)

// forceReply asks the client to reply to the message (selectively: only the
// user replied to or mentioned).
func forceReply(placeholder string) sendOption {
	return func(p *sendParams) {
		p.ReplyMarkup = &models.ForceReply{ForceReply: true, Selective: true, InputFieldPlaceholder: placeholder}
	}
}

// ask sends a question whose answer is a reply, and remembers it.
func (b *Bot) ask(ctx context.Context, chatID int64, replyToID int, userID int64, text, kind, data string) error {
	m, err := b.send(ctx, chatID, text, replyTo(replyToID), forceReply(""))
	if err != nil {
		return err
	}
	return b.remember(ctx, chatID, m.ID, userID, kind, data)
}

func (b *Bot) remember(ctx context.Context, chatID int64, messageID int, userID int64, kind, data string) error {
	now := b.cfg.Now()
	return b.cfg.Prompts.SavePrompt(ctx, zhibu.Prompt{ChatID: chatID, MessageID: messageID, UserID: userID,
		Kind: kind, Data: data, ExpiresAt: now.Add(promptTTL), CreatedAt: now})
}

// onReply handles a reply to one of the bot's questions. It reports false
// when the message answers no open question.
func (b *Bot) onReply(ctx context.Context, msg *models.Message) bool {
	q := msg.ReplyToMessage
	if q == nil || q.From == nil || q.From.ID != b.me.ID || msg.From == nil {
		return false
	}
	p, err := b.cfg.Prompts.Prompt(ctx, msg.Chat.ID, q.ID)
	if errors.Is(err, zhibu.ErrNotFound) {
		return b.onCallReply(ctx, msg)
	}
	r := &request{ctx: ctx, msg: msg, chatID: msg.Chat.ID, from: person(msg.From), group: isGroup(msg.Chat),
		args: strings.TrimSpace(msg.Text)}
	switch {
	case err != nil:
		b.replyErr(r, err)
	case p.UserID != msg.From.ID:
		return true // someone else's question: leave it for them
	case b.cfg.Now().After(p.ExpiresAt):
		b.forget(ctx, p)
		b.reply(r, msgPromptExpired)
	default:
		b.answerPrompt(r, p)
	}
	return true
}

func (b *Bot) forget(ctx context.Context, p zhibu.Prompt) {
	if err := b.cfg.Prompts.DeletePrompt(ctx, p.ChatID, p.MessageID); err != nil {
		b.log.Warn("delete prompt", "chat_id", p.ChatID, "message_id", p.MessageID, "err", err)
	}
}

func (b *Bot) answerPrompt(r *request, p zhibu.Prompt) {
	var err error
	switch p.Kind {
	case promptLeave:
		err = b.leaveReply(r, p)
	case promptMinutes:
		err = b.minutesReply(r, p)
	case promptForm:
		err = b.formReply(r, p)
	case promptReturn, promptSendBack:
		err = b.commentReply(r, p)
	}
	if err != nil {
		b.replyErr(r, err)
	}
}

// sweepPrompts drops expired questions; an expired guided form is told
// politely that it timed out.
func (b *Bot) sweepPrompts(ctx context.Context) {
	ps, err := b.cfg.Prompts.ExpiredPrompts(ctx, b.cfg.Now())
	if err != nil {
		b.log.Warn("expired prompts", "err", err)
		return
	}
	for _, p := range ps {
		b.forget(ctx, p)
		if p.Kind == promptForm || p.Kind == promptDraft {
			b.send(ctx, p.ChatID, msgFormExpired, replyTo(p.MessageID))
		}
	}
}

func isGroup(c models.Chat) bool {
	return c.Type == models.ChatTypeGroup || c.Type == models.ChatTypeSupergroup
}
