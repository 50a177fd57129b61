// Package zhibu is the domain of the zhibu branch bot: the people of a Party
// branch (党支部), their roles, and the rules that govern what each may do.
//
// The package imports only the standard library. It knows nothing of
// Telegram, SQL or the clock on the wall: adapters implement the store
// interfaces declared here, and every rule that depends on time takes the
// current time as an argument or from an injected func.
package zhibu

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sentinel errors. Adapters map them to user messages; anything else is an
// internal error that is logged and answered with a generic apology.
var (
	// ErrNotFound means the thing asked for does not exist in this branch.
	ErrNotFound = errors.New("not found")
	// ErrUnavailable means the database failed (locked, read-only, full):
	// nothing of the work was kept, and it may be tried again later.
	ErrUnavailable = errors.New("database unavailable")
	// ErrNoBranch means the chat has no registered branch yet (/setup first).
	ErrNoBranch = errors.New("no branch registered for this chat")
	// ErrBranchInactive means the branch was deactivated (the bot was removed).
	ErrBranchInactive = errors.New("branch inactive")
	// ErrNotMember means the sender is not on the branch's roster.
	ErrNotMember = errors.New("not on the roster")
	// ErrNotChatAdmin means the sender is not an administrator of the group chat.
	ErrNotChatAdmin = errors.New("not a chat administrator")
	// ErrAlreadyMember means the sender is already linked to a roster entry.
	ErrAlreadyMember = errors.New("already a member")
	// ErrNameTaken means another roster entry already has that name.
	ErrNameTaken = errors.New("name already on the roster")
	// ErrNameLinked means the roster entry of that name is linked to another account.
	ErrNameLinked = errors.New("name linked to another account")
	// ErrJoinPending means the sender already has a join request waiting.
	ErrJoinPending = errors.New("join request pending")
	// ErrAlreadyDecided means a request was decided before (e.g. a second button press).
	ErrAlreadyDecided = errors.New("already decided")
	// ErrLastSecretary means the change would leave the branch without a 书记.
	ErrLastSecretary = errors.New("branch would have no secretary")
	// ErrRemoved means the roster entry was removed and cannot be changed.
	ErrRemoved = errors.New("member removed")
)

// ForbiddenError means the actor's role does not allow the action.
type ForbiddenError struct {
	Action Action
}

func (e *ForbiddenError) Error() string { return fmt.Sprintf("forbidden: %s", e.Action) }

// Problem names what is wrong with a piece of user input.
type Problem string

// Problems a ValidationError can carry.
const (
	ProblemEmpty   Problem = "empty"
	ProblemTooLong Problem = "too_long"
	ProblemInvalid Problem = "invalid"
	ProblemUnknown Problem = "unknown" // a value outside a fixed list
)

// Field names used by ValidationError.
const (
	FieldName       = "name"
	FieldBranchName = "branch_name"
	FieldStatus     = "status"
	FieldGroup      = "group"
	FieldRole       = "role"
	FieldExempt     = "exempt"
	FieldSetting    = "setting"
	FieldTimeZone   = "time_zone"

	FieldCampaignName = "campaign_name"
	FieldStageName    = "stage_name"
	FieldCallText     = "call_text"     // a pledge call's 征集说明
	FieldSubmission   = "submission"    // a stage's submitted material
	FieldCannotReason = "cannot_reason" // why a pledge cannot be kept
)

// ValidationError describes one bad piece of user input.
type ValidationError struct {
	Field   string
	Problem Problem
	Value   string
	Limit   int  // the maximum length for ProblemTooLong
	Char    rune // the refused character for ProblemHidden
}

func (e *ValidationError) Error() string {
	return fmt.Sprintf("invalid %s %q: %s", e.Field, e.Value, e.Problem)
}

// Length limits on names, in characters (runes).
const (
	MaxNameLen       = 20
	MaxBranchNameLen = 40
	MaxGroupLen      = 20
)

// CleanName trims a name and checks it: 1..limit characters, no line breaks,
// spaces or control characters (names are single words in commands).
func CleanName(field, s string, limit int) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", &ValidationError{Field: field, Problem: ProblemEmpty}
	}
	if utf8.RuneCountInString(s) > limit {
		return "", &ValidationError{Field: field, Problem: ProblemTooLong, Value: s, Limit: limit}
	}
	if err := checkHidden(field, s); err != nil {
		return "", err
	}
	for _, r := range s {
		if unicode.IsSpace(r) || r == utf8.RuneError {
			return "", &ValidationError{Field: field, Problem: ProblemInvalid, Value: s}
		}
	}
	return s, nil
}

// CleanTitle is CleanName for titles that may contain inner spaces (branch names).
func CleanTitle(field, s string, limit int) (string, error) {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return "", &ValidationError{Field: field, Problem: ProblemEmpty}
	}
	if utf8.RuneCountInString(s) > limit {
		return "", &ValidationError{Field: field, Problem: ProblemTooLong, Value: s, Limit: limit}
	}
	if err := checkHidden(field, s); err != nil {
		return "", err
	}
	for _, r := range s {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return "", &ValidationError{Field: field, Problem: ProblemInvalid, Value: s}
		}
	}
	return s, nil
}
