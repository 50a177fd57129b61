package bot

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/go-telegram/bot/models"

	"github.com/zhibu/zhibu"
)

// cmdPledgeCall: "/pledgecall 说明 [截止 时间]" posts a call; alone it shows
// the open calls and who has not answered; "/pledgecall 结束 编号" closes one.
func (b *Bot) cmdPledgeCall(r *request) error {
	if r.args == "" {
		return b.openCalls(r)
	}
	if verb, num, _ := strings.Cut(r.args, " "); verb == "结束" || verb == "关闭" {
		n, err := strconv.Atoi(strings.TrimPrefix(strings.TrimSpace(num), "#"))
		if err != nil || n <= 0 {
			if err := b.refusal(r, zhibu.ActCallPledges); err != nil {
				return err
			}
			return userError(msgCallNumberBad)
		}
		c, err := b.cfg.Pledges.CloseCall(r.ctx, r.chatID, r.from, n)
		if err != nil {
			return callError(err, n)
		}
		b.reply(r, msgf(msgCallEnded, c.Number))
		return nil
	}
	br, err := b.branch(r)
	if err != nil {
		return err
	}
	loc := br.Location()
	text, deadline, _, note, err := parsePledge(r.args, b.cfg.Now().In(loc))
	if err != nil {
		return meetingError(timeErr(err, useDeadline, b.cfg.Now().In(loc)), 0)
	}
	c, err := b.cfg.Pledges.Call(r.ctx, r.chatID, r.from, text, deadline)
	if deadlinePassed(err) {
		return b.deadlineInPast(r, deadline)
	}
	if err != nil {
		return pledgeError(err, 0, r.cmd)
	}
	due := ""
	if !c.Deadline.IsZero() {
		due = msgf(msgCallDue, deadlineText(c.Deadline, loc, b.cfg.Now()))
	}
	data, err := json.Marshal(c)
	if err != nil {
		return err
	}
	return b.send(r.ctx, r.chatID, msgf(msgCallPosted, c.Number, esc(c.Text), due)+note, bound(bindCall+string(data)))
}

func callError(err error, n int) error {
	switch {
	case err == zhibu.ErrCallClosed:
		return userError(msgCallClosed)
	case err != nil && strings.Contains(err.Error(), zhibu.ErrNotFound.Error()):
		return userError(msgf(msgCallNotFound, n))
	}
	return err
}

// openCalls sends the officer the open calls with who has not answered.
func (b *Bot) openCalls(r *request) error {
	br, cs, err := b.cfg.Pledges.OpenCalls(r.ctx, r.chatID, r.from)
	if err != nil {
		return err
	}
	if len(cs) == 0 {
		b.reply(r, msgCallsNone)
		return nil
	}
	loc := br.Location()
	var lines []string
	for _, s := range cs {
		var names []string
		for _, m := range s.Missing {
			names = append(names, esc(m.Name))
		}
		missing := strings.Join(names, "、")
		if missing == "" {
			missing = msgCallsAll
		}
		due := ""
		if !s.Call.Deadline.IsZero() {
			due = msgf(msgCallDue, deadlineText(s.Call.Deadline, loc, b.cfg.Now()))
		}
		lines = append(lines, msgf(msgCallsLine, s.Call.Number, esc(s.Call.Text), due, missing))
	}
	return b.sendPrivately(r, strings.Join(lines, "\n\n"), "", "")
}

// onCallReply makes a pledge from a reply to a call's message. It reports
// false when the message replies to no call.
func (b *Bot) onCallReply(ctx context.Context, msg *models.Message) bool {
	c, ok := b.cfg.Pledges.IsCall(ctx, msg.Chat.ID, msg.ReplyToMessage.ID)
	if !ok {
		return false
	}
	r := &request{ctx: ctx, msg: msg, chatID: msg.Chat.ID, from: person(msg.From), group: isGroup(msg.Chat), cmd: "pledge"}
	br, err := b.branch(r)
	if err != nil {
		b.replyErr(r, err)
		return true
	}
	content, deadline, cat, note, err := parsePledge(msg.Text, b.cfg.Now().In(br.Location()))
	if err != nil {
		b.replyErr(r, meetingError(timeErr(err, useDeadline, b.cfg.Now().In(br.Location())), 0))
		return true
	}
	v, err := b.cfg.Pledges.AnswerCall(ctx, r.chatID, r.from, c, content, deadline, cat)
	switch {
	case err == zhibu.ErrNotMember:
		b.reply(r, msgf(msgCallNotMember, esc(r.from.DisplayName)))
	case deadlinePassed(err):
		b.replyErr(r, b.deadlineInPast(r, deadline))
	case err != nil:
		b.replyErr(r, pledgeError(err, 0, r.cmd))
	default:
		var opts []sendOption
		if cat == "" {
			opts = append(opts, withButtons(categoryButtons(v.Number)))
		}
		b.reply(r, msgf(msgPledgeFromCall, esc(v.Owner.Name), v.Number)+note, opts...)
	}
	return true
}
