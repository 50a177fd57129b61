package zhibu

// Action is something a roster member may or may not do.
type Action string

// Actions governed by the permission table.
const (
	ActViewRoster        Action = "view_roster"         // names only
	ActViewRosterDetails Action = "view_roster_details" // status, group, role, linked
	ActManageRoster      Action = "manage_roster"       // add, set, remove, import
	ActDecideJoin        Action = "decide_join"         // approve or reject /join
	ActAssignRole        Action = "assign_role"
	ActRenameBranch      Action = "rename_branch"
	ActScheduleMeeting   Action = "schedule_meeting"  // schedule, change, cancel (党小组长: own 党小组会)
	ActManageAttendance  Action = "manage_attendance" // close, sign others in (党小组长: own 党小组会), reject leave, correct
	ActViewAttendance    Action = "view_attendance"   // everyone's answers, leave reasons and absences
	ActWriteMinutes      Action = "write_minutes"     // also the meeting's 记录人
	ActExport            Action = "export"            // ledgers (台账) as files
	ActReviewPledge      Action = "review_pledge"     // approve, return, confirm, grade pledges; approve changes
	ActCallPledges       Action = "call_pledges"      // post and close pledge calls, see who has not answered
	ActPledgeStats       Action = "pledge_stats"      // per-member pledge statistics
	ActManageCampaign    Action = "manage_campaign"   // campaigns, stages, cadence rules, branch reminders
)

// Actions lists every action, for tests and help texts.
var Actions = []Action{ActViewRoster, ActViewRosterDetails, ActManageRoster, ActDecideJoin, ActAssignRole, ActRenameBranch,
	ActScheduleMeeting, ActManageAttendance, ActViewAttendance, ActWriteMinutes, ActExport,
	ActReviewPledge, ActCallPledges, ActPledgeStats, ActManageCampaign}

// permissions is the one table of who may do what: role × action.
// Roles not listed for an action may not do it. People who are not on the
// roster may do none of these.
var permissions = map[Action][]Role{
	ActViewRoster:        Roles,
	ActViewRosterDetails: committee,
	ActManageRoster:      {RoleSecretary, RoleDeputy, RoleOrganizer},
	ActDecideJoin:        {RoleSecretary, RoleDeputy, RoleOrganizer},
	ActAssignRole:        {RoleSecretary},
	ActRenameBranch:      {RoleSecretary, RoleDeputy},
	ActScheduleMeeting:   committee,
	ActManageAttendance:  committee,
	ActViewAttendance:    committee,
	ActWriteMinutes:      committee,
	ActExport:            committee,
	ActReviewPledge:      committee,
	ActCallPledges:       committee,
	ActPledgeStats:       committee,
	ActManageCampaign:    committee,
}

// committee are the branch officers (支委).
var committee = []Role{RoleSecretary, RoleDeputy, RoleOrganizer, RolePublicity, RoleDiscipline}

// Can reports whether a member holding role may perform action.
func Can(role Role, action Action) bool {
	for _, r := range permissions[action] {
		if r == role {
			return true
		}
	}
	return false
}

// RolesFor lists the roles allowed an action, in Roles order, so a refusal
// can say who may do it.
func RolesFor(action Action) []Role {
	out := make([]Role, 0, len(permissions[action]))
	for _, r := range Roles {
		if Can(r, action) {
			out = append(out, r)
		}
	}
	return out
}

// Authorize returns a *ForbiddenError unless m may perform action.
func Authorize(m Member, action Action) error {
	if m.Removed || !Can(m.Role, action) {
		return &ForbiddenError{Action: action}
	}
	return nil
}
