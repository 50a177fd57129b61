package zhibu

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// The Telegram ids of the notice tests' roster that the bot may write to:
// everyone linked but 钱八, who never opened a private chat with it.
var testReachable = map[int64]bool{101: true, 102: true, 103: true, 105: true, 107: true, 108: true, 109: true}

// testRoster is branch 7's roster by id, as the store lists it; in roster
// order the officers come first: 王书记, 郑副, 李组织, then 张三 ….
func testRoster() []Member {
	b := testBranchID
	return []Member{
		{ID: 1, BranchID: b, Name: "王书记", Status: StatusFull, Role: RoleSecretary, TelegramID: 101},
		{ID: 2, BranchID: b, Name: "李组织", Status: StatusFull, Role: RoleOrganizer, Group: "第一党小组", TelegramID: 102},
		{ID: 3, BranchID: b, Name: "张三", Status: StatusFull, TelegramID: 103},
		{ID: 4, BranchID: b, Name: "赵六", Status: StatusProbationary},
		{ID: 5, BranchID: b, Name: "孙七", Status: StatusActivist, TelegramID: 105},
		{ID: 6, BranchID: b, Name: "钱八", Status: StatusFull, TelegramID: 106},
		{ID: 7, BranchID: b, Name: "周九", Status: StatusFull, Role: RoleDeputy, TelegramID: 107, Removed: true},
		{ID: 8, BranchID: b, Name: "吴十", Status: StatusFull, Exempt: ExemptFrail, TelegramID: 108},
		{ID: 9, BranchID: b, Name: "郑副", Status: StatusFull, Role: RoleDeputy, TelegramID: 109},
	}
}

// rosterID is the id of a member of testRoster by name.
func rosterID(t *testing.T, name string) int64 {
	t.Helper()
	for _, m := range testRoster() {
		if m.Name == name {
			return m.ID
		}
	}
	t.Fatalf("no %s on the test roster", name)
	return 0
}

// newTestFacts returns the facts of a batch composed at now: testRoster
// with testReachable and nothing else; tests fill in what they need.
func newTestFacts(now time.Time) *facts {
	reachable := map[int64]bool{}
	for id, ok := range testReachable {
		reachable[id] = ok
	}
	return &facts{now: now, rosters: map[int64][]Member{testBranchID: testRoster()}, reachable: reachable,
		meetings: map[int64]Meeting{}, records: map[int64][]Attendance{}, pledges: map[int64]Pledge{},
		calls: map[int64]PledgeCall{}, answers: map[int64][]Pledge{}, stages: map[int64]Stage{},
		subs: map[int64][]Submission{}, public: map[int64][]Pledge{}, held: map[int64][]Meeting{},
		heldRecords: map[int64][]Attendance{}, reminders: map[int64]Reminder{}}
}

// audience is whom a notice goes to: the group, members privately by name,
// and those the group is told could not be written to privately.
type audience struct {
	Group     bool
	Private   []string
	Unreached []string
}

func audienceOf(n Notice) audience {
	return audience{Group: n.Group, Private: names(n.Private), Unreached: names(n.Unreached)}
}

func names(ms []Member) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Name)
	}
	return out
}

func TestNoticeMeeting(t *testing.T) {
	v := newTestView(shanghai)
	start := bj(2026, 11, 25, 19, 0)
	general := Meeting{ID: 12, BranchID: testBranchID, Number: 3, Type: MeetingGeneral, State: MeetingScheduled, Start: start}
	committee := general
	committee.Type = MeetingCommittee
	cancelled, closed := general, general
	cancelled.State, closed.State = MeetingCancelled, MeetingClosed
	lead := Occurrence{Key: "meeting:12:lead:1440:1795604400", Branch: v, FireAt: start.Add(-24 * time.Hour),
		Policy: PolicyRecurring, Expires: start, Series: "meeting:12:1795604400", Kind: KindMeetingLead, Ref: 12, Number: 3}
	checkIn := Occurrence{Key: "meeting:12:checkin:1795604400", Branch: v, FireAt: start.Add(-30 * time.Minute),
		Policy: PolicyEvent, Expires: start.Add(2 * time.Hour), Urgent: true, Kind: KindCheckIn, Ref: 12, Number: 3}
	// 王书记 will attend, 李组织 checked in early without answering, 钱八
	// has a record but no answer; 张三, 赵六 and 郑副 have no record.
	records := []Attendance{
		{MeetingID: 12, MemberID: 1, Answer: AnswerAttend},
		{MeetingID: 12, MemberID: 2, CheckedInAt: start.Add(-20 * time.Minute), CheckedInBy: 2},
		{MeetingID: 12, MemberID: 6},
	}
	onLeave := slices.Concat(records, []Attendance{
		{MeetingID: 12, MemberID: 3, Answer: AnswerLeave, LeaveReason: "出差"},
		{MeetingID: 12, MemberID: 9, Answer: AnswerAttend},
	})
	everyone := slices.Concat(records[:2], []Attendance{
		{MeetingID: 12, MemberID: 3, Answer: AnswerLeave, LeaveReason: "出差"},
		{MeetingID: 12, MemberID: 4, Answer: AnswerAttend},
		{MeetingID: 12, MemberID: 6, Answer: AnswerLeave, LeaveReason: "病假"},
		{MeetingID: 12, MemberID: 9, Answer: AnswerAttend},
	})
	tests := []struct {
		name       string
		occ        Occurrence
		meeting    *Meeting // nil: deleted
		records    []Attendance
		now        time.Time
		want       audience
		wantSilent []string
	}{
		{"lead names the silent, in roster order", lead, &general, records, lead.FireAt,
			audience{Group: true, Private: []string{"郑副", "张三"}}, []string{"郑副", "张三", "赵六", "钱八"}},
		{"leave is an answer", lead, &general, onLeave, lead.FireAt,
			audience{Group: true}, []string{"赵六", "钱八"}},
		{"everyone answered: nobody (nothing for the group to do)", lead, &general, everyone, lead.FireAt,
			audience{}, nil},
		{"a 支委会 expects the committee", lead, &committee, nil, lead.FireAt,
			audience{Group: true, Private: []string{"王书记", "郑副", "李组织"}}, []string{"王书记", "郑副", "李组织"}},
		{"lead a minute before the start: privately only (the check-in post is the group's)", lead, &general, records, start.Add(-time.Minute),
			audience{Private: []string{"郑副", "张三"}}, []string{"郑副", "张三", "赵六", "钱八"}},
		{"lead two hours before the start still goes to the group", lead, &general, records, start.Add(-2 * time.Hour),
			audience{Group: true, Private: []string{"郑副", "张三"}}, []string{"郑副", "张三", "赵六", "钱八"}},
		{"lead once it started", lead, &general, records, start, audience{}, nil},
		{"lead of a cancelled meeting", lead, &cancelled, records, lead.FireAt, audience{}, nil},
		{"lead of a closed meeting", lead, &closed, records, lead.FireAt, audience{}, nil},
		{"lead of a deleted meeting", lead, nil, records, lead.FireAt, audience{}, nil},
		{"check-in is for the group", checkIn, &general, records, checkIn.FireAt, audience{Group: true}, nil},
		{"check-in after the start", checkIn, &general, records, start.Add(10 * time.Minute), audience{Group: true}, nil},
		{"check-in of a cancelled meeting", checkIn, &cancelled, records, checkIn.FireAt, audience{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newTestFacts(tt.now)
			if tt.meeting != nil {
				d.meetings[12] = *tt.meeting
			}
			d.records[12] = tt.records
			n := d.notice(tt.occ)
			if diff := cmp.Diff(tt.want, audienceOf(n)); diff != "" {
				t.Errorf("notice(%s) at %s audience mismatch (-want +got):\n%s", tt.occ.Key, tt.now, diff)
			}
			// 赵六 has no Telegram: listed apart, for the officers to answer.
			var wantOffline []string
			if i := slices.Index(tt.wantSilent, "赵六"); i >= 0 {
				wantOffline = []string{"赵六"}
				tt.wantSilent = slices.Delete(slices.Clone(tt.wantSilent), i, i+1)
			}
			if diff := cmp.Diff(wantOffline, names(n.Offline)); diff != "" {
				t.Errorf("notice(%s) at %s Offline mismatch (-want +got):\n%s", tt.occ.Key, tt.now, diff)
			}
			if diff := cmp.Diff(tt.wantSilent, names(n.Silent)); diff != "" {
				t.Errorf("notice(%s) at %s Silent mismatch (-want +got):\n%s", tt.occ.Key, tt.now, diff)
			}
			if tt.want.Group && n.Meeting.ID != 12 {
				t.Errorf("notice(%s).Meeting = #%d, want #3 (id 12)", tt.occ.Key, n.Meeting.ID)
			}
			if !n.Now.Equal(tt.now) {
				t.Errorf("notice(%s).Now = %s, want %s", tt.occ.Key, n.Now, tt.now)
			}
		})
	}
}

func TestNoticePledgeDue(t *testing.T) {
	v := newTestView(shanghai)
	now := bj(2026, 11, 24, 9, 0)
	deadline := bj(2026, 12, 1, 23, 59)
	pledge := func(id int64, owner int64, state PledgeState) Pledge {
		return Pledge{ID: id, BranchID: testBranchID, Number: int(id), MemberID: owner, State: state, Deadline: deadline}
	}
	tests := []struct {
		name   string
		pledge Pledge
		known  bool
		want   audience
	}{
		{"published, to its reachable owner", pledge(5, 3, PledgePublished), true, audience{Private: []string{"张三"}}},
		{"pending review", pledge(5, 3, PledgePending), true, audience{Private: []string{"张三"}}},
		{"claimed done, not confirmed", pledge(5, 3, PledgeClaimed), true, audience{Private: []string{"张三"}}},
		{"owner linked but not reachable", pledge(5, 6, PledgePublished), true, audience{}},
		{"owner not linked", pledge(5, 4, PledgePublished), true, audience{}},
		{"fulfilled", pledge(5, 3, PledgeFulfilled), true, audience{}},
		{"declared impossible", pledge(5, 3, PledgeCannot), true, audience{}},
		{"gone", pledge(5, 3, PledgePublished), false, audience{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newTestFacts(now)
			if tt.known {
				d.pledges[tt.pledge.ID] = tt.pledge
			}
			o := Occurrence{Key: "pledge:5:7d:1796140740", Branch: v, FireAt: now, Policy: PolicyDeadline,
				Expires: deadline, Kind: KindPledgeDue, Ref: 5, Number: 5}
			n := d.notice(o)
			if diff := cmp.Diff(tt.want, audienceOf(n)); diff != "" {
				t.Errorf("notice(%s) of a pledge %s by member %d audience mismatch (-want +got):\n%s",
					o.Key, tt.pledge.State, tt.pledge.MemberID, diff)
			}
			if len(n.Private) > 0 && n.Pledge.ID != 5 {
				t.Errorf("notice(%s).Pledge = id %d, want 5", o.Key, n.Pledge.ID)
			}
		})
	}
}

// linesOf lists pledge lines as "编号 owner".
func linesOf(ls []PledgeLine) []string {
	var out []string
	for _, l := range ls {
		out = append(out, fmt.Sprintf("#%d %s", l.Pledge.Number, l.Owner.Name))
	}
	return out
}

func TestNoticePledgeDigest(t *testing.T) {
	v := newTestView(shanghai)
	fire := bj(2026, 11, 24, 9, 0) // names the pledges due on 12-01 (7 days) and 11-25 (1 day)
	o := Occurrence{Key: "pledge_digest:7:2026-11-24", Branch: v, FireAt: fire, Policy: PolicyDeadline,
		Expires: bj(2026, 11, 25, 9, 0), Kind: KindPledgeDigest}
	due := func(n int, branch, owner int64, deadline time.Time) Pledge {
		return Pledge{ID: int64(100 + n), BranchID: branch, Number: n, MemberID: owner, State: PledgePublished, Deadline: deadline}
	}
	dueSoon := []Pledge{
		due(21, testBranchID, 3, bj(2026, 12, 1, 23, 59)), // 张三 is reached privately
		due(22, testBranchID, 4, bj(2026, 12, 1, 23, 59)), // 赵六 has no Telegram account
		due(23, testBranchID, 6, bj(2026, 11, 25, 12, 0)), // 钱八 cannot be reached
		due(24, testBranchID, 4, bj(2026, 11, 28, 23, 59)),
		due(25, 8, 4, bj(2026, 12, 1, 23, 59)), // another branch
		due(26, testBranchID, 4, bj(2026, 12, 2, 0, 0)),
		due(27, testBranchID, 4, bj(2026, 12, 1, 0, 0)),
	}
	// Not published: never named in the group.
	for i, st := range []PledgeState{PledgePending, PledgeReturned} {
		p := due(28+i, testBranchID, 4, bj(2026, 12, 1, 23, 59))
		p.State = st
		dueSoon = append(dueSoon, p)
	}
	tests := []struct {
		name      string
		dueSoon   []Pledge
		want      audience
		wantLines []string
	}{
		{"unreachable owners of the lead days", dueSoon, audience{Group: true}, []string{"#22 赵六", "#27 赵六", "#23 钱八"}},
		{"every owner reachable", dueSoon[:1], audience{}, nil},
		{"none due", nil, audience{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newTestFacts(fire)
			d.dueSoon = tt.dueSoon
			n := d.notice(o)
			if diff := cmp.Diff(tt.want, audienceOf(n)); diff != "" {
				t.Errorf("notice(%s) audience mismatch (-want +got):\n%s", o.Key, diff)
			}
			if diff := cmp.Diff(tt.wantLines, linesOf(n.Lines)); diff != "" {
				t.Errorf("notice(%s) Lines mismatch (-want +got):\n%s", o.Key, diff)
			}
		})
	}
}

func TestNoticeOverdue(t *testing.T) {
	v := newTestView(shanghai)
	now := bj(2026, 11, 23, 9, 0)
	o := Occurrence{Key: "pledge_overdue:7:2026-11-23", Branch: v, FireAt: now, Policy: PolicyRecurring,
		Series: "pledge_overdue:7", Kind: KindOverdueDigest}
	overdue := []Pledge{
		{ID: 131, BranchID: testBranchID, Number: 31, MemberID: 4, State: PledgePublished, Deadline: bj(2026, 11, 20, 23, 59)},
		{ID: 132, BranchID: 8, Number: 32, MemberID: 4, State: PledgePublished, Deadline: bj(2026, 11, 20, 23, 59)},
		{ID: 133, BranchID: testBranchID, Number: 33, MemberID: 3, State: PledgeClaimed, Deadline: bj(2026, 11, 22, 12, 0)},
	}
	tests := []struct {
		name      string
		overdue   []Pledge
		reachable map[int64]bool // nil: testReachable
		want      audience
		wantLines []string
	}{
		{"to the reachable officers", overdue, nil,
			audience{Private: []string{"王书记", "李组织", "郑副"}}, []string{"#31 赵六", "#33 张三"}},
		{"no officer reachable: the group asks them to open a private chat", overdue, map[int64]bool{103: true, 106: true},
			audience{Unreached: []string{"王书记", "李组织", "郑副"}}, []string{"#31 赵六", "#33 张三"}},
		{"only another branch's", overdue[1:2], nil, audience{}, nil},
		{"none", nil, nil, audience{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newTestFacts(now)
			d.overdue = tt.overdue
			if tt.reachable != nil {
				d.reachable = tt.reachable
			}
			n := d.notice(o)
			if diff := cmp.Diff(tt.want, audienceOf(n)); diff != "" {
				t.Errorf("notice(%s) audience mismatch (-want +got):\n%s", o.Key, diff)
			}
			if diff := cmp.Diff(tt.wantLines, linesOf(n.Lines)); diff != "" {
				t.Errorf("notice(%s) Lines mismatch (-want +got):\n%s", o.Key, diff)
			}
		})
	}
}

func TestNoticeCallNag(t *testing.T) {
	v := newTestView(shanghai)
	now := bj(2026, 11, 28, 9, 0)
	call := PledgeCall{ID: 4, BranchID: testBranchID, Number: 1, Text: "请每位党员提交年度承诺",
		Deadline: bj(2026, 12, 1, 23, 59), MessageID: 99}
	o := Occurrence{Key: "call:4:3d:1796140740", Branch: v, FireAt: now, Policy: PolicyDeadline,
		Expires: call.Deadline, Kind: KindCallNag, Ref: 4, Number: 1}
	answer := func(member int64) Pledge {
		return Pledge{ID: 200 + member, BranchID: testBranchID, MemberID: member, CallID: 4, State: PledgePending}
	}
	var all []Pledge
	for _, id := range []int64{1, 2, 3, 4, 6, 8, 9} {
		all = append(all, answer(id))
	}
	tests := []struct {
		name        string
		open        bool
		answers     []Pledge
		want        audience
		wantMissing []string
		wantOffline []string
	}{
		// 赵六 has no Telegram: listed apart for the officers; 吴十 is
		// exempt for age: not named at all.
		{"names the Party members who did not answer", true, []Pledge{answer(3), answer(5)},
			audience{Group: true}, []string{"王书记", "郑副", "李组织", "钱八"}, []string{"赵六"}},
		{"only one without Telegram missing", true, slices.Delete(slices.Clone(all), 3, 4), audience{Group: true}, nil, []string{"赵六"}},
		{"everyone answered", true, all, audience{}, nil, nil},
		{"closed", false, nil, audience{}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newTestFacts(now)
			if tt.open {
				d.calls[4] = call
			}
			d.answers[4] = tt.answers
			n := d.notice(o)
			if diff := cmp.Diff(tt.want, audienceOf(n)); diff != "" {
				t.Errorf("notice(%s) audience mismatch (-want +got):\n%s", o.Key, diff)
			}
			if diff := cmp.Diff(tt.wantMissing, names(n.Missing)); diff != "" {
				t.Errorf("notice(%s) Missing mismatch (-want +got):\n%s", o.Key, diff)
			}
			if diff := cmp.Diff(tt.wantOffline, names(n.Offline)); diff != "" {
				t.Errorf("notice(%s) Offline mismatch (-want +got):\n%s", o.Key, diff)
			}
		})
	}
}

func TestNoticeStage(t *testing.T) {
	v := newTestView(shanghai)
	s := Stage{ID: 9, CampaignID: 1, BranchID: testBranchID, Number: 2, Name: "学习动员",
		Start: bj(2026, 11, 1, 0, 0), End: bj(2026, 12, 1, 0, 0),
		Requirements: []Requirement{{Kind: ReqPledge}, {Kind: ReqMeeting, Meeting: MeetingGeneral}}}
	occ := func(key string, kind OccurrenceKind, fireAt time.Time) Occurrence {
		return Occurrence{Key: key, Branch: v, FireAt: fireAt, Policy: PolicyDeadline, Expires: s.End, Kind: kind, Ref: 9, Number: 2}
	}
	start := occ("stage:9:start", KindStageStart, bj(2026, 11, 1, 9, 0))
	soon := occ("stage:9:7d", KindStageSoon, bj(2026, 11, 24, 9, 0))
	summary := occ("stage:9:summary", KindStageSummary, bj(2026, 12, 1, 9, 0))
	public := func(members ...int64) []Pledge {
		var out []Pledge
		for _, id := range members {
			out = append(out, Pledge{ID: 300 + id, BranchID: testBranchID, MemberID: id, State: PledgePublished})
		}
		return out
	}
	allPledged := public(1, 2, 3, 4, 6, 8, 9)
	zhaoMissing := public(1, 2, 3, 6, 8, 9)
	inStage := []Meeting{{ID: 40, BranchID: testBranchID, Type: MeetingGeneral, State: MeetingClosed, Start: bj(2026, 11, 10, 19, 0)}}
	before := []Meeting{{ID: 41, BranchID: testBranchID, Type: MeetingGeneral, State: MeetingClosed, Start: bj(2026, 10, 20, 19, 0)}}
	tests := []struct {
		name        string
		occ         Occurrence
		known       bool
		public      []Pledge
		held        []Meeting
		want        audience
		wantMissing []string
		wantDue     []MeetingType
	}{
		{"start, to the group", start, true, nil, nil, audience{Group: true}, nil, nil},
		{"soon, a pledge missing", soon, true, zhaoMissing, inStage, audience{Group: true}, []string{"赵六"}, nil},
		{"soon, the meeting not held in the stage", soon, true, allPledged, before, audience{Group: true}, nil, []MeetingType{MeetingGeneral}},
		{"soon, nothing missing: silent", soon, true, allPledged, inStage, audience{}, nil, nil},
		{"summary, nothing missing", summary, true, allPledged, inStage, audience{Group: true}, nil, nil},
		{"summary, a pledge missing", summary, true, zhaoMissing, inStage, audience{Group: true}, []string{"赵六"}, nil},
		{"unknown stage", soon, false, zhaoMissing, inStage, audience{}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newTestFacts(tt.occ.FireAt)
			if tt.known {
				d.stages[9] = s
			}
			d.public[testBranchID], d.held[testBranchID] = tt.public, tt.held
			n := d.notice(tt.occ)
			if diff := cmp.Diff(tt.want, audienceOf(n)); diff != "" {
				t.Errorf("notice(%s) audience mismatch (-want +got):\n%s", tt.occ.Key, diff)
			}
			var missing []string
			for _, m := range n.Status.Missing {
				missing = append(missing, m.Member.Name)
			}
			if diff := cmp.Diff(tt.wantMissing, missing); diff != "" {
				t.Errorf("notice(%s) Status.Missing mismatch (-want +got):\n%s", tt.occ.Key, diff)
			}
			if diff := cmp.Diff(tt.wantDue, n.Status.MeetingDue); diff != "" {
				t.Errorf("notice(%s) Status.MeetingDue mismatch (-want +got):\n%s", tt.occ.Key, diff)
			}
		})
	}
}

// itemsOf lists items as "type [group] period days-left".
func itemsOf(its []Item) []string {
	var out []string
	for _, it := range its {
		what := string(it.Rule.Type)
		if it.Group != "" {
			what += " " + it.Group
		}
		out = append(out, fmt.Sprintf("%s %s %d", what, it.Period.Label, it.DaysLeft))
	}
	return out
}

func TestNoticeCompliance(t *testing.T) {
	v := newTestView(shanghai)
	occ := func(fireAt time.Time) Occurrence {
		day := fireAt.Format("2006-01-02")
		return Occurrence{Key: "compliance:7:" + day, Branch: v, FireAt: fireAt, Policy: PolicyRecurring,
			Series: "compliance:7:" + day[:7], Kind: KindCompliance}
	}
	held := func(id int64, typ MeetingType, group string, start time.Time) Meeting {
		return Meeting{ID: id, BranchID: testBranchID, Type: typ, Group: group, State: MeetingClosed, Start: start}
	}
	nov24, nov30, dec25 := occ(bj(2026, 11, 24, 9, 0)), occ(bj(2026, 11, 30, 9, 0)), occ(bj(2026, 12, 25, 9, 0))
	// In November the monthly 支委会 was held; the 主题党日 only in October.
	november := []Meeting{
		held(50, MeetingCommittee, "", bj(2026, 11, 10, 19, 0)),
		held(51, MeetingThemeDay, "", bj(2026, 10, 15, 9, 0)),
	}
	allOfNovember := append(slices.Clone(november),
		held(52, MeetingGroup, "第一党小组", bj(2026, 11, 12, 19, 0)),
		held(53, MeetingThemeDay, "", bj(2026, 11, 15, 9, 0)))
	laterThatDay := append(slices.Clone(november),
		held(52, MeetingGroup, "第一党小组", bj(2026, 11, 24, 15, 0)),
		held(53, MeetingThemeDay, "", bj(2026, 11, 24, 15, 0)))
	// In December the monthly ones and the quarter's 党员大会 were held.
	december := []Meeting{
		held(60, MeetingCommittee, "", bj(2026, 12, 3, 19, 0)),
		held(61, MeetingGroup, "第一党小组", bj(2026, 12, 4, 19, 0)),
		held(62, MeetingThemeDay, "", bj(2026, 12, 5, 9, 0)),
		held(63, MeetingGeneral, "", bj(2026, 10, 20, 19, 0)),
	}
	noSecretary := map[int64]bool{102: true, 103: true, 109: true}
	monthly := []string{"党小组会 第一党小组 2026年11月 6", "主题党日 2026年11月 6"}
	tests := []struct {
		name      string
		occ       Occurrence
		now       time.Time
		held      []Meeting
		reachable map[int64]bool // nil: testReachable
		want      audience
		wantItems []string
	}{
		{"to the 书记", nov24, nov24.FireAt, november, nil, audience{Private: []string{"王书记"}}, monthly},
		{"to the group when the 书记 cannot be reached", nov24, nov24.FireAt, november, noSecretary, audience{Group: true}, monthly},
		{"everything held", nov24, nov24.FireAt, allOfNovember, nil, audience{}, nil},
		{"found late, it speaks of its morning", nov24, bj(2026, 11, 24, 20, 0), laterThatDay, nil, audience{Private: []string{"王书记"}}, monthly},
		{"the last evening of the month", nov30, bj(2026, 11, 30, 23, 59), november, nil, audience{Private: []string{"王书记"}},
			[]string{"党小组会 第一党小组 2026年11月 0", "主题党日 2026年11月 0"}},
		{"after the month ended", nov30, bj(2026, 12, 1, 0, 0), november, nil, audience{}, nil},
		{"December adds the quarter's and the year's", dec25, dec25.FireAt, december, nil, audience{Private: []string{"王书记"}},
			[]string{"党课 2026年第四季度 6", "组织生活会 2026年 6", "民主评议 2026年 6"}},
		// A 支委会 closed with nobody present is not held.
		{"held with nobody present", nov24, nov24.FireAt,
			[]Meeting{held(70, MeetingCommittee, "", bj(2026, 11, 11, 19, 0)), held(51, MeetingThemeDay, "", bj(2026, 10, 15, 9, 0))},
			nil, audience{Private: []string{"王书记"}}, append([]string{"支委会 2026年11月 6"}, monthly...)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newTestFacts(tt.now)
			d.held[testBranchID] = tt.held
			// Each held meeting had its members there, but #70.
			for _, m := range tt.held {
				if m.ID == 70 {
					d.heldRecords[m.ID] = []Attendance{{MeetingID: 70, MemberID: 1, Expected: true, Outcome: OutcomeAbsent}}
					continue
				}
				for _, id := range []int64{1, 2, 3, 6, 9} {
					d.heldRecords[m.ID] = append(d.heldRecords[m.ID], Attendance{MeetingID: m.ID, MemberID: id, Expected: true, Outcome: OutcomePresent})
				}
			}
			if tt.reachable != nil {
				d.reachable = tt.reachable
			}
			n := d.notice(tt.occ)
			if diff := cmp.Diff(tt.want, audienceOf(n)); diff != "" {
				t.Errorf("notice(%s) at %s audience mismatch (-want +got):\n%s", tt.occ.Key, tt.now, diff)
			}
			if diff := cmp.Diff(tt.wantItems, itemsOf(n.Items)); diff != "" {
				t.Errorf("notice(%s) at %s Items mismatch (-want +got):\n%s", tt.occ.Key, tt.now, diff)
			}
		})
	}
}

func TestNoticeAbsence(t *testing.T) {
	v := newTestView(shanghai)
	now := bj(2026, 12, 1, 9, 0)
	o := Occurrence{Key: "absence:7:2026-12", Branch: v, FireAt: now, Policy: PolicyDeadline,
		Expires: bj(2027, 1, 1, 9, 0), Kind: KindAbsence}
	// One 党员大会 a month, June to November; by member, the outcome of
	// each: P present, A absent, L on leave.
	streaky := map[string]string{
		"王书记": "PPPPPP",
		"李组织": "AAAAAA", // 6 months: flagged at 3 and 5 before
		"张三":  "PPPAAA", // 3
		"赵六":  "PAAAAA", // 5
		"钱八":  "PPAAAA", // 4
	}
	leave := map[string]string{"张三": "PPPAAL", "赵六": "PAAAAA"}
	present := map[string]string{"张三": "PPPPPP", "赵六": "PPPPPP"}
	outcomes := map[byte]Outcome{'P': OutcomePresent, 'A': OutcomeAbsent, 'L': OutcomeLeave}
	tests := []struct {
		name        string
		outcomes    map[string]string
		reachable   map[int64]bool // nil: testReachable
		want        audience
		wantStreaks []string
	}{
		{"streaks of 3 and 5 months, to the 书记", streaky, nil, audience{Private: []string{"王书记"}}, []string{"张三 3", "赵六 5"}},
		{"never to the group, which only hears no 书记 is reachable", streaky, map[int64]bool{102: true, 103: true},
			audience{Unreached: []string{"王书记"}}, []string{"张三 3", "赵六 5"}},
		{"leave counts as attending", leave, nil, audience{Private: []string{"王书记"}}, []string{"赵六 5"}},
		{"no streak", present, nil, audience{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newTestFacts(now)
			if tt.reachable != nil {
				d.reachable = tt.reachable
			}
			for i := range 6 {
				m := Meeting{ID: int64(400 + i), BranchID: testBranchID, Type: MeetingGeneral, State: MeetingClosed,
					Start: bj(2026, time.June+time.Month(i), 15, 19, 0)}
				d.held[testBranchID] = append(d.held[testBranchID], m)
				for name, row := range tt.outcomes {
					d.heldRecords[m.ID] = append(d.heldRecords[m.ID], Attendance{MeetingID: m.ID,
						MemberID: rosterID(t, name), Name: name, Expected: true, Outcome: outcomes[row[i]]})
				}
			}
			n := d.notice(o)
			if diff := cmp.Diff(tt.want, audienceOf(n)); diff != "" {
				t.Errorf("notice(%s) audience mismatch (-want +got):\n%s", o.Key, diff)
			}
			var streaks []string
			for _, s := range n.Streaks {
				streaks = append(streaks, fmt.Sprintf("%s %d", s.Member.Name, s.Months))
			}
			if diff := cmp.Diff(tt.wantStreaks, streaks); diff != "" {
				t.Errorf("notice(%s) Streaks mismatch (-want +got):\n%s", o.Key, diff)
			}
		})
	}
}

func TestNoticeCustom(t *testing.T) {
	v := newTestView(shanghai)
	now := bj(2026, 11, 25, 20, 0)
	night := bj(2026, 11, 25, 23, 0) // in quiet hours
	reminder := func(owner int64, private bool) Reminder {
		return Reminder{ID: 3, BranchID: testBranchID, Number: 1, OwnerID: owner, Private: private, Text: "交党费"}
	}
	paused, deleted := reminder(1, false), reminder(3, true)
	paused.Paused, deleted.Deleted = true, true
	tests := []struct {
		name     string
		reminder Reminder
		known    bool
		at       time.Time // composed at; zero: now
		missed   bool
		want     audience
		wantWait bool
	}{
		{"a branch reminder, to the group", reminder(1, false), true, time.Time{}, false, audience{Group: true}, false},
		{"a member's own, privately", reminder(3, true), true, time.Time{}, false, audience{Private: []string{"张三"}}, false},
		{"a member's own, privately in quiet hours", reminder(3, true), true, night, false, audience{Private: []string{"张三"}}, false},
		{"a member's own, owner never opened a private chat", reminder(6, true), true, time.Time{}, false, audience{Unreached: []string{"钱八"}}, false},
		{"a member's own, the group's note waits for the morning", reminder(6, true), true, night, false, audience{Unreached: []string{"钱八"}}, true},
		{"a member's own, owner not linked", reminder(4, true), true, time.Time{}, false, audience{}, false},
		{"a member's own, owner removed, still reachable", reminder(7, true), true, time.Time{}, false, audience{Private: []string{"周九"}}, false},
		{"a branch reminder missed, to the 书记", reminder(2, false), true, time.Time{}, true, audience{Private: []string{"王书记"}}, false},
		{"a member's own missed, to its owner", reminder(3, true), true, time.Time{}, true, audience{Private: []string{"张三"}}, false},
		{"paused", paused, true, time.Time{}, false, audience{}, false},
		{"deleted", deleted, true, time.Time{}, false, audience{}, false},
		{"unknown", reminder(1, false), false, time.Time{}, false, audience{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			at := now
			if !tt.at.IsZero() {
				at = tt.at
			}
			d := newTestFacts(at)
			if tt.known {
				d.reminders[3] = tt.reminder
			}
			o := Occurrence{Key: "custom:3:1795608000", Branch: v, FireAt: now, Policy: PolicyOnce,
				Expires: now.Add(OneOffGrace), Kind: KindCustom, Ref: 3, Number: 1, Title: "交党费", Missed: tt.missed}
			n := d.notice(o)
			if diff := cmp.Diff(tt.want, audienceOf(n)); diff != "" {
				t.Errorf("notice(%s) audience mismatch (-want +got):\n%s", o.Key, diff)
			}
			if n.Wait != tt.wantWait {
				t.Errorf("notice(%s).Wait = %v, want %v", o.Key, n.Wait, tt.wantWait)
			}
			if (n.Group || len(n.Private) > 0 || len(n.Unreached) > 0) && n.Reminder.Text != "交党费" {
				t.Errorf("notice(%s).Reminder.Text = %q, want %q", o.Key, n.Reminder.Text, "交党费")
			}
		})
	}
}

func TestNoticeMessages(t *testing.T) {
	v := newTestView(shanghai)
	n := Notice{Occurrence: Occurrence{Key: "meeting:12:lead:60:1795604400", Branch: v, Kind: KindMeetingLead}}
	buttons := [][]Button{{{Text: "参加", Data: "rsvp:12:attend"}}}
	zhang := testRoster()[2]
	start := [][]Button{{{Text: "私聊", URL: "https://t.me/zhibu_bot?start=remind"}}}
	fallback := n.FallbackMessage(zhang, "张三：提醒无法私信送达", start)
	tests := []struct {
		name string
		got  Message
		want Message
	}{
		{"GroupMessage", n.GroupMessage("明晚党员大会", buttons),
			Message{ChatID: -100, Text: "明晚党员大会", Buttons: buttons, Key: "meeting:12:lead:60:1795604400:group",
				BranchID: testBranchID, Kind: "meeting_lead"}},
		{"FallbackMessage", fallback,
			Message{ChatID: -100, Text: "张三：提醒无法私信送达", Buttons: start,
				Key: "meeting:12:lead:60:1795604400:private:103:fallback", BranchID: testBranchID, Kind: "meeting_lead"}},
		{"PrivateMessage", n.PrivateMessage(zhang, "张三同志，请回复是否参加", fallback),
			Message{ChatID: 103, Text: "张三同志，请回复是否参加", Key: "meeting:12:lead:60:1795604400:private:103",
				BranchID: testBranchID, Kind: "meeting_lead", Private: true, Fallback: &fallback}},
		{"UnreachedMessage", n.UnreachedMessage("钱八：提醒无法私信送达", start),
			Message{ChatID: -100, Text: "钱八：提醒无法私信送达", Buttons: start, Key: "meeting:12:lead:60:1795604400:unreached",
				BranchID: testBranchID, Kind: "meeting_lead"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.got); diff != "" {
				t.Errorf("%s() mismatch (-want +got):\n%s", tt.name, diff)
			}
		})
	}
}

// A member exempt for age or illness is not named among those missing a
// pledge: the group would read why.
func TestStageStatusLeavesOutTheExempt(t *testing.T) {
	s := Stage{ID: 9, BranchID: testBranchID, Requirements: []Requirement{{Kind: ReqPledge}}}
	st := stageStatus(s, testRoster(), nil, nil, nil)
	for _, m := range st.Missing {
		if m.Member.Exempt != "" {
			t.Errorf("%s (exempt: %s) is named as missing a pledge", m.Member.Name, m.Member.Exempt)
		}
	}
	if len(st.Missing) == 0 {
		t.Errorf("nobody is missing a pledge, want the members who have none")
	}
}
