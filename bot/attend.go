package bot

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/zhibu/zhibu"
)

// cmdCheckIn: "/checkin [编号]" checks the sender in; "/checkin 编号 姓名
// [迟到]" is an officer's 代签 or 补签.
func (b *Bot) cmdCheckIn(r *request) error {
	args := strings.Fields(r.args)
	n, err := b.checkInNumber(r, args)
	if err != nil {
		return err
	}
	if len(args) >= 2 {
		late := len(args) == 3 && args[2] == string(zhibu.OutcomeLate)
		_, a, err := b.cfg.Meetings.SignIn(r.ctx, r.chatID, r.from, n, args[1], late)
		if err != nil {
			return meetingError(nameError(err, args[1]), n)
		}
		_, actor, _ := b.cfg.Service.Actor(r.ctx, r.chatID, r.from)
		loc, _ := b.branchLoc(r)
		b.reply(r, msgf(msgSignedIn, esc(a.Name), n, a.CheckedInAt.In(loc).Format("15:04"), lateNote(a), esc(actor.Name)))
		return nil
	}
	m, a, err := b.cfg.Meetings.CheckIn(r.ctx, r.chatID, r.from, n)
	if err != nil {
		return meetingError(err, n)
	}
	b.reply(r, msgf(msgCheckedIn, esc(a.Name), n, lateNote(a)))
	b.refresh(r.ctx, r.chatID, m)
	return nil
}

// checkInNumber is the 编号 given, or the one meeting whose check-in is open.
func (b *Bot) checkInNumber(r *request, args []string) (int, error) {
	if len(args) > 0 {
		return meetingNumber(args[0], r.cmd)
	}
	l, err := b.cfg.Meetings.List(r.ctx, r.chatID, r.from, 0)
	if err != nil {
		return 0, err
	}
	now := b.cfg.Now()
	var open []int
	for _, res := range append(l.Upcoming, l.Recent...) {
		if res.Meeting.CheckInOpen(now) {
			open = append(open, res.Meeting.Number)
		}
	}
	if len(open) != 1 {
		return 0, userError(msgCheckInWhich)
	}
	return open[0], nil
}

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
	_, mem, err := b.cfg.Meetings.RejectLeave(r.ctx, r.chatID, r.from, n, name)
	if errors.Is(err, zhibu.ErrNotAnswered) {
		return userError(msgf(msgLeaveNoLeave, esc(name)))
	}
	if err != nil {
		return meetingError(nameError(err, name), n)
	}
	b.reply(r, msgf(msgLeaveRejected, mention(mem.Name, mem.Username), n))
	if m, err := b.cfg.Meetings.Lookup(r.ctx, r.chatID, n); err == nil {
		b.refresh(r.ctx, r.chatID, m)
	}
	return nil
}

// cmdClose ends a meeting and posts its result.
func (b *Bot) cmdClose(r *request) error {
	n, err := meetingNumber(strings.TrimSpace(r.args), r.cmd)
	if err != nil {
		return err
	}
	res, err := b.cfg.Meetings.CloseMeeting(r.ctx, r.chatID, r.from, n)
	if err != nil {
		return meetingError(err, n)
	}
	loc, err := b.branchLoc(r)
	if err != nil {
		return err
	}
	b.reply(r, closeText(res, loc, b.cfg.Now()))
	b.editAnnouncement(r.ctx, r.chatID, res.Meeting)
	return nil
}

func closeText(res zhibu.Result, loc *time.Location, now time.Time) string {
	m, t := res.Meeting, res.Tally
	text := msgf(msgCloseTitle, m.Number, esc(string(m.Type)), esc(span(m, loc, now))) + "\n" +
		msgf(msgCloseCounts, t.Expected, t.Present, t.Late, t.Leave, t.Absent, t.Observer, percent(t.Rate()))
	switch m.Type {
	case zhibu.MeetingGeneral:
		text += "\n" + msgf(msgQuorumVote, t.VotingExpected, t.VotingPresent, yesNo(t.CanVote(), "", "不"), yesNo(t.CanElect(), "可以", "不可以"))
	case zhibu.MeetingCommittee:
		text += "\n" + msgf(msgQuorumCommit, t.VotingExpected, t.VotingPresent, yesNo(t.CanVote(), "", "未"), yesNo(t.CanVote(), "有效", "人数不足"))
	}
	return text
}

func yesNo(ok bool, yes, no string) string {
	if ok {
		return yes
	}
	return no
}

func percent(f float64) string { return strconv.FormatFloat(f*100, 'f', 1, 64) + "%" }

// cmdMinutes: "/minutes 编号 正文", or "/minutes 编号" then a reply.
func (b *Bot) cmdMinutes(r *request) error {
	first, text, _ := strings.Cut(r.args, " ")
	if first == "" {
		b.reply(r, msgMinutesUsage)
		return nil
	}
	n, err := meetingNumber(first, r.cmd)
	if err != nil {
		return err
	}
	if text = strings.TrimSpace(text); text != "" {
		return b.saveMinutes(r, n, text)
	}
	_, _, m, err := b.cfg.Meetings.Meeting(r.ctx, r.chatID, r.from, n)
	if err != nil {
		return meetingError(err, n)
	}
	return b.ask(r.ctx, r.chatID, r.msg.ID, r.from.TelegramID, msgf(msgMinutesAsk, n, esc(string(m.Type))), promptMinutes, strconv.Itoa(n))
}

func (b *Bot) minutesReply(r *request, p zhibu.Prompt) error {
	n, _ := strconv.Atoi(p.Data)
	if err := b.saveMinutes(r, n, r.args); err != nil {
		return err
	}
	b.forget(r.ctx, p)
	return nil
}

func (b *Bot) saveMinutes(r *request, n int, text string) error {
	v, err := b.cfg.Meetings.AddMinutes(r.ctx, r.chatID, r.from, n, text)
	if err != nil {
		return meetingError(err, n)
	}
	kept := ""
	if v.Version > 1 {
		kept = msgMinutesKept
	}
	b.reply(r, msgf(msgMinutesSaved, n, v.Version, kept))
	return nil
}
