package storage

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pressly/goose/v3"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/textnorm"
)

// namesVersion is the migration that repairs roster names stored before
// names were normalised (issue 11, item 2).
const namesVersion = 13

// namesMigration repairs roster names stored before names were normalised:
// each becomes its normalised form (textnorm.Normalize) without spaces and
// the characters that hide or reorder text (zhibu.StripHidden), so that every entry can be named in a command
// again. A repaired name taken by another entry of the branch gets the
// first free digit ("李四\u200d" beside 李四 becomes 李四2): two entries
// that showed alike now differ visibly, and an officer decides which is
// real. Every rename is recorded in the audit log. Names that look alike
// without being equal (Latin and Cyrillic letters) stay as they are: the
// software cannot know which one is right, and both can be typed.
//
// It runs on both databases through database/sql, so its statements are
// written with '?' and numbered for PostgreSQL by q.
func namesMigration(now func() time.Time, postgres bool) *goose.Migration {
	return goose.NewGoMigration(namesVersion, &goose.GoFunc{RunTx: func(ctx context.Context, tx *sql.Tx) error {
		return repairNames(ctx, migrationTx{tx: tx, postgres: postgres}, now().UTC())
	}}, nil)
}

// migrationTx is a Go migration's transaction on either database.
type migrationTx struct {
	tx       *sql.Tx
	postgres bool
}

// q returns query with its '?' placeholders as the database wants them:
// $1, $2 … on PostgreSQL. The queries it serves hold no other '?'.
func (t migrationTx) q(query string) string {
	if !t.postgres {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// repairName is name as it would be typed now: normalised, without spaces
// or hidden characters, within zhibu.MaxNameLen. ok is false when nothing
// is left.
func repairName(name string) (string, bool) {
	r := []rune(strings.Join(strings.Fields(zhibu.StripHidden(textnorm.Normalize(name))), ""))
	if len(r) > zhibu.MaxNameLen {
		r = r[:zhibu.MaxNameLen]
	}
	name = zhibu.StripHidden(string(r)) // cutting may leave a joiner with nothing to join
	return name, name != ""
}

type storedName struct {
	id, branch int64
	name       string
}

func repairNames(ctx context.Context, tx migrationTx, at time.Time) error {
	names, err := storedNames(ctx, tx)
	if err != nil {
		return err
	}
	taken := map[int64]map[string]bool{}
	for _, n := range names {
		if taken[n.branch] == nil {
			taken[n.branch] = map[string]bool{}
		}
		taken[n.branch][n.name] = true
	}
	for _, n := range names {
		repaired, ok := repairName(n.name)
		if !ok || repaired == n.name {
			continue
		}
		repaired = freeName(repaired, taken[n.branch])
		taken[n.branch][repaired] = true
		if err := rename(ctx, tx, n, repaired, at); err != nil {
			return err
		}
	}
	return nil
}

func storedNames(ctx context.Context, tx migrationTx) ([]storedName, error) {
	rows, err := tx.tx.QueryContext(ctx, `SELECT id, branch_id, name FROM members ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("storage: read names: %w", err)
	}
	defer rows.Close()
	var out []storedName
	for rows.Next() {
		var n storedName
		if err := rows.Scan(&n.id, &n.branch, &n.name); err != nil {
			return nil, fmt.Errorf("storage: read names: %w", err)
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// freeName is name, or name with the first digit from 2 that makes it
// free, cut so that it stays within zhibu.MaxNameLen.
func freeName(name string, taken map[string]bool) string {
	if !taken[name] {
		return name
	}
	for i := 2; ; i++ {
		suffix := strconv.Itoa(i)
		base := []rune(name)
		if keep := zhibu.MaxNameLen - utf8.RuneCountInString(suffix); len(base) > keep {
			base = base[:keep]
		}
		if c := string(base) + suffix; !taken[c] {
			return c
		}
	}
}

func rename(ctx context.Context, tx migrationTx, n storedName, name string, at time.Time) error {
	if _, err := tx.tx.ExecContext(ctx, tx.q(`UPDATE members SET name = ? WHERE id = ?`), name, n.id); err != nil {
		return fmt.Errorf("storage: repair name of member %d: %w", n.id, err)
	}
	_, err := tx.tx.ExecContext(ctx, tx.q(`INSERT INTO changes (branch_id, actor_id, actor_name, action, subject, before, after, at)
		VALUES (?, 0, 'zhibu', 'member.name_repaired', ?, ?, ?, ?)`),
		n.branch, name, "name="+strconv.QuoteToGraphic(n.name), "name="+name, at)
	if err != nil {
		return fmt.Errorf("storage: audit repaired name of member %d: %w", n.id, err)
	}
	return nil
}
