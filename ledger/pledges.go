package ledger

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/zhibu/zhibu"
)

// pledgesCSV renders the 承诺台账 sheet's rows as CSV for Excel, every cell
// formula-safe (so a number must not start with a sign).
func pledgesCSV(l zhibu.PledgeLedger, loc *time.Location) []byte {
	rows := [][]string{safeRow(pledgeCols)}
	for _, r := range pledgeRows(l, loc) {
		rows = append(rows, safeRow(r.csv()))
	}
	return writeCSV(rows)
}

// safeRow is the row with every cell through csvSafe.
func safeRow(r []string) []string {
	out := make([]string, len(r))
	for i, c := range r {
		out[i] = csvSafe(c)
	}
	return out
}

// pledgeRow is one line of the 承诺台账, every column as shown.
type pledgeRow struct {
	Number                             int
	Owner, Content, Category, Deadline string
	State, Progress, DoneAt, Review    string
}

func (r pledgeRow) csv() []string {
	return []string{strconv.Itoa(r.Number), r.Owner, r.Content, r.Category, r.Deadline, r.State, r.Progress, r.DoneAt, r.Review}
}

// pledgeRows lays out the pledges in ledger order, dates in loc.
func pledgeRows(l zhibu.PledgeLedger, loc *time.Location) []pledgeRow {
	progress := latestProgress(l.Events)
	out := make([]pledgeRow, len(l.Pledges))
	for i, p := range l.Pledges {
		state := string(p.State)
		if p.Overdue(l.Now) {
			state = fmt.Sprintf(overdueState, state)
		}
		out[i] = pledgeRow{
			Number: p.Number, Owner: l.Names[p.MemberID], Content: p.Content, Category: string(p.Category),
			Deadline: pledgeDate(p.Deadline, loc), State: state, Progress: progress[p.ID],
			DoneAt: pledgeDate(p.DoneAt, loc), Review: review(p.Grade, p.Comment),
		}
	}
	return out
}

// latestProgress is PledgeLedger.LatestProgress for every pledge in one
// pass: asking per pledge scans the whole history each time, which for
// 5,000 pledges is 125 million steps.
func latestProgress(events []zhibu.PledgeEvent) map[int64]string {
	out := map[int64]string{}
	for _, e := range events {
		if e.Kind == zhibu.EventProgress {
			out[e.PledgeID] = e.Text
		}
	}
	return out
}

// pledgeTally counts the ledger's pledges for the 兑现率 block, with the
// same rules as the store's PledgeCounts.
func pledgeTally(l zhibu.PledgeLedger) zhibu.PledgeCounts {
	var c zhibu.PledgeCounts
	for _, p := range l.Pledges {
		if p.State == zhibu.PledgeWithdrawn {
			continue // listed with its history, counted nowhere
		}
		c.Made++
		if p.State.Public() {
			c.Published++
		}
		if p.State == zhibu.PledgeFulfilled {
			c.Fulfilled++
		}
		if p.State == zhibu.PledgeCannot {
			c.Cannot++
		}
		if p.Overdue(l.Now) {
			c.Overdue++
		}
	}
	return c
}

// pledgeDate is "2026-12-10" in loc, "" for the zero time.
func pledgeDate(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format(dateLayout)
}

// review is the 点评: "优秀：按时完成", the grade or the comment alone,
// or "" when there is neither.
func review(g zhibu.Grade, comment string) string {
	switch {
	case g == "":
		return comment
	case comment == "":
		return string(g)
	}
	return fmt.Sprintf(reviewF, g, comment)
}

// evidence lists an event's files: "照片.jpg（120 KB）、说明.pdf（1.5 MB）".
func evidence(files []zhibu.Evidence) string {
	names := make([]string, len(files))
	for i, e := range files {
		name := e.FileName
		if name == "" {
			name = unnamedFile
			if e.Kind == "photo" {
				name = unnamedPhoto
			}
		}
		if e.Size > 0 {
			name = fmt.Sprintf(fileWithSize, name, fileSize(e.Size))
		}
		names[i] = name
	}
	return strings.Join(names, nameSep)
}

// fileSize is a file size as people read it: "512 B", "120 KB", "1.5 MB".
func fileSize(n int64) string {
	const k = 1024
	if n < k {
		return fmt.Sprintf("%d B", n)
	}
	if kb := (n + k/2) / k; kb < k {
		return fmt.Sprintf("%d KB", kb)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(k*k))
}
