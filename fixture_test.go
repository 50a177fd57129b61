package zhibu

import (
	"context"
	"errors"
	"testing"
)

// The chat and the people of the test branch.
const testChat int64 = -1001

var (
	secretary = Person{TelegramID: 101, Username: "wang", DisplayName: "王 书记"}
	organizer = Person{TelegramID: 102, Username: "li", DisplayName: "李组织"}
	member    = Person{TelegramID: 103, Username: "zhang", DisplayName: "张三"}
	outsider  = Person{TelegramID: 201, Username: "chen", DisplayName: "陈七"}
)

// newTestBranch sets up testChat with 王书记 as founding 书记, the linked
// members 李组织 (组织委员, 第一党小组) and 张三, and the unlinked 赵六
// (预备党员) and 孙七 (入党积极分子). The audit log starts empty.
func newTestBranch(t *testing.T) (*Service, *memStore, Branch) {
	t.Helper()
	svc, st := newTestService(t)
	res, err := svc.Setup(context.Background(), testChat, "第一党支部", "", secretary, true)
	if err != nil {
		t.Fatalf("Setup() = %v", err)
	}
	b := res.Branch
	mustSave(t, st,
		Member{BranchID: b.ID, Name: "李组织", Status: StatusFull, Group: "第一党小组", Role: RoleOrganizer, TelegramID: organizer.TelegramID},
		Member{BranchID: b.ID, Name: "张三", Status: StatusFull, TelegramID: member.TelegramID},
		Member{BranchID: b.ID, Name: "赵六", Status: StatusProbationary},
		Member{BranchID: b.ID, Name: "孙七", Status: StatusActivist},
	)
	st.resetLog()
	return svc, st, b
}

// mustSave stores members directly, bypassing the service.
func mustSave(t *testing.T, st *memStore, ms ...Member) []Member {
	t.Helper()
	out, err := st.SaveMembers(context.Background(), ms, nil)
	if err != nil {
		t.Fatalf("SaveMembers() = %v", err)
	}
	return out
}

// mustMember returns the stored entry of name.
func mustMember(t *testing.T, st *memStore, branchID int64, name string) Member {
	t.Helper()
	m, err := st.MemberByName(context.Background(), branchID, name)
	if err != nil {
		t.Fatalf("MemberByName(%q) = %v", name, err)
	}
	return m
}

func TestMemStoreSaveMembersAllOrNothing(t *testing.T) {
	_, st, b := newTestBranch(t)
	before, _ := st.Members(context.Background(), b.ID)
	_, err := st.SaveMembers(context.Background(),
		[]Member{{BranchID: b.ID, Name: "新人"}, {BranchID: b.ID, Name: "张三"}},
		[]Change{{BranchID: b.ID, Action: "member.add"}})
	if !errors.Is(err, ErrNameTaken) {
		t.Errorf("SaveMembers(新人, duplicate 张三) = %v, want ErrNameTaken", err)
	}
	after, _ := st.Members(context.Background(), b.ID)
	if len(after) != len(before) || len(st.log()) != 0 {
		t.Errorf("after a failed save: %d members, %d changes; want %d, 0", len(after), len(st.log()), len(before))
	}
	_, err = st.SaveMembers(context.Background(), []Member{{BranchID: b.ID, Name: "新人", TelegramID: member.TelegramID}}, nil)
	if !errors.Is(err, ErrAlreadyMember) {
		t.Errorf("SaveMembers(second entry of account %d) = %v, want ErrAlreadyMember", member.TelegramID, err)
	}
}

func TestMemStoreDecideJoinOnce(t *testing.T) {
	_, st, b := newTestBranch(t)
	ctx := context.Background()
	r, err := st.CreateJoinRequest(ctx, JoinRequest{BranchID: b.ID, TelegramID: outsider.TelegramID, Name: "陈七", State: JoinPending})
	if err != nil || r.ID != 1 {
		t.Fatalf("CreateJoinRequest() = %+v, %v, want id 1", r, err)
	}
	decided := r
	decided.State = JoinRejected
	if _, err := st.DecideJoin(ctx, decided, nil, Change{BranchID: b.ID}); err != nil {
		t.Fatalf("DecideJoin(first) = %v", err)
	}
	// A second decision made from a stale copy loses the race.
	m := Member{BranchID: b.ID, Name: "陈七", TelegramID: outsider.TelegramID}
	r.State = JoinApproved
	if _, err := st.DecideJoin(ctx, r, &m, Change{BranchID: b.ID}); !errors.Is(err, ErrAlreadyDecided) {
		t.Errorf("DecideJoin(second) = %v, want ErrAlreadyDecided", err)
	}
	if _, err := st.MemberByName(ctx, b.ID, "陈七"); !errors.Is(err, ErrNotFound) {
		t.Errorf("MemberByName(陈七) = %v, want ErrNotFound", err)
	}
	if got := len(st.log()); got != 1 {
		t.Errorf("audit log has %d changes, want 1", got)
	}
}

func TestMemStoreNotFound(t *testing.T) {
	st := &memStore{}
	ctx := context.Background()
	checks := []struct {
		call string
		err  error
	}{
		{"BranchByChat", func() error { _, err := st.BranchByChat(ctx, testChat); return err }()},
		{"MemberByTelegram", func() error { _, err := st.MemberByTelegram(ctx, 1, 0); return err }()},
		{"MemberByName", func() error { _, err := st.MemberByName(ctx, 1, "张三"); return err }()},
		{"JoinRequest", func() error { _, err := st.JoinRequest(ctx, 1); return err }()},
		{"PendingJoin", func() error { _, err := st.PendingJoin(ctx, 1, 1); return err }()},
		{"MoveBranch", st.MoveBranch(ctx, 1, 2)},
		{"UpdateBranch", st.UpdateBranch(ctx, Branch{ID: 1}, Change{})},
	}
	for _, c := range checks {
		if !errors.Is(c.err, ErrNotFound) {
			t.Errorf("%s() on an empty store = %v, want ErrNotFound", c.call, c.err)
		}
	}
}
