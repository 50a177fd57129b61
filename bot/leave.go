package bot

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/go-telegram/bot/models"

	"github.com/zhibu/zhibu"
)

// cmdLeave: "/leave 编号 原因", or an officer's "/leave 编号 驳回 姓名".
func (b *Bot) cmdLeave(r *request) error {
	first, rest, _ := strings.Cut(r.args, " ")
	rest = strings.TrimSpace(rest)
	if first == "" {
		b.reply(r, msgLeaveUsage)
		return nil
	}
	n, err := meetingNumber(first, r.cmd)
	if err != nil {
		return err
	}
	if verb, name, _ := strings.Cut(rest, " "); verb == "驳回" && strings.TrimSpace(name) != "" {
		return b.rejectLeave(r, n, strings.TrimSpace(name))
	}
	return b.recordLeave(r, n, rest, nil)
}

func (b *Bot) rejectLeave(r *request, n int, name string) error {
	mk, err := b.cfg.Meetings.RejectLeave(r.ctx, r.chatID, r.from, n, name)
	if errors.Is(err, zhibu.ErrNotAnswered) {
		return userError(msgf(msgLeaveNoLeave, esc(name)))
	}
	if err != nil {
		return meetingError(nameError(err, name), n)
	}
	// The member hears it privately; the group only that it was handled.
	mem := mk.Member
	if mem.TelegramID == 0 {
		b.reply(r, msgf(msgLeaveRejectOffline, n))
	} else {
		hint := outOf(r.ctx).message(r.chatID, msgf(msgLeaveRejectedHint, mention(mem.Name, mem.Username), n))
		hint.Buttons = b.privateButton("leave")
		if err := b.send(r.ctx, mem.TelegramID, msgf(msgLeaveRejected, esc(mem.Name), n), orElse(hint)); err != nil {
			return err
		}
		b.reply(r, msgf(msgLeaveRejectDone, n))
	}
	b.refresh(r.ctx, r.chatID, mk.Branch, mk.Meeting)
	return nil
}

// askLeave asks the member for a reason with a reply question.
func (b *Bot) askLeave(ctx context.Context, q *models.CallbackQuery, msg *models.Message, n int) error {
	_, actor, m, err := b.cfg.Meetings.Meeting(ctx, msg.Chat.ID, person(&q.From), n)
	if err != nil {
		return err
	}
	if m.State != zhibu.MeetingScheduled {
		return map[zhibu.MeetingState]error{zhibu.MeetingCancelled: zhibu.ErrMeetingCancelled, zhibu.MeetingClosed: zhibu.ErrMeetingClosed}[m.State]
	}
	text := msgf(msgAskLeave, mention(actor.Name, q.From.Username), n, esc(string(m.Type)))
	if err := b.ask(ctx, msg.Chat.ID, 0, q.From.ID, text, promptLeave, strconv.Itoa(n)); err != nil {
		return err
	}
	b.answer(ctx, q.ID, msgAckLeaveAsk, false)
	return nil
}

func (b *Bot) leaveReply(r *request, p zhibu.Prompt) error {
	n, _ := strconv.Atoi(p.Data)
	return b.recordLeave(r, n, r.args, func() { b.forget(r.ctx, p) })
}

func (b *Bot) recordLeave(r *request, n int, reason string, done func()) error {
	mk, err := b.cfg.Meetings.Answer(r.ctx, r.chatID, r.from, n, zhibu.AnswerLeave, reason)
	if err != nil {
		return meetingError(err, n)
	}
	if done != nil {
		done()
	}
	b.reply(r, msgf(msgLeaveRecorded, esc(mk.Record.Name), n))
	b.refresh(r.ctx, r.chatID, mk.Branch, mk.Meeting)
	return nil
}
