package bot

import (
	"strconv"
	"strings"
	"time"

	"github.com/zhibu/zhibu"
)

// cmdClose ends a meeting and posts its result.
func (b *Bot) cmdClose(r *request) error {
	n, err := meetingNumber(strings.TrimSpace(r.args), r.cmd)
	if err != nil && !b.mayConvene(r) {
		return b.refusal(r, zhibu.ActManageAttendance)
	}
	if err != nil {
		return err
	}
	v, err := b.cfg.Meetings.CloseMeeting(r.ctx, r.chatID, r.from, n)
	if err != nil {
		return b.meetingErr(r, err, n)
	}
	b.reply(r, closeText(v.Result, v.Branch.Location(), b.cfg.Now()))
	b.editAnnouncement(r.ctx, r.chatID, v)
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
