package storage

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/zhibu/zhibu"
)

// SetReachable records whether the bot may write to telegramID privately,
// as learnt at at (the clock's time when zero). A fact older than the one
// stored is ignored, so a late retry cannot undo a newer start or block.
func (db *DB) SetReachable(ctx context.Context, telegramID int64, ok bool, at time.Time) error {
	err := db.conn(ctx).Exec(`INSERT INTO contacts (telegram_id, reachable, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (telegram_id) DO UPDATE SET reachable = excluded.reachable, updated_at = excluded.updated_at
		WHERE excluded.updated_at >= contacts.updated_at`, telegramID, ok, db.stamp(at)).Error
	if err != nil {
		return fmt.Errorf("storage: set reachable %d: %w", telegramID, err)
	}
	return nil
}

// Reachable returns, among telegramIDs, those known reachable, each mapped
// to true; unknown and blocked accounts are absent.
func (db *DB) Reachable(ctx context.Context, telegramIDs []int64) (map[int64]bool, error) {
	out := make(map[int64]bool)
	for chunk := range slices.Chunk(telegramIDs, inChunk) {
		var ids []int64
		err := db.conn(ctx).Table("contacts").Where("telegram_id IN ? AND reachable", chunk).
			Pluck("telegram_id", &ids).Error
		if err != nil {
			return nil, fmt.Errorf("storage: reachable of %d accounts: %w", len(telegramIDs), err)
		}
		for _, id := range ids {
			out[id] = true
		}
	}
	return out, nil
}

// ReachableIn returns the Telegram ids of the branches' members that are
// known reachable, each mapped to true, with one query for all of them.
func (db *DB) ReachableIn(ctx context.Context, branchIDs []int64) (map[int64]bool, error) {
	ids, err := inParts(branchIDs, func(branches []int64) ([]int64, error) {
		var ids []int64
		return ids, db.conn(ctx).Raw(`SELECT DISTINCT c.telegram_id FROM contacts c
			JOIN members m ON m.telegram_id = c.telegram_id
			WHERE m.branch_id IN ? AND c.reachable`, branches).Scan(&ids).Error
	}, cmp.Compare[int64])
	if err != nil {
		return nil, fmt.Errorf("storage: reachable members of %d branches: %w", len(branchIDs), err)
	}
	out := make(map[int64]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out, nil
}

// BranchesOf lists the active branches in which telegramID is linked to a
// roster entry that was not removed, by branch id.
func (db *DB) BranchesOf(ctx context.Context, telegramID int64) ([]zhibu.Branch, error) {
	var rows []branchRow
	err := db.conn(ctx).Table("branches b").Select("b.*").
		Joins("JOIN members m ON m.branch_id = b.id").
		Where("m.telegram_id = ? AND NOT m.removed AND b.active", telegramID).
		Order("b.id").Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: branches of %d: %w", telegramID, err)
	}
	out := make([]zhibu.Branch, len(rows))
	for i, r := range rows {
		out[i] = db.branch(r)
	}
	return out, nil
}

// ChosenBranch is the id of the branch telegramID chose to act on in the
// private chat, 0 when none was chosen.
func (db *DB) ChosenBranch(ctx context.Context, telegramID int64) (int64, error) {
	var ids []int64
	err := db.conn(ctx).Table("contacts").Where("telegram_id = ?", telegramID).Pluck("branch_id", &ids).Error
	if err != nil {
		return 0, fmt.Errorf("storage: chosen branch of %d: %w", telegramID, err)
	}
	if len(ids) == 0 {
		return 0, nil
	}
	return ids[0], nil
}

// ChooseBranch records the branch telegramID acts on in the private chat.
// Choosing is done in the private chat, so the person is reachable.
func (db *DB) ChooseBranch(ctx context.Context, telegramID, branchID int64, at time.Time) error {
	err := db.conn(ctx).Exec(`INSERT INTO contacts (telegram_id, reachable, updated_at, branch_id) VALUES (?, TRUE, ?, ?)
		ON CONFLICT (telegram_id) DO UPDATE SET branch_id = excluded.branch_id`, telegramID, db.stamp(at), branchID).Error
	if err != nil {
		return fmt.Errorf("storage: choose branch %d for %d: %w", branchID, telegramID, err)
	}
	return nil
}
