package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/cntime"
)

// Upcomer lists the next reminders of a branch (*scheduler.Engine).
type Upcomer interface {
	Upcoming(ctx context.Context, branchID int64, n int, horizon time.Duration) ([]zhibu.Occurrence, error)
}

// cmdRemind: "/remind 何时 内容", or "/remind 删除|暂停|恢复 编号".
func (b *Bot) cmdRemind(r *request) error {
	if r.args == "" {
		b.reply(r, msgRemindUsage)
		return nil
	}
	verb, rest, _ := strings.Cut(r.args, " ")
	if verb == zhibu.ReminderDelete || verb == zhibu.ReminderPause || verb == zhibu.ReminderResume {
		n, err := strconv.Atoi(strings.TrimPrefix(strings.TrimSpace(rest), "#"))
		if err != nil || n <= 0 {
			b.reply(r, msgRemindUsage)
			return nil
		}
		rem, err := b.cfg.Reminders.SetState(r.ctx, r.chatID, r.from, n, verb)
		if errors.Is(err, zhibu.ErrNotFound) {
			return userError(msgf(msgRemindNotFound, n))
		}
		if err != nil {
			return err
		}
		b.reply(r, msgf(msgRemindState, verb, rem.Number))
		return nil
	}
	br, err := b.branch(r)
	if err != nil {
		return err
	}
	loc := br.Location()
	d, chosen, err := parseRemind(r.args, b.cfg.Now().In(loc))
	if err != nil {
		return err
	}
	d.Personal = !r.group // set in the private chat: the author's own
	rem, next, err := b.cfg.Reminders.Create(r.ctx, r.chatID, r.from, d)
	if errors.Is(err, zhibu.ErrInPast) && !d.Once.IsZero() {
		return b.inPast(r, d.Once, msgRemindPastAt)
	}
	if err != nil {
		return remindError(err, d)
	}
	scope, text := msgRemindScope, esc(rem.Text)
	if rem.Private {
		scope = msgRemindScopeMine
		if r.group {
			text = msgHiddenEcho // a personal reminder's text is its owner's
		}
	}
	note := chosenNote(chosen)
	if !d.Once.IsZero() && !chosen.HasClock {
		note = "\n" + msgRemindDefaultHour // 明天, 月底, 元旦: at 09:00
	}
	if !d.Once.IsZero() {
		// The time phrase is what comes before the text.
		note += tomorrowNote(strings.TrimSuffix(strings.TrimSpace(r.args), d.Text), d.Once.In(loc), b.cfg.Now().In(loc))
	}
	quiet, err := b.quietNote(r.ctx, br, rem)
	if err != nil {
		return err
	}
	b.reply(r, msgf(msgRemindMade, rem.Number, scope, text, esc(cntime.FormatReading(next.In(loc), b.cfg.Now().In(loc)))+makeUpNote(rem.Spec, next.In(loc)))+note+quiet)
	return nil
}

// chosenNote is the line that says which reading of a time phrase was
// taken, "" when it meant one time.
func chosenNote(w cntime.When) string {
	at := w.Time.Format("15:04")
	// The hour as written, with its minutes: 3点, 7点半 is 7:30.
	h := fmt.Sprintf("%d点", w.Hour12)
	if m := w.Time.Minute(); m != 0 {
		h = fmt.Sprintf("%d:%02d", w.Hour12, m)
	}
	switch w.Chosen {
	case cntime.ChoicePartHour:
		return "\n" + msgf(msgChosenPartHour, at)
	case cntime.ChoiceAfternoon:
		return "\n" + msgf(msgChosenAfternoon, h, at, h)
	case cntime.ChoiceMorning:
		return "\n" + msgf(msgChosenMorning, h, at, h)
	case cntime.ChoiceEvening:
		return "\n" + msgf(msgChosenEvening, h, at, h)
	}
	return ""
}

// parseRemind splits "何时 内容": a cron spec, the longest leading words
// that read as a recurrence, or the longest that read as a time (a day
// without a clock means 09:00).
func parseRemind(s string, now time.Time) (zhibu.ReminderDraft, cntime.When, error) {
	f := strings.Fields(s)
	if f[0] == "cron" {
		if len(f) < 7 {
			return zhibu.ReminderDraft{}, cntime.When{}, userError(msgf(msgCronBad, echo(strings.Join(f[1:], " "))))
		}
		return zhibu.ReminderDraft{Spec: "cron " + strings.Join(f[1:6], " "), Text: strings.Join(f[6:], " ")}, cntime.When{}, nil
	}
	// All of it a time ("每天 9点"): the content is missing, not "9点".
	if _, err := cntime.ParseRecurrence(s); err == nil && strings.ContainsAny(s, "每工") {
		return zhibu.ReminderDraft{}, cntime.When{}, userError(msgRemindEmpty)
	}
	if _, err := cntime.ParseTimeAhead(s, now); err == nil {
		return zhibu.ReminderDraft{}, cntime.When{}, userError(msgRemindEmpty)
	}
	// refused is the longest leading words read as a time there is not
	// (2月30日, 每月32日): the refusal says so rather than "not understood".
	var refused *cntime.TimeError
	for i := len(f) - 1; i >= 1; i-- {
		when := strings.Join(f[:i], " ")
		_, rerr := cntime.ParseRecurrence(when)
		if rerr == nil && strings.ContainsAny(when, "每工") {
			return zhibu.ReminderDraft{Spec: when, Text: strings.Join(f[i:], " ")}, cntime.When{}, nil
		}
		w, err := cntime.ParseTimeAhead(when, now)
		var te *cntime.TimeError
		if errors.As(err, &te) {
			if text, ok := timeReasonText(te); ok {
				return zhibu.ReminderDraft{}, cntime.When{}, userError(text)
			}
			if strings.ContainsAny(when, "每工") {
				errors.As(rerr, &te)
			}
			if refused == nil && te.Reason != cntime.TimeUnrecognized {
				refused = te
			}
		}
		if err == nil {
			t := w.Time
			if !w.HasClock {
				t = time.Date(t.Year(), t.Month(), t.Day(), zhibu.MorningHour, 0, 0, 0, now.Location())
			}
			return zhibu.ReminderDraft{Once: t, Text: strings.Join(f[i:], " ")}, w, nil
		}
	}
	if len(f) == 1 {
		return zhibu.ReminderDraft{}, cntime.When{}, userError(msgRemindEmpty)
	}
	if refused == nil {
		refused = &cntime.TimeError{Input: f[0], Reason: cntime.TimeUnrecognized}
	}
	return zhibu.ReminderDraft{}, cntime.When{}, userError(timeRefusal(refused, useRemind, now))
}

func remindError(err error, d zhibu.ReminderDraft) error {
	var ve *zhibu.ValidationError
	switch {
	case errors.Is(err, zhibu.ErrInPast):
		return userError(msgRemindPast)
	case errors.Is(err, zhibu.ErrTooOften):
		return userError(msgRemindTooOften)
	case errors.Is(err, zhibu.ErrNeverFires):
		return userError(msgRemindNever)
	case errors.Is(err, zhibu.ErrTooManyReminders):
		return userError(msgf(msgRemindTooMany, zhibu.MaxRemindersPerBranch))
	case errors.Is(err, zhibu.ErrTooManyPersonal):
		return userError(msgf(msgRemindTooManyMine, zhibu.MaxPersonalReminders))
	case errors.Is(err, zhibu.ErrCronSpec):
		return userError(msgf(msgCronBad, echo(strings.TrimPrefix(d.Spec, "cron "))))
	case errors.As(err, &ve) && ve.Field == zhibu.FieldContent && ve.Problem == zhibu.ProblemEmpty:
		return userError(msgRemindEmpty)
	case errors.As(err, &ve) && ve.Field == zhibu.FieldContent:
		return userError(msgf(msgRemindTooLong, zhibu.MaxReminderTextLen))
	}
	return err
}

// cmdReminders lists the reminders the sender may see, with next times.
func (b *Bot) cmdReminders(r *request) error {
	br, rs, err := b.cfg.Reminders.Visible(r.ctx, r.chatID, r.from)
	if err != nil {
		return err
	}
	if len(rs) == 0 {
		b.reply(r, msgRemindersNone)
		return nil
	}
	loc, now := br.Location(), b.cfg.Now()
	v, err := b.branchView(r.ctx, br)
	if err != nil {
		return err
	}
	missed, err := b.missedOnce(r.ctx, rs, now)
	if err != nil {
		return err
	}
	lines := []string{msgRemindersTitle}
	for _, rem := range rs {
		when, next := rem.Spec, b.reminderNext(v, rem, missed[rem.ID], now)
		if rem.Spec == "" {
			when = cntime.FormatReading(rem.Once.In(loc), now.In(loc))
		}
		scope, text := msgRemindScope, esc(rem.Text)
		if rem.Private {
			scope = msgRemindScopeMine
			if r.group {
				text = msgHiddenText // the group sees that it exists, not what it is
			}
		}
		lines = append(lines, msgf(msgReminderLine, rem.Number, esc(when), text, scope, next))
	}
	b.reply(r, strings.Join(lines, "\n"))
	return nil
}

// cmdUpcoming shows the next ten things the bot will send in this branch.
func (b *Bot) cmdUpcoming(r *request) error {
	br, _, err := b.cfg.Service.Actor(r.ctx, r.chatID, r.from)
	if err != nil {
		return err
	}
	if b.cfg.Upcoming == nil {
		b.reply(r, msgUpcomingNone)
		return nil
	}
	os, err := b.cfg.Upcoming.Upcoming(r.ctx, br.ID, 10, 60*24*time.Hour)
	if err != nil {
		return err
	}
	if len(os) == 0 {
		b.reply(r, msgUpcomingNone)
		return nil
	}
	loc, now := br.Location(), b.cfg.Now()
	lines := []string{msgUpcomingTitle}
	for _, o := range os {
		lines = append(lines, msgf(msgUpcomingLine, esc(cntime.FormatReading(o.FireAt.In(loc), now.In(loc))), esc(describe(o))))
	}
	b.reply(r, strings.Join(lines, "\n"))
	return nil
}

// describe names an upcoming occurrence: its kind and subject.
func describe(o zhibu.Occurrence) string {
	label := kindLabels[o.Kind]
	switch o.Kind {
	case zhibu.KindMeetingLead, zhibu.KindCheckIn:
		return msgf(msgUpcomingMeeting, label, o.Number)
	case zhibu.KindPledgeDue:
		return msgf(msgUpcomingPledge, label, o.Number)
	case zhibu.KindStageStart, zhibu.KindStageSoon, zhibu.KindStageSummary:
		return msgf(msgUpcomingStage, label, o.Number)
	case zhibu.KindCustom:
		if o.Title == "" {
			return msgUpcomingPersonal
		}
		return msgf(msgUpcomingCustom, label, o.Title)
	}
	return label
}
