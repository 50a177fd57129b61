package storage

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestUpgradeRepairsNames: names stored before names were normalised
// become their NFKC form without hidden characters; one that would then
// equal another entry's gets a digit; each rename is audited; other names
// are untouched.
func TestUpgradeRepairsNames(t *testing.T) {
	forEachSetting(t, func(t *testing.T, path string) {
		ctx := context.Background()
		db := newTestDBAt(t, path)
		if _, err := db.MigrateTo(ctx, namesVersion-1); err != nil {
			t.Fatal(err)
		}
		at := "'2026-01-05 10:00:00+00:00'"
		for _, q := range []string{
			`INSERT INTO branches (id, chat_id, name, time_zone, active, created_at, updated_at)
			VALUES (1, -1001, '第一支部', 'Asia/Shanghai', TRUE, ` + at + `, ` + at + `),
			       (2, -1002, '第二支部', 'Asia/Shanghai', TRUE, ` + at + `, ` + at + `)`,
			`INSERT INTO members (id, branch_id, name, status, created_at, updated_at) VALUES
			(1, 1, '李四', '正式党员', ` + at + `, ` + at + `),
			(2, 1, '李四` + "\u200d" + `', '正式党员', ` + at + `, ` + at + `),
			(3, 1, '李四` + "\u3164" + `', '正式党员', ` + at + `, ` + at + `),
			(4, 1, 'ＬＩ', '正式党员', ` + at + `, ` + at + `),
			(5, 1, '王` + "\uf9d1" + `', '正式党员', ` + at + `, ` + at + `),
			(6, 1, 'Anna', '正式党员', ` + at + `, ` + at + `),
			(7, 1, '` + "\u0410" + `nna', '正式党员', ` + at + `, ` + at + `),
			(8, 2, '李四` + "\u202e" + `', '正式党员', ` + at + `, ` + at + `)`,
		} {
			if err := db.gorm.Exec(q).Error; err != nil {
				t.Fatalf("seed: %v\n%s", err, q)
			}
		}
		if got, err := db.MigrateTo(ctx, namesVersion); err != nil || !cmp.Equal(got, []int64{namesVersion}) {
			t.Fatalf("Migrate() = %v, %v; want [%d]", got, err, namesVersion)
		}
		want := map[int64][]string{
			1: {"李四", "李四2", "李四3", "LI", "王六", "Anna", "\u0410nna"},
			2: {"李四"},
		}
		for branch, names := range want {
			ms, err := db.Members(ctx, branch)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, m := range ms {
				got = append(got, m.Name)
			}
			if diff := cmp.Diff(names, got); diff != "" {
				t.Errorf("names of branch %d after upgrade (-want +got):\n%s", branch, diff)
			}
		}
		cs, err := db.Changes(ctx, 1, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(cs) != 4 || cs[3].Action != "member.name_repaired" || cs[3].Before != `name="李四\u200d"` || cs[3].After != "name=李四2" {
			t.Errorf("Changes(1) = %+v, want 4 renames, the first (listed last) 李四\\u200d → 李四2", cs)
		}
		checkForeignKeys(t, db)
	})
}
