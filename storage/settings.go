package storage

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/zhibu/zhibu"
)

var _ zhibu.SettingsStore = (*DB)(nil)

// settingsRow is a row of the branch_settings table.
type settingsRow struct {
	BranchID   int64  `gorm:"primaryKey"`
	Rules      string // JSON, see ruleJSON
	QuietStart int
	QuietEnd   int
	LeadTimes  string    // JSON array of whole seconds
	UpdatedAt  time.Time `gorm:"autoUpdateTime:false"`
}

func (settingsRow) TableName() string { return "branch_settings" }

// ruleJSON is one element of branch_settings.rules.
type ruleJSON struct {
	Type    string `json:"type"`
	Cadence string `json:"cadence"`
}

func settingsToRow(branchID int64, s zhibu.Settings, at time.Time) (settingsRow, error) {
	rules := make([]ruleJSON, len(s.Rules))
	for i, r := range s.Rules {
		rules[i] = ruleJSON{Type: string(r.Type), Cadence: string(r.Cadence)}
	}
	leads := make([]int64, len(s.LeadTimes))
	for i, d := range s.LeadTimes {
		leads[i] = int64(d / time.Second)
	}
	rs, err := json.Marshal(rules)
	if err != nil {
		return settingsRow{}, err
	}
	ls, err := json.Marshal(leads)
	if err != nil {
		return settingsRow{}, err
	}
	return settingsRow{BranchID: branchID, Rules: string(rs), QuietStart: s.QuietStart, QuietEnd: s.QuietEnd,
		LeadTimes: string(ls), UpdatedAt: at}, nil
}

// settings converts the row; empty lists come back nil.
func (r settingsRow) settings() (zhibu.Settings, error) {
	var rules []ruleJSON
	if err := json.Unmarshal([]byte(r.Rules), &rules); err != nil {
		return zhibu.Settings{}, fmt.Errorf("rules: %w", err)
	}
	var leads []int64
	if err := json.Unmarshal([]byte(r.LeadTimes), &leads); err != nil {
		return zhibu.Settings{}, fmt.Errorf("lead times: %w", err)
	}
	s := zhibu.Settings{QuietStart: r.QuietStart, QuietEnd: r.QuietEnd}
	for _, q := range rules {
		s.Rules = append(s.Rules, zhibu.Rule{Type: zhibu.MeetingType(q.Type), Cadence: zhibu.Cadence(q.Cadence)})
	}
	for _, sec := range leads {
		s.LeadTimes = append(s.LeadTimes, time.Duration(sec)*time.Second)
	}
	return s, nil
}

// Settings returns a branch's settings, or zhibu.DefaultSettings() for a
// branch that never saved any (an unknown branch included).
func (db *DB) Settings(ctx context.Context, branchID int64) (zhibu.Settings, error) {
	var r settingsRow
	err := db.conn(ctx).Where("branch_id = ?", branchID).Take(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return zhibu.DefaultSettings(), nil
	}
	if err != nil {
		return zhibu.Settings{}, fmt.Errorf("storage: settings of branch %d: %w", branchID, err)
	}
	s, err := r.settings()
	if err != nil {
		return zhibu.Settings{}, fmt.Errorf("storage: settings of branch %d: %w", branchID, err)
	}
	return s, nil
}

// SaveSettings replaces a branch's settings whole and adds the change c to
// its audit log, in one transaction. Lead times are kept in whole seconds.
// The row's update time is c.At (now when zero). An unknown branch gives
// zhibu.ErrNotFound.
func (db *DB) SaveSettings(ctx context.Context, branchID int64, s zhibu.Settings, c zhibu.Change) error {
	c.BranchID, c.At = branchID, db.stamp(c.At)
	r, err := settingsToRow(branchID, s, c.At)
	if err != nil {
		return fmt.Errorf("storage: save settings of branch %d: %w", branchID, err)
	}
	err = db.conn(ctx).Transaction(func(tx *gorm.DB) error {
		err := tx.Exec(`INSERT INTO branch_settings (branch_id, rules, quiet_start, quiet_end, lead_times, updated_at)
			VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (branch_id) DO UPDATE SET rules = excluded.rules, quiet_start = excluded.quiet_start,
				quiet_end = excluded.quiet_end, lead_times = excluded.lead_times, updated_at = excluded.updated_at`,
			r.BranchID, r.Rules, r.QuietStart, r.QuietEnd, r.LeadTimes, r.UpdatedAt).Error
		if foreignKeyViolation(err) {
			return fmt.Errorf("branch %d: %w", branchID, zhibu.ErrNotFound)
		}
		if err != nil {
			return err
		}
		return db.addChanges(tx, []zhibu.Change{c})
	})
	if err != nil {
		return fmt.Errorf("storage: save settings of branch %d: %w", branchID, err)
	}
	return nil
}

// SettingsOf returns the settings of branches by id, for those that saved
// any; the caller takes zhibu.DefaultSettings() for the others.
func (db *DB) SettingsOf(ctx context.Context, branchIDs []int64) (map[int64]zhibu.Settings, error) {
	rows, err := inParts(branchIDs, func(ids []int64) ([]settingsRow, error) {
		var rows []settingsRow
		return rows, db.conn(ctx).Where("branch_id IN ?", ids).Find(&rows).Error
	}, func(a, b settingsRow) int { return cmp.Compare(a.BranchID, b.BranchID) })
	if err != nil {
		return nil, fmt.Errorf("storage: settings of %d branches: %w", len(branchIDs), err)
	}
	out := make(map[int64]zhibu.Settings, len(rows))
	for _, r := range rows {
		if out[r.BranchID], err = r.settings(); err != nil {
			return nil, fmt.Errorf("storage: settings of branch %d: %w", r.BranchID, err)
		}
	}
	return out, nil
}
