package zhibu

import (
	"context"
	"time"
)

// Call posts a call for pledges; the adapter records its message with
// SetCallMessage once posted.
func (ps *Pledges) Call(ctx context.Context, chatID int64, p Person, text string, deadline time.Time) (PledgeCall, error) {
	b, actor, err := ps.svc.authorized(ctx, chatID, p, ActCallPledges)
	if err != nil {
		return PledgeCall{}, err
	}
	if text, err = checkText(FieldCallText, text, MaxPledgeLen, true); err != nil {
		return PledgeCall{}, err
	}
	if err := ps.checkDeadline(deadline); err != nil {
		return PledgeCall{}, err
	}
	return ps.store.CreateCall(ctx, PledgeCall{BranchID: b.ID, Text: text, Deadline: deadline, CreatedBy: actor.ID, CreatedAt: ps.now()})
}

// SetCallMessage records the chat message members reply to.
func (ps *Pledges) SetCallMessage(ctx context.Context, c PledgeCall, messageID int) error {
	c.MessageID = messageID
	return ps.store.UpdateCall(ctx, c)
}

// IsCall reports whether a chat message is a pledge call of the chat's branch.
func (ps *Pledges) IsCall(ctx context.Context, chatID int64, messageID int) (PledgeCall, bool) {
	b, err := ps.svc.Branch(ctx, chatID)
	if err != nil {
		return PledgeCall{}, false
	}
	c, err := ps.store.CallByMessage(ctx, b.ID, messageID)
	return c, err == nil
}

// AnswerCall makes a pledge from a reply to a call's message. It returns
// the pledge with its owner, the sender.
func (ps *Pledges) AnswerCall(ctx context.Context, chatID int64, p Person, c PledgeCall, content string, deadline time.Time, cat Category) (PledgeView, error) {
	b, actor, err := ps.svc.Actor(ctx, chatID, p)
	if err != nil {
		return PledgeView{}, err
	}
	if !c.Open(ps.now()) {
		return PledgeView{}, ErrCallClosed
	}
	pl, err := ps.make(ctx, b, actor, content, deadline, cat, c.ID)
	return PledgeView{Pledge: pl, Owner: actor}, err
}

// CallStatus is an open call with the Party members who have not answered.
type CallStatus struct {
	Call    PledgeCall
	Missing []Member
}

// OpenCalls lists the open calls with who has not answered, and the
// branch, for officers.
func (ps *Pledges) OpenCalls(ctx context.Context, chatID int64, p Person) (Branch, []CallStatus, error) {
	b, _, err := ps.svc.authorized(ctx, chatID, p, ActCallPledges)
	if err != nil {
		return b, nil, err
	}
	calls, err := ps.store.Calls(ctx, b.ID, true)
	if err != nil {
		return b, nil, err
	}
	roster, err := ps.svc.store.Members(ctx, b.ID)
	if err != nil {
		return b, nil, err
	}
	var out []CallStatus
	for _, c := range calls {
		if !c.Open(ps.now()) {
			continue
		}
		pls, err := ps.store.Pledges(ctx, PledgeFilter{BranchID: b.ID, CallID: c.ID})
		if err != nil {
			return b, nil, err
		}
		out = append(out, CallStatus{Call: c, Missing: missing(roster, pls)})
	}
	return b, out, nil
}

// missing lists active Party members with no pledge among pls.
func missing(roster []Member, pls []Pledge) []Member {
	answered := map[int64]bool{}
	for _, pl := range pls {
		answered[pl.MemberID] = true
	}
	var out []Member
	for _, m := range SortRoster(roster) {
		if !m.Removed && m.Status.IsPartyMember() && !answered[m.ID] {
			out = append(out, m)
		}
	}
	return out
}

// CloseCall ends a call: later replies are refused.
func (ps *Pledges) CloseCall(ctx context.Context, chatID int64, p Person, number int) (PledgeCall, error) {
	b, _, err := ps.svc.authorized(ctx, chatID, p, ActCallPledges)
	if err != nil {
		return PledgeCall{}, err
	}
	c, err := ps.store.CallByNumber(ctx, b.ID, number)
	if err != nil {
		return c, err
	}
	if c.Closed {
		return c, ErrCallClosed
	}
	c.Closed = true
	return c, ps.store.UpdateCall(ctx, c)
}

// AllOpenCalls lists every branch's calls not closed, for the reminder engine.
func (ps *Pledges) AllOpenCalls(ctx context.Context) ([]PledgeCall, error) {
	return ps.store.Calls(ctx, 0, true)
}

// CallMissing lists the Party members who have not answered a call.
func (ps *Pledges) CallMissing(ctx context.Context, c PledgeCall) ([]Member, error) {
	roster, err := ps.svc.store.Members(ctx, c.BranchID)
	if err != nil {
		return nil, err
	}
	pls, err := ps.store.Pledges(ctx, PledgeFilter{BranchID: c.BranchID, CallID: c.ID})
	if err != nil {
		return nil, err
	}
	return missing(roster, pls), nil
}
