package zhibu

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestSetupCreatesBranchAndFounder(t *testing.T) {
	svc, st := newTestService(t)
	ctx := context.Background()
	got, err := svc.Setup(ctx, testChat, "  第一  党支部 ", "", secretary, true)
	if err != nil {
		t.Fatalf("Setup(chat admin) = %v, want nil", err)
	}
	wantFounder := Member{ID: 1, BranchID: 1, Name: "王书记", Status: StatusFull, Role: RoleSecretary,
		TelegramID: secretary.TelegramID, Username: "wang", CreatedAt: testNow, UpdatedAt: testNow}
	want := SetupResult{Created: true, Branch: Branch{ID: 1, ChatID: testChat, Name: "第一 党支部",
		TimeZone: DefaultTimeZone, Active: true, CreatedAt: testNow, UpdatedAt: testNow}, Founder: wantFounder}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Setup(chat admin) mismatch (-want +got):\n%s", diff)
	}
	founder := mustMember(t, st, 1, "王书记")
	if diff := cmp.Diff(wantFounder, founder); diff != "" {
		t.Errorf("founder mismatch (-want +got):\n%s", diff)
	}
	wantLog := []Change{{BranchID: 1, ActorID: secretary.TelegramID, ActorName: "王书记",
		Action: "branch.create", Subject: "第一 党支部", After: "第一 党支部", At: testNow}}
	if diff := cmp.Diff(wantLog, st.log()); diff != "" {
		t.Errorf("audit log mismatch (-want +got):\n%s", diff)
	}
	if _, m, err := svc.Actor(ctx, testChat, secretary); err != nil || m.Role != RoleSecretary {
		t.Errorf("Actor(founder) = %v, %v, want the 书记 entry", m, err)
	}
}

func TestSetupRefusals(t *testing.T) {
	svc, st := newTestService(t)
	ctx := context.Background()
	if _, err := svc.Setup(ctx, testChat, "第一党支部", "", outsider, false); !errors.Is(err, ErrNotChatAdmin) {
		t.Errorf("Setup(not chat admin) = %v, want ErrNotChatAdmin", err)
	}
	if _, err := st.BranchByChat(ctx, testChat); !errors.Is(err, ErrNotFound) {
		t.Errorf("BranchByChat after refused Setup = %v, want ErrNotFound", err)
	}
	if len(st.log()) != 0 {
		t.Errorf("audit log after refused Setup = %v, want empty", st.log())
	}
	long := strings.Repeat("党", 41)
	_, err := svc.Setup(ctx, testChat, long, "", secretary, true)
	checkValidation(t, "Setup(41-char name)", err,
		&ValidationError{Field: FieldBranchName, Problem: ProblemTooLong, Value: long, Limit: MaxBranchNameLen})
}

func TestSetupRename(t *testing.T) {
	svc, st, b := newTestBranch(t)
	ctx := context.Background()
	got, err := svc.Setup(ctx, testChat, "机关第一党支部", "", secretary, false)
	if err != nil {
		t.Fatalf("Setup(rename by 书记) = %v, want nil", err)
	}
	if got.Created || got.OldName != "第一党支部" || got.Branch.Name != "机关第一党支部" || got.Branch.ID != b.ID {
		t.Errorf("Setup(rename by 书记) = %+v, want branch %d renamed from 第一党支部", got, b.ID)
	}
	wantLog := []Change{{BranchID: b.ID, ActorID: secretary.TelegramID, ActorName: "王书记",
		Action: "branch.rename", Before: "第一党支部", After: "机关第一党支部", At: testNow}}
	if diff := cmp.Diff(wantLog, st.log()); diff != "" {
		t.Errorf("audit log mismatch (-want +got):\n%s", diff)
	}

	for _, p := range []Person{member, organizer, outsider} {
		_, err := svc.Setup(ctx, testChat, "改名", "", p, true)
		var fe *ForbiddenError
		if !errors.As(err, &fe) || fe.Action != ActRenameBranch {
			t.Errorf("Setup(rename by %s) = %v, want ForbiddenError{%s}", p.DisplayName, err, ActRenameBranch)
		}
	}
	if cur, _ := svc.Branch(ctx, testChat); cur.Name != "机关第一党支部" || len(st.log()) != 1 {
		t.Errorf("after refused renames: name %q, %d changes; want 机关第一党支部, 1", cur.Name, len(st.log()))
	}
}

func TestBranchAndActorErrors(t *testing.T) {
	svc, _, _ := newTestBranch(t)
	ctx := context.Background()
	const otherChat = -2002
	tests := []struct {
		name    string
		chatID  int64
		p       Person
		active  bool
		wantErr error
	}{
		{name: "no branch", chatID: otherChat, p: secretary, active: true, wantErr: ErrNoBranch},
		{name: "not on the roster", chatID: testChat, p: outsider, active: true, wantErr: ErrNotMember},
		{name: "inactive", chatID: testChat, p: secretary, active: false, wantErr: ErrBranchInactive},
		{name: "member", chatID: testChat, p: member, active: true, wantErr: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := svc.SetActive(ctx, testChat, tt.active); err != nil {
				t.Fatalf("SetActive(%v) = %v", tt.active, err)
			}
			if _, _, err := svc.Actor(ctx, tt.chatID, tt.p); !errors.Is(err, tt.wantErr) {
				t.Errorf("Actor(%d, %s) = %v, want %v", tt.chatID, tt.p.DisplayName, err, tt.wantErr)
			}
		})
	}
}

func TestActorRemovedMember(t *testing.T) {
	svc, st, b := newTestBranch(t)
	m := mustMember(t, st, b.ID, "张三")
	m.Removed = true
	mustSave(t, st, m)
	if _, _, err := svc.Actor(context.Background(), testChat, member); !errors.Is(err, ErrNotMember) {
		t.Errorf("Actor(removed 张三) = %v, want ErrNotMember", err)
	}
}

func TestSetActiveKeepsData(t *testing.T) {
	svc, st, b := newTestBranch(t)
	ctx := context.Background()
	if _, err := svc.SetActive(ctx, testChat, false); err != nil {
		t.Fatalf("SetActive(false) = %v", err)
	}
	if _, err := svc.Roster(ctx, testChat, secretary); !errors.Is(err, ErrBranchInactive) {
		t.Errorf("Roster(inactive branch) = %v, want ErrBranchInactive", err)
	}
	got, err := svc.SetActive(ctx, testChat, true)
	if err != nil || !got.Active {
		t.Fatalf("SetActive(true) = %+v, %v, want an active branch", got, err)
	}
	r, err := svc.Roster(ctx, testChat, secretary)
	if err != nil || len(r.Members) != 5 {
		t.Errorf("Roster(reactivated) = %d members, %v; want 5, nil", len(r.Members), err)
	}
	wantLog := []Change{
		{BranchID: b.ID, Action: "branch.active", Before: "true", After: "false", At: testNow},
		{BranchID: b.ID, Action: "branch.active", Before: "false", After: "true", At: testNow},
	}
	if diff := cmp.Diff(wantLog, st.log()); diff != "" {
		t.Errorf("audit log mismatch (-want +got):\n%s", diff)
	}
	if _, err := svc.SetActive(ctx, -2002, true); !errors.Is(err, ErrNotFound) {
		t.Errorf("SetActive(chat without branch) = %v, want ErrNotFound", err)
	}
}

func TestMigrate(t *testing.T) {
	svc, _, b := newTestBranch(t)
	ctx := context.Background()
	const super int64 = -100123
	if err := svc.Migrate(ctx, testChat, super); err != nil {
		t.Fatalf("Migrate(%d, %d) = %v, want nil", testChat, super, err)
	}
	if got, err := svc.Branch(ctx, super); err != nil || got.ID != b.ID {
		t.Errorf("Branch(%d) = %+v, %v, want branch %d", super, got, err, b.ID)
	}
	if _, err := svc.Branch(ctx, testChat); !errors.Is(err, ErrNoBranch) {
		t.Errorf("Branch(old chat) = %v, want ErrNoBranch", err)
	}
	if _, _, err := svc.Actor(ctx, super, member); err != nil {
		t.Errorf("Actor(%d, 张三) = %v, want the roster to follow the branch", super, err)
	}
	if err := svc.Migrate(ctx, -5, -6); err != nil {
		t.Errorf("Migrate(chat without branch) = %v, want nil", err)
	}
}

func TestSummary(t *testing.T) {
	svc, _, _ := newTestBranch(t)
	got, err := svc.Summary(context.Background(), testChat)
	if err != nil {
		t.Fatalf("Summary() = %v", err)
	}
	var officers []string
	for _, m := range got.Officers {
		officers = append(officers, m.Name)
	}
	if diff := cmp.Diff([]string{"王书记", "李组织"}, officers); diff != "" || got.Members != 4 || got.Others != 1 {
		t.Errorf("Summary() = officers %v, %d members, %d others; want [王书记 李组织], 4, 1", officers, got.Members, got.Others)
	}
}

// staleStore misses the branch once, as a /setup racing another would.
type staleStore struct {
	*memStore
	missed bool
}

func (s *staleStore) BranchByChat(ctx context.Context, chatID int64) (Branch, error) {
	if !s.missed {
		s.missed = true
		return Branch{}, ErrNotFound
	}
	return s.memStore.BranchByChat(ctx, chatID)
}

func TestSetupRacingAnotherBecomesARename(t *testing.T) {
	svc, st := newTestService(t)
	ctx := context.Background()
	admin := Person{TelegramID: 1, DisplayName: "李书记"}
	if _, err := svc.Setup(ctx, -100, "第一党支部", "", admin, true); err != nil {
		t.Fatal(err)
	}
	racer := NewService(&staleStore{memStore: st}, func() time.Time { return testNow })
	other := Person{TelegramID: 2, DisplayName: "王芳"}
	_, err := racer.Setup(ctx, -100, "另一个支部", "", other, true)
	var fe *ForbiddenError
	if !errors.As(err, &fe) || fe.Action != ActRenameBranch {
		t.Errorf("racing Setup = %v, want ForbiddenError{rename_branch}", err)
	}
	if b, _ := st.BranchByChat(ctx, -100); b.Name != "第一党支部" {
		t.Errorf("branch name = %q, want the first /setup's", b.Name)
	}
}
