package zhibu

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRequestJoin(t *testing.T) {
	svc, st, b := newTestBranch(t)
	ctx := context.Background()
	got, err := svc.RequestJoin(ctx, testChat, outsider, " 陈七 ")
	if err != nil {
		t.Fatalf("RequestJoin(陈七) = %v, want nil", err)
	}
	want := JoinOutcome{Branch: b, Request: JoinRequest{ID: 1, BranchID: b.ID, TelegramID: outsider.TelegramID, Username: "chen",
		DisplayName: "陈七", Name: "陈七", State: JoinPending, CreatedAt: testNow}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("RequestJoin(陈七) mismatch (-want +got):\n%s", diff)
	}
	if again, err := svc.RequestJoin(ctx, testChat, outsider, "陈七"); err != nil || !again.Again || again.Request.ID != got.Request.ID {
		t.Errorf("RequestJoin(twice) = %+v, %v; want the same request, again", again, err)
	}
	if len(st.log()) != 0 {
		t.Errorf("audit log after RequestJoin = %v, want empty (nothing on the roster changed)", st.log())
	}
}

func TestRequestJoinRefusals(t *testing.T) {
	svc, _, _ := newTestBranch(t)
	tests := []struct {
		name    string
		chatID  int64
		p       Person
		as      string
		wantErr error
	}{
		{name: "already member", chatID: testChat, p: member, as: "张三", wantErr: ErrAlreadyMember},
		{name: "already member under another name", chatID: testChat, p: member, as: "新名字", wantErr: ErrAlreadyMember},
		{name: "name linked to another account", chatID: testChat, p: outsider, as: "张三", wantErr: ErrNameLinked},
		{name: "no branch", chatID: -2002, p: outsider, as: "陈七", wantErr: ErrNoBranch},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := svc.RequestJoin(context.Background(), tt.chatID, tt.p, tt.as)
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("RequestJoin(%d, %s, %q) = %v, want %v", tt.chatID, tt.p.DisplayName, tt.as, err, tt.wantErr)
			}
		})
	}
	_, err := svc.RequestJoin(context.Background(), testChat, outsider, "陈 七")
	checkValidation(t, `RequestJoin("陈 七")`, err, &ValidationError{Field: FieldName, Problem: ProblemInvalid, Value: "陈 七"})
}

func TestJoinLinksRosterEntry(t *testing.T) {
	svc, st, b := newTestBranch(t)
	ctx := context.Background()
	zhao := Person{TelegramID: 301, Username: "zhao", DisplayName: "小赵"}
	out, err := svc.RequestJoin(ctx, testChat, zhao, "赵六")
	if err != nil || !out.OnRoster {
		t.Fatalf("RequestJoin(赵六 on the roster) = %+v, %v, want OnRoster", out, err)
	}
	before := mustMember(t, st, b.ID, "赵六")
	d, err := svc.DecideJoin(ctx, testChat, organizer, out.Request.ID, true, StatusProbationary)
	if err != nil {
		t.Fatalf("DecideJoin(approve) = %v, want nil", err)
	}
	r, m := d.Request, d.Member
	if d.Officer.TelegramID != organizer.TelegramID {
		t.Errorf("DecideJoin(approve) officer = %+v, want 李组织", d.Officer)
	}
	if r.State != JoinApproved || r.Status != StatusProbationary || r.DecidedBy != organizer.TelegramID || !r.DecidedAt.Equal(testNow) {
		t.Errorf("DecideJoin(approve) request = %+v, want approved by 李组织 as 预备党员", r)
	}
	want := before
	want.TelegramID, want.Username, want.UpdatedAt = zhao.TelegramID, "zhao", testNow
	if diff := cmp.Diff(want, m); diff != "" {
		t.Errorf("DecideJoin(approve) member mismatch (-want +got):\n%s", diff)
	}
	ms, _ := st.Members(ctx, b.ID)
	if len(ms) != 5 {
		t.Errorf("roster after linking 赵六 has %d entries, want 5 (no duplicate)", len(ms))
	}
	wantLog := []Change{{BranchID: b.ID, ActorID: organizer.TelegramID, ActorName: "李组织", Action: "join.approve",
		Subject: "赵六", Before: describe(before), After: describe(m), At: testNow}}
	if diff := cmp.Diff(wantLog, st.log()); diff != "" {
		t.Errorf("audit log mismatch (-want +got):\n%s", diff)
	}
	if _, got, err := svc.Actor(ctx, testChat, zhao); err != nil || got.Name != "赵六" {
		t.Errorf("Actor(小赵) = %+v, %v, want 赵六", got, err)
	}
}

func TestJoinApproveNewMember(t *testing.T) {
	svc, st, b := newTestBranch(t)
	ctx := context.Background()
	out, err := svc.RequestJoin(ctx, testChat, outsider, "陈七")
	if err != nil || out.OnRoster {
		t.Fatalf("RequestJoin(陈七) = %+v, %v, want a request, not on the roster", out, err)
	}
	d, err := svc.DecideJoin(ctx, testChat, secretary, out.Request.ID, true, StatusActivist)
	want := Member{ID: 6, BranchID: b.ID, Name: "陈七", Status: StatusActivist, TelegramID: outsider.TelegramID,
		Username: "chen", CreatedAt: testNow, UpdatedAt: testNow}
	if err != nil {
		t.Fatalf("DecideJoin(approve) = %v", err)
	}
	if diff := cmp.Diff(want, d.Member); diff != "" {
		t.Errorf("DecideJoin(approve) mismatch (-want +got):\n%s", diff)
	}
	if _, err := svc.DecideJoin(ctx, testChat, secretary, out.Request.ID, false, ""); !errors.Is(err, ErrAlreadyDecided) {
		t.Errorf("DecideJoin(second press) = %v, want ErrAlreadyDecided", err)
	}
	if len(st.log()) != 1 {
		t.Errorf("audit log has %d changes, want 1", len(st.log()))
	}
}

func TestJoinReject(t *testing.T) {
	svc, st, b := newTestBranch(t)
	ctx := context.Background()
	out, err := svc.RequestJoin(ctx, testChat, outsider, "陈七")
	if err != nil {
		t.Fatalf("RequestJoin() = %v", err)
	}
	d, err := svc.DecideJoin(ctx, testChat, secretary, out.Request.ID, false, "")
	if r := d.Request; err != nil || r.State != JoinRejected {
		t.Fatalf("DecideJoin(reject) = %+v, %v, want rejected", r, err)
	}
	if _, err := st.MemberByName(ctx, b.ID, "陈七"); !errors.Is(err, ErrNotFound) {
		t.Errorf("MemberByName(rejected 陈七) = %v, want ErrNotFound", err)
	}
	wantLog := []Change{{BranchID: b.ID, ActorID: secretary.TelegramID, ActorName: "王书记", Action: "join.reject",
		Subject: "陈七", After: "rejected", At: testNow}}
	if diff := cmp.Diff(wantLog, st.log()); diff != "" {
		t.Errorf("audit log mismatch (-want +got):\n%s", diff)
	}
	if _, err := svc.RequestJoin(ctx, testChat, outsider, "陈七"); err != nil {
		t.Errorf("RequestJoin(after rejection) = %v, want a new request", err)
	}
}

func TestDecideJoinRefusals(t *testing.T) {
	svc, st, _ := newTestBranch(t)
	ctx := context.Background()
	out, err := svc.RequestJoin(ctx, testChat, outsider, "陈七")
	if err != nil {
		t.Fatalf("RequestJoin() = %v", err)
	}
	other := Person{TelegramID: 401, DisplayName: "别的书记"}
	if _, err := svc.Setup(ctx, -3003, "第二党支部", "", other, true); err != nil {
		t.Fatalf("Setup(second branch) = %v", err)
	}
	id := out.Request.ID
	tests := []struct {
		name    string
		chatID  int64
		p       Person
		id      int64
		status  Status
		wantErr error
	}{
		{name: "ordinary member", chatID: testChat, p: member, id: id, status: StatusFull, wantErr: &ForbiddenError{}},
		{name: "officer of another branch", chatID: -3003, p: other, id: id, status: StatusFull, wantErr: ErrNotFound},
		{name: "unknown id", chatID: testChat, p: secretary, id: 99, status: StatusFull, wantErr: ErrNotFound},
		{name: "status not offered", chatID: testChat, p: secretary, id: id, status: StatusDisciplined, wantErr: &ValidationError{}},
		{name: "no status", chatID: testChat, p: secretary, id: id, status: "", wantErr: &ValidationError{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := svc.DecideJoin(ctx, tt.chatID, tt.p, tt.id, true, tt.status)
			if !sameError(err, tt.wantErr) {
				t.Errorf("DecideJoin(%d, %s, %d, %q) = %v, want %T %v", tt.chatID, tt.p.DisplayName, tt.id, tt.status, err, tt.wantErr, tt.wantErr)
			}
		})
	}
	if r, _ := st.JoinRequest(ctx, id); r.State != JoinPending || len(st.log()) != 1 {
		t.Errorf("after refusals: request %s, %d changes; want pending, 1 (the second branch)", r.State, len(st.log()))
	}
}

func TestDecideJoinOfficeNeedsMember(t *testing.T) {
	svc, st, b := newTestBranch(t)
	ctx := context.Background()
	mustSave(t, st, Member{BranchID: b.ID, Name: "周宣传", Status: StatusFull, Role: RolePublicity})
	zhou := Person{TelegramID: 302, DisplayName: "周"}
	out, err := svc.RequestJoin(ctx, testChat, zhou, "周宣传")
	if err != nil {
		t.Fatalf("RequestJoin(周宣传) = %v", err)
	}
	if _, err := svc.DecideJoin(ctx, testChat, secretary, out.Request.ID, true, StatusActivist); !errors.Is(err, ErrOfficeNeedsMember) {
		t.Errorf("DecideJoin(宣传委员 as 入党积极分子) = %v, want ErrOfficeNeedsMember", err)
	}
	if _, err := svc.DecideJoin(ctx, testChat, secretary, out.Request.ID, true, StatusFull); err != nil {
		t.Errorf("DecideJoin(宣传委员 as 正式党员) = %v, want nil", err)
	}
}

func TestRemovedMemberRejoins(t *testing.T) {
	svc, st, b := newTestBranch(t)
	ctx := context.Background()
	if _, err := svc.RemoveMember(ctx, testChat, secretary, "张三"); err != nil {
		t.Fatalf("RemoveMember(张三) = %v", err)
	}
	out, err := svc.RequestJoin(ctx, testChat, member, "张三")
	if err != nil {
		t.Fatalf("RequestJoin(removed 张三) = %v, want a request", err)
	}
	d, err := svc.DecideJoin(ctx, testChat, secretary, out.Request.ID, true, StatusFull)
	if err != nil {
		t.Fatalf("DecideJoin(removed 张三) = %v, want the entry restored", err)
	}
	if old, m := mustMember(t, st, b.ID, "张三"), d.Member; m.ID != old.ID || old.Removed {
		t.Errorf("DecideJoin(removed 张三) = entry %d, stored %+v; want entry %d restored", m.ID, old, old.ID)
	}
}

func TestRemovedMemberRejoinsUnderAnotherName(t *testing.T) {
	svc, st, b := newTestBranch(t)
	ctx := context.Background()
	if _, err := svc.RemoveMember(ctx, testChat, secretary, "张三"); err != nil {
		t.Fatalf("RemoveMember(张三) = %v", err)
	}
	old := mustMember(t, st, b.ID, "张三")
	out, err := svc.RequestJoin(ctx, testChat, member, "张小三")
	if err != nil {
		t.Fatalf("RequestJoin(张小三) = %v", err)
	}
	d, err := svc.DecideJoin(ctx, testChat, secretary, out.Request.ID, true, StatusFull)
	if err != nil {
		t.Fatalf("DecideJoin(张小三) = %v, want the old entry restored under the new name", err)
	}
	if m := d.Member; m.ID != old.ID || m.Name != "张小三" || m.Removed {
		t.Errorf("DecideJoin(张小三) = %+v, want entry %d restored as 张小三", m, old.ID)
	}
}

// sameError matches err against want: a sentinel by errors.Is, or a
// *ForbiddenError / *ValidationError by type.
func sameError(err, want error) bool {
	switch want.(type) {
	case *ForbiddenError:
		var fe *ForbiddenError
		return errors.As(err, &fe)
	case *ValidationError:
		var ve *ValidationError
		return errors.As(err, &ve)
	}
	return errors.Is(err, want)
}
