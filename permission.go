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
)

// Actions lists every action, for tests and help texts.
var Actions = []Action{ActViewRoster, ActViewRosterDetails, ActManageRoster, ActDecideJoin, ActAssignRole, ActRenameBranch}

// permissions is the one table of who may do what: role × action.
// Roles not listed for an action may not do it. People who are not on the
// roster may do none of these.
var permissions = map[Action][]Role{
	ActViewRoster:        Roles,
	ActViewRosterDetails: {RoleSecretary, RoleDeputy, RoleOrganizer, RolePublicity, RoleDiscipline},
	ActManageRoster:      {RoleSecretary, RoleDeputy, RoleOrganizer},
	ActDecideJoin:        {RoleSecretary, RoleDeputy, RoleOrganizer},
	ActAssignRole:        {RoleSecretary},
	ActRenameBranch:      {RoleSecretary, RoleDeputy},
}

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
