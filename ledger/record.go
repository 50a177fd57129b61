package ledger

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/cntime"
)

// field is one label/value line of a 会议记录 sheet. Long values
// (minutes) wrap in a tall row.
type field struct {
	Label string
	Value any
	Long  bool
}

// recordFields lays out a closed meeting's 会议记录, times shown in loc.
func recordFields(rec zhibu.Record, loc *time.Location) []field {
	out := headerFields(rec.Meeting, rec.Host, rec.Recorder, loc)
	out = append(out, attendanceFields(rec)...)
	return append(out, minutesFields(rec, loc)...)
}

func headerFields(m zhibu.Meeting, host, recorder string, loc *time.Location) []field {
	kind := string(m.Type)
	if m.Backfilled {
		kind = fmt.Sprintf(backfilled, kind)
	}
	out := []field{{Label: fieldType, Value: kind}}
	if m.Group != "" {
		out = append(out, field{Label: fieldGroup, Value: m.Group})
	}
	out = append(out,
		field{Label: fieldDate, Value: cntime.FormatLongDay(m.Start.In(loc))},
		field{Label: fieldTime, Value: cntime.FormatClockRange(m.Start.In(loc), m.End.In(loc))},
		field{Label: fieldPlace, Value: orUnset(m.Place)},
		field{Label: fieldHost, Value: orUnset(host)},
		field{Label: fieldRecorder, Value: orUnset(recorder)})
	if m.Type == zhibu.MeetingLecture {
		out = append(out, field{Label: fieldLecturer, Value: orUnset(m.Lecturer)})
	}
	return append(out, field{Label: fieldTopic, Value: orUnset(m.Topic), Long: true})
}

func attendanceFields(rec zhibu.Record) []field {
	g := attendees(rec.Records)
	out := []field{
		{Label: fieldExpected, Value: rec.Tally.Expected},
		{Label: fieldPresent, Value: rec.Tally.Present},
		{Label: fieldAttendees, Value: joinNames(g.present)},
		{Label: fieldLate, Value: joinNames(g.late)},
		{Label: fieldLeave, Value: joinNames(g.leave)},
		{Label: fieldAbsent, Value: joinNames(g.absent)},
		{Label: fieldObservers, Value: joinNames(g.observers)},
	}
	if q := quorum(rec.Meeting.Type, rec.Tally); q != "" {
		out = append(out, field{Label: fieldQuorum, Value: q})
	}
	return out
}

// people are a meeting's people by outcome; present includes the late.
type people struct{ present, late, leave, absent, observers []string }

// attendees sorts closed records by outcome. A rejected leave was closed
// as 缺席 and says so; an expected record without an outcome counts as
// absent rather than vanishing.
func attendees(rs []zhibu.Attendance) people {
	var g people
	for _, a := range rs {
		switch {
		case a.Observer || a.Outcome == zhibu.OutcomeObserver:
			g.observers = append(g.observers, a.Name)
		case a.Outcome == zhibu.OutcomePresent:
			g.present = append(g.present, a.Name)
		case a.Outcome == zhibu.OutcomeLate:
			g.present = append(g.present, a.Name)
			g.late = append(g.late, a.Name)
		case a.Outcome == zhibu.OutcomeLeave:
			g.leave = append(g.leave, withReason(a.Name, a.LeaveReason))
		case a.LeaveRejected:
			g.absent = append(g.absent, withReason(a.Name, rejected))
		default:
			g.absent = append(g.absent, withReason(a.Name, noReason))
		}
	}
	return g
}

// quorum is the 表决条件 line of a 党员大会 or 支委会, "" for other types.
func quorum(t zhibu.MeetingType, tl zhibu.Tally) string {
	switch t {
	case zhibu.MeetingGeneral:
		return fmt.Sprintf(quorumVote, tl.VotingExpected, tl.VotingPresent, yesNo(tl.CanVote()), yesNo(tl.CanElect()))
	case zhibu.MeetingCommittee:
		return fmt.Sprintf(quorumCommit, tl.VotingExpected, tl.VotingPresent, yesNo(tl.CanVote()))
	}
	return ""
}

// minutesFields shows the latest version's text, then the earlier versions
// oldest first, each with its time and author: nothing is rewritten silently.
func minutesFields(rec zhibu.Record, loc *time.Location) []field {
	vs := rec.Minutes
	if len(vs) == 0 {
		return []field{{Label: fieldMinutes, Value: noMinutes}, {Label: fieldVersions, Value: nobody}}
	}
	latest := 0
	for i, v := range vs {
		if v.Version >= vs[latest].Version {
			latest = i
		}
	}
	names := authors(rec)
	stamp := func(v zhibu.Minutes) string {
		return strings.TrimSpace(v.CreatedAt.In(loc).Format(stampLayout) + " " + names[v.AuthorID])
	}
	out := []field{
		{Label: fieldMinutes, Value: vs[latest].Text, Long: true},
		{Label: fieldVersions, Value: fmt.Sprintf(versionsF, vs[latest].Version, len(vs), stamp(vs[latest]))},
	}
	for i, v := range vs {
		if i != latest {
			out = append(out, field{Label: fmt.Sprintf(versionF, v.Version), Value: stamp(v) + "\n" + v.Text, Long: true})
		}
	}
	return out
}

// authors maps member ids to names from what the record knows.
func authors(rec zhibu.Record) map[int64]string {
	names := map[int64]string{}
	for _, a := range rec.Records {
		if a.MemberID != 0 {
			names[a.MemberID] = a.Name
		}
	}
	names[rec.Meeting.HostID], names[rec.Meeting.RecorderID] = rec.Host, rec.Recorder
	delete(names, 0)
	return names
}

func withReason(name, reason string) string {
	if reason == "" {
		return name
	}
	return fmt.Sprintf(withReasonF, name, reason)
}

func joinNames(names []string) string {
	if len(names) == 0 {
		return nobody
	}
	return strings.Join(names, nameSep)
}

func orUnset(s string) string {
	if s == "" {
		return unset
	}
	return s
}

func yesNo(b bool) string {
	if b {
		return yes
	}
	return no
}

// writeRecord writes one meeting's 会议记录 as label/value rows under a
// title. Every sheet is streamed: a five-year ledger has thousands.
func writeRecord(f *excelize.File, st styles, sheet, branch string, rec zhibu.Record, loc *time.Location) error {
	if _, err := f.NewSheet(sheet); err != nil {
		return fmt.Errorf("ledger: sheet %q: %w", sheet, err)
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return fmt.Errorf("ledger: sheet %q: %w", sheet, err)
	}
	if err := sw.SetColWidth(2, 2, valueWidth); err != nil { // right to left, as in summaryLayout
		return err
	}
	if err := sw.SetColWidth(1, 1, 14); err != nil {
		return err
	}
	title := fmt.Sprintf(recordTitle, branch, rec.Meeting.Number)
	if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: st.title, Value: title}}, excelize.RowOpts{Height: 24}); err != nil {
		return err
	}
	for i, fl := range recordFields(rec, loc) {
		row := []any{excelize.Cell{StyleID: st.label, Value: fl.Label}, excelize.Cell{StyleID: st.text, Value: fl.Value}}
		var opts []excelize.RowOpts
		if s, ok := fl.Value.(string); ok && fl.Long {
			opts = append(opts, excelize.RowOpts{Height: rowHeight(s)})
		}
		if err := sw.SetRow(cell(1, i+2), row, opts...); err != nil {
			return fmt.Errorf("ledger: sheet %q row %d: %w", sheet, i+2, err)
		}
	}
	if err := sw.MergeCell("A1", "B1"); err != nil {
		return err
	}
	return sw.Flush()
}

// valueWidth is the width of the value column, in characters of "0".
const valueWidth = 80

// rowHeight guesses the points a wrapped text needs in the value column: a
// CJK character is about two "0" wide. Excel caps rows at 409 points.
func rowHeight(s string) float64 {
	lines := 0
	for _, para := range strings.Split(s, "\n") {
		w := 0
		for _, r := range para {
			w++
			if r >= 0x2E80 {
				w++
			}
		}
		lines += max(1, (w+valueWidth-1)/valueWidth)
	}
	return min(409, max(20, 15*float64(lines)+4))
}

// maxSheetName is Excel's limit on a sheet name, in UTF-16 code units.
const maxSheetName = 31

// sheetNames names each meeting's sheet "#12 支委会 11-25": valid for
// Excel (no []:*?/\, at most 31 units) and unique, case-insensitively,
// also against the taken names.
func sheetNames(recs []zhibu.Record, loc *time.Location, taken ...string) []string {
	used := map[string]bool{}
	for _, t := range taken {
		used[strings.ToLower(t)] = true
	}
	out := make([]string, len(recs))
	for i, rec := range recs {
		m := rec.Meeting
		base := sheetName(fmt.Sprintf("#%d %s %s", m.Number, m.Type, m.Start.In(loc).Format("01-02")))
		name := base
		for n := 2; used[strings.ToLower(name)]; n++ {
			suffix := fmt.Sprintf(" (%d)", n)
			name = truncUTF16(base, maxSheetName-len(suffix)) + suffix
		}
		used[strings.ToLower(name)] = true
		out[i] = name
	}
	return out
}

// sheetName replaces the characters Excel forbids, drops apostrophes at
// either end and cuts the name to Excel's length.
func sheetName(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '_'
		}
		return r
	}, s)
	s = truncUTF16(strings.Trim(s, "'"), maxSheetName)
	if s = strings.Trim(s, "'"); s == "" {
		return "_"
	}
	return s
}

// truncUTF16 cuts s to at most n UTF-16 code units without splitting a character.
func truncUTF16(s string, n int) string {
	units := 0
	for i, r := range s {
		if units += utf16.RuneLen(r); units > n {
			return s[:i]
		}
	}
	return s
}
