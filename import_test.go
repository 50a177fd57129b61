package zhibu

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// mustParse parses a roster CSV that the test expects to be valid.
func mustParse(t *testing.T, data string) []RosterRow {
	t.Helper()
	rows, err := ParseRosterCSV([]byte(data))
	if err != nil {
		t.Fatalf("ParseRosterCSV(%q) = %v", data, err)
	}
	return rows
}

func TestImportRoster(t *testing.T) {
	svc, st, b := newTestBranch(t)
	ctx := context.Background()
	zhang := mustMember(t, st, b.ID, "张三")
	rows := mustParse(t, "姓名,状态,党小组\n张三,预备,第二党小组\n赵六,,\n陈八,,第一党小组\n")
	got, err := svc.ImportRoster(ctx, testChat, organizer, rows)
	if err != nil {
		t.Fatalf("ImportRoster() = %v", err)
	}
	if want := (ImportResult{Added: 1, Updated: 1, Unchanged: 1}); !cmp.Equal(got, want) {
		t.Errorf("ImportRoster() = %+v, want %+v", got, want)
	}
	wantZhang := zhang
	wantZhang.Status, wantZhang.Group, wantZhang.UpdatedAt = StatusProbationary, "第二党小组", testNow
	if diff := cmp.Diff(wantZhang, mustMember(t, st, b.ID, "张三")); diff != "" {
		t.Errorf("张三 after import (-want +got):\n%s", diff)
	}
	wantChen := Member{ID: 6, BranchID: b.ID, Name: "陈八", Status: StatusFull, Group: "第一党小组", CreatedAt: testNow, UpdatedAt: testNow}
	if diff := cmp.Diff(wantChen, mustMember(t, st, b.ID, "陈八")); diff != "" {
		t.Errorf("陈八 after import (-want +got):\n%s", diff)
	}
	wantLog := []Change{
		{BranchID: b.ID, ActorID: organizer.TelegramID, ActorName: "李组织", Action: "member.import", Subject: "张三",
			Before: describe(zhang), After: describe(wantZhang), At: testNow},
		{BranchID: b.ID, ActorID: organizer.TelegramID, ActorName: "李组织", Action: "member.import", Subject: "陈八",
			After: describe(wantChen), At: testNow},
	}
	if diff := cmp.Diff(wantLog, st.log()); diff != "" {
		t.Errorf("audit log mismatch (-want +got):\n%s", diff)
	}

	again, err := svc.ImportRoster(ctx, testChat, organizer, rows)
	if want := (ImportResult{Unchanged: 3}); err != nil || !cmp.Equal(again, want) {
		t.Errorf("ImportRoster(same rows again) = %+v, %v, want %+v", again, err, want)
	}
	if len(st.log()) != 2 {
		t.Errorf("audit log has %d changes after re-import, want 2", len(st.log()))
	}
}

func TestImportRosterRestoresRemoved(t *testing.T) {
	svc, st, b := newTestBranch(t)
	ctx := context.Background()
	gone := mustMember(t, st, b.ID, "赵六")
	gone.Removed = true
	mustSave(t, st, gone)
	got, err := svc.ImportRoster(ctx, testChat, secretary, mustParse(t, "姓名\n赵六\n"))
	if want := (ImportResult{Updated: 1}); err != nil || !cmp.Equal(got, want) {
		t.Fatalf("ImportRoster(removed 赵六) = %+v, %v, want %+v", got, err, want)
	}
	if m := mustMember(t, st, b.ID, "赵六"); m.Removed || m.ID != gone.ID || m.Status != StatusProbationary {
		t.Errorf("赵六 after import = %+v, want entry %d restored, still 预备党员", m, gone.ID)
	}
}

func TestImportRosterRoles(t *testing.T) {
	tests := []struct {
		name    string
		by      Person
		csv     string
		want    ImportResult
		wantErr error
	}{
		{name: "书记 appoints", by: secretary, csv: "姓名,职务\n张三,纪检委员\n", want: ImportResult{Updated: 1}},
		{name: "书记 hands over", by: secretary, csv: "姓名,职务\n王书记,无\n张三,书记\n", want: ImportResult{Updated: 2}},
		{name: "组织委员 restating roles", by: organizer, csv: "姓名,职务\n李组织,组织委员\n张三,无\n", want: ImportResult{Unchanged: 2}},
		{name: "组织委员 changing a role", by: organizer, csv: "姓名,职务\n陈八,\n张三,宣传委员\n",
			wantErr: &ImportError{Rows: []RowError{{Line: 3, Err: &ForbiddenError{Action: ActAssignRole}}}}},
		{name: "组织委员 adding an officer", by: organizer, csv: "姓名,职务\n陈八,纪检委员\n",
			wantErr: &ImportError{Rows: []RowError{{Line: 2, Err: &ForbiddenError{Action: ActAssignRole}}}}},
		{name: "ordinary member", by: member, csv: "姓名\n陈八\n", wantErr: &ForbiddenError{Action: ActManageRoster}},
		{name: "only 书记 to 无", by: secretary, csv: "姓名,职务\n陈八,\n王书记,无\n", wantErr: ErrLastSecretary},
		{name: "office holder to activist", by: secretary, csv: "姓名,状态\n陈八,\n李组织,积极分子\n",
			wantErr: &ImportError{Rows: []RowError{{Line: 3, Err: ErrOfficeNeedsMember}}}},
		{name: "office for an activist", by: secretary, csv: "姓名,职务\n孙七,宣传委员\n",
			wantErr: &ImportError{Rows: []RowError{{Line: 2, Err: ErrOfficeNeedsMember}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc, st, b := newTestBranch(t)
			ctx := context.Background()
			before, _ := st.Members(ctx, b.ID)
			got, err := svc.ImportRoster(ctx, testChat, tt.by, mustParse(t, tt.csv))
			if tt.wantErr == nil {
				if err != nil || !cmp.Equal(got, tt.want) {
					t.Errorf("ImportRoster(%s, %q) = %+v, %v, want %+v", tt.by.DisplayName, tt.csv, got, err, tt.want)
				}
				if n := len(st.log()); n != tt.want.Added+tt.want.Updated {
					t.Errorf("audit log has %d changes, want %d", n, tt.want.Added+tt.want.Updated)
				}
				return
			}
			if diff := cmp.Diff(tt.wantErr, err, cmp.Comparer(equalErrors)); diff != "" {
				t.Errorf("ImportRoster(%s, %q) error mismatch (-want +got):\n%s", tt.by.DisplayName, tt.csv, diff)
			}
			after, _ := st.Members(ctx, b.ID)
			if diff := cmp.Diff(before, after); diff != "" || len(st.log()) != 0 {
				t.Errorf("refused import changed the roster (-before +after):\n%s\nlog: %v", diff, st.log())
			}
		})
	}
}

func TestImportRosterNotMember(t *testing.T) {
	svc, _, _ := newTestBranch(t)
	rows := []RosterRow{{Line: 2, Name: "陈八"}}
	if _, err := svc.ImportRoster(context.Background(), testChat, outsider, rows); !errors.Is(err, ErrNotMember) {
		t.Errorf("ImportRoster(outsider) = %v, want ErrNotMember", err)
	}
}
