package bot

import (
	"strings"

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
		mk, err := b.cfg.Meetings.SignIn(r.ctx, r.chatID, r.from, n, args[1], late)
		if err != nil {
			return b.meetingErr(r, nameError(err, args[1]), n)
		}
		a := mk.Record
		b.reply(r, msgf(msgSignedIn, esc(a.Name), n, a.CheckedInAt.In(mk.Branch.Location()).Format("15:04"), lateNote(a), esc(mk.Actor.Name)))
		return nil
	}
	mk, err := b.cfg.Meetings.CheckIn(r.ctx, r.chatID, r.from, n)
	if err != nil {
		return meetingError(err, n)
	}
	b.reply(r, msgf(msgCheckedIn, esc(mk.Record.Name), n, lateNote(mk.Record)))
	b.refresh(r.ctx, r.chatID, mk.Branch, mk.Meeting)
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

func lateNote(a zhibu.Attendance) string {
	if a.Late {
		return msgCheckedInLate
	}
	return ""
}
