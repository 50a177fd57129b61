package bot

import (
	"strings"
	"time"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/cntime"
)

// cmdAttendance: "/attendance [期间] [类型] [姓名|我]".
func (b *Bot) cmdAttendance(r *request) error {
	br, err := b.branch(r)
	if err != nil {
		return err
	}
	q, err := b.parseAttendanceArgs(r, strings.Fields(r.args), b.cfg.Now().In(br.Location()))
	if err != nil {
		return err
	}
	st, err := b.cfg.Meetings.Attendance(r.ctx, r.chatID, r.from, q.period, q.typ, q.name, q.self)
	if err != nil {
		return nameError(err, q.name)
	}
	return b.sendPrivately(r, statsText(st), "", "")
}

type attendanceQuery struct {
	period cntime.Period
	typ    zhibu.MeetingType
	name   string
	self   bool
}

func (b *Bot) parseAttendanceArgs(r *request, args []string, now time.Time) (attendanceQuery, error) {
	var q attendanceQuery
	var rest []string
	names := map[string]bool{}
	if ro, err := b.cfg.Service.Roster(r.ctx, r.chatID, r.from); err == nil {
		for _, m := range ro.Members {
			names[m.Name] = true
		}
	}
	for _, a := range args {
		if t, err := zhibu.ParseMeetingType(a); err == nil {
			q.typ = t
			continue
		}
		switch {
		case a == "我":
			q.self = true
		case names[a]:
			q.name = a
		default:
			rest = append(rest, a)
		}
	}
	p, err := cntime.ParsePeriod(strings.Join(rest, " "), now)
	if err != nil {
		return q, timeErr(err, usePeriod, now)
	}
	q.period = p
	return q, nil
}

func statsText(st zhibu.Stats) string {
	typ := ""
	if st.Type != "" {
		typ = "，" + string(st.Type)
	}
	lines := []string{msgf(msgAttendanceTitle, esc(st.Branch.Name), esc(st.Period.Label), esc(typ)), msgAttendanceHeader}
	for _, s := range st.Rows {
		rate := percent(s.Rate())
		if s.Expected == 0 {
			rate = msgNoRate // no meeting to attend: no rate, not 0%
		}
		lines = append(lines, msgf(msgAttendanceLine, esc(s.Name), s.Expected, s.Present, s.Leave, s.Absent, s.Late, rate))
	}
	if len(st.Rows) == 0 || (len(st.Rows) == 1 && st.Rows[0].Expected == 0) {
		lines = append(lines, msgAttendanceEmpty)
	}
	return strings.Join(lines, "\n")
}
