package storage

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhibu/zhibu"
)

func TestSaveMembersInsertAndUpdate(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		b, founder := mustBranch(t, db, -1001)
		m := zhibu.Member{BranchID: b.ID, Name: "李四", Status: zhibu.StatusProbationary, Group: "一组",
			Exempt: zhibu.ExemptAway, TelegramID: 22, Username: "lisi", CreatedAt: t0, UpdatedAt: t0}
		out, err := db.SaveMembers(ctx, []zhibu.Member{m}, []zhibu.Change{{BranchID: b.ID, Action: "member.add", Subject: "李四"}})
		if err != nil {
			t.Fatalf("SaveMembers(insert) = %v", err)
		}
		m.ID, m.CreatedAt, m.UpdatedAt = out[0].ID, t0.UTC(), t0.UTC()
		if diff := cmp.Diff([]zhibu.Member{m}, out); diff != "" {
			t.Errorf("SaveMembers(insert) (-want +got):\n%s", diff)
		}

		later := t0.Add(24 * time.Hour)
		m.Name, m.Status, m.Role, m.Removed, m.UpdatedAt = "李四四", zhibu.StatusFull, zhibu.RoleOrganizer, true, later
		m.CreatedAt = time.Time{} // the stored creation time must win
		out, err = db.SaveMembers(ctx, []zhibu.Member{m}, nil)
		if err != nil {
			t.Fatalf("SaveMembers(update) = %v", err)
		}
		m.CreatedAt, m.UpdatedAt = t0.UTC(), later.UTC()
		if diff := cmp.Diff([]zhibu.Member{m}, out); diff != "" {
			t.Errorf("SaveMembers(update) returned (-want +got):\n%s", diff)
		}
		all, err := db.Members(ctx, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]zhibu.Member{founder, m}, all); diff != "" {
			t.Errorf("Members() (-want +got):\n%s", diff)
		}
		if got, err := db.MemberByName(ctx, b.ID, "李四四"); err != nil || !cmp.Equal(got, m) {
			t.Errorf("MemberByName(李四四) = %+v, %v", got, err)
		}
		if got, err := db.MemberByTelegram(ctx, b.ID, 22); err != nil || !cmp.Equal(got, m) {
			t.Errorf("MemberByTelegram(22) = %+v, %v", got, err)
		}
		if cs, _ := db.Changes(ctx, b.ID, 0); len(cs) != 2 {
			t.Errorf("Changes() = %d entries, want 2 (create, add)", len(cs))
		}
	})
}

func TestMemberNotFound(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		b, _ := mustBranch(t, db, -1001)
		other, _ := mustBranch(t, db, -1002)
		mustMember(t, db, b, "无账号", 0)
		for name, err := range map[string]error{
			"by name":              second(db.MemberByName(ctx, b.ID, "没有")),
			"by name other branch": second(db.MemberByName(ctx, other.ID, "无账号")),
			"by telegram":          second(db.MemberByTelegram(ctx, b.ID, 99)),
			"by telegram id 0":     second(db.MemberByTelegram(ctx, b.ID, 0)),
			"update unknown id": second(db.SaveMembers(ctx, []zhibu.Member{{ID: 999, BranchID: b.ID, Name: "x",
				Status: zhibu.StatusFull}}, nil)),
			"update in other branch": second(db.SaveMembers(ctx, []zhibu.Member{{ID: 1, BranchID: other.ID,
				Name: "x", Status: zhibu.StatusFull}}, nil)),
			"unknown branch": second(db.SaveMembers(ctx, []zhibu.Member{{BranchID: 999, Name: "x",
				Status: zhibu.StatusFull}}, nil)),
		} {
			if !errors.Is(err, zhibu.ErrNotFound) {
				t.Errorf("%s: error = %v, want ErrNotFound", name, err)
			}
		}
		if ms, err := db.Members(ctx, 999); err != nil || len(ms) != 0 {
			t.Errorf("Members(unknown branch) = %v, %v; want none", ms, err)
		}
	})
}

func second[T any](_ T, err error) error { return err }

func TestSaveMembersUnique(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		b, _ := mustBranch(t, db, -1001)
		other, _ := mustBranch(t, db, -1002)
		li := mustMember(t, db, b, "李四", 22)
		wang := mustMember(t, db, b, "王五", 0)
		tests := []struct {
			name string
			m    zhibu.Member
			want error
		}{
			{"new with taken name", zhibu.Member{BranchID: b.ID, Name: "李四", Status: zhibu.StatusFull}, zhibu.ErrNameTaken},
			{"rename onto taken name", with(wang, func(m *zhibu.Member) { m.Name = "李四" }), zhibu.ErrNameTaken},
			{"new with linked account", zhibu.Member{BranchID: b.ID, Name: "赵六", Status: zhibu.StatusFull, TelegramID: 22}, zhibu.ErrAlreadyMember},
			{"link a linked account", with(wang, func(m *zhibu.Member) { m.TelegramID = 22 }), zhibu.ErrAlreadyMember},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if _, err := db.SaveMembers(ctx, []zhibu.Member{tt.m}, nil); !errors.Is(err, tt.want) {
					t.Errorf("SaveMembers(%+v) = %v, want %v", tt.m, err, tt.want)
				}
			})
		}
		// The same name and account are fine in another branch, and many
		// unlinked members (telegram id 0) are fine in one.
		mustMember(t, db, other, "李四", 22)
		mustMember(t, db, b, "钱七", 0)
		if got, err := db.MemberByTelegram(ctx, b.ID, 22); err != nil || got.ID != li.ID {
			t.Errorf("MemberByTelegram(22) = %+v, %v; want 李四", got, err)
		}
	})
}

func with(m zhibu.Member, f func(*zhibu.Member)) zhibu.Member {
	f(&m)
	return m
}

func TestSaveMembersRollback(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		b, founder := mustBranch(t, db, -1001)
		renamed := with(founder, func(m *zhibu.Member) { m.Name = "改名了" })
		ms := []zhibu.Member{
			renamed,
			{BranchID: b.ID, Name: "新人", Status: zhibu.StatusFull},
			{BranchID: b.ID, Name: "新人", Status: zhibu.StatusFull}, // fails
		}
		cs := []zhibu.Change{{BranchID: b.ID, Action: "member.add", Subject: "新人"}}
		if _, err := db.SaveMembers(ctx, ms, cs); !errors.Is(err, zhibu.ErrNameTaken) {
			t.Fatalf("SaveMembers() = %v, want ErrNameTaken", err)
		}
		all, err := db.Members(ctx, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]zhibu.Member{founder}, all); diff != "" {
			t.Errorf("Members() after failed save (-want +got):\n%s", diff)
		}
		if cs, _ := db.Changes(ctx, b.ID, 0); len(cs) != 1 {
			t.Errorf("Changes() = %d entries, want only branch.create", len(cs))
		}

		// A change pointing at no branch also rolls the members back.
		_, err = db.SaveMembers(ctx, []zhibu.Member{{BranchID: b.ID, Name: "新人", Status: zhibu.StatusFull}},
			[]zhibu.Change{{BranchID: 999, Action: "member.add"}})
		if !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("SaveMembers(bad change) = %v, want ErrNotFound", err)
		}
		if _, err := db.MemberByName(ctx, b.ID, "新人"); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("MemberByName(新人) = %v, want ErrNotFound", err)
		}
	})
}
