package zhibu

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestMayChange(t *testing.T) {
	sec := Member{Name: "王书记", Role: RoleSecretary, TelegramID: 1}
	org := Member{Name: "李组织", Role: RoleOrganizer, TelegramID: 2}
	deputy := Member{ID: 5, Name: "孙八", Status: StatusFull, Role: RoleDeputy}
	plain := Member{ID: 6, Name: "赵六", Status: StatusFull}
	with := func(m Member, f func(*Member)) Member { f(&m); return m }
	linked := func(m *Member) { m.TelegramID = 99 }
	tests := []struct {
		name       string
		actor      Member
		old, m     Member
		wantChange OfficeChange // "" for allowed
	}{
		{"组织委员 links an office", org, deputy, with(deputy, linked), OfficeLink},
		{"书记 links an office", sec, deputy, with(deputy, linked), ""},
		{"组织委员 links a plain entry", org, plain, with(plain, linked), ""},
		{"组织委员 removes an office", org, deputy, with(deputy, func(m *Member) { m.Removed, m.Role = true, RoleNone }), OfficeRemove},
		{"组织委员 removes a plain entry", org, plain, with(plain, func(m *Member) { m.Removed = true }), ""},
		{"组织委员 changes an office's account", org, with(deputy, linked), with(deputy, func(m *Member) { m.TelegramID = 7 }), OfficeUnlink},
		{"组织委员 unlinks an office", org, with(deputy, linked), deputy, OfficeUnlink},
		{"组织委员 takes an office", org, deputy, plain, OfficeAssign},
		{"组织委员 gives an office", org, plain, with(plain, func(m *Member) { m.Role = RoleGroupLeader }), OfficeAssign},
		{"组织委员 moves an office-holder to a group", org, deputy, with(deputy, func(m *Member) { m.Group = "第一党小组" }), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := mayChange(tt.actor, tt.old, tt.m)
			var oe *OfficeError
			switch {
			case tt.wantChange == "" && err != nil:
				t.Errorf("mayChange() = %v, want nil", err)
			case tt.wantChange != "" && (!errors.As(err, &oe) || oe.Change != tt.wantChange):
				t.Errorf("mayChange() = %v, want OfficeError{%s}", err, tt.wantChange)
			}
		})
	}
}

func TestSecretariesKept(t *testing.T) {
	sec := func(id, tg int64) Member { return Member{ID: id, Role: RoleSecretary, TelegramID: tg} }
	plain := func(id, tg int64) Member { return Member{ID: id, TelegramID: tg} }
	tests := []struct {
		name          string
		before, after []Member
		want          error
	}{
		{"another linked 书记 stays", []Member{sec(1, 11), sec(2, 12)}, []Member{plain(1, 11), sec(2, 12)}, nil},
		{"no 书记 left", []Member{sec(1, 11)}, []Member{plain(1, 11)}, ErrLastSecretary},
		{"only an unlinked 书记 left", []Member{sec(1, 11), sec(2, 0)}, []Member{plain(1, 11), sec(2, 0)}, ErrSecretaryUnlinked},
		{"a branch that had no linked 书记 may go on", []Member{sec(1, 0), plain(2, 12)}, []Member{sec(1, 0), plain(2, 0)}, nil},
		{"a removed 书记 does not count", []Member{sec(1, 11), sec(2, 12)}, []Member{sec(1, 11), {ID: 2, Role: RoleSecretary, TelegramID: 12, Removed: true}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := secretariesKept(tt.before, tt.after); !errors.Is(err, tt.want) || (err == nil) != (tt.want == nil) {
				t.Errorf("secretariesKept() = %v, want %v", err, tt.want)
			}
		})
	}
}

// TestJoinOfficeEntry: a request for an unlinked entry holding an office
// names it and whom to tell; only the 书记 approves it, checked when the
// decision is made.
func TestJoinOfficeEntry(t *testing.T) {
	svc, st, b := newTestBranch(t)
	ctx := context.Background()
	if _, err := svc.AssignRole(ctx, testChat, secretary, "赵六", RoleDeputy); err != nil {
		t.Fatal(err)
	}
	out, err := svc.RequestJoin(ctx, testChat, outsider, "赵六")
	if err != nil {
		t.Fatalf("RequestJoin(赵六) = %v", err)
	}
	wang := mustMember(t, st, b.ID, "王书记")
	if out.Office != RoleDeputy || !cmp.Equal(out.Tell, []Member{wang}) {
		t.Errorf("RequestJoin(赵六) office %q, tell %+v; want 副书记, [王书记]", out.Office, out.Tell)
	}
	before := mustMember(t, st, b.ID, "赵六")
	st.resetLog()
	var oe *OfficeError
	if _, err := svc.DecideJoin(ctx, testChat, organizer, out.Request.ID, true, StatusFull); !errors.As(err, &oe) || *oe != (OfficeError{Name: "赵六", Role: RoleDeputy, Change: OfficeLink}) {
		t.Errorf("DecideJoin(by 李组织) = %v, want OfficeError{赵六 副书记 link}", err)
	}
	if _, err := svc.DecideJoin(ctx, testChat, outsider, out.Request.ID, true, StatusFull); !errors.Is(err, ErrOwnJoin) {
		t.Errorf("DecideJoin(by the applicant) = %v, want ErrOwnJoin", err)
	}
	if got := mustMember(t, st, b.ID, "赵六"); !cmp.Equal(got, before) || len(st.log()) != 0 {
		t.Errorf("refused decisions changed 赵六 to %+v (log %v)", got, st.log())
	}
	d, err := svc.DecideJoin(ctx, testChat, secretary, out.Request.ID, true, StatusFull)
	if err != nil || d.Member.Role != RoleDeputy || d.Member.TelegramID != outsider.TelegramID {
		t.Errorf("DecideJoin(by 王书记) = %+v, %v; want 赵六 linked as 副书记", d.Member, err)
	}
}
