package bot

import (
	"context"
	"errors"
	"fmt"
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

// askLeave asks the member for a reason privately: a leave reason is for
// the officers, not the group. When the member never opened a private chat,
// the group gets a button that opens it and asks there.
func (b *Bot) askLeave(ctx context.Context, q *models.CallbackQuery, msg *models.Message, n int) error {
	if err := b.askLeavePrivately(ctx, chatOf(ctx, msg), person(&q.From), n, true); err != nil {
		return err
	}
	ack := msgAckLeaveAsk
	if msg.Chat.Type == models.ChatTypePrivate {
		ack = msgAckLeaveAskHere
	}
	b.answer(ctx, q.ID, ack, false)
	return nil
}

// askLeavePrivately sends the reason question to p's private chat, about
// meeting n of the group groupChat; with fallback, a group note with a
// button to open the private chat when it is forbidden.
func (b *Bot) askLeavePrivately(ctx context.Context, groupChat int64, p zhibu.Person, n int, fallback bool) error {
	_, actor, m, err := b.cfg.Meetings.Meeting(ctx, groupChat, p, n)
	if err != nil {
		return err
	}
	if m.State != zhibu.MeetingScheduled {
		return map[zhibu.MeetingState]error{zhibu.MeetingCancelled: zhibu.ErrMeetingCancelled, zhibu.MeetingClosed: zhibu.ErrMeetingClosed}[m.State]
	}
	if !zhibu.Invited(m, actor) {
		return zhibu.ErrNotInvited
	}
	opts := []sendOption{forceReply(), askingFor(p.TelegramID, promptLeave, fmt.Sprintf("%d:%d", groupChat, n))}
	if fallback {
		hint := outOf(ctx).message(groupChat, msgf(msgAskLeaveHint, mention(actor.Name, p.Username), n))
		hint.Buttons = [][]zhibu.Button{{{Text: btnOpenPrivate,
			URL: fmt.Sprintf("https://t.me/%s?start=leave_%d_%d", b.me.Username, groupChat, n)}}}
		opts = append(opts, orElse(hint))
	}
	return b.send(ctx, p.TelegramID, msgf(msgAskLeave, n, esc(string(m.Type))), opts...)
}

// startLeave takes the private chat's "/start leave_<group>_<n>": the
// member opened it from the group's button to give a leave reason.
func (b *Bot) startLeave(r *request, payload string) bool {
	parts := strings.Split(strings.TrimPrefix(payload, "leave_"), "_")
	if len(parts) != 2 {
		return false
	}
	chat, err1 := strconv.ParseInt(parts[0], 10, 64)
	n, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil || chat >= 0 || n <= 0 {
		return false
	}
	if err := b.askLeavePrivately(r.ctx, chat, r.from, n, false); err != nil {
		b.replyErr(r, meetingError(err, n))
	}
	return true
}

func (b *Bot) leaveReply(r *request, p zhibu.Prompt) error {
	// "<group chat>:<n>" when asked privately; "<n>" when asked in the group.
	chat, n := r.chatID, 0
	if c, num, ok := strings.Cut(p.Data, ":"); ok {
		chat, _ = strconv.ParseInt(c, 10, 64)
		n, _ = strconv.Atoi(num)
	} else {
		n, _ = strconv.Atoi(p.Data)
	}
	return b.recordLeaveIn(r, chat, n, r.args, func() { b.forget(r.ctx, p) })
}

func (b *Bot) recordLeave(r *request, n int, reason string, done func()) error {
	return b.recordLeaveIn(r, r.chatID, n, reason, done)
}

// recordLeaveIn records a leave for meeting n of the group chat, answering
// in the request's chat (the group, or the private chat it was asked in).
func (b *Bot) recordLeaveIn(r *request, chat int64, n int, reason string, done func()) error {
	mk, err := b.cfg.Meetings.Answer(r.ctx, chat, r.from, n, zhibu.AnswerLeave, reason)
	if err != nil {
		return meetingError(err, n)
	}
	if done != nil {
		done()
	}
	text := msgf(msgLeaveRecorded, esc(mk.Record.Name), n)
	if !r.group {
		text += msgf(msgLeaveUndoHint, n) // a wrong press is easily made, and undone
	}
	b.reply(r, text)
	b.refresh(r.ctx, chat, mk.Branch, mk.Meeting)
	if mk.RejectedBy != 0 {
		b.tellLeaveAgain(r.ctx, mk, n)
	}
	return nil
}

// tellLeaveAgain tells the officer who rejected a member's leave, privately,
// that the member asked again: the new leave stands until they reject it
// too, and nobody else reads the reason.
func (b *Bot) tellLeaveAgain(ctx context.Context, mk zhibu.Marked, n int) {
	v, err := b.cfg.Meetings.ViewOf(ctx, mk.Branch, mk.Meeting)
	if err != nil {
		b.log.Warn("tell leave again", "meeting", n, "err", err)
		return
	}
	officer := v.Member(mk.RejectedBy)
	if officer.TelegramID == 0 || officer.Removed {
		return
	}
	name := mk.Member.Name
	b.send(ctx, officer.TelegramID, msgf(msgLeaveAgain, esc(name), n, esc(mk.Record.LeaveReason), n, esc(name)))
}
