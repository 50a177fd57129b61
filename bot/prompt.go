package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/zhibu/zhibu"
)

// promptTTL is how long the bot waits for the answer to a question asked
// in a form (a meeting being drafted, a confirmation); answerTTL for a
// question someone answers in their own time — a leave reason, a comment,
// minutes: an older member may answer the next morning.
const (
	promptTTL = 15 * time.Minute
	answerTTL = 24 * time.Hour
)

// ttl is how long a question of kind stays open.
func ttl(kind string) time.Duration {
	switch kind {
	case promptForm, promptDraft, promptRemove, promptUnlink, promptClose:
		return promptTTL
	}
	return answerTTL
}

// Prompt kinds.
const (
	promptLeave   = "leave"
	promptMinutes = "minutes"
	promptForm    = "form"
	promptDraft   = "draft"
)

// ask sends a question whose answer is a reply, and remembers it once sent.
// Asked in private for a branch, the question keeps the branch's group chat
// ("@<chat>|data"), for the answer acts on that branch.
func (b *Bot) ask(ctx context.Context, chatID int64, replyToID int, userID int64, text, kind, data string) error {
	if chat := branchChatOf(ctx); chatID > 0 && chat != 0 {
		data = fmt.Sprintf("@%d|%s", chat, data)
	}
	return b.send(ctx, chatID, text, replyTo(replyToID), forceReply(), askingFor(userID, kind, data))
}

// promptBranch takes the branch a private question was asked for off its
// data, pointing the request at the branch's group chat.
func promptBranch(r *request, p zhibu.Prompt) zhibu.Prompt {
	head, rest, ok := strings.Cut(p.Data, "|")
	if !ok || !strings.HasPrefix(head, "@") {
		return p
	}
	chat, err := strconv.ParseInt(head[1:], 10, 64)
	if err != nil || chat >= 0 {
		return p
	}
	r.chatID, r.ctx = chat, withBranchChat(r.ctx, chat)
	p.Data = rest
	return p
}

func (b *Bot) remember(ctx context.Context, chatID int64, messageID int, userID int64, kind, data string) error {
	now := b.cfg.Now()
	err := b.cfg.Prompts.SavePrompt(ctx, zhibu.Prompt{ChatID: chatID, MessageID: messageID, UserID: userID,
		Kind: kind, Data: data, ExpiresAt: now.Add(ttl(kind)), CreatedAt: now})
	if err == nil {
		b.prompts.expect(now.Add(ttl(kind)))
	}
	return err
}

// onReply handles a reply to one of the bot's questions. It reports false
// when the message answers no open question.
func (b *Bot) onReply(ctx context.Context, msg *models.Message) bool {
	q := msg.ReplyToMessage
	if q == nil || q.From == nil || q.From.ID != b.me.ID || msg.From == nil {
		return false
	}
	r := &request{ctx: ctx, msg: msg, chatID: msg.Chat.ID, here: msg.Chat.ID, from: person(msg.From), group: isGroup(msg.Chat),
		args: strings.TrimSpace(msg.Text)}
	p, err := b.cfg.Prompts.Prompt(ctx, msg.Chat.ID, q.ID)
	if errors.Is(err, zhibu.ErrNotFound) {
		if b.onCallReply(ctx, msg) {
			return true
		}
		return b.strayReply(r, q.Text)
	}
	switch {
	case err != nil:
		b.replyErr(r, err)
	case p.UserID != msg.From.ID:
		b.reply(r, msgPromptOthers)
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
	p = promptBranch(r, p)
	if r.group {
		r.ctx = withBranchChat(r.ctx, r.chatID)
	}
	var err error
	switch p.Kind {
	case promptLeave:
		if b.leaveOvertaken(r, p) {
			return
		}
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

// promptTimer is when the next question times out, so that the sweep
// reads the database only when one may have expired, not every second.
type promptTimer struct {
	mu    sync.Mutex
	known bool      // due has been read from the database
	due   time.Time // the earliest expiry; zero: none
	// seen is the earliest expiry noted while a sweep was reading.
	seen time.Time
}

// expect notes a question that times out at t.
func (p *promptTimer) expect(t time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.due, p.seen = earliest(p.due, t), earliest(p.seen, t)
}

// earliest is the earlier of two times, zero meaning none.
func earliest(a, b time.Time) time.Time {
	if a.IsZero() || (!b.IsZero() && b.Before(a)) {
		return b
	}
	return a
}

// idle reports whether no question can have expired at now; otherwise a
// sweep begins.
func (p *promptTimer) idle(now time.Time) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.known && (p.due.IsZero() || !now.After(p.due)) {
		return true
	}
	p.seen = time.Time{}
	return false
}

// swept records the earliest expiry the database holds after a sweep.
func (p *promptTimer) swept(next time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.known, p.due = true, earliest(next, p.seen)
}

// sweepPrompts drops expired questions, reading the database only when one
// may have expired (and once at start); an expired guided form is told
// politely that it timed out.
func (b *Bot) sweepPrompts(ctx context.Context) {
	now := b.cfg.Now()
	if b.prompts.idle(now) {
		return
	}
	b.expirePrompts(ctx, now)
	next, err := b.cfg.Prompts.NextPromptExpiry(ctx)
	if err != nil {
		b.log.Warn("next prompt expiry", "err", err)
		return
	}
	b.prompts.swept(next)
}

// expirePrompts drops the questions expired at now.
func (b *Bot) expirePrompts(ctx context.Context, now time.Time) {
	ps, err := b.cfg.Prompts.ExpiredPrompts(ctx, now)
	if err != nil {
		b.log.Warn("expired prompts", "err", err)
		return
	}
	for _, p := range ps {
		if err := b.expirePrompt(ctx, p); err != nil {
			b.log.Warn("expire question", "chat_id", p.ChatID, "message_id", p.MessageID, "err", err)
		}
	}
}

// expirePrompt drops an expired question and says so. The question goes
// and its notice is queued together, or neither. The notice's key is the
// question's: of instances sharing the database that expire it at the
// same moment, one notice goes.
func (b *Bot) expirePrompt(ctx context.Context, p zhibu.Prompt) error {
	o := &outgoing{key: fmt.Sprintf("prompt:%d:%d:%d:expired", p.ChatID, p.MessageID, p.ExpiresAt.Unix())}
	return b.atomically(ctx, o, func(ctx context.Context) error {
		b.forget(ctx, p)
		switch p.Kind {
		case promptForm:
			return b.send(ctx, p.ChatID, msgFormExpired, replyTo(p.MessageID))
		case promptDraft:
			// A one-line draft was never a form: say what lapsed.
			return b.send(ctx, p.ChatID, msgDraftLapsed, replyTo(p.MessageID))
		case promptRemove:
			b.edit(ctx, p.ChatID, p.MessageID, msgRemoveExpired, nil) // its buttons go
		case promptUnlink:
			b.edit(ctx, p.ChatID, p.MessageID, msgUnlinkExpired, nil)
		case promptClose:
			b.edit(ctx, p.ChatID, p.MessageID, closeExpiredText(p), nil)
		}
		return nil
	})
}

// strayReply takes a reply to a message of the bot that asks nothing (the
// meeting notice, an error, a copy of a question sent twice): when the
// person has exactly one open question in the chat, it answers that one —
// what they meant. A reply to a question that timed out, or to a pledge
// call's reminder, is told what to do; other replies are conversation.
func (b *Bot) strayReply(r *request, replied string) bool {
	ps, err := b.cfg.Prompts.PromptsOf(r.ctx, r.chatID, r.from.TelegramID)
	if err != nil {
		b.replyErr(r, err)
		return true
	}
	var open []zhibu.Prompt
	for _, p := range ps {
		// Questions answered by buttons (a draft, a removal, an unlink) take no text.
		if !b.cfg.Now().After(p.ExpiresAt) && !byButtons(p.Kind) {
			open = append(open, p)
		}
	}
	switch {
	case len(open) == 1:
		b.answerPrompt(r, open[0])
	case len(open) > 1:
		b.reply(r, msgPromptWhich)
	case strings.HasPrefix(replied, stripTags(msgRemindCallNagTitle)):
		b.reply(r, msgCallNagReply)
	case strings.Contains(replied, msgAsksReply):
		b.reply(r, msgPromptExpired)
	default:
		return false
	}
	return true
}

// byButtons reports whether questions of kind are answered by buttons only.
func byButtons(kind string) bool {
	switch kind {
	case promptDraft, promptRemove, promptUnlink, promptClose:
		return true
	}
	return false
}

func isGroup(c models.Chat) bool {
	return c.Type == models.ChatTypeGroup || c.Type == models.ChatTypeSupergroup
}

// confirmed settles the shared part of a 确认 / 取消 press under a pending
// question p: only its asker may press, the question is forgotten, and an
// expired or cancelled one is edited into expired or cancelled, answered,
// and reported false. True means go on with the confirmed action.
func (b *Bot) confirmed(ctx context.Context, q *models.CallbackQuery, msg *models.Message, p zhibu.Prompt, expired, cancelled string) bool {
	if p.UserID != q.From.ID {
		b.answer(ctx, q.ID, msgNotYours, true)
		return false
	}
	b.forget(ctx, p)
	if b.cfg.Now().After(p.ExpiresAt) {
		b.edit(ctx, msg.Chat.ID, msg.ID, expired, nil)
		b.answer(ctx, q.ID, expired, true)
		return false
	}
	if q.Data != "d:ok" {
		b.edit(ctx, msg.Chat.ID, msg.ID, cancelled, nil)
		b.answer(ctx, q.ID, cancelled, false)
		return false
	}
	return true
}
