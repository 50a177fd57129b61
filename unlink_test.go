package zhibu

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestUnlinkMember(t *testing.T) {
	tests := []struct {
		name    string
		by      Person
		who     string
		wantErr error
	}{
		{name: "组织委员 unlinks a member", by: organizer, who: "张三"},
		{name: "书记 unlinks an officer", by: secretary, who: "李组织"},
		{name: "组织委员 may not unlink an officer", by: organizer, who: "王书记", wantErr: &OfficeError{Name: "王书记", Role: RoleSecretary, Change: OfficeUnlink}},
		{name: "the last 书记 with an account stays", by: secretary, who: "王书记", wantErr: ErrSecretaryUnlinked},
		{name: "a member may not", by: member, who: "张三", wantErr: &ForbiddenError{}},
		{name: "nothing to unlink", by: secretary, who: "赵六", wantErr: ErrNotLinked},
		{name: "not on the roster", by: secretary, who: "周八", wantErr: ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc, st, b := newTestBranch(t)
			ctx := context.Background()
			before, _ := st.Members(ctx, b.ID)
			_, prepErr := svc.PrepareUnlink(ctx, testChat, tt.by, tt.who)
			got, err := svc.UnlinkMember(ctx, testChat, tt.by, tt.who)
			if tt.wantErr != nil {
				if !unlinkErr(err, tt.wantErr) {
					t.Errorf("UnlinkMember(%s) = %v, want %v", tt.who, err, tt.wantErr)
				}
				if !unlinkErr(prepErr, tt.wantErr) {
					t.Errorf("PrepareUnlink(%s) = %v, want %v", tt.who, prepErr, tt.wantErr)
				}
				if after, _ := st.Members(ctx, b.ID); !cmp.Equal(before, after) || len(st.log()) != 0 {
					t.Errorf("a refused unlink changed the roster or the log")
				}
				return
			}
			old := mustMember(t, st, b.ID, tt.who)
			if err != nil || prepErr != nil || got.Account == 0 || got.Member.Linked() || got.Member.Role != old.Role {
				t.Fatalf("UnlinkMember(%s) = %+v, %v (prepare %v), want the account taken off, the office kept", tt.who, got, err, prepErr)
			}
			if old.Linked() || old.Username != "" {
				t.Errorf("%s stored = %+v, want no account", tt.who, old)
			}
			if log := st.log(); len(log) != 1 || log[0].Action != "member.unlink" || log[0].ActorID != tt.by.TelegramID {
				t.Errorf("audit log = %+v, want one member.unlink", log)
			}
		})
	}
}

// unlinkErr reports whether err is want: an *OfficeError equal to it, or
// as sameError.
func unlinkErr(err, want error) bool {
	if w, ok := want.(*OfficeError); ok {
		var oe *OfficeError
		return errors.As(err, &oe) && *oe == *w
	}
	return sameError(err, want)
}

func TestRestoreDropsTheAccount(t *testing.T) {
	for _, via := range []string{"add", "import"} {
		t.Run(via, func(t *testing.T) {
			svc, st, b := newTestBranch(t)
			ctx := context.Background()
			if _, err := svc.RemoveMember(ctx, testChat, secretary, "张三"); err != nil {
				t.Fatal(err)
			}
			switch via {
			case "add":
				got, err := svc.AddMember(ctx, testChat, organizer, "张三", "", "")
				if err != nil || !got.Unlinked || got.Member.Linked() {
					t.Errorf("AddMember(removed 张三) = %+v, %v, want restored, Unlinked", got, err)
				}
			case "import":
				got, err := svc.ImportRoster(ctx, testChat, organizer, mustParse(t, "姓名\n张三\n赵六\n"))
				if want := (ImportResult{Updated: 1, Unchanged: 1, Unlinked: []string{"张三"}}); err != nil || !cmp.Equal(got, want) {
					t.Errorf("ImportRoster(removed 张三) = %+v, %v, want %+v", got, err, want)
				}
			}
			if m := mustMember(t, st, b.ID, "张三"); m.Removed || m.Linked() || m.Username != "" {
				t.Errorf("张三 = %+v, want back on the roster without an account", m)
			}
			if _, _, err := svc.Actor(ctx, testChat, member); !errors.Is(err, ErrNotMember) {
				t.Errorf("Actor(张三's account) = %v, want ErrNotMember", err)
			}
		})
	}
}
