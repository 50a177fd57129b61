package zhibu

import (
	"context"
	"time"
)

// Campaigns holds the use cases of campaigns and their stages.
type Campaigns struct {
	svc      *Service
	store    CampaignStore
	meetings MeetingStore
	pledges  PledgeStore
	now      func() time.Time
}

// NewCampaigns returns the campaign use cases.
func NewCampaigns(svc *Service, store CampaignStore, meetings MeetingStore, pledges PledgeStore) *Campaigns {
	return &Campaigns{svc: svc, store: store, meetings: meetings, pledges: pledges, now: svc.now}
}

// NewCampaign starts a campaign in the chat's branch (officers).
func (cs *Campaigns) NewCampaign(ctx context.Context, chatID int64, p Person, name string) (Campaign, error) {
	b, actor, err := cs.svc.authorized(ctx, chatID, p, ActManageCampaign)
	if err != nil {
		return Campaign{}, err
	}
	if name, err = CleanTitle(FieldCampaignName, name, MaxCampaignNameLen); err != nil {
		return Campaign{}, err
	}
	return cs.store.CreateCampaign(ctx, Campaign{BranchID: b.ID, Name: name, CreatedBy: actor.ID, CreatedAt: cs.now()})
}

// StageDraft is a stage as an officer writes it: a name, the first and the
// last day (inclusive), and its requirements.
type StageDraft struct {
	Name         string
	First, Last  time.Time // any time on those days; the branch's location
	Requirements []Requirement
}

// AddStages adds stages to a campaign, all or nothing: each must end on or
// after it starts and none may overlap another stage of the campaign.
func (cs *Campaigns) AddStages(ctx context.Context, chatID int64, p Person, campaign int, ds []StageDraft) ([]Stage, error) {
	b, _, err := cs.svc.authorized(ctx, chatID, p, ActManageCampaign)
	if err != nil {
		return nil, err
	}
	c, err := cs.store.CampaignByNumber(ctx, b.ID, campaign)
	if err != nil {
		return nil, err
	}
	existing, err := cs.store.Stages(ctx, b.ID, c.ID)
	if err != nil {
		return nil, err
	}
	var out []Stage
	for _, d := range ds {
		s, err := stageOf(d, c)
		if err != nil {
			return nil, err
		}
		for _, o := range append(existing, out...) {
			if s.Start.Before(o.End) && o.Start.Before(s.End) {
				return nil, &StageConflict{Err: ErrStageOverlap, Stage: s, Other: o}
			}
		}
		s.CreatedAt = cs.now()
		out = append(out, s)
	}
	return cs.store.AddStages(ctx, out)
}

func stageOf(d StageDraft, c Campaign) (Stage, error) {
	name, err := CleanTitle(FieldStageName, d.Name, MaxStageNameLen)
	if err != nil {
		return Stage{}, err
	}
	start, end := midnight(d.First), midnight(d.Last).AddDate(0, 0, 1)
	s := Stage{CampaignID: c.ID, BranchID: c.BranchID, Name: name, Start: start, End: end, Requirements: d.Requirements}
	if !start.Before(end) {
		return Stage{}, &StageConflict{Err: ErrStageOrder, Stage: s}
	}
	return s, nil
}

func midnight(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
}

// Submit records a member's item for an open stage that asks for one. It
// returns the sender's roster entry, the stage and the submission.
func (cs *Campaigns) Submit(ctx context.Context, chatID int64, p Person, stage int, text string) (Member, Stage, Submission, error) {
	b, actor, err := cs.svc.Actor(ctx, chatID, p)
	if err != nil {
		return actor, Stage{}, Submission{}, err
	}
	s, err := cs.store.StageByNumber(ctx, b.ID, stage)
	if err != nil {
		return actor, s, Submission{}, err
	}
	if !asksSubmission(s) {
		return actor, s, Submission{}, ErrNoSubmit
	}
	now := cs.now()
	if now.Before(s.Start) || !now.Before(s.End) {
		return actor, s, Submission{}, ErrStageClosed
	}
	if text, err = checkText(FieldSubmission, text, MaxSubmissionLen, true); err != nil {
		return actor, s, Submission{}, err
	}
	sub, err := cs.store.SaveSubmission(ctx, Submission{StageID: s.ID, MemberID: actor.ID, Text: text, CreatedAt: now})
	return actor, s, sub, err
}

func asksSubmission(s Stage) bool {
	for _, r := range s.Requirements {
		if r.Kind == ReqSubmit {
			return true
		}
	}
	return false
}

// Missing is what one member still lacks in a stage.
type Missing struct {
	Member Member
	What   []Requirement
}

// StageStatus is a stage with what is missing and by whom.
type StageStatus struct {
	Stage      Stage
	Missing    []Missing     // members lacking a pledge or a submission
	MeetingDue []MeetingType // required meetings not yet held in the window
	Held       map[MeetingType][]time.Time
}

// Progress tells, for each stage of a campaign (0: all the branch's
// stages), who is missing what. It returns the branch and the campaign
// with the stages.
func (cs *Campaigns) Progress(ctx context.Context, chatID int64, p Person, campaign int) (Branch, Campaign, []StageStatus, error) {
	b, _, err := cs.svc.Actor(ctx, chatID, p)
	if err != nil {
		return b, Campaign{}, nil, err
	}
	var c Campaign
	if campaign > 0 {
		if c, err = cs.store.CampaignByNumber(ctx, b.ID, campaign); err != nil {
			return b, c, nil, err
		}
	}
	stages, err := cs.store.Stages(ctx, b.ID, c.ID)
	if err != nil {
		return b, c, nil, err
	}
	var out []StageStatus
	for _, s := range stages {
		st, err := cs.StageStatus(ctx, s)
		if err != nil {
			return b, c, nil, err
		}
		out = append(out, st)
	}
	return b, c, out, nil
}

// StageStatus computes one stage's missing items (for reminders as well).
func (cs *Campaigns) StageStatus(ctx context.Context, s Stage) (StageStatus, error) {
	roster, err := cs.svc.store.Members(ctx, s.BranchID)
	if err != nil {
		return StageStatus{}, err
	}
	public, err := cs.pledges.Pledges(ctx, PledgeFilter{BranchID: s.BranchID,
		States: []PledgeState{PledgePublished, PledgeClaimed, PledgeFulfilled, PledgeCannot}})
	if err != nil {
		return StageStatus{}, err
	}
	subs, err := cs.store.Submissions(ctx, s.ID)
	if err != nil {
		return StageStatus{}, err
	}
	held, err := cs.meetings.Meetings(ctx, MeetingFilter{BranchID: s.BranchID, From: s.Start, To: s.End, States: []MeetingState{MeetingClosed}})
	if err != nil {
		return StageStatus{}, err
	}
	return stageStatus(s, roster, public, subs, held), nil
}

// stageStatus is the pure part of StageStatus.
func stageStatus(s Stage, roster []Member, public []Pledge, subs []Submission, held []Meeting) StageStatus {
	hasPledge, hasSub := map[int64]bool{}, map[int64]bool{}
	for _, p := range public {
		hasPledge[p.MemberID] = true
	}
	for _, x := range subs {
		hasSub[x.MemberID] = true
	}
	st := StageStatus{Stage: s, Held: map[MeetingType][]time.Time{}}
	for _, m := range held {
		st.Held[m.Type] = append(st.Held[m.Type], m.Start)
	}
	for _, r := range s.Requirements {
		if r.Kind == ReqMeeting && len(st.Held[r.Meeting]) == 0 {
			st.MeetingDue = append(st.MeetingDue, r.Meeting)
		}
	}
	for _, m := range SortRoster(roster) {
		// A member exempt for age or illness (免于考勤) is not named among
		// those missing a pledge or a submission: the group would read why.
		if m.Removed || !m.Status.IsPartyMember() || m.Exempt != "" {
			continue
		}
		var what []Requirement
		for _, r := range s.Requirements {
			if (r.Kind == ReqPledge && !hasPledge[m.ID]) || (r.Kind == ReqSubmit && !hasSub[m.ID]) {
				what = append(what, r)
			}
		}
		if len(what) > 0 {
			st.Missing = append(st.Missing, Missing{Member: m, What: what})
		}
	}
	return st
}

// StageByNumber finds a stage of the chat's branch for a member.
func (cs *Campaigns) StageByNumber(ctx context.Context, chatID int64, p Person, n int) (Stage, error) {
	b, _, err := cs.svc.Actor(ctx, chatID, p)
	if err != nil {
		return Stage{}, err
	}
	return cs.store.StageByNumber(ctx, b.ID, n)
}

// StagesBetween lists every branch's stages around [from, to), for the
// reminder engine.
func (cs *Campaigns) StagesBetween(ctx context.Context, from, to time.Time) ([]Stage, error) {
	return cs.store.StagesBetween(ctx, from, to)
}

// Stage finds a branch's stage by 编号, for the reminder engine.
func (cs *Campaigns) Stage(ctx context.Context, branchID int64, n int) (Stage, error) {
	return cs.store.StageByNumber(ctx, branchID, n)
}
