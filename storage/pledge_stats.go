package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/zhibu/zhibu"
)

// pledgeCountsRow is one row of the pledge statistics query.
type pledgeCountsRow struct {
	MemberID  int64
	Made      int
	Published int
	Fulfilled int
	Overdue   int
	Cannot    int
}

// pledgeCountsColumns counts a member's pledges. Its parameters are the four
// public states (zhibu.PledgeState.Public), 已兑现, 无法兑现, the time now,
// then the four open states (zhibu.PledgeState.Open).
const pledgeCountsColumns = `member_id, COUNT(*) AS made,
	SUM(CASE WHEN state IN (?, ?, ?, ?) THEN 1 ELSE 0 END) AS published,
	SUM(CASE WHEN state = ? THEN 1 ELSE 0 END) AS fulfilled,
	SUM(CASE WHEN state = ? THEN 1 ELSE 0 END) AS cannot,
	SUM(CASE WHEN deadline IS NOT NULL AND deadline < ? AND state IN (?, ?, ?, ?) THEN 1 ELSE 0 END) AS overdue`

// PledgeCounts counts a branch's pledges per member in one aggregate query,
// ordered by member id; a member with no pledge has no row. A pledge
// withdrawn before publication counts nowhere. A pledge is
// overdue, as in zhibu.Pledge.Overdue, when it is open and its deadline is
// before now.
func (db *DB) PledgeCounts(ctx context.Context, branchID int64, now time.Time) ([]zhibu.PledgeCounts, error) {
	// now goes in UTC, as every stored time: the driver binds a time as
	// text in its own offset and SQLite compares the texts.
	var rows []pledgeCountsRow
	err := db.conn(ctx).Table("pledges").
		Select(pledgeCountsColumns,
			string(zhibu.PledgePublished), string(zhibu.PledgeClaimed), string(zhibu.PledgeFulfilled), string(zhibu.PledgeCannot),
			string(zhibu.PledgeFulfilled), string(zhibu.PledgeCannot), db.bound(now),
			string(zhibu.PledgePending), string(zhibu.PledgeReturned), string(zhibu.PledgePublished), string(zhibu.PledgeClaimed)).
		Where("branch_id = ? AND state <> ?", branchID, string(zhibu.PledgeWithdrawn)).Group("member_id").Order("member_id").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: pledge counts of branch %d: %w", branchID, err)
	}
	out := make([]zhibu.PledgeCounts, len(rows))
	for i, r := range rows {
		out[i] = zhibu.PledgeCounts{MemberID: r.MemberID, Made: r.Made, Published: r.Published,
			Fulfilled: r.Fulfilled, Overdue: r.Overdue, Cannot: r.Cannot}
	}
	return out, nil
}
