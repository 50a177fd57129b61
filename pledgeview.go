package zhibu

import (
	"context"
	"time"
)

// PledgeView is a pledge as someone may see it: the grade and comment only
// for the owner and officers.
type PledgeView struct {
	Pledge
	Owner  Member
	Events []PledgeEvent    // filled by Detail only
	Names  map[int64]string // roster names by member id, for Events; filled by Detail only
}

// Listing kinds of /pledges.
const (
	ListPublished = "published" // the branch's public pledges
	ListMine      = "mine"      // the sender's, every state
	ListMember    = "member"    // one member's
	ListOverdue   = "overdue"   // past deadline, not done
	ListPending   = "pending"   // waiting for review (officers)
)

// List returns pledges of the chat's branch for the sender, with the
// branch. name is the member for ListMember. Grades are cleared where the
// sender may not see them.
func (ps *Pledges) List(ctx context.Context, chatID int64, p Person, kind, name string) (Branch, []PledgeView, error) {
	b, actor, err := ps.svc.Actor(ctx, chatID, p)
	if err != nil {
		return b, nil, err
	}
	vs, err := ps.list(ctx, b, actor, kind, name)
	return b, vs, err
}

// list is List once the sender is known.
func (ps *Pledges) list(ctx context.Context, b Branch, actor Member, kind, name string) ([]PledgeView, error) {
	officer := Can(actor.Role, ActReviewPledge)
	f := PledgeFilter{BranchID: b.ID}
	public := []PledgeState{PledgePublished, PledgeClaimed, PledgeFulfilled, PledgeCannot}
	switch kind {
	case ListMine:
		f.MemberID = actor.ID
	case ListMember:
		m, err := ps.svc.activeByName(ctx, b.ID, name)
		if err != nil {
			return nil, err
		}
		f.MemberID = m.ID
		if !officer && m.ID != actor.ID {
			f.States = public
		}
	case ListPending:
		if err := Authorize(actor, ActReviewPledge); err != nil {
			return nil, err
		}
		f.States = []PledgeState{PledgePending}
	case ListOverdue:
		f.States = []PledgeState{PledgePublished, PledgeClaimed}
		if officer {
			f.States = append(f.States, PledgePending, PledgeReturned)
		}
	default:
		f.States = public
	}
	pls, err := ps.store.Pledges(ctx, f)
	if err != nil {
		return nil, err
	}
	roster, err := ps.svc.store.Members(ctx, b.ID)
	if err != nil {
		return nil, err
	}
	return ps.views(roster, actor, pls, kind == ListOverdue), nil
}

func (ps *Pledges) views(roster []Member, actor Member, pls []Pledge, overdueOnly bool) []PledgeView {
	byID := map[int64]Member{}
	for _, m := range roster {
		byID[m.ID] = m
	}
	officer := Can(actor.Role, ActReviewPledge)
	now := ps.now()
	var out []PledgeView
	for _, pl := range pls {
		if overdueOnly && !pl.Overdue(now) {
			continue
		}
		if !officer && pl.MemberID != actor.ID {
			pl.Grade, pl.Comment = "", ""
		}
		out = append(out, PledgeView{Pledge: pl, Owner: byID[pl.MemberID]})
	}
	return out
}

// Detail returns one pledge with its history and the branch. Others'
// pledges must be public; grades follow List's rule.
func (ps *Pledges) Detail(ctx context.Context, chatID int64, p Person, number int) (Branch, PledgeView, error) {
	b, actor, pl, err := ps.pledge(ctx, chatID, p, number)
	if err != nil {
		return b, PledgeView{}, err
	}
	if !pl.State.Public() && pl.MemberID != actor.ID && !Can(actor.Role, ActReviewPledge) {
		return b, PledgeView{}, ErrNotFound
	}
	roster, err := ps.svc.store.Members(ctx, b.ID)
	if err != nil {
		return b, PledgeView{}, err
	}
	v := ps.views(roster, actor, []Pledge{pl}, false)[0]
	v.Names = make(map[int64]string, len(roster))
	for _, m := range roster {
		v.Names[m.ID] = m.Name
	}
	v.Events, err = ps.store.PledgeEvents(ctx, []int64{pl.ID})
	return b, v, err
}

// PledgeStats is /pledges 统计: per member and for the branch, and the
// Party members without any pledge.
type PledgeStats struct {
	Branch  Branch
	Rows    []PledgeCounts // members with pledges, by member id
	Names   map[int64]string
	Total   PledgeCounts
	Without []Member
}

// Stats gathers pledge statistics with one aggregate query, for officers.
func (ps *Pledges) Stats(ctx context.Context, chatID int64, p Person) (PledgeStats, error) {
	b, _, err := ps.svc.authorized(ctx, chatID, p, ActPledgeStats)
	if err != nil {
		return PledgeStats{}, err
	}
	rows, err := ps.store.PledgeCounts(ctx, b.ID, ps.now())
	if err != nil {
		return PledgeStats{}, err
	}
	roster, err := ps.svc.store.Members(ctx, b.ID)
	if err != nil {
		return PledgeStats{}, err
	}
	st := PledgeStats{Branch: b, Rows: rows, Names: map[int64]string{}}
	has := map[int64]bool{}
	for _, r := range rows {
		has[r.MemberID] = true
		st.Total.Made += r.Made
		st.Total.Published += r.Published
		st.Total.Fulfilled += r.Fulfilled
		st.Total.Overdue += r.Overdue
		st.Total.Cannot += r.Cannot
	}
	for _, m := range SortRoster(roster) {
		st.Names[m.ID] = m.Name
		if !m.Removed && m.Status.IsPartyMember() && !has[m.ID] {
			st.Without = append(st.Without, m)
		}
	}
	return st, nil
}

// Ledger gathers the 承诺台账 with every pledge's history, for officers.
func (ps *Pledges) Ledger(ctx context.Context, chatID int64, p Person) (PledgeLedger, error) {
	b, _, err := ps.svc.authorized(ctx, chatID, p, ActExport)
	if err != nil {
		return PledgeLedger{}, err
	}
	pls, err := ps.store.Pledges(ctx, PledgeFilter{BranchID: b.ID})
	if err != nil {
		return PledgeLedger{}, err
	}
	ids := make([]int64, len(pls))
	for i, pl := range pls {
		ids[i] = pl.ID
	}
	evs, err := ps.store.PledgeEvents(ctx, ids)
	if err != nil {
		return PledgeLedger{}, err
	}
	roster, err := ps.svc.store.Members(ctx, b.ID)
	if err != nil {
		return PledgeLedger{}, err
	}
	names := map[int64]string{}
	for _, m := range roster {
		names[m.ID] = m.Name
	}
	return PledgeLedger{Branch: b, Now: ps.now(), Names: names, Pledges: pls, Events: evs}, nil
}

// DueBetween lists every branch's open pledges with a deadline in
// [from, to), for the reminder engine.
func (ps *Pledges) DueBetween(ctx context.Context, from, to time.Time) ([]Pledge, error) {
	return ps.store.Pledges(ctx, PledgeFilter{DeadlineFrom: from, DeadlineTo: to,
		States: []PledgeState{PledgePending, PledgeReturned, PledgePublished, PledgeClaimed}})
}

// OverdueOf lists a branch's open pledges past their deadline at now.
func (ps *Pledges) OverdueOf(ctx context.Context, branchID int64, now time.Time) ([]Pledge, error) {
	pls, err := ps.store.Pledges(ctx, PledgeFilter{BranchID: branchID, DeadlineTo: now, DeadlineFrom: time.Unix(0, 0),
		States: []PledgeState{PledgePublished, PledgeClaimed}})
	return pls, err
}

// PledgeOf finds a branch's pledge by 编号, for the reminder engine.
func (ps *Pledges) PledgeOf(ctx context.Context, branchID int64, n int) (Pledge, error) {
	return ps.store.PledgeByNumber(ctx, branchID, n)
}
