package bot

import (
	"context"
	"errors"
	"html"
	"strings"

	"github.com/go-telegram/bot/models"

	"github.com/zhibu/zhibu"
)

func (b *Bot) onCallback(ctx context.Context, q *models.CallbackQuery) {
	msg := q.Message.Message
	if msg == nil {
		b.answer(ctx, q.ID, msgBusyButton, true)
		return
	}
	if msg.Chat.Type == models.ChatTypePrivate {
		// A private button names its branch's group chat.
		data, chat, ok := untag(q.Data)
		if !ok && !strings.HasPrefix(q.Data, "b:") && !strings.HasPrefix(q.Data, "r:") {
			b.answer(ctx, q.ID, msgOldButton, true) // from before private buttons named their branch
			return
		}
		c := *q
		c.Data, q = data, &c
		ctx = withBranchChat(ctx, chat)
	} else {
		// What a group's button sends privately names the group.
		ctx = withBranchChat(ctx, msg.Chat.ID)
	}
	switch {
	case strings.HasPrefix(q.Data, "b:"):
		b.onBranchButton(ctx, q, msg)
	case strings.HasPrefix(q.Data, "r:"):
		b.onRegistrationButton(ctx, q, msg)
	case strings.HasPrefix(q.Data, "j:"):
		b.onJoinButton(ctx, q, msg)
	case strings.HasPrefix(q.Data, "a:"):
		b.onAnswerButton(ctx, q, msg)
	case strings.HasPrefix(q.Data, "d:"):
		b.onDraftButton(ctx, q, msg)
	case strings.HasPrefix(q.Data, "f:"):
		b.onFormButton(ctx, q, msg)
	case strings.HasPrefix(q.Data, "pc:"):
		b.onCategoryButton(ctx, q, msg)
	case strings.HasPrefix(q.Data, "px:"):
		b.onChangeButton(ctx, q, msg)
	case strings.HasPrefix(q.Data, "pr:"):
		b.onReviewButton(ctx, q, msg)
	case strings.HasPrefix(q.Data, "pd:"):
		b.onDoneButton(ctx, q, msg)
	case strings.HasPrefix(q.Data, "pp:"):
		b.onPageButton(ctx, q, msg)
	default:
		b.answer(ctx, q.ID, msgBusyButton, true)
	}
}

// answerErr answers a press with the user message for err; a request that
// does not belong to this chat reads as a stale button.
func (b *Bot) answerErr(ctx context.Context, q *models.CallbackQuery, err error) {
	if errors.Is(err, zhibu.ErrNotFound) {
		b.answer(ctx, q.ID, msgBusyButton, true)
		return
	}
	if errors.Is(err, zhibu.ErrAlreadyMember) || errors.Is(err, zhibu.ErrNameLinked) {
		b.answer(ctx, q.ID, msgJoinCannotLink, true)
		return
	}
	text, known := userMessage(err)
	if !known {
		b.log.Error("button failed", "callback_data", q.Data, "err", err)
		fail(ctx, err)
		return
	}
	b.answer(ctx, q.ID, stripTags(text), true)
}

// stripTags turns catalogue HTML into plain text for callback answers.
func stripTags(s string) string {
	var out strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
		case r == '>' && in:
			in = false
		case !in:
			out.WriteRune(r)
		}
	}
	return html.UnescapeString(out.String())
}
