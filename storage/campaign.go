package storage

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/zhibu/zhibu"
)

var _ zhibu.CampaignStore = (*DB)(nil)

// campaignRow is a row of the campaigns table.
type campaignRow struct {
	ID        int64 `gorm:"primaryKey"`
	BranchID  int64
	Number    int
	Name      string
	CreatedBy int64
	CreatedAt time.Time `gorm:"autoCreateTime:false"`
}

func (campaignRow) TableName() string { return "campaigns" }

func (db *DB) campaignRow(c zhibu.Campaign) campaignRow {
	return campaignRow{ID: c.ID, BranchID: c.BranchID, Number: c.Number, Name: c.Name, CreatedBy: c.CreatedBy,
		CreatedAt: db.stamp(c.CreatedAt)}
}

func (r campaignRow) campaign() zhibu.Campaign {
	return zhibu.Campaign{ID: r.ID, BranchID: r.BranchID, Number: r.Number, Name: r.Name, CreatedBy: r.CreatedBy,
		CreatedAt: r.CreatedAt.UTC()}
}

// stageRow is a row of the stages table.
type stageRow struct {
	ID           int64 `gorm:"primaryKey"`
	CampaignID   int64
	BranchID     int64
	Number       int
	Name         string
	StartAt      time.Time
	EndAt        time.Time
	Requirements string    // JSON, see requirementJSON
	CreatedAt    time.Time `gorm:"autoCreateTime:false"`
}

func (stageRow) TableName() string { return "stages" }

// requirementJSON is one element of stages.requirements. The keys are
// spelled out so that renaming a Go field cannot change stored data.
type requirementJSON struct {
	Kind    string `json:"kind"`
	Item    string `json:"item"`
	Meeting string `json:"meeting"`
}

func (db *DB) stageRow(s zhibu.Stage) (stageRow, error) {
	reqs := make([]requirementJSON, len(s.Requirements))
	for i, q := range s.Requirements {
		reqs[i] = requirementJSON{Kind: string(q.Kind), Item: q.Item, Meeting: string(q.Meeting)}
	}
	js, err := json.Marshal(reqs)
	if err != nil {
		return stageRow{}, fmt.Errorf("requirements: %w", err)
	}
	return stageRow{ID: s.ID, CampaignID: s.CampaignID, BranchID: s.BranchID, Number: s.Number, Name: s.Name,
		StartAt: s.Start.UTC(), EndAt: s.End.UTC(), Requirements: string(js), CreatedAt: db.stamp(s.CreatedAt)}, nil
}

// stage converts the row; a stage without requirements has nil ones.
func (r stageRow) stage() (zhibu.Stage, error) {
	var reqs []requirementJSON
	if err := json.Unmarshal([]byte(r.Requirements), &reqs); err != nil {
		return zhibu.Stage{}, fmt.Errorf("stage %d: requirements: %w", r.ID, err)
	}
	var out []zhibu.Requirement
	for _, q := range reqs {
		out = append(out, zhibu.Requirement{Kind: zhibu.ReqKind(q.Kind), Item: q.Item, Meeting: zhibu.MeetingType(q.Meeting)})
	}
	return zhibu.Stage{ID: r.ID, CampaignID: r.CampaignID, BranchID: r.BranchID, Number: r.Number, Name: r.Name,
		Start: r.StartAt.UTC(), End: r.EndAt.UTC(), Requirements: out, CreatedAt: r.CreatedAt.UTC()}, nil
}

// submissionRow is a row of the submissions table.
type submissionRow struct {
	ID        int64 `gorm:"primaryKey"`
	StageID   int64
	MemberID  int64
	Text      string
	CreatedAt time.Time `gorm:"autoCreateTime:false"`
}

func (submissionRow) TableName() string { return "submissions" }

func (r submissionRow) submission() zhibu.Submission {
	return zhibu.Submission{ID: r.ID, StageID: r.StageID, MemberID: r.MemberID, Text: r.Text, CreatedAt: r.CreatedAt.UTC()}
}

// CreateCampaign stores a new campaign with the next number of its branch,
// in one transaction. c.ID and c.Number are ignored. It returns the campaign
// as stored; an unknown branch gives zhibu.ErrNotFound.
func (db *DB) CreateCampaign(ctx context.Context, c zhibu.Campaign) (zhibu.Campaign, error) {
	r := db.campaignRow(c)
	r.ID = 0
	// The immediate transaction holds the write lock from MAX to INSERT.
	err := db.conn(ctx).Transaction(func(tx *gorm.DB) error {
		return insertNumbered(tx, &campaignRow{}, r.BranchID, &r.Number, &r)
	})
	if err != nil {
		return zhibu.Campaign{}, fmt.Errorf("storage: create campaign: %w", err)
	}
	return r.campaign(), nil
}

// CampaignByNumber finds a branch's campaign by 编号, or zhibu.ErrNotFound.
func (db *DB) CampaignByNumber(ctx context.Context, branchID int64, n int) (zhibu.Campaign, error) {
	var r campaignRow
	err := db.conn(ctx).Where("branch_id = ? AND number = ?", branchID, n).Take(&r).Error
	if err != nil {
		return zhibu.Campaign{}, fmt.Errorf("storage: campaign %d of branch %d: %w", n, branchID, notFound(err))
	}
	return r.campaign(), nil
}

// Campaigns lists a branch's campaigns by number.
func (db *DB) Campaigns(ctx context.Context, branchID int64) ([]zhibu.Campaign, error) {
	var rows []campaignRow
	if err := db.conn(ctx).Where("branch_id = ?", branchID).Order("number").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: campaigns of branch %d: %w", branchID, err)
	}
	out := make([]zhibu.Campaign, len(rows))
	for i, r := range rows {
		out[i] = r.campaign()
	}
	return out, nil
}

// AddStages stores stages of one campaign in one transaction: all or none.
// They take the next numbers of their branch in the order given; their IDs
// and Numbers are ignored. Every stage must name the same campaign and
// branch; a campaign that is unknown or of another branch gives
// zhibu.ErrNotFound. It checks no dates: ordering and overlap are the
// domain's. It returns the stages as stored, in the order given.
func (db *DB) AddStages(ctx context.Context, ss []zhibu.Stage) ([]zhibu.Stage, error) {
	if len(ss) == 0 {
		return []zhibu.Stage{}, nil
	}
	campaignID, branchID := ss[0].CampaignID, ss[0].BranchID
	rows := make([]stageRow, len(ss))
	for i, s := range ss {
		if s.CampaignID != campaignID || s.BranchID != branchID {
			return nil, fmt.Errorf("storage: add stages: stage %d is of campaign %d in branch %d, not %d in %d",
				i, s.CampaignID, s.BranchID, campaignID, branchID)
		}
		r, err := db.stageRow(s)
		if err != nil {
			return nil, fmt.Errorf("storage: add stages: %w", err)
		}
		r.ID = 0
		rows[i] = r
	}
	err := db.conn(ctx).Transaction(func(tx *gorm.DB) error {
		return addStages(tx, campaignID, branchID, rows)
	})
	if err != nil {
		return nil, fmt.Errorf("storage: add stages to campaign %d: %w", campaignID, err)
	}
	out := make([]zhibu.Stage, len(rows))
	for i, r := range rows {
		out[i], _ = r.stage() // r.Requirements was just marshalled
	}
	return out, nil
}

// addStages numbers rows and inserts them within tx, after checking that
// the campaign belongs to the branch.
func addStages(tx *gorm.DB, campaignID, branchID int64, rows []stageRow) error {
	var n int64
	err := tx.Model(&campaignRow{}).Where("id = ? AND branch_id = ?", campaignID, branchID).Count(&n).Error
	if err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("campaign %d in branch %d: %w", campaignID, branchID, zhibu.ErrNotFound)
	}
	var next int
	err = tx.Model(&stageRow{}).Select("COALESCE(MAX(number), 0) + 1").Where("branch_id = ?", branchID).Scan(&next).Error
	if err != nil {
		return err
	}
	for i := range rows {
		rows[i].Number = next + i
	}
	return tx.Create(&rows).Error
}

// StageByNumber finds a branch's stage by 编号, or zhibu.ErrNotFound.
func (db *DB) StageByNumber(ctx context.Context, branchID int64, n int) (zhibu.Stage, error) {
	q := db.conn(ctx).Table("stages").Select(stageColumns).Where("branch_id = ? AND number = ?", branchID, n)
	ss, err := scanStages(q)
	if err == nil && len(ss) == 0 {
		err = zhibu.ErrNotFound
	}
	if err != nil {
		return zhibu.Stage{}, fmt.Errorf("storage: stage %d of branch %d: %w", n, branchID, err)
	}
	return ss[0], nil
}

// Stages lists a campaign's stages by start, then number; campaignID 0
// lists every stage of the branch.
func (db *DB) Stages(ctx context.Context, branchID, campaignID int64) ([]zhibu.Stage, error) {
	q := db.conn(ctx).Table("stages").Select(stageColumns).Where("branch_id = ?", branchID)
	if campaignID != 0 {
		q = q.Where("campaign_id = ?", campaignID)
	}
	out, err := scanStages(q.Order("start_at, number"))
	if err != nil {
		return nil, fmt.Errorf("storage: stages of branch %d, campaign %d: %w", branchID, campaignID, err)
	}
	return out, nil
}

// StagesBetween lists the stages of every branch that overlap the window:
// Start < to and End >= from. That is every stage whose Start or End falls
// in [from, to), and every stage that spans the window; a stage ending
// exactly at from is included (its end is announced), one starting exactly
// at to is not. A caller that reminds d before a stage's end passes from
// unchanged (End-d >= from implies End >= from) and to+d for stages shorter
// than d, which may start after to. They come by start, branch, number.
func (db *DB) StagesBetween(ctx context.Context, from, to time.Time) ([]zhibu.Stage, error) {
	q := db.conn(ctx).Table("stages").Select(stageColumns).
		Where("start_at < ? AND end_at >= ?", db.bound(to), db.bound(from))
	out, err := scanStages(q.Order("start_at, branch_id, number"))
	if err != nil {
		return nil, fmt.Errorf("storage: stages between %s and %s: %w", from.UTC(), to.UTC(), err)
	}
	return out, nil
}

// stageColumns are read by scanStages, in its Scan order.
const stageColumns = "id, campaign_id, branch_id, number, name, start_at, end_at, requirements, created_at"

// scanStages runs q, which selects stageColumns, with plain row scans: the
// reminder engine reads the stages of every branch.
func scanStages(q *gorm.DB) ([]zhibu.Stage, error) {
	return scanAll(q, func(rows *sql.Rows) (zhibu.Stage, error) {
		var r stageRow
		if err := rows.Scan(&r.ID, &r.CampaignID, &r.BranchID, &r.Number, &r.Name, &r.StartAt, &r.EndAt,
			&r.Requirements, &r.CreatedAt); err != nil {
			return zhibu.Stage{}, err
		}
		return r.stage()
	})
}

// SaveSubmission stores a member's submission for a stage, replacing the
// text and time of an earlier one (which keeps its ID). s.ID is ignored; a
// zero s.CreatedAt is now. An unknown stage gives zhibu.ErrNotFound. It
// checks neither the stage's window nor its requirements: those are the
// domain's. It returns the submission as stored.
func (db *DB) SaveSubmission(ctx context.Context, s zhibu.Submission) (zhibu.Submission, error) {
	r := submissionRow{StageID: s.StageID, MemberID: s.MemberID, Text: s.Text, CreatedAt: db.stamp(s.CreatedAt)}
	var out submissionRow
	err := db.conn(ctx).Transaction(func(tx *gorm.DB) error {
		err := tx.Exec(`INSERT INTO submissions (stage_id, member_id, text, created_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (stage_id, member_id) DO UPDATE SET text = excluded.text, created_at = excluded.created_at`,
			r.StageID, r.MemberID, r.Text, r.CreatedAt).Error
		if foreignKeyViolation(err) {
			return fmt.Errorf("stage %d: %w", r.StageID, zhibu.ErrNotFound)
		}
		if err != nil {
			return err
		}
		return tx.Where("stage_id = ? AND member_id = ?", r.StageID, r.MemberID).Take(&out).Error
	})
	if err != nil {
		return zhibu.Submission{}, fmt.Errorf("storage: save submission of member %d to stage %d: %w",
			s.MemberID, s.StageID, err)
	}
	return out.submission(), nil
}

// Submissions lists a stage's submissions by member id.
func (db *DB) Submissions(ctx context.Context, stageID int64) ([]zhibu.Submission, error) {
	rows, err := db.conn(ctx).Table("submissions").Select("id, stage_id, member_id, text, created_at").
		Where("stage_id = ?", stageID).Order("member_id").Rows()
	if err != nil {
		return nil, fmt.Errorf("storage: submissions to stage %d: %w", stageID, err)
	}
	defer rows.Close()
	out := []zhibu.Submission{}
	for rows.Next() {
		var r submissionRow
		if err := rows.Scan(&r.ID, &r.StageID, &r.MemberID, &r.Text, &r.CreatedAt); err != nil {
			return nil, fmt.Errorf("storage: submissions to stage %d: %w", stageID, err)
		}
		out = append(out, r.submission())
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("storage: submissions to stage %d: %w", stageID, err)
	}
	return out, nil
}

// StagesOf returns stages by id, by start, branch and number.
func (db *DB) StagesOf(ctx context.Context, ids []int64) ([]zhibu.Stage, error) {
	out, err := inParts(ids, func(ids []int64) ([]zhibu.Stage, error) {
		return scanStages(db.conn(ctx).Table("stages").Select(stageColumns).Where("id IN ?", ids).
			Order("start_at, branch_id, number"))
	}, func(a, b zhibu.Stage) int {
		return cmp.Or(a.Start.Compare(b.Start), cmp.Compare(a.BranchID, b.BranchID), cmp.Compare(a.Number, b.Number))
	})
	if err != nil {
		return nil, fmt.Errorf("storage: %d stages: %w", len(ids), err)
	}
	return out, nil
}

// SubmissionsOf lists the submissions to several stages, by stage then
// member id.
func (db *DB) SubmissionsOf(ctx context.Context, stageIDs []int64) ([]zhibu.Submission, error) {
	out, err := inParts(stageIDs, func(ids []int64) ([]zhibu.Submission, error) {
		var rows []submissionRow
		err := db.conn(ctx).Where("stage_id IN ?", ids).Order("stage_id, member_id").Find(&rows).Error
		subs := make([]zhibu.Submission, len(rows))
		for i, r := range rows {
			subs[i] = r.submission()
		}
		return subs, err
	}, func(a, b zhibu.Submission) int {
		return cmp.Or(cmp.Compare(a.StageID, b.StageID), cmp.Compare(a.MemberID, b.MemberID))
	})
	if err != nil {
		return nil, fmt.Errorf("storage: submissions to %d stages: %w", len(stageIDs), err)
	}
	return out, nil
}
