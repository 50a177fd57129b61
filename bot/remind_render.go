package bot

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/scheduler"
)

// Render writes an occurrence's messages: the bot is the scheduler's
// Renderer. None is fine (nothing left to remind).
func (b *Bot) Render(ctx context.Context, o scheduler.Occurrence) ([]scheduler.Message, error) {
	branches, err := b.branchesByID(ctx)
	if err != nil {
		return nil, err
	}
	br, ok := branches[o.BranchID]
	if !ok {
		return nil, nil // the branch went inactive
	}
	r := renderCtx{b: b, o: o, br: br, loc: b.loc(br), now: b.cfg.Now()}
	if o.Late {
		r.late = msgLateMark
	}
	switch o.Kind {
	case kindMeetingLead, kindCheckIn:
		return r.meeting(ctx)
	case kindPledgeDue:
		return r.pledgeDue(ctx)
	case kindPledgeDigest:
		return r.pledgeDigest(ctx)
	case kindOverdueDigest:
		return r.overdue(ctx)
	case kindCallNag:
		return r.callNag(ctx)
	case kindStageStart, kindStageSoon, kindStageSummary:
		return r.stage(ctx)
	case kindCompliance:
		return r.compliance(ctx)
	case kindAbsence:
		return r.absence(ctx)
	case kindCustom:
		return r.custom(ctx)
	}
	return nil, fmt.Errorf("bot: unknown reminder kind %q", o.Kind)
}

// renderCtx is what every reminder text needs.
type renderCtx struct {
	b    *Bot
	o    scheduler.Occurrence
	br   zhibu.Branch
	loc  *time.Location
	now  time.Time
	late string
}

// group is a message to the branch's group chat.
func (r renderCtx) group(text string, rows [][]scheduler.Button) scheduler.Message {
	return scheduler.Message{ChatID: r.br.ChatID, Text: text, Buttons: rows, Key: r.o.Key + ":group", BranchID: r.br.ID, Kind: r.o.Kind}
}

// private is a message to one person's private chat.
func (r renderCtx) private(telegramID int64, text string) scheduler.Message {
	return scheduler.Message{ChatID: telegramID, Text: text, Key: fmt.Sprintf("%s:private:%d", r.o.Key, telegramID),
		BranchID: r.br.ID, Kind: r.o.Kind, Private: true}
}

// reachable reports which members can be written to privately.
func (r renderCtx) reachable(ctx context.Context, ms []zhibu.Member) map[int64]bool {
	var ids []int64
	for _, m := range ms {
		if m.Linked() {
			ids = append(ids, m.TelegramID)
		}
	}
	if r.b.cfg.Contacts == nil || len(ids) == 0 {
		return map[int64]bool{}
	}
	ok, err := r.b.cfg.Contacts.Reachable(ctx, ids)
	if err != nil {
		r.b.log.Warn("reachable contacts", "branch_id", r.br.ID, "err", err)
		return map[int64]bool{}
	}
	return ok
}

func (r renderCtx) roster(ctx context.Context) ([]zhibu.Member, error) {
	return r.b.cfg.Service.Members(ctx, r.br.ID)
}

// names lists members as mentions joined with 、.
func names(ms []zhibu.Member) string {
	var out []string
	for _, m := range ms {
		out = append(out, mention(m.Name, m.Username))
	}
	return strings.Join(out, "、")
}

// left says how long until t: calendar days in the branch's zone from a
// day ahead, hours or minutes below.
func (r renderCtx) left(t time.Time) string {
	d := t.Sub(r.now)
	switch {
	case d >= 24*time.Hour:
		a, b := at(r.now, 0, r.loc), at(t, 0, r.loc)
		return msgf(msgDaysLeft, int(b.Sub(a).Hours()/24+0.5))
	case d >= time.Hour:
		return msgf(msgHoursLeft, int(d.Hours()+0.5))
	}
	return msgf(msgMinutesLeft, int(d.Minutes()+0.5))
}

// meeting: one group message naming everyone who has not answered, with
// the answer buttons again; a private note to those who can be reached;
// at check-in opening the 签到 button.
func (r renderCtx) meeting(ctx context.Context) ([]scheduler.Message, error) {
	m, err := r.b.cfg.Meetings.Lookup(ctx, r.br.ChatID, int(r.o.Ref))
	if err != nil || m.State != zhibu.MeetingScheduled || (r.o.Kind == kindMeetingLead && !r.now.Before(m.Start)) {
		return nil, nil
	}
	when := span(m, r.loc, r.now)
	if r.o.Kind == kindCheckIn {
		rows := [][]scheduler.Button{{{Text: btnCheckIn, Data: fmt.Sprintf("a:%d:c", m.Number)}}}
		return []scheduler.Message{r.group(msgf(msgRemindCheckIn, m.Number, esc(string(m.Type)), esc(when)), rows)}, nil
	}
	res, err := r.b.cfg.Meetings.ResultOf(ctx, m)
	if err != nil {
		return nil, err
	}
	roster, err := r.roster(ctx)
	if err != nil {
		return nil, err
	}
	byID := map[int64]zhibu.Member{}
	for _, mem := range roster {
		byID[mem.ID] = mem
	}
	var silent []zhibu.Member
	for _, a := range res.Records {
		if a.Expected && a.Answer == zhibu.AnswerNone && !a.CheckedIn() {
			silent = append(silent, byID[a.MemberID])
		}
	}
	text := msgf(msgRemindMeeting, r.late, m.Number, esc(string(m.Type)), esc(when), r.left(m.Start), esc(m.Place), orNone(m.Topic))
	if len(silent) > 0 {
		text += msgf(msgRemindUnanswered, names(silent))
	} else {
		text += msgRemindAllAnswered
	}
	out := []scheduler.Message{r.group(text, buttons(answerButtons(m.Number)))}
	ok := r.reachable(ctx, silent)
	for _, mem := range silent {
		if ok[mem.TelegramID] {
			out = append(out, r.private(mem.TelegramID, msgf(msgRemindPrivate, m.Number, esc(string(m.Type)), esc(when), esc(m.Place))))
		}
	}
	return out, nil
}
