package zhibu

import (
	"errors"
	"testing"
)

func TestCanEveryCell(t *testing.T) {
	// Rows: 书记 副书记 组织委员 宣传委员 纪检委员 党小组长 普通党员.
	want := map[Action][7]bool{
		ActViewRoster:        {true, true, true, true, true, true, true},
		ActViewRosterDetails: {true, true, true, true, true, false, false},
		ActManageRoster:      {true, true, true, false, false, false, false},
		ActDecideJoin:        {true, true, true, false, false, false, false},
		ActAssignRole:        {true, false, false, false, false, false, false},
		ActRenameBranch:      {true, true, false, false, false, false, false},
		ActScheduleMeeting:   {true, true, true, true, true, false, false},
		ActManageAttendance:  {true, true, true, true, true, false, false},
		ActViewAttendance:    {true, true, true, true, true, false, false},
		ActWriteMinutes:      {true, true, true, true, true, false, false},
		ActExport:            {true, true, true, true, true, false, false},
		ActReviewPledge:      {true, true, true, true, true, false, false},
		ActCallPledges:       {true, true, true, true, true, false, false},
		ActPledgeStats:       {true, true, true, true, true, false, false},
		ActManageCampaign:    {true, true, true, true, true, false, false},
	}
	if len(want) != len(Actions) {
		t.Fatalf("table covers %d actions, domain has %d", len(want), len(Actions))
	}
	for _, a := range Actions {
		row, ok := want[a]
		if !ok {
			t.Fatalf("action %s missing from the expected table", a)
		}
		for i, r := range Roles {
			if got := Can(r, a); got != row[i] {
				t.Errorf("Can(%q, %s) = %v, want %v", r, a, got, row[i])
			}
		}
	}
}

func TestAuthorizeRemovedMember(t *testing.T) {
	m := Member{Name: "张三", Role: RoleSecretary, Removed: true}
	var fe *ForbiddenError
	if err := Authorize(m, ActViewRoster); !errors.As(err, &fe) || fe.Action != ActViewRoster {
		t.Errorf("Authorize(removed 书记) = %v, want ForbiddenError{view_roster}", err)
	}
	m.Removed = false
	if err := Authorize(m, ActAssignRole); err != nil {
		t.Errorf("Authorize(书记, assign_role) = %v, want nil", err)
	}
}

func TestRolesFor(t *testing.T) {
	got := RolesFor(ActManageRoster)
	want := []Role{RoleSecretary, RoleDeputy, RoleOrganizer}
	if len(got) != len(want) {
		t.Fatalf("RolesFor(manage_roster) = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("RolesFor(manage_roster)[%d] = %q, want %q", i, got[i], want[i])
		}
	}
}
