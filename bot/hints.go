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

// rosterErr is nameError for roster commands: a removed name comes with how
// to restore it, and the last 书记 with how to appoint another, each only to
// whoever may do it.
func (b *Bot) rosterErr(r *request, err error, name string) error {
	switch {
	case errors.Is(err, zhibu.ErrRemoved) && b.may(r, zhibu.ActManageRoster):
		return userError(msgf(msgRemoved, echo(name)) + msgf(msgRemovedRestore, esc(name)))
	case errors.Is(err, zhibu.ErrLastSecretary) && b.may(r, zhibu.ActAssignRole):
		return userError(msgLastSecretary + msgLastSecretaryFix)
	}
	return nameError(err, name)
}

// officerUsage answers a malformed command of officers: its usage to those
// who may use it, and to anyone else the refusal saying who may.
func (b *Bot) officerUsage(r *request, a zhibu.Action, usage string) error {
	if err := b.refusal(r, a); err != nil {
		return err
	}
	b.reply(r, usage)
	return nil
}

// refusal is why the sender may not do a (not on the roster, or who may),
// nil when they may.
func (b *Bot) refusal(r *request, a zhibu.Action) error {
	_, m, err := b.cfg.Service.Actor(r.ctx, r.chatID, r.from)
	if err != nil {
		return err
	}
	return zhibu.Authorize(m, a)
}

// mayConvene reports whether the sender may run some meetings: officers,
// and a 党小组长 their group's.
func (b *Bot) mayConvene(r *request) bool {
	_, m, err := b.cfg.Service.Actor(r.ctx, r.chatID, r.from)
	return err == nil && !m.Removed && (zhibu.Can(m.Role, zhibu.ActManageAttendance) || m.Role == zhibu.RoleGroupLeader)
}
