package storage

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhibu/zhibu"
)

// stageDay returns local midnight of a day in 2026, in +08:00 as the domain
// gives stage bounds.
func stageDay(month time.Month, d int) time.Time {
	return time.Date(2026, month, d, 0, 0, 0, 0, shanghai)
}

// mustCampaign creates a campaign of branch b.
func mustCampaign(t *testing.T, db *DB, b zhibu.Branch, name string) zhibu.Campaign {
	t.Helper()
	c, err := db.CreateCampaign(context.Background(), zhibu.Campaign{BranchID: b.ID, Name: name, CreatedBy: 1, CreatedAt: t0})
	if err != nil {
		t.Fatalf("CreateCampaign(%q) = %v", name, err)
	}
	return c
}

// mustStage adds one stage [start, end) to campaign c.
func mustStage(t *testing.T, db *DB, c zhibu.Campaign, name string, start, end time.Time, reqs ...zhibu.Requirement) zhibu.Stage {
	t.Helper()
	ss, err := db.AddStages(context.Background(), []zhibu.Stage{{CampaignID: c.ID, BranchID: c.BranchID, Name: name,
		Start: start, End: end, Requirements: reqs, CreatedAt: t0}})
	if err != nil {
		t.Fatalf("AddStages(%q) = %v", name, err)
	}
	return ss[0]
}

func TestCreateCampaign(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		b, founder := mustBranch(t, db, -1001)
		other, _ := mustBranch(t, db, -1002)
		in := zhibu.Campaign{ID: 9, BranchID: b.ID, Number: 9, Name: "主题教育", CreatedBy: founder.ID, CreatedAt: t0}
		got, err := db.CreateCampaign(ctx, in)
		if err != nil {
			t.Fatalf("CreateCampaign() = %v", err)
		}
		want := in
		want.ID, want.Number, want.CreatedAt = got.ID, 1, t0.UTC()
		if diff := cmp.Diff(want, got); diff != "" || got.ID == 0 {
			t.Errorf("CreateCampaign() (-want +got):\n%s", diff)
		}
		if got.CreatedAt.Location() != time.UTC {
			t.Errorf("CreateCampaign() CreatedAt in %v, want UTC", got.CreatedAt.Location())
		}
		if stored, err := db.CampaignByNumber(ctx, b.ID, 1); err != nil || !cmp.Equal(want, stored) {
			t.Errorf("CampaignByNumber(1) = %+v, %v; want %+v", stored, err, want)
		}
		second := mustCampaign(t, db, b, "创先争优")
		if second.Number != 2 {
			t.Errorf("second campaign = number %d, want 2", second.Number)
		}
		if c := mustCampaign(t, db, other, "他支部"); c.Number != 1 {
			t.Errorf("first campaign of another branch = number %d, want 1", c.Number)
		}
		if _, err := db.CreateCampaign(ctx, zhibu.Campaign{BranchID: 999, Name: "x"}); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("CreateCampaign(unknown branch) = %v, want ErrNotFound", err)
		}
		for _, n := range []int{3, 0} {
			if _, err := db.CampaignByNumber(ctx, b.ID, n); !errors.Is(err, zhibu.ErrNotFound) {
				t.Errorf("CampaignByNumber(%d) = %v, want ErrNotFound", n, err)
			}
		}
		cs, err := db.Campaigns(ctx, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]zhibu.Campaign{want, second}, cs); diff != "" {
			t.Errorf("Campaigns() (-want +got):\n%s", diff)
		}
		if cs, err := db.Campaigns(ctx, 999); err != nil || len(cs) != 0 {
			t.Errorf("Campaigns(unknown branch) = %v, %v; want none", cs, err)
		}
	})
}

func TestAddStages(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		b, _ := mustBranch(t, db, -1001)
		c := mustCampaign(t, db, b, "主题教育")
		reqs := []zhibu.Requirement{
			{Kind: zhibu.ReqPledge},
			{Kind: zhibu.ReqSubmit, Item: "学习心得"},
			{Kind: zhibu.ReqMeeting, Meeting: zhibu.MeetingGeneral},
		}
		in := []zhibu.Stage{
			{ID: 7, Number: 7, CampaignID: c.ID, BranchID: b.ID, Name: "学习动员", Start: stageDay(3, 1), End: stageDay(4, 1),
				Requirements: reqs, CreatedAt: t0},
			{CampaignID: c.ID, BranchID: b.ID, Name: "分析评议", Start: stageDay(4, 1), End: stageDay(5, 1)},
		}
		got, err := db.AddStages(ctx, in)
		if err != nil {
			t.Fatalf("AddStages() = %v", err)
		}
		if len(got) != 2 {
			t.Fatalf("AddStages() = %d stages, want 2", len(got))
		}
		want := []zhibu.Stage{in[0], in[1]}
		for i := range want {
			want[i].ID, want[i].Number = got[i].ID, i+1
			want[i].Start, want[i].End, want[i].CreatedAt = in[i].Start.UTC(), in[i].End.UTC(), t0.UTC()
		}
		if diff := cmp.Diff(want, got); diff != "" || got[0].ID == 0 || got[0].ID == got[1].ID {
			t.Errorf("AddStages() (-want +got):\n%s", diff)
		}
		for _, w := range want {
			stored, err := db.StageByNumber(ctx, b.ID, w.Number)
			if err != nil {
				t.Fatal(err)
			}
			// The second stage has no requirements: nil, not an empty list.
			if diff := cmp.Diff(w, stored); diff != "" {
				t.Errorf("StageByNumber(%d) (-want +got):\n%s", w.Number, diff)
			}
			if stored.Start.Location() != time.UTC || stored.End.Location() != time.UTC {
				t.Errorf("StageByNumber(%d) times in %v, %v; want UTC", w.Number, stored.Start.Location(), stored.End.Location())
			}
		}
		var js string
		if err := db.gorm.Raw("SELECT requirements FROM stages WHERE id = ?", got[0].ID).Row().Scan(&js); err != nil {
			t.Fatal(err)
		}
		wantJS := `[{"kind":"承诺","item":"","meeting":""},{"kind":"提交","item":"学习心得","meeting":""},` +
			`{"kind":"会议","item":"","meeting":"党员大会"}]`
		if js != wantJS {
			t.Errorf("stored requirements = %s, want %s", js, wantJS)
		}
		if _, err := db.StageByNumber(ctx, b.ID, 3); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("StageByNumber(3) = %v, want ErrNotFound", err)
		}
		if ss, err := db.AddStages(ctx, nil); err != nil || len(ss) != 0 {
			t.Errorf("AddStages(nil) = %v, %v; want nothing", ss, err)
		}
	})
}

func TestStageNumbersPerBranch(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		a, _ := mustBranch(t, db, -1001)
		b, _ := mustBranch(t, db, -1002)
		first, second := mustCampaign(t, db, a, "一"), mustCampaign(t, db, a, "二")
		// Numbers run through the branch, across its campaigns.
		for i, tt := range []struct {
			c    zhibu.Campaign
			want int
		}{{first, 1}, {first, 2}, {second, 3}, {mustCampaign(t, db, b, "他"), 1}, {first, 4}} {
			if s := mustStage(t, db, tt.c, "阶段", stageDay(3, 1), stageDay(4, 1)); s.Number != tt.want {
				t.Errorf("stage %d of campaign %d = number %d, want %d", i, tt.c.ID, s.Number, tt.want)
			}
		}
		if s, err := db.StageByNumber(ctx, b.ID, 2); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("StageByNumber(branch b, 2) = %+v, %v; want ErrNotFound", s, err)
		}
	})
}

func TestAddStagesRefused(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		b, _ := mustBranch(t, db, -1001)
		other, _ := mustBranch(t, db, -1002)
		c := mustCampaign(t, db, b, "主题教育")
		foreign := mustCampaign(t, db, other, "他支部")
		stage := func(campaignID, branchID int64, name string) zhibu.Stage {
			return zhibu.Stage{CampaignID: campaignID, BranchID: branchID, Name: name, Start: stageDay(3, 1), End: stageDay(4, 1)}
		}
		for _, tt := range []struct {
			name     string
			ss       []zhibu.Stage
			notFound bool
		}{
			{"unknown campaign", []zhibu.Stage{stage(999, b.ID, "x")}, true},
			{"campaign of another branch", []zhibu.Stage{stage(foreign.ID, b.ID, "x")}, true},
			{"unknown branch", []zhibu.Stage{stage(c.ID, 999, "x")}, true},
			{"two campaigns", []zhibu.Stage{stage(c.ID, b.ID, "x"), stage(foreign.ID, other.ID, "y")}, false},
			{"two branches", []zhibu.Stage{stage(c.ID, b.ID, "x"), stage(c.ID, other.ID, "y")}, false},
		} {
			t.Run(tt.name, func(t *testing.T) {
				_, err := db.AddStages(ctx, tt.ss)
				if err == nil || errors.Is(err, zhibu.ErrNotFound) != tt.notFound {
					t.Errorf("AddStages() = %v, want an error (ErrNotFound: %v)", err, tt.notFound)
				}
			})
		}
		// All or nothing: a trigger refuses the second stage of a batch.
		trigger := []string{`CREATE TRIGGER refuse_bad BEFORE INSERT ON stages WHEN NEW.name = '坏'
		BEGIN SELECT RAISE(ABORT, 'refused'); END`}
		if db.postgres {
			trigger = []string{`CREATE FUNCTION refuse_bad() RETURNS trigger LANGUAGE plpgsql AS $$
			BEGIN IF NEW.name = '坏' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$`,
				`CREATE TRIGGER refuse_bad BEFORE INSERT ON stages FOR EACH ROW EXECUTE FUNCTION refuse_bad()`}
		}
		for _, q := range trigger {
			if err := db.gorm.Exec(q).Error; err != nil {
				t.Fatal(err)
			}
		}
		if _, err := db.AddStages(ctx, []zhibu.Stage{stage(c.ID, b.ID, "好"), stage(c.ID, b.ID, "坏")}); err == nil {
			t.Fatalf("AddStages(with a refused stage) = nil error")
		}
		if ss, err := db.Stages(ctx, b.ID, 0); err != nil || len(ss) != 0 {
			t.Errorf("Stages() after a refused batch = %+v, %v; want none", ss, err)
		}
		if s := mustStage(t, db, c, "好", stageDay(3, 1), stageDay(4, 1)); s.Number != 1 {
			t.Errorf("stage after a refused batch = number %d, want 1", s.Number)
		}
	})
}

func TestStages(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		b, _ := mustBranch(t, db, -1001)
		other, _ := mustBranch(t, db, -1002)
		c1, c2 := mustCampaign(t, db, b, "一"), mustCampaign(t, db, b, "二")
		late := mustStage(t, db, c1, "后", stageDay(5, 1), stageDay(6, 1))
		early := mustStage(t, db, c1, "前", stageDay(3, 1), stageDay(4, 1))
		tie := mustStage(t, db, c2, "同时", stageDay(3, 1), stageDay(3, 15))
		mid := mustStage(t, db, c2, "中", stageDay(4, 1), stageDay(5, 1))
		mustStage(t, db, mustCampaign(t, db, other, "他"), "他阶段", stageDay(1, 1), stageDay(2, 1))
		for _, tt := range []struct {
			name       string
			campaignID int64
			want       []zhibu.Stage
		}{
			{"one campaign", c1.ID, []zhibu.Stage{early, late}},
			{"other campaign", c2.ID, []zhibu.Stage{tie, mid}},
			// Same start: by number.
			{"whole branch", 0, []zhibu.Stage{early, tie, mid, late}},
			{"unknown campaign", 999, nil},
		} {
			t.Run(tt.name, func(t *testing.T) {
				got, err := db.Stages(ctx, b.ID, tt.campaignID)
				if err != nil {
					t.Fatal(err)
				}
				if len(tt.want) == 0 && len(got) == 0 {
					return
				}
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("Stages(%d, %d) (-want +got):\n%s", b.ID, tt.campaignID, diff)
				}
			})
		}
	})
}

func TestStagesBetween(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		a, _ := mustBranch(t, db, -1001)
		b, _ := mustBranch(t, db, -1002)
		// March: [Mar 1, Mar 10) in branch a; April: [Apr 1, Apr 30) in branch b.
		march := mustStage(t, db, mustCampaign(t, db, a, "一"), "三月", stageDay(3, 1), stageDay(3, 10),
			zhibu.Requirement{Kind: zhibu.ReqSubmit, Item: "心得"})
		april := mustStage(t, db, mustCampaign(t, db, b, "二"), "四月", stageDay(4, 1), stageDay(4, 30))
		sec := time.Second
		for _, tt := range []struct {
			name     string
			from, to time.Time
			want     []zhibu.Stage
		}{
			{"start in window", stageDay(2, 28), stageDay(3, 2), []zhibu.Stage{march}},
			{"start at window end", stageDay(2, 28), stageDay(3, 1), nil},
			{"start just before window end", stageDay(2, 28), stageDay(3, 1).Add(sec), []zhibu.Stage{march}},
			{"end at window start", stageDay(3, 10), stageDay(3, 11), []zhibu.Stage{march}},
			{"end just before window start", stageDay(3, 10).Add(sec), stageDay(3, 11), nil},
			{"window inside stage", stageDay(3, 3), stageDay(3, 4), []zhibu.Stage{march}},
			{"stage inside window", stageDay(2, 1), stageDay(3, 20), []zhibu.Stage{march}},
			{"both branches", stageDay(3, 5), stageDay(4, 2), []zhibu.Stage{march, april}},
			{"between stages", stageDay(3, 11), stageDay(4, 1), nil},
			// The times' offset does not matter: Mar 10 00:00 +08:00 is Mar 9 16:00 UTC.
			{"end at window start in UTC", stageDay(3, 10).UTC(), stageDay(3, 11).UTC(), []zhibu.Stage{march}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				got, err := db.StagesBetween(ctx, tt.from, tt.to)
				if err != nil {
					t.Fatal(err)
				}
				if len(tt.want) == 0 && len(got) == 0 {
					return
				}
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("StagesBetween(%v, %v) (-want +got):\n%s", tt.from, tt.to, diff)
				}
			})
		}
	})
}

func TestSaveSubmission(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		b, founder := mustBranch(t, db, -1001)
		c := mustCampaign(t, db, b, "主题教育")
		s := mustStage(t, db, c, "学习", stageDay(3, 1), stageDay(4, 1), zhibu.Requirement{Kind: zhibu.ReqSubmit, Item: "学习心得"})
		otherStage := mustStage(t, db, c, "整改", stageDay(4, 1), stageDay(5, 1))
		li := mustMember(t, db, b, "李四", 0)

		first, err := db.SaveSubmission(ctx, zhibu.Submission{ID: 99, StageID: s.ID, MemberID: li.ID, Text: "初稿", CreatedAt: t0})
		if err != nil {
			t.Fatalf("SaveSubmission() = %v", err)
		}
		want := zhibu.Submission{ID: first.ID, StageID: s.ID, MemberID: li.ID, Text: "初稿", CreatedAt: t0.UTC()}
		if diff := cmp.Diff(want, first); diff != "" || first.ID == 0 || first.ID == 99 {
			t.Errorf("SaveSubmission() (-want +got):\n%s", diff)
		}
		// A second submission replaces the text and time and keeps the id.
		later := t0.Add(time.Hour)
		second, err := db.SaveSubmission(ctx, zhibu.Submission{StageID: s.ID, MemberID: li.ID, Text: "定稿", CreatedAt: later})
		if err != nil {
			t.Fatalf("SaveSubmission(again) = %v", err)
		}
		want.Text, want.CreatedAt = "定稿", later.UTC()
		if diff := cmp.Diff(want, second); diff != "" {
			t.Errorf("SaveSubmission(again) (-want +got):\n%s", diff)
		}
		// A zero time is now.
		own, err := db.SaveSubmission(ctx, zhibu.Submission{StageID: s.ID, MemberID: founder.ID, Text: "书记心得"})
		if err != nil {
			t.Fatal(err)
		}
		if !own.CreatedAt.Equal(t0) {
			t.Errorf("SaveSubmission(zero time) CreatedAt = %v, want %v", own.CreatedAt, t0.UTC())
		}
		if _, err := db.SaveSubmission(ctx, zhibu.Submission{StageID: otherStage.ID, MemberID: li.ID, Text: "另一阶段"}); err != nil {
			t.Fatal(err)
		}
		got, err := db.Submissions(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		// By member id: the founder was added first.
		if diff := cmp.Diff([]zhibu.Submission{own, want}, got); diff != "" {
			t.Errorf("Submissions() (-want +got):\n%s", diff)
		}
		if got, err := db.Submissions(ctx, 999); err != nil || len(got) != 0 {
			t.Errorf("Submissions(unknown stage) = %v, %v; want none", got, err)
		}
		if _, err := db.SaveSubmission(ctx, zhibu.Submission{StageID: 999, MemberID: li.ID, Text: "x"}); !errors.Is(err, zhibu.ErrNotFound) {
			t.Errorf("SaveSubmission(unknown stage) = %v, want ErrNotFound", err)
		}
	})
}
