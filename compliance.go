package zhibu

import (
	"context"
	"time"
)

// Cadence is how often a meeting type must be held.
type Cadence string

// Cadences. CadenceNone means not required.
const (
	CadenceMonth   Cadence = "每月"
	CadenceQuarter Cadence = "每季度"
	CadenceYear    Cadence = "每年"
	CadenceNone    Cadence = "不要求"
)

// Rule is one 三会一课 requirement of a branch: a meeting type and its
// cadence. A 党小组会 rule applies to each 党小组.
type Rule struct {
	Type    MeetingType
	Cadence Cadence
}

// DefaultRules are docs/domain.md §2's defaults (支部工作条例, 党员教育管理工作条例).
var DefaultRules = []Rule{
	{MeetingGeneral, CadenceQuarter},
	{MeetingCommittee, CadenceMonth},
	{MeetingGroup, CadenceMonth},
	{MeetingLecture, CadenceQuarter},
	{MeetingThemeDay, CadenceMonth},
	{MeetingLifeReview, CadenceYear},
	{MeetingAppraisal, CadenceYear},
}

// Settings are a branch's configurable reminder settings.
type Settings struct {
	Rules      []Rule          // the branch's cadence rules (defaults when never changed)
	QuietStart int             // minutes after local midnight; default 22:00
	QuietEnd   int             // default 07:30
	LeadTimes  []time.Duration // meeting reminders before start; default 24h and 1h
}

// DefaultSettings are the settings of a branch that changed nothing.
func DefaultSettings() Settings {
	return Settings{Rules: append([]Rule(nil), DefaultRules...), QuietStart: 22 * 60, QuietEnd: 7*60 + 30,
		LeadTimes: []time.Duration{24 * time.Hour, time.Hour}}
}

// SettingsStore persists branch settings.
type SettingsStore interface {
	// Settings returns a branch's settings, DefaultSettings() for a branch that changed none.
	Settings(ctx context.Context, branchID int64) (Settings, error)
	SaveSettings(ctx context.Context, branchID int64, s Settings, c Change) error
}
