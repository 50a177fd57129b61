package zhibu

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func rosterNames(ms []Member) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Name)
	}
	return out
}

func TestRoster(t *testing.T) {
	svc, st, b := newTestBranch(t)
	ctx := context.Background()
	gone := mustMember(t, st, b.ID, "孙七")
	gone.Removed = true
	mustSave(t, st, gone,
		Member{BranchID: b.ID, Name: "钱小组", Status: StatusFull, Group: "第一党小组", Role: RoleGroupLeader},
		Member{BranchID: b.ID, Name: "吴二", Status: StatusFull, Group: "第二党小组"},
		Member{BranchID: b.ID, Name: "郑一", Status: StatusFull, Group: "第一党小组"},
	)
	// Officers by rank, then by 党小组 (none first), then in the order added.
	wantNames := []string{"王书记", "李组织", "钱小组", "张三", "赵六", "郑一", "吴二"}
	tests := []struct {
		p            Person
		wantDetailed bool
	}{
		{secretary, true},
		{organizer, true},
		{member, false},
	}
	for _, tt := range tests {
		got, err := svc.Roster(ctx, testChat, tt.p)
		if err != nil {
			t.Fatalf("Roster(%s) = %v", tt.p.DisplayName, err)
		}
		if got.Detailed != tt.wantDetailed || got.Branch.ID != b.ID {
			t.Errorf("Roster(%s) = Detailed %v, branch %d; want %v, %d", tt.p.DisplayName, got.Detailed, got.Branch.ID, tt.wantDetailed, b.ID)
		}
		if diff := cmp.Diff(wantNames, rosterNames(got.Members)); diff != "" {
			t.Errorf("Roster(%s) names (-want +got):\n%s", tt.p.DisplayName, diff)
		}
	}
	if _, err := svc.Roster(ctx, testChat, outsider); !errors.Is(err, ErrNotMember) {
		t.Errorf("Roster(outsider) = %v, want ErrNotMember", err)
	}
}

func TestAddMember(t *testing.T) {
	svc, st, b := newTestBranch(t)
	ctx := context.Background()
	got, err := svc.AddMember(ctx, testChat, organizer, " 新同志 ", "", "第二党小组")
	if err != nil {
		t.Fatalf("AddMember(新同志) = %v", err)
	}
	want := Member{ID: 6, BranchID: b.ID, Name: "新同志", Status: StatusFull, Group: "第二党小组", CreatedAt: testNow, UpdatedAt: testNow}
	if diff := cmp.Diff(Added{Member: want}, got); diff != "" {
		t.Errorf("AddMember(新同志) mismatch (-want +got):\n%s", diff)
	}
	wantLog := []Change{{BranchID: b.ID, ActorID: organizer.TelegramID, ActorName: "李组织", Action: "member.add",
		Subject: "新同志", After: describe(want), At: testNow}}
	if diff := cmp.Diff(wantLog, st.log()); diff != "" {
		t.Errorf("audit log mismatch (-want +got):\n%s", diff)
	}

	tests := []struct {
		name    string
		p       Person
		add     string
		wantErr error
	}{
		{name: "duplicate", p: secretary, add: "张三", wantErr: ErrNameTaken},
		{name: "ordinary member may not", p: member, add: "路人", wantErr: &ForbiddenError{}},
		{name: "outsider", p: outsider, add: "路人", wantErr: ErrNotMember},
		{name: "bad name", p: secretary, add: "路 人", wantErr: &ValidationError{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := svc.AddMember(ctx, testChat, tt.p, tt.add, StatusFull, ""); !sameError(err, tt.wantErr) {
				t.Errorf("AddMember(%s, %q) = %v, want %v", tt.p.DisplayName, tt.add, err, tt.wantErr)
			}
		})
	}
	if len(st.log()) != 1 {
		t.Errorf("audit log has %d changes after refusals, want 1", len(st.log()))
	}
}

func TestAddMemberRestoresRemoved(t *testing.T) {
	svc, st, b := newTestBranch(t)
	ctx := context.Background()
	removed, err := svc.RemoveMember(ctx, testChat, secretary, "赵六")
	if err != nil {
		t.Fatalf("RemoveMember(赵六) = %v", err)
	}
	added, err := svc.AddMember(ctx, testChat, secretary, "赵六", StatusFull, "")
	if err != nil {
		t.Fatalf("AddMember(removed 赵六) = %v, want nil", err)
	}
	got := added.Member
	if got.ID != removed.ID || got.Removed || got.Status != StatusFull {
		t.Errorf("AddMember(removed 赵六) = %+v, want entry %d restored as 正式党员", got, removed.ID)
	}
	if ms, _ := st.Members(ctx, b.ID); len(ms) != 5 {
		t.Errorf("roster has %d entries, want 5 (no duplicate)", len(ms))
	}
}

func TestSetMember(t *testing.T) {
	tests := []struct {
		name, who, setting, value string
		want                      func(*Member)
	}{
		{name: "rename", who: "张三", setting: SettingName, value: "张叁", want: func(m *Member) { m.Name = "张叁" }},
		{name: "status alias", who: "赵六", setting: SettingStatus, value: "正式", want: func(m *Member) { m.Status = StatusFull }},
		{name: "group", who: "张三", setting: SettingGroup, value: "第二党小组", want: func(m *Member) { m.Group = "第二党小组" }},
		{name: "group 无 clears", who: "李组织", setting: SettingGroup, value: "无", want: func(m *Member) { m.Group = "" }},
		{name: "exempt", who: "张三", setting: SettingExempt, value: "年老体弱", want: func(m *Member) { m.Exempt = ExemptFrail }},
		{name: "exempt 是", who: "张三", setting: SettingExempt, value: "是", want: func(m *Member) { m.Exempt = ExemptGeneral }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc, st, b := newTestBranch(t)
			before := mustMember(t, st, b.ID, tt.who)
			got, err := svc.SetMember(context.Background(), testChat, organizer, tt.who, tt.setting, tt.value)
			if err != nil {
				t.Fatalf("SetMember(%s, %s, %s) = %v", tt.who, tt.setting, tt.value, err)
			}
			want := before
			tt.want(&want)
			want.UpdatedAt = testNow
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("SetMember(%s, %s, %s) mismatch (-want +got):\n%s", tt.who, tt.setting, tt.value, diff)
			}
			if diff := cmp.Diff(want, mustMember(t, st, b.ID, want.Name)); diff != "" {
				t.Errorf("stored entry mismatch (-want +got):\n%s", diff)
			}
			log := st.log()
			if len(log) != 1 || log[0].Action != "member.set" || log[0].Subject != tt.who || log[0].Before != describe(before) {
				t.Errorf("audit log = %+v, want one member.set of %s from %q", log, tt.who, describe(before))
			}
		})
	}
}

func TestSetMemberRefusals(t *testing.T) {
	tests := []struct {
		name, who, setting, value string
		wantErr                   error
	}{
		{name: "unknown setting", who: "张三", setting: "电话", value: "123",
			wantErr: &ValidationError{Field: FieldSetting, Problem: ProblemUnknown, Value: "电话"}},
		{name: "office holder to activist", who: "李组织", setting: SettingStatus, value: "积极分子", wantErr: ErrOfficeNeedsMember},
		{name: "unknown status", who: "张三", setting: SettingStatus, value: "群众", wantErr: &ValidationError{}},
		{name: "name taken", who: "张三", setting: SettingName, value: "赵六", wantErr: ErrNameTaken},
		{name: "unknown member", who: "路人", setting: SettingGroup, value: "无", wantErr: ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc, st, b := newTestBranch(t)
			before, _ := st.Members(context.Background(), b.ID)
			_, err := svc.SetMember(context.Background(), testChat, secretary, tt.who, tt.setting, tt.value)
			if ve, ok := tt.wantErr.(*ValidationError); ok && ve.Field != "" {
				checkValidation(t, "SetMember("+tt.setting+")", err, ve)
			} else if !sameError(err, tt.wantErr) {
				t.Errorf("SetMember(%s, %s, %s) = %v, want %v", tt.who, tt.setting, tt.value, err, tt.wantErr)
			}
			after, _ := st.Members(context.Background(), b.ID)
			if diff := cmp.Diff(before, after); diff != "" || len(st.log()) != 0 {
				t.Errorf("refused SetMember changed the roster (-before +after):\n%s\nlog: %v", diff, st.log())
			}
		})
	}
	svc, _, _ := newTestBranch(t)
	if _, err := svc.SetMember(context.Background(), testChat, member, "张三", SettingGroup, "无"); !sameError(err, &ForbiddenError{}) {
		t.Errorf("SetMember(by ordinary member) = %v, want ForbiddenError", err)
	}
}
