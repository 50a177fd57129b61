package bot

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/cntime"
)

func msgf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

// maxEcho is how many characters of a person's input a message quotes back:
// enough to recognise it, never the thousands a pasted text may hold.
const maxEcho = 30

// echo escapes a fragment of a person's input that a message quotes back,
// cut to maxEcho characters with "…", so that a reply to an over-long
// input says what was wrong in a few words instead of repeating it.
func echo(s string) string {
	if r := []rune(s); len(r) > maxEcho {
		s = string(r[:maxEcho]) + "…"
	}
	return esc(s)
}

// userMessage maps an error to what the user reads. known is false for
// internal errors, which get the apology and must be logged.
func userMessage(err error) (text string, known bool) {
	var fe *zhibu.ForbiddenError
	var ve *zhibu.ValidationError
	var ue userError
	var le *zhibu.LimitError
	var la *zhibu.LookAlikeError
	switch {
	case errors.As(err, &ue):
		return string(ue), true
	case errors.As(err, &le):
		return limitText(le), true
	case errors.As(err, &fe):
		return forbiddenText(fe.Action), true
	case errors.As(err, &ve):
		return validationText(ve), true
	case errors.As(err, &la):
		return msgf(msgLookAlike, echo(la.Existing), echo(la.Name)), true
	}
	if text, ok := officeMessage(err); ok {
		return text, true
	}
	for _, e := range sentinelTexts {
		if errors.Is(err, e.err) {
			return e.text, true
		}
	}
	return msgApology, false
}

var sentinelTexts = []struct {
	err  error
	text string
}{
	{zhibu.ErrNoBranch, msgNoBranch},
	{zhibu.ErrBranchInactive, msgInactive},
	{zhibu.ErrNotMember, msgNotMember},
	{zhibu.ErrNotChatAdmin, msgNotChatAdmin},
	{zhibu.ErrRegistrationClosed, msgRegClosed},
	{zhibu.ErrRegistrationPending, msgRegWaiting},
	{zhibu.ErrNotOperator, msgNotOperator},
	{zhibu.ErrLastSecretary, msgLastSecretary},
	{zhibu.ErrOfficeNeedsMember, msgOfficeNeedsMember},
	{zhibu.ErrAlreadyMember, msgAlreadyMember},
	{zhibu.ErrJoinPending, msgJoinPending},
	{zhibu.ErrAlreadyDecided, msgAlreadyDecided},
	{zhibu.ErrFileTooLarge, msgImportTooBig},
	{zhibu.ErrNotUTF8, msgImportNotUTF8},
	{zhibu.ErrNotCSV, msgImportNotCSV},
	{zhibu.ErrNoRows, msgImportNoRows},
	{zhibu.ErrTooManyRows, msgImportTooMany},
	{zhibu.ErrInPast, msgInPast},
	{zhibu.ErrBackfillFuture, msgBackfillFuture},
	{zhibu.ErrNoGroup, msgNoGroup},
}

// forbiddenText says who may do an action: "只有书记、副书记可以修改支部名称。"
func forbiddenText(a zhibu.Action) string {
	var names []string
	for _, r := range zhibu.RolesFor(a) {
		if r == zhibu.RoleNone {
			names = append(names, "名册上的同志")
			continue
		}
		names = append(names, string(r))
	}
	return msgf(msgForbiddenAction, strings.Join(names, "、"), actionVerbs[a])
}

func validationText(ve *zhibu.ValidationError) string {
	label := fieldLabels[ve.Field]
	switch {
	case ve.Field == zhibu.FieldCannotReason && ve.Problem == zhibu.ProblemEmpty:
		return msgCannotEmpty
	case ve.Field == zhibu.FieldMeetingType && ve.Problem == zhibu.ProblemEmpty:
		return msgMeetingNoType
	case ve.Problem == zhibu.ProblemHidden:
		return msgf(msgHiddenInField, label, zhibu.CharName(ve.Char))
	case ve.Problem == zhibu.ProblemEmpty:
		return msgf(msgValueEmpty, label)
	case ve.Problem == zhibu.ProblemTooLong:
		return msgf(msgNameTooLong, label, ve.Limit, utf8.RuneCountInString(ve.Value), echo(ve.Value))
	case ve.Field == zhibu.FieldStatus:
		return msgf(msgStatusUnknown, echo(ve.Value))
	case ve.Field == zhibu.FieldRole:
		return msgf(msgRoleUnknown, echo(ve.Value))
	case ve.Field == zhibu.FieldExempt:
		return msgExemptUnknown
	case ve.Field == zhibu.FieldSetting:
		return msgf(msgSettingUnknown, echo(ve.Value))
	case ve.Field == zhibu.FieldMeetingType:
		return msgf(msgTypeUnknown, echo(ve.Value))
	case ve.Field == zhibu.FieldEnd:
		return msgEndBeforeStart
	case ve.Field == zhibu.FieldPlace && ve.Problem == zhibu.ProblemEmpty:
		return msgMeetingNoPlace
	case ve.Field == "header":
		return msgf(msgHeaderUnknown, echo(ve.Value))
	}
	return msgf(msgNameInvalid, echo(ve.Value), label)
}

// nameError adds the name to not-found and duplicate errors, which the
// domain reports without it.
func nameError(err error, name string) error {
	switch {
	case errors.Is(err, zhibu.ErrNotFound):
		return userError(msgf(msgNotFoundName, echo(name)))
	case errors.Is(err, zhibu.ErrNameTaken):
		return userError(msgf(msgNameTaken, echo(name)))
	case errors.Is(err, zhibu.ErrRemoved):
		return userError(msgf(msgRemoved, echo(name)))
	case errors.Is(err, zhibu.ErrNameLinked):
		return userError(msgf(msgNameLinked, echo(name)))
	case errors.Is(err, zhibu.ErrNotLinked):
		return userError(msgf(msgNotLinked, echo(name)))
	}
	return err
}

// userError is a finished user message carried as an error.
type userError string

func (e userError) Error() string { return string(e) }

// timeReasonText is the refusal of a time that was understood but not
// precise enough (七八点, 零点), naming what to write instead.
func timeReasonText(te *cntime.TimeError) (string, bool) {
	switch te.Reason {
	case cntime.TimeFuzzy:
		return msgf(msgTimeFuzzy, echo(te.Input)), true
	case cntime.TimeNightHour:
		return msgf(msgTimeNightHour, echo(te.Input)), true
	}
	return "", false
}

// meetingError adds the meeting's number to errors the domain reports
// without it, and explains time errors with an example.
func meetingError(err error, n int) error {
	var te *cntime.TimeError
	var ve *zhibu.ValidationError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &te):
		if text, ok := timeReasonText(te); ok {
			return userError(text)
		}
		if te.Reason == cntime.TimeImpossible {
			return userError(msgf(msgTimeImpossible, echo(te.Input)))
		}
		return userError(msgf(msgTimeBad, echo(te.Input)))
	case errors.As(err, &ve) && ve.Field == zhibu.FieldGroup && ve.Problem == zhibu.ProblemUnknown:
		return userError(msgf(msgGroupUnknown, echo(ve.Value)))
	case errors.As(err, &ve) && ve.Field == zhibu.FieldReason && ve.Problem == zhibu.ProblemEmpty:
		return userError(msgReasonEmpty)
	case errors.As(err, &ve) && ve.Field == zhibu.FieldReason && ve.Problem == zhibu.ProblemTooLong:
		return userError(msgf(msgReasonTooLong, ve.Limit))
	case errors.As(err, &ve) && ve.Field == zhibu.FieldMinutes && ve.Problem == zhibu.ProblemTooLong:
		return userError(msgf(msgMinutesTooLong, ve.Limit))
	case errors.As(err, &ve) && ve.Field == "outcome":
		return userError(msgOutcomeUnknown)
	case errors.As(err, &ve) && ve.Field == zhibu.FieldHost:
		return userError(msgf(msgHostUnknown, echo(ve.Value)))
	case errors.Is(err, zhibu.ErrNotFound) && n > 0:
		return userError(msgf(msgMeetingNotFound, n))
	}
	var we *zhibu.CheckInWindowError
	if errors.As(err, &we) && we.Early() {
		// Not yet: say when, in the branch's zone.
		return userError(msgf(msgCheckInNotYet, n, esc(cntime.FormatReading(we.Opens.In(we.Loc), we.Now.In(we.Loc)))))
	}
	if we != nil {
		// Too late: say when it closed.
		return userError(msgf(msgCheckInOver, n, esc(cntime.FormatReading(we.Closes.In(we.Loc), we.Now.In(we.Loc)))))
	}
	for _, e := range meetingTexts {
		if errors.Is(err, e.err) {
			args := []any{n, n}[:strings.Count(e.text, "%d")]
			return userError(msgf(e.text, args...))
		}
	}
	return err
}

var meetingTexts = []struct {
	err  error
	text string
}{
	{zhibu.ErrMeetingCancelled, msgCancelled},
	{zhibu.ErrNotInvited, msgNotInvited},
	{zhibu.ErrMeetingClosed, msgClosed},
	{zhibu.ErrMeetingNotClosed, msgNotClosed},
	{zhibu.ErrCheckInClosed, msgCheckInClosed},
	{zhibu.ErrNotStarted, msgNotStarted},
}
