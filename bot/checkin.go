package bot

import (
	"errors"
	"strings"
	"time"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/cntime"
)

// cmdCheckIn: "/checkin [编号]" checks the sender in; "/checkin 编号 姓名
// [迟到]" is an officer's 代签 or 补签, "/checkin 编号 撤销 姓名" takes a
// check-in back before the meeting is closed.
func (b *Bot) cmdCheckIn(r *request) error {
	args := strings.Fields(r.args)
	n, err := b.checkInNumber(r, args)
	if err != nil {
		return err
	}
	if len(args) == 3 && args[1] == wordUndo {
		return b.undoCheckIn(r, n, args[2])
	}
	if len(args) >= 2 {
		late := len(args) == 3 && args[2] == string(zhibu.OutcomeLate)
		mk, err := b.cfg.Meetings.SignIn(r.ctx, r.chatID, r.from, n, args[1], late)
		if err != nil {
			return b.meetingErr(r, nameError(err, args[1]), n)
		}
		a := mk.Record
		at := b.signedTime(a.CheckedInAt, mk.Branch)
		switch {
		case a.MemberID == mk.Actor.ID:
			b.reply(r, msgf(msgSignedInSelf, esc(a.Name), n, at, lateNote(a)))
		default:
			word, end := wordSignFor, mk.Meeting.End
			if end.IsZero() {
				end = mk.Meeting.Start.Add(zhibu.DefaultMeetingLength)
			}
			if b.cfg.Now().After(end) {
				word = wordSignAfter // recorded after the meeting
			}
			b.reply(r, msgf(msgSignedIn, esc(a.Name), n, at, lateNote(a), esc(mk.Actor.Name), word))
		}
		b.refresh(r.ctx, r.chatID, mk.Branch, mk.Meeting)
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

// signedTime shows when a sign-in dates the arrival: the clock alone today,
// with the day for a meeting held on another (补签, 补录).
func (b *Bot) signedTime(t time.Time, br zhibu.Branch) string {
	loc := br.Location()
	now := b.cfg.Now().In(loc)
	if t = t.In(loc); t.YearDay() == now.YearDay() && t.Year() == now.Year() {
		return t.Format("15:04")
	}
	return cntime.FormatReading(t, now)
}

// undoCheckIn takes back a check-in made by mistake, before the close.
func (b *Bot) undoCheckIn(r *request, n int, name string) error {
	mk, err := b.cfg.Meetings.UndoCheckIn(r.ctx, r.chatID, r.from, n, name)
	if errors.Is(err, zhibu.ErrNotCheckedIn) {
		return userError(msgf(msgNotCheckedIn, echo(name), n))
	}
	if err != nil {
		return b.meetingErr(r, nameError(err, name), n)
	}
	b.reply(r, msgf(msgCheckInUndone, esc(mk.Record.Name), n))
	b.refresh(r.ctx, r.chatID, mk.Branch, mk.Meeting)
	return nil
}
