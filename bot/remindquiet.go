package bot

import (
	"context"
	"time"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/cntime"
)

// Deliveries tells what became of reminder occurrences, by key
// (*storage.DB).
type Deliveries interface {
	Outcomes(ctx context.Context, keys []string) (map[string]zhibu.DeliveryOutcome, error)
}

// branchView is the branch with its settings, as the reminder rules see it.
func (b *Bot) branchView(ctx context.Context, br zhibu.Branch) (*zhibu.BranchView, error) {
	st, err := b.cfg.Compliance.SettingsOf(ctx, br.ID)
	if err != nil {
		return nil, err
	}
	return &zhibu.BranchView{Branch: br, Settings: st}, nil
}

// quietNote is the line under /remind's reply that says when quiet hours
// will post a branch reminder (for a recurring one, its first time they
// hold); "" when they hold none. A member's own reminder is never held.
func (b *Bot) quietNote(ctx context.Context, br zhibu.Branch, rem zhibu.Reminder) (string, error) {
	if rem.Private {
		return "", nil
	}
	v, err := b.branchView(ctx, br)
	if err != nil {
		return "", err
	}
	loc := br.Location()
	next, err := b.cfg.Reminders.Schedule(rem, loc)
	if err != nil {
		return "", err
	}
	now := b.cfg.Now().In(loc)
	o, ok := zhibu.FirstHeld(v, rem, next, now)
	if !ok {
		return "", nil
	}
	start, end := cntime.FormatTimeOfDay(v.Settings.QuietStart), cntime.FormatTimeOfDay(v.Settings.QuietEnd)
	at := esc(cntime.FormatReading(o.SendAt().In(loc), now))
	if rem.Spec == "" {
		return "\n" + msgf(msgQuietHeldOnce, start, end, at), nil
	}
	return "\n" + msgf(msgQuietHeldRecurring, start, end, esc(cntime.FormatReading(o.FireAt.In(loc), now)), at), nil
}

// missedOnce reports which of the one-off reminders whose time has come
// were never sent: missed while the bot was not running (their delivery
// was dropped). Without Deliveries, none.
func (b *Bot) missedOnce(ctx context.Context, rs []zhibu.Reminder, now time.Time) (map[int64]bool, error) {
	if b.cfg.Deliveries == nil {
		return nil, nil
	}
	byKey := map[string]int64{}
	var keys []string
	for _, r := range rs {
		if r.Spec == "" && !r.Once.After(now) {
			k := r.OccurrenceKey(r.Once)
			byKey[k] = r.ID
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return nil, nil
	}
	outcomes, err := b.cfg.Deliveries.Outcomes(ctx, keys)
	if err != nil {
		return nil, err
	}
	missed := map[int64]bool{}
	for k, o := range outcomes {
		if o == zhibu.DeliveryDropped {
			missed[byKey[k]] = true
		}
	}
	return missed, nil
}

// reminderNext is /reminders' 下次 of rem at now: when it is really sent
// next — with the time it was due, when quiet hours hold it — or 已暂停,
// 未发出 for a one-off missed, 无 when nothing comes.
func (b *Bot) reminderNext(v *zhibu.BranchView, rem zhibu.Reminder, missed bool, now time.Time) string {
	switch {
	case rem.Paused:
		return msgReminderPaused
	case missed:
		return msgReminderMissed
	}
	loc := v.Location()
	now = now.In(loc)
	next, err := b.cfg.Reminders.Schedule(rem, loc)
	if err != nil {
		return msgNone
	}
	o, ok := zhibu.NextSend(v, rem, next, now)
	if !ok {
		return msgNone
	}
	at := esc(cntime.FormatReading(o.SendAt().In(loc), now)) + makeUpNote(rem.Spec, o.FireAt.In(loc))
	if o.Held() {
		return msgf(msgReminderHeld, at, esc(cntime.FormatReading(o.FireAt.In(loc), now)))
	}
	return at
}
