package bot

import (
	"errors"

	"github.com/zhibu/zhibu"
)

// Hints suggest only what their reader may do: a usage line or a "use
// /meeting 3 更正" is chosen by the reader's role, read from the roster.

// may reports whether the sender may do a. Anyone not on the roster (or
// any failure to read it) may not: a hint then stays on the safe side.
func (b *Bot) may(r *request, a zhibu.Action) bool {
	_, m, err := b.cfg.Service.Actor(r.ctx, r.chatID, r.from)
	return err == nil && zhibu.Authorize(m, a) == nil
}

// usage answers with the officers' usage when the sender may do a, the
// members' otherwise.
func (b *Bot) usage(r *request, a zhibu.Action, officers, members string) {
	if b.may(r, a) {
		b.reply(r, officers)
		return
	}
	b.reply(r, members)
}

// meetingErr is meetingError for a reader: a closed meeting points officers
// to 更正 and tells members only that it is over.
func (b *Bot) meetingErr(r *request, err error, n int) error {
	if errors.Is(err, zhibu.ErrMeetingClosed) && n > 0 && b.may(r, zhibu.ActManageAttendance) {
		return userError(msgf(msgClosedFix, n, n))
	}
	return meetingError(err, n)
}
