package bot

import (
	"context"
	"errors"
	"fmt"
	"html"
	"strconv"
	"strings"

	"github.com/go-telegram/bot/models"

	"github.com/zhibu/zhibu"
)

func (b *Bot) cmdJoin(r *request) error {
	if r.args == "" {
		b.reply(r, msgJoinUsage)
		return nil
	}
	out, err := b.cfg.Service.RequestJoin(r.ctx, r.chatID, r.from, r.args)
	if err != nil {
		return nameError(err, r.args)
	}
	req := out.Request
	note := ""
	if out.OnRoster {
		note = msgf(msgJoinOnRoster, esc(req.Name))
	}
	text := msgf(msgJoinRequest, mention(req.DisplayName, req.Username), esc(req.Name), note)
	b.reply(r, text, withButtons(joinButtons(req.ID)))
	return nil
}

// Join buttons carry "j:<request id>:<choice>"; choices are the index of the
// status in zhibu.JoinStatuses, or "r" to reject.
func joinButtons(id int64) [][]models.InlineKeyboardButton {
	var row []models.InlineKeyboardButton
	for i, st := range zhibu.JoinStatuses {
		row = append(row, models.InlineKeyboardButton{Text: string(st), CallbackData: fmt.Sprintf("j:%d:%d", id, i)})
	}
	return [][]models.InlineKeyboardButton{row, {{Text: btnReject, CallbackData: fmt.Sprintf("j:%d:r", id)}}}
}

// parseJoinData reads join button data; ok is false for anything malformed.
func parseJoinData(data string) (id int64, approve bool, status zhibu.Status, ok bool) {
	parts := strings.Split(data, ":")
	if len(parts) != 3 || parts[0] != "j" {
		return 0, false, "", false
	}
	id, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil || id <= 0 {
		return 0, false, "", false
	}
	if parts[2] == "r" {
		return id, false, "", true
	}
	i, err := strconv.Atoi(parts[2])
	if err != nil || i < 0 || i >= len(zhibu.JoinStatuses) {
		return 0, false, "", false
	}
	return id, true, zhibu.JoinStatuses[i], true
}

func (b *Bot) onCallback(ctx context.Context, q *models.CallbackQuery) {
	msg := q.Message.Message
	if msg == nil {
		b.answer(ctx, q.ID, msgBusyButton, true)
		return
	}
	switch {
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

func (b *Bot) onJoinButton(ctx context.Context, q *models.CallbackQuery, msg *models.Message) {
	id, approve, status, ok := parseJoinData(q.Data)
	if !ok {
		b.answer(ctx, q.ID, msgBusyButton, true)
		return
	}
	officer := person(&q.From)
	req, m, err := b.cfg.Service.DecideJoin(ctx, msg.Chat.ID, officer, id, approve, status)
	if err != nil {
		b.answerErr(ctx, q, err)
		return
	}
	_, who, err := b.cfg.Service.Actor(ctx, msg.Chat.ID, officer)
	if err != nil {
		b.log.Warn("join decided by unknown officer", "chat_id", msg.Chat.ID, "err", err)
	}
	applicant := mention(req.DisplayName, req.Username)
	if approve {
		b.edit(ctx, msg.Chat.ID, msg.ID, msgf(msgJoinApproved, applicant, esc(req.Name), esc(string(req.Status)), esc(who.Name)), nil)
		b.send(ctx, msg.Chat.ID, msgf(msgJoinWelcome, mention(m.Name, m.Username), esc(string(m.Status))))
	} else {
		b.edit(ctx, msg.Chat.ID, msg.ID, msgf(msgJoinRejected, applicant, esc(req.Name), esc(who.Name)), nil)
		b.send(ctx, msg.Chat.ID, msgf(msgJoinSorry, applicant))
	}
	b.answer(ctx, q.ID, msgJoinDoneAck, false)
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
