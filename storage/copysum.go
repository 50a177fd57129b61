package storage

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"strconv"
	"strings"
	"time"
)

// TableSum is one table's row count and checksum.
type TableSum struct {
	Table string
	Rows  int64
	// Sum is the SHA-256, in hex, of the table's rows in primary key order,
	// each value normalised so that both databases give the same sum for
	// the same data (see rowSum).
	Sum string
}

// normalise turns a value as the driver scanned it into the one Go type
// of its column's kind, nil for NULL: the value Copy inserts and the one
// the checksum reads. Times are in UTC.
func normalise(k kind, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch k {
	case kindInt:
		switch x := v.(type) {
		case int64:
			return x, nil
		case int32:
			return int64(x), nil
		case bool:
			if x {
				return int64(1), nil
			}
			return int64(0), nil
		}
	case kindBool:
		switch x := v.(type) {
		case bool:
			return x, nil
		case int64:
			return x != 0, nil
		}
	case kindTime:
		if x, ok := v.(time.Time); ok {
			return x.UTC(), nil
		}
	case kindBytes:
		switch x := v.(type) {
		case []byte:
			return append([]byte{}, x...), nil
		case string:
			return []byte(x), nil
		}
	case kindText:
		switch x := v.(type) {
		case string:
			return x, nil
		case []byte:
			return string(x), nil
		}
	}
	return nil, fmt.Errorf("unexpected %T value for its column", v)
}

// rowSum adds one normalised row to h: for each value a tag (NULL or not)
// and, when not NULL, its length and text. Times count to the microsecond
// (PostgreSQL keeps no more), as UTC RFC 3339; bytes in hex.
func rowSum(h hash.Hash, row []any) {
	var n [8]byte
	for _, v := range row {
		if v == nil {
			h.Write([]byte{0})
			continue
		}
		var s string
		switch x := v.(type) {
		case int64:
			s = strconv.FormatInt(x, 10)
		case bool:
			s = strconv.FormatBool(x)
		case time.Time:
			s = x.UTC().Truncate(time.Microsecond).Format(time.RFC3339Nano)
		case []byte:
			s = hex.EncodeToString(x)
		case string:
			s = x
		}
		binary.BigEndian.PutUint64(n[:], uint64(len(s)))
		h.Write([]byte{1})
		h.Write(n[:])
		h.Write([]byte(s))
	}
}

// selectAll is the query of every row of t in primary key order. Text keys
// are compared byte by byte on PostgreSQL as on SQLite.
func (db *DB) selectAll(t table) string {
	cols := make([]string, len(t.columns))
	kinds := map[string]kind{}
	for i, c := range t.columns {
		cols[i] = quoteIdent(c.name)
		kinds[c.name] = c.kind
	}
	key := t.key
	if len(key) == 0 {
		for _, c := range t.columns {
			key = append(key, c.name)
		}
	}
	order := make([]string, len(key))
	for i, k := range key {
		order[i] = quoteIdent(k)
		if db.postgres && kinds[k] == kindText {
			order[i] += ` COLLATE "C"`
		}
	}
	return fmt.Sprintf("SELECT %s FROM %s ORDER BY %s", strings.Join(cols, ", "), quoteIdent(t.name), strings.Join(order, ", "))
}

// eachRow calls fn with every row of t, normalised, in primary key order.
func (db *DB) eachRow(ctx context.Context, q querier, t table, fn func(row []any) error) error {
	rows, err := q.QueryContext(ctx, db.selectAll(t))
	if err != nil {
		return err
	}
	defer rows.Close()
	raw := make([]any, len(t.columns))
	ptrs := make([]any, len(t.columns))
	for i := range raw {
		ptrs[i] = &raw[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		row := make([]any, len(raw))
		for i, v := range raw {
			if row[i], err = normalise(t.columns[i].kind, v); err != nil {
				return fmt.Errorf("column %s: %w", t.columns[i].name, err)
			}
		}
		if err := fn(row); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Checksums counts and sums every table of zhibu's (all but goose's) in
// one snapshot of the database, in the order Copy copies them.
func (db *DB) Checksums(ctx context.Context) ([]TableSum, error) {
	var out []TableSum
	err := db.inSnapshot(ctx, func(q querier) error {
		tables, err := db.schema(ctx, q)
		if err != nil {
			return err
		}
		for _, t := range tables {
			h := sha256.New()
			var n int64
			err := db.eachRow(ctx, q, t, func(row []any) error {
				rowSum(h, row)
				n++
				return nil
			})
			if err != nil {
				return fmt.Errorf("table %s: %w", t.name, err)
			}
			out = append(out, TableSum{Table: t.name, Rows: n, Sum: hex.EncodeToString(h.Sum(nil))})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("storage: checksums of %s: %w", db.path, err)
	}
	return out, nil
}

// inSnapshot runs fn on a read-only snapshot of the database: others may
// go on writing, fn sees the data of one moment. On SQLite it is a
// deferred transaction on one connection (the pool's transactions begin
// immediate, which would take the write lock from the running bot); its
// snapshot is taken at its first read. On PostgreSQL it is a REPEATABLE
// READ, READ ONLY transaction that does not take zhibu's write lock.
func (db *DB) inSnapshot(ctx context.Context, fn func(q querier) error) error {
	if db.postgres {
		tx, err := db.sql.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
		if err != nil {
			return err
		}
		defer tx.Rollback()
		return fn(tx)
	}
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN DEFERRED"); err != nil {
		return err
	}
	// Not ctx: the connection must leave the transaction even when ctx
	// was cancelled, before it goes back to the pool.
	defer conn.ExecContext(context.Background(), "ROLLBACK")
	return fn(conn)
}
