package zhibu

import "time"

// Status is a person's standing in the Party (docs/domain.md §1).
type Status string

// Statuses, in the order rosters list them.
const (
	StatusFull         Status = "正式党员"
	StatusProbationary Status = "预备党员"
	StatusDisciplined  Status = "留党察看" // a full member on disciplinary probation: no vote
	StatusCandidate    Status = "发展对象"
	StatusActivist     Status = "入党积极分子"
)

// Statuses lists every status in display order.
var Statuses = []Status{StatusFull, StatusProbationary, StatusDisciplined, StatusCandidate, StatusActivist}

var statusAliases = map[string]Status{
	"正式": StatusFull, "党员": StatusFull,
	"预备":   StatusProbationary,
	"积极分子": StatusActivist,
}

// ParseStatus reads a status by its full name or a common short form
// (正式, 预备, 积极分子).
func ParseStatus(s string) (Status, error) {
	for _, st := range Statuses {
		if string(st) == s {
			return st, nil
		}
	}
	if st, ok := statusAliases[s]; ok {
		return st, nil
	}
	if s == "" {
		return "", &ValidationError{Field: FieldStatus, Problem: ProblemEmpty}
	}
	return "", &ValidationError{Field: FieldStatus, Problem: ProblemUnknown, Value: s}
}

// IsPartyMember reports whether the status is that of a Party member (full,
// probationary or on probation), as opposed to an activist or candidate.
func (s Status) IsPartyMember() bool {
	return s == StatusFull || s == StatusProbationary || s == StatusDisciplined
}

// CanVote reports whether the member votes and elects: full members not
// under 留党察看 (党章 第七条, 第三十九条).
func (s Status) CanVote() bool { return s == StatusFull }

// Role is a member's office in the branch. RoleNone is an ordinary member.
type Role string

// Roles. The first five form the branch committee (支委会).
const (
	RoleNone        Role = ""
	RoleSecretary   Role = "书记"
	RoleDeputy      Role = "副书记"
	RoleOrganizer   Role = "组织委员"
	RolePublicity   Role = "宣传委员"
	RoleDiscipline  Role = "纪检委员"
	RoleGroupLeader Role = "党小组长"
)

// Roles lists every role, offices first, RoleNone last.
var Roles = []Role{RoleSecretary, RoleDeputy, RoleOrganizer, RolePublicity, RoleDiscipline, RoleGroupLeader, RoleNone}

// ParseRole reads a role name; "无" (none) clears the role.
func ParseRole(s string) (Role, error) {
	if s == "无" {
		return RoleNone, nil
	}
	for _, r := range Roles {
		if r != RoleNone && string(r) == s {
			return r, nil
		}
	}
	if s == "" {
		return "", &ValidationError{Field: FieldRole, Problem: ProblemEmpty}
	}
	return "", &ValidationError{Field: FieldRole, Problem: ProblemUnknown, Value: s}
}

// IsCommittee reports whether the role sits on the branch committee (支委).
func (r Role) IsCommittee() bool {
	switch r {
	case RoleSecretary, RoleDeputy, RoleOrganizer, RolePublicity, RoleDiscipline:
		return true
	}
	return false
}

// Exemption reasons: members excused from attendance (not counted in 应到),
// 党员教育管理工作条例 第二十三条.
const (
	ExemptNone    = ""
	ExemptFrail   = "年老体弱"
	ExemptAway    = "流动党员"
	ExemptGeneral = "免于考勤"
)

// ParseExempt reads the value of the 免于考勤 setting: 是/否 or a reason.
func ParseExempt(s string) (string, error) {
	switch s {
	case "是":
		return ExemptGeneral, nil
	case "否", "无":
		return ExemptNone, nil
	case ExemptFrail, ExemptAway, ExemptGeneral:
		return s, nil
	case "":
		return "", &ValidationError{Field: FieldExempt, Problem: ProblemEmpty}
	}
	return "", &ValidationError{Field: FieldExempt, Problem: ProblemUnknown, Value: s}
}

// Member is a person on a branch's roster. TelegramID is zero for members
// without a linked Telegram account; they still exist for attendance.
type Member struct {
	ID         int64
	BranchID   int64
	Name       string
	Status     Status
	Group      string // 党小组, empty when none
	Role       Role
	Exempt     string // reason for exemption from attendance, empty when expected
	TelegramID int64
	Username   string // Telegram @username without @, may be empty
	Removed    bool   // kept for history, no longer expected at meetings
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Linked reports whether the member has a Telegram account linked.
func (m Member) Linked() bool { return m.TelegramID != 0 }

// Person is whoever sent a message: a Telegram account, not necessarily on
// any roster.
type Person struct {
	TelegramID  int64
	Username    string
	DisplayName string
}

// Branch is one Party branch; one group chat holds one branch.
type Branch struct {
	ID       int64
	ChatID   int64
	Name     string
	TimeZone string // IANA name, e.g. Asia/Shanghai
	// Loc is TimeZone loaded, when the store resolved it (once per zone
	// name); Location falls back to loading it.
	Loc       *time.Location
	Active    bool
	CreatedAt time.Time
	UpdatedAt time.Time
}

// DefaultTimeZone is the branch time zone unless configured otherwise.
const DefaultTimeZone = "Asia/Shanghai"

// Location is the branch's time zone: Loc, or TimeZone (DefaultTimeZone
// when empty) loaded now; UTC when the name is unknown.
func (b Branch) Location() *time.Location {
	if b.Loc != nil {
		return b.Loc
	}
	name := b.TimeZone
	if name == "" {
		name = DefaultTimeZone
	}
	if loc, err := time.LoadLocation(name); err == nil {
		return loc
	}
	return time.UTC
}
