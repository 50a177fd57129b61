package zhibu

import (
	"context"
	"time"
)

// Pledges holds the use cases of the pledge cycle (docs/domain.md §5).
type Pledges struct {
	svc   *Service
	store PledgeStore
	now   func() time.Time
}

// NewPledges returns the pledge use cases over the roster service and a
// pledge store.
func NewPledges(svc *Service, store PledgeStore) *Pledges {
	return &Pledges{svc: svc, store: store, now: svc.now}
}

// checkDeadline refuses a deadline in the past.
func (ps *Pledges) checkDeadline(t time.Time) error {
	if !t.IsZero() && !t.After(ps.now()) {
		return &ValidationError{Field: FieldDeadline, Problem: ProblemInvalid}
	}
	return nil
}

// Make records a new pledge of the sender, waiting for review. callID links
// it to the call it answers (0 for none). A member has at most
// MaxOpenPledges open at once (*LimitError).
func (ps *Pledges) Make(ctx context.Context, chatID int64, p Person, content string, deadline time.Time, cat Category, callID int64) (Pledge, error) {
	b, actor, err := ps.svc.Actor(ctx, chatID, p)
	if err != nil {
		return Pledge{}, err
	}
	if callID == 0 {
		// A pledge made while a call is open answers it: its maker is no
		// longer among those the call's reminders name.
		calls, err := ps.store.Calls(ctx, b.ID, true)
		if err != nil {
			return Pledge{}, err
		}
		for _, c := range calls {
			if c.ID > callID && c.MessageID != 0 {
				callID = c.ID // the latest posted
			}
		}
	}
	return ps.make(ctx, b, actor, content, deadline, cat, callID)
}

func (ps *Pledges) make(ctx context.Context, b Branch, actor Member, content string, deadline time.Time, cat Category, callID int64) (Pledge, error) {
	content, err := checkText(FieldContent, content, MaxPledgeLen, true)
	if err != nil {
		return Pledge{}, err
	}
	if err := ps.checkDeadline(deadline); err != nil {
		return Pledge{}, err
	}
	if cat == "" {
		cat = CategoryOther
	}
	now := ps.now()
	pl := Pledge{BranchID: b.ID, MemberID: actor.ID, Content: content, Category: cat, Deadline: deadline,
		State: PledgePending, CallID: callID, CreatedAt: now, UpdatedAt: now}
	err = ps.svc.atomically(ctx, func(ctx context.Context) error {
		open, err := ps.store.Pledges(ctx, PledgeFilter{BranchID: b.ID, MemberID: actor.ID, States: openPledgeStates})
		if err != nil {
			return err
		}
		if err := atMost(LimitOpenPledges, len(open), MaxOpenPledges); err != nil {
			return err
		}
		pl, err = ps.store.CreatePledge(ctx, pl, PledgeEvent{Kind: EventCreated, ActorID: actor.ID, Text: content, At: now})
		return err
	})
	if err != nil {
		return Pledge{}, err
	}
	return pl, nil
}

// pledge finds a pledge of the chat's branch with the sender's roster entry.
func (ps *Pledges) pledge(ctx context.Context, chatID int64, p Person, number int) (Branch, Member, Pledge, error) {
	b, actor, err := ps.svc.Actor(ctx, chatID, p)
	if err != nil {
		return b, actor, Pledge{}, err
	}
	pl, err := ps.store.PledgeByNumber(ctx, b.ID, number)
	return b, actor, pl, err
}

// own finds a pledge the sender owns.
func (ps *Pledges) own(ctx context.Context, chatID int64, p Person, number int) (Branch, Member, Pledge, error) {
	b, actor, pl, err := ps.pledge(ctx, chatID, p, number)
	if err == nil && pl.MemberID != actor.ID {
		err = ErrNotOwner
	}
	return b, actor, pl, err
}

// officer finds a pledge for an officer acting on it.
func (ps *Pledges) officer(ctx context.Context, chatID int64, p Person, number int) (Branch, Member, Pledge, error) {
	b, actor, pl, err := ps.pledge(ctx, chatID, p, number)
	if err != nil {
		return b, actor, pl, err
	}
	return b, actor, pl, Authorize(actor, ActReviewPledge)
}

// update saves a pledge moved from state from, with its history event.
func (ps *Pledges) update(ctx context.Context, pl Pledge, from PledgeState, kind EventKind, actor Member, text string, files []Evidence) (Pledge, error) {
	now := ps.now()
	pl.UpdatedAt = now
	return ps.store.UpdatePledge(ctx, pl, from, PledgeEvent{PledgeID: pl.ID, Kind: kind, ActorID: actor.ID, Text: text, Files: files, At: now})
}

// SetCategory changes the category of one's pledge before publication. It
// returns the pledge with its branch.
func (ps *Pledges) SetCategory(ctx context.Context, chatID int64, p Person, number int, cat Category) (Branch, Pledge, error) {
	b, actor, pl, err := ps.own(ctx, chatID, p, number)
	if err != nil {
		return b, pl, err
	}
	if pl.State != PledgePending && pl.State != PledgeReturned {
		return b, pl, ErrPledgeState
	}
	from := pl.State
	pl.Category = cat
	pl, err = ps.update(ctx, pl, from, EventCategory, actor, string(cat), nil)
	return b, pl, err
}

// Edit changes one's pledge. Before publication the new content is
// resubmitted for review; after it, the change waits for an officer's
// approval and the published content stays until then.
func (ps *Pledges) Edit(ctx context.Context, chatID int64, p Person, number int, content string) (Pledge, error) {
	_, actor, pl, err := ps.own(ctx, chatID, p, number)
	if err != nil {
		return pl, err
	}
	if content, err = checkText(FieldContent, content, MaxPledgeLen, true); err != nil {
		return pl, err
	}
	if content == pl.Content {
		return pl, ErrSameContent
	}
	from := pl.State
	switch from {
	case PledgePending, PledgeReturned:
		pl.Content, pl.State = content, PledgePending
		return ps.update(ctx, pl, from, EventEdited, actor, content, nil)
	case PledgePublished, PledgeClaimed:
		pl.Pending = content
		return ps.update(ctx, pl, from, EventChangeRequested, actor, content, nil)
	}
	return pl, ErrPledgeState
}

// DecideChange approves or rejects a requested change of published content.
func (ps *Pledges) DecideChange(ctx context.Context, chatID int64, p Person, number int, approve bool) (Pledge, error) {
	_, actor, pl, err := ps.officer(ctx, chatID, p, number)
	if err != nil {
		return pl, err
	}
	if pl.Pending == "" {
		return pl, ErrNoChange
	}
	if err := ps.notOwn(ctx, actor, pl); err != nil {
		return pl, err
	}
	text, kind := pl.Pending, EventChangeRejected
	if approve {
		pl.Content, kind = pl.Pending, EventChangeApproved
	}
	pl.Pending = ""
	return ps.update(ctx, pl, pl.State, kind, actor, text, nil)
}

// notOwn refuses an officer deciding on their own pledge while another
// officer could.
func (ps *Pledges) notOwn(ctx context.Context, officer Member, pl Pledge) error {
	if pl.MemberID != officer.ID {
		return nil
	}
	roster, err := ps.svc.store.Members(ctx, pl.BranchID)
	if err != nil {
		return err
	}
	return notOwnIn(roster, officer, pl)
}

// notOwnIn is notOwn with the branch's roster in hand.
func notOwnIn(roster []Member, officer Member, pl Pledge) error {
	if pl.MemberID != officer.ID {
		return nil
	}
	for _, m := range roster {
		if m.ID != officer.ID && !m.Removed && Can(m.Role, ActReviewPledge) {
			return ErrOwnPledge
		}
	}
	return nil
}

// decidable reads the branch's roster for an officer's decision on a
// pledge (审诺, 确认兑现, 评诺) and checks notOwn.
func (ps *Pledges) decidable(ctx context.Context, officer Member, pl Pledge) ([]Member, error) {
	roster, err := ps.svc.store.Members(ctx, pl.BranchID)
	if err != nil {
		return nil, err
	}
	return roster, notOwnIn(roster, officer, pl)
}

// decide saves an officer's decision on a pledge and returns the pledge
// with its owner, who is told.
func (ps *Pledges) decide(ctx context.Context, pl Pledge, from PledgeState, kind EventKind, officer Member, text string, roster []Member) (PledgeView, error) {
	pl, err := ps.update(ctx, pl, from, kind, officer, text, nil)
	return PledgeView{Pledge: pl, Owner: memberByID(roster, pl.MemberID)}, err
}

// Review approves (公示) or returns a pledge waiting for review; returning
// needs a comment for the member. It returns the pledge with its owner.
func (ps *Pledges) Review(ctx context.Context, chatID int64, p Person, number int, approve bool, comment string) (PledgeView, error) {
	_, actor, pl, err := ps.officer(ctx, chatID, p, number)
	if err != nil {
		return PledgeView{}, err
	}
	if pl.State != PledgePending {
		return PledgeView{}, ErrPledgeState
	}
	roster, err := ps.decidable(ctx, actor, pl)
	if err != nil {
		return PledgeView{}, err
	}
	if approve {
		pl.State = PledgePublished
		return ps.decide(ctx, pl, PledgePending, EventApproved, actor, "", roster)
	}
	if comment, err = checkText(FieldComment, comment, MaxCommentLen, true); err != nil {
		return PledgeView{}, err
	}
	pl.State = PledgeReturned
	return ps.decide(ctx, pl, PledgePending, EventReturned, actor, comment, roster)
}

// Progress adds a progress note (践诺), with evidence files, to one's
// published pledge; a pledge keeps at most MaxProgressNotes (*LimitError).
func (ps *Pledges) Progress(ctx context.Context, chatID int64, p Person, number int, note string, files []Evidence) (Pledge, error) {
	_, actor, pl, err := ps.own(ctx, chatID, p, number)
	if err != nil {
		return pl, err
	}
	if pl.State != PledgePublished && pl.State != PledgeClaimed {
		return pl, ErrPledgeState
	}
	if note, err = checkText(FieldNote, note, MaxNoteLen, true); err != nil {
		return pl, err
	}
	out := pl
	err = ps.svc.atomically(ctx, func(ctx context.Context) error {
		events, err := ps.store.PledgeEvents(ctx, []int64{pl.ID})
		if err != nil {
			return err
		}
		n := 0
		for _, e := range events {
			if e.Kind == EventProgress {
				n++
			}
		}
		if n >= MaxProgressNotes {
			return &LimitError{Limit: LimitProgress, Max: MaxProgressNotes, Number: pl.Number}
		}
		out, err = ps.update(ctx, pl, pl.State, EventProgress, actor, note, files)
		return err
	})
	return out, err
}

// Claim says one's published pledge is fulfilled; an officer confirms it.
// It returns the pledge with its owner, the sender.
func (ps *Pledges) Claim(ctx context.Context, chatID int64, p Person, number int, note string) (PledgeView, error) {
	_, actor, pl, err := ps.own(ctx, chatID, p, number)
	if err != nil {
		return PledgeView{}, err
	}
	if pl.State != PledgePublished {
		return PledgeView{}, ErrPledgeState
	}
	if note, err = checkText(FieldNote, note, MaxNoteLen, true); err != nil {
		return PledgeView{}, err
	}
	pl.State = PledgeClaimed
	pl, err = ps.update(ctx, pl, PledgePublished, EventClaimed, actor, note, nil)
	return PledgeView{Pledge: pl, Owner: actor}, err
}

// Confirm confirms a claimed pledge as 兑现, or sends it back to be carried
// on (with a comment). It returns the pledge with its owner.
func (ps *Pledges) Confirm(ctx context.Context, chatID int64, p Person, number int, confirm bool, comment string) (PledgeView, error) {
	_, actor, pl, err := ps.officer(ctx, chatID, p, number)
	if err != nil {
		return PledgeView{}, err
	}
	if pl.State != PledgeClaimed {
		return PledgeView{}, ErrPledgeState
	}
	roster, err := ps.decidable(ctx, actor, pl)
	if err != nil {
		return PledgeView{}, err
	}
	if confirm {
		pl.State, pl.DoneAt = PledgeFulfilled, ps.now()
		return ps.decide(ctx, pl, PledgeClaimed, EventConfirmed, actor, comment, roster)
	}
	if comment, err = checkText(FieldComment, comment, MaxCommentLen, true); err != nil {
		return PledgeView{}, err
	}
	pl.State = PledgePublished
	return ps.decide(ctx, pl, PledgeClaimed, EventSentBack, actor, comment, roster)
}

// Cannot declares one's published pledge cannot be kept; the explanation is
// required. A pledge never published is withdrawn instead (see Withdraw): it
// was never the branch's, so it must not join the public record as 无法兑现.
func (ps *Pledges) Cannot(ctx context.Context, chatID int64, p Person, number int, note string) (Pledge, error) {
	_, actor, pl, err := ps.own(ctx, chatID, p, number)
	if err != nil {
		return pl, err
	}
	if !pl.State.Open() {
		return pl, ErrPledgeState
	}
	if note, err = checkText(FieldCannotReason, note, MaxNoteLen, true); err != nil {
		return pl, err
	}
	if !pl.State.Public() {
		return ps.withdraw(ctx, pl, actor, note)
	}
	from := pl.State
	pl.State = PledgeCannot
	return ps.update(ctx, pl, from, EventCannot, actor, note, nil)
}

// Withdraw takes back (撤回) one's pledge not yet published — waiting for
// review or returned — with an optional note. It stays in its maker's and
// the officers' views with its history, never in anything the branch sees.
// A published pledge cannot be withdrawn (ErrPledgeState): it is declared
// impossible with Cannot.
func (ps *Pledges) Withdraw(ctx context.Context, chatID int64, p Person, number int, note string) (Pledge, error) {
	_, actor, pl, err := ps.own(ctx, chatID, p, number)
	if err != nil {
		return pl, err
	}
	if pl.State != PledgePending && pl.State != PledgeReturned {
		return pl, ErrPledgeState
	}
	if note, err = checkText(FieldNote, note, MaxNoteLen, false); err != nil {
		return pl, err
	}
	return ps.withdraw(ctx, pl, actor, note)
}

func (ps *Pledges) withdraw(ctx context.Context, pl Pledge, actor Member, note string) (Pledge, error) {
	from := pl.State
	pl.State = PledgeWithdrawn
	return ps.update(ctx, pl, from, EventWithdrawn, actor, note, nil)
}

// Grade records the evaluation (评诺) of a published pledge. It returns the
// pledge with its owner, who is told the grade.
func (ps *Pledges) Grade(ctx context.Context, chatID int64, p Person, number int, g Grade, comment string) (PledgeView, error) {
	_, actor, pl, err := ps.officer(ctx, chatID, p, number)
	if err != nil {
		return PledgeView{}, err
	}
	if !pl.State.Public() {
		return PledgeView{}, ErrPledgeState
	}
	roster, err := ps.decidable(ctx, actor, pl)
	if err != nil {
		return PledgeView{}, err
	}
	if comment, err = checkText(FieldComment, comment, MaxCommentLen, false); err != nil {
		return PledgeView{}, err
	}
	pl.Grade, pl.Comment = g, comment
	return ps.decide(ctx, pl, pl.State, EventReviewed, actor, string(g)+" "+comment, roster)
}
