package bot

import (
	"context"
	"errors"

	"github.com/zhibu/zhibu"
)

// officeMessage is what a refusal about an office (职务) says: only the
// 书记 links, unlinks or removes an entry holding one, the applicant does
// not decide their own request, the branch keeps a 书记 with an account.
func officeMessage(err error) (string, bool) {
	var oe *zhibu.OfficeError
	switch {
	case errors.As(err, &oe):
		name, role := esc(oe.Name), esc(string(oe.Role))
		switch oe.Change {
		case zhibu.OfficeLink:
			return msgf(msgOfficeLink, name, role), true
		case zhibu.OfficeUnlink:
			return msgf(msgOfficeUnlink, name, role), true
		case zhibu.OfficeRemove:
			return msgf(msgOfficeRemove, name, role), true
		case zhibu.OfficeRename:
			return msgf(msgOfficeRename, name, role), true
		}
		return forbiddenText(zhibu.ActAssignRole), true
	case errors.Is(err, zhibu.ErrOwnJoin):
		return msgOwnJoin, true
	case errors.Is(err, zhibu.ErrSecretaryUnlinked):
		return msgSecretaryNoAcc, true
	}
	return "", false
}

// applicant names who asks for an entry holding an office so that the 书记
// can tell accounts apart: the display name with the @username, or,
// without one, the account id as a link to its profile (the id the
// detailed roster shows).
func applicant(req zhibu.JoinRequest) string {
	if req.Username != "" {
		return mention(req.DisplayName, req.Username)
	}
	return esc(req.DisplayName) + "（" + msgf(msgAccountID, req.TelegramID, req.TelegramID) + "）"
}

// joinCard is the text of a join request's card: one that would link an
// account to an office names it and says only the 书记 may approve.
func joinCard(out zhibu.JoinOutcome) string {
	card := joinCardText(out)
	if out.Again && out.Asked != "" && out.Asked != out.Request.Name {
		card += msgf(msgJoinOtherName, esc(out.Asked), esc(out.Request.Name))
	}
	return card
}

func joinCardText(out zhibu.JoinOutcome) string {
	req := out.Request
	who, name := mention(req.DisplayName, req.Username), esc(req.Name)
	switch {
	case out.Office != zhibu.RoleNone && out.Again:
		return msgf(msgJoinOfficeAgain, applicant(req), name, name, esc(string(out.Office)))
	case out.Office != zhibu.RoleNone:
		return msgf(msgJoinOfficeRequest, applicant(req), name, name, esc(string(out.Office)))
	case out.Again:
		// The card may never have reached the group: show it again.
		return msgf(msgJoinAgain, who, name)
	case out.OnRoster:
		return msgf(msgJoinRequest, who, name, msgf(msgJoinOnRoster, name))
	}
	return msgf(msgJoinRequest, who, name, "")
}

// tellOffice tells the 书记 privately that an account asks for a roster
// entry holding an office: the entry has no account to tell, and only they
// may approve. One who never opened a private chat reads the group's card.
// A request sent again was told of already: the 书记 hears of it once,
// however often the applicant repeats /join.
func (b *Bot) tellOffice(ctx context.Context, out zhibu.JoinOutcome) {
	if out.Office == zhibu.RoleNone || out.Again {
		return
	}
	req := out.Request
	name := esc(req.Name)
	text := msgf(msgJoinOfficeTell, applicant(req), name, esc(out.Branch.Name), name, esc(string(out.Office)))
	for _, s := range out.Tell {
		if err := b.send(ctx, s.TelegramID, text); err != nil {
			fail(ctx, err)
			return
		}
	}
}
