package zhibu

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRemoveMember(t *testing.T) {
	svc, st, b := newTestBranch(t)
	ctx := context.Background()
	before := mustMember(t, st, b.ID, "李组织")
	got, err := svc.RemoveMember(ctx, testChat, secretary, "李组织")
	if err != nil {
		t.Fatalf("RemoveMember(李组织) = %v", err)
	}
	want := before
	want.Removed, want.Role, want.UpdatedAt = true, RoleNone, testNow
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("RemoveMember(李组织) mismatch (-want +got):\n%s", diff)
	}
	wantLog := []Change{{BranchID: b.ID, ActorID: secretary.TelegramID, ActorName: "王书记", Action: "member.remove",
		Subject: "李组织", Before: describe(before), After: describe(want), At: testNow}}
	if diff := cmp.Diff(wantLog, st.log()); diff != "" {
		t.Errorf("audit log mismatch (-want +got):\n%s", diff)
	}
	if _, err := svc.RemoveMember(ctx, testChat, secretary, "李组织"); !errors.Is(err, ErrRemoved) {
		t.Errorf("RemoveMember(李组织 again) = %v, want ErrRemoved", err)
	}
	if _, err := svc.AddMember(ctx, testChat, organizer, "路人", StatusFull, ""); !errors.Is(err, ErrNotMember) {
		t.Errorf("AddMember(by removed 组织委员) = %v, want ErrNotMember", err)
	}
}

func TestRemoveLastSecretary(t *testing.T) {
	svc, st, b := newTestBranch(t)
	ctx := context.Background()
	before, _ := st.Members(ctx, b.ID)
	if _, err := svc.RemoveMember(ctx, testChat, secretary, "王书记"); !errors.Is(err, ErrLastSecretary) {
		t.Errorf("RemoveMember(王书记, only 书记) = %v, want ErrLastSecretary", err)
	}
	// Only the 书记 removes someone holding an office.
	var oe *OfficeError
	if _, err := svc.RemoveMember(ctx, testChat, organizer, "王书记"); !errors.As(err, &oe) || oe.Change != OfficeRemove {
		t.Errorf("RemoveMember(by 李组织, only 书记) = %v, want OfficeError{remove}", err)
	}
	after, _ := st.Members(ctx, b.ID)
	if diff := cmp.Diff(before, after); diff != "" || len(st.log()) != 0 {
		t.Errorf("refused RemoveMember changed the roster (-before +after):\n%s\nlog: %v", diff, st.log())
	}
}

func TestAssignRole(t *testing.T) {
	tests := []struct {
		name    string
		by      Person
		who     string
		role    Role
		wantErr error
	}{
		{name: "书记 appoints", by: secretary, who: "张三", role: RoleDiscipline},
		{name: "书记 clears an office", by: secretary, who: "李组织", role: RoleNone},
		{name: "probationary may hold office", by: secretary, who: "赵六", role: RoleGroupLeader},
		{name: "组织委员 may not", by: organizer, who: "张三", role: RoleDiscipline, wantErr: &ForbiddenError{}},
		{name: "ordinary member may not", by: member, who: "张三", role: RoleSecretary, wantErr: &ForbiddenError{}},
		{name: "activist may not hold office", by: secretary, who: "孙七", role: RolePublicity, wantErr: ErrOfficeNeedsMember},
		{name: "demoting the only 书记", by: secretary, who: "王书记", role: RoleDeputy, wantErr: ErrLastSecretary},
		{name: "unknown name", by: secretary, who: "路人", role: RoleDeputy, wantErr: ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc, st, b := newTestBranch(t)
			before := mustMember(t, st, b.ID, "王书记")
			if tt.who != "路人" {
				before = mustMember(t, st, b.ID, tt.who)
			}
			got, err := svc.AssignRole(context.Background(), testChat, tt.by, tt.who, tt.role)
			if tt.wantErr != nil {
				if !sameError(err, tt.wantErr) {
					t.Errorf("AssignRole(%s, %s, %q) = %v, want %v", tt.by.DisplayName, tt.who, tt.role, err, tt.wantErr)
				}
				if len(st.log()) != 0 {
					t.Errorf("refused AssignRole wrote %v", st.log())
				}
				return
			}
			if err != nil {
				t.Fatalf("AssignRole(%s, %s, %q) = %v", tt.by.DisplayName, tt.who, tt.role, err)
			}
			want := before
			want.Role, want.UpdatedAt = tt.role, testNow
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("AssignRole(%s, %q) mismatch (-want +got):\n%s", tt.who, tt.role, diff)
			}
			wantLog := []Change{{BranchID: b.ID, ActorID: tt.by.TelegramID, ActorName: "王书记", Action: "role.assign",
				Subject: tt.who, Before: describe(before), After: describe(want), At: testNow}}
			if diff := cmp.Diff(wantLog, st.log()); diff != "" {
				t.Errorf("audit log mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAssignRoleSecondSecretary(t *testing.T) {
	svc, st, b := newTestBranch(t)
	ctx := context.Background()
	if _, err := svc.AssignRole(ctx, testChat, secretary, "张三", RoleSecretary); err != nil {
		t.Fatalf("AssignRole(张三, 书记) = %v", err)
	}
	// With two 书记, the founder may step down; then 张三 is the last one.
	if _, err := svc.AssignRole(ctx, testChat, member, "王书记", RoleNone); err != nil {
		t.Errorf("AssignRole(王书记, 无) with two 书记 = %v, want nil", err)
	}
	if _, err := svc.AssignRole(ctx, testChat, member, "张三", RoleNone); !errors.Is(err, ErrLastSecretary) {
		t.Errorf("AssignRole(张三, 无) as the last 书记 = %v, want ErrLastSecretary", err)
	}
	if _, err := svc.AssignRole(ctx, testChat, secretary, "张三", RoleNone); !sameError(err, &ForbiddenError{}) {
		t.Errorf("AssignRole(by former 书记) = %v, want ForbiddenError", err)
	}
	var actions []string
	for _, c := range st.log() {
		actions = append(actions, c.Action+" "+c.Subject)
	}
	want := []string{"role.assign 张三", "role.assign 王书记"}
	if diff := cmp.Diff(want, actions); diff != "" {
		t.Errorf("audit log (-want +got):\n%s", diff)
	}
	if got := mustMember(t, st, b.ID, "王书记"); got.Role != RoleNone {
		t.Errorf("王书记 role = %q, want none", got.Role)
	}
}

func TestAssignRoleRemovedSecretaryDoesNotCount(t *testing.T) {
	svc, st, b := newTestBranch(t)
	mustSave(t, st, Member{BranchID: b.ID, Name: "老书记", Status: StatusFull, Role: RoleSecretary, Removed: true})
	st.resetLog()
	if _, err := svc.AssignRole(context.Background(), testChat, secretary, "王书记", RoleNone); !errors.Is(err, ErrLastSecretary) {
		t.Errorf("AssignRole(王书记, 无) beside a removed 书记 = %v, want ErrLastSecretary", err)
	}
}

func TestActionForbiddenNamesAction(t *testing.T) {
	svc, _, _ := newTestBranch(t)
	_, err := svc.AssignRole(context.Background(), testChat, organizer, "张三", RoleDeputy)
	var fe *ForbiddenError
	if !errors.As(err, &fe) || fe.Action != ActAssignRole {
		t.Errorf("AssignRole(by 组织委员) = %v, want ForbiddenError{%s}", err, ActAssignRole)
	}
}
