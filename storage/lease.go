package storage

import (
	"context"
	"fmt"
	"net"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// The leader lease: of several instances of zhibu on one PostgreSQL
// database, the one holding it polls Telegram and does the work (README,
// "Several instances"). It is a session-level advisory lock held on a
// connection of its own, outside the pool the work uses: PostgreSQL drops
// it when that session ends, whether the holder stopped, crashed or was
// killed (the server sees the connection close at once), or its machine
// or network died (the server's TCP keepalives and user timeout, set short
// on this session, end it within LeaseServerTimeout). No clock is compared
// across machines and nothing is written to renew it.

// leaderLockClass is the first half of the two-number advisory lock key of
// the lease ("zhib" in ASCII); the second is a hash of the schema, so that
// each zhibu database (a schema) has its own leader. A two-number key never
// collides with the one-number write lock (writeLockKey).
const leaderLockClass = 0x7a686962

// The lease session's TCP keepalives, set on the server's side: an idle
// session whose peer stopped answering is ended after LeaseServerTimeout.
const (
	leaseKeepaliveIdle     = 5 // seconds without traffic before the first probe
	leaseKeepaliveInterval = 3 // seconds between probes
	leaseKeepaliveCount    = 3 // unanswered probes that end the session
	// LeaseServerTimeout is how long PostgreSQL takes at most to end the
	// lease session of a holder that vanished without closing its
	// connection (power cut, network partition), releasing the lease.
	LeaseServerTimeout = (leaseKeepaliveIdle + leaseKeepaliveInterval*leaseKeepaliveCount) * time.Second
)

// DefaultLeaseCheck is how often a holder checks its lease connection.
// A check fails after leaseCheckTimeout, so a holder cut off from the
// server knows it within DefaultLeaseCheck + leaseCheckTimeout (7 s),
// well before the server ends its session (LeaseServerTimeout, 14 s) and
// another instance can take the lease.
const (
	DefaultLeaseCheck = 2 * time.Second
	leaseCheckTimeout = 5 * time.Second
)

// Lease is this instance's hold on the leadership of a shared database.
type Lease struct {
	conn   *pgx.Conn
	lost   chan struct{}
	stop   chan struct{}
	done   chan struct{}
	once   sync.Once
	reason error // why the lease was lost; set before lost is closed
}

// TryLease tries once to take the leader lease of a PostgreSQL database
// on a new connection of its own. ok is false when another instance holds
// it. The lease then checks its connection every check (zero:
// DefaultLeaseCheck) and counts as lost at the first check that fails;
// Release gives it up. On SQLite, which one process uses, it is an error.
func (db *DB) TryLease(ctx context.Context, check time.Duration) (l *Lease, ok bool, err error) {
	if !db.postgres {
		return nil, false, fmt.Errorf("storage: lease %s: only a PostgreSQL database is shared", db.path)
	}
	if check <= 0 {
		check = DefaultLeaseCheck
	}
	conn, err := pgx.ConnectConfig(ctx, leaseConfig(db.pg))
	if err != nil {
		return nil, false, fmt.Errorf("storage: lease %s: %w", db.path, oneLine{err})
	}
	if err := conn.QueryRow(ctx, "SELECT pg_try_advisory_lock($1, hashtext(current_schema()))",
		int32(leaderLockClass)).Scan(&ok); err != nil || !ok {
		conn.Close(context.WithoutCancel(ctx))
		if err != nil {
			return nil, false, fmt.Errorf("storage: lease %s: %w", db.path, oneLine{err})
		}
		return nil, false, nil
	}
	l = &Lease{conn: conn, lost: make(chan struct{}), stop: make(chan struct{}), done: make(chan struct{})}
	go l.watch(check)
	return l, true, nil
}

// leaseConfig is the lease connection's configuration: the database's,
// named in pg_stat_activity, with short TCP keepalives on both sides.
func leaseConfig(pg *pgx.ConnConfig) *pgx.ConnConfig {
	cfg := pg.Copy()
	cfg.RuntimeParams = map[string]string{}
	for k, v := range pg.RuntimeParams {
		cfg.RuntimeParams[k] = v
	}
	cfg.RuntimeParams["application_name"] = "zhibu leader lease"
	// The server's side: a vanished peer's session (and so its lock)
	// ends within LeaseServerTimeout. Ignored over a Unix socket, where
	// the kernel tells the server at once.
	cfg.RuntimeParams["tcp_keepalives_idle"] = fmt.Sprint(leaseKeepaliveIdle)
	cfg.RuntimeParams["tcp_keepalives_interval"] = fmt.Sprint(leaseKeepaliveInterval)
	cfg.RuntimeParams["tcp_keepalives_count"] = fmt.Sprint(leaseKeepaliveCount)
	// Keepalives are sent only while nothing waits to be acknowledged;
	// when the server sent something (an answer, a cancellation's error)
	// that the vanished peer never acknowledged, this bounds the wait.
	cfg.RuntimeParams["tcp_user_timeout"] = fmt.Sprint(LeaseServerTimeout.Milliseconds())
	// Our side: the checks (Lease.watch) notice a dead server first; the
	// keepalives make a connection nobody uses notice too.
	d := &net.Dialer{KeepAliveConfig: net.KeepAliveConfig{Enable: true, Idle: leaseKeepaliveIdle * time.Second,
		Interval: leaseKeepaliveInterval * time.Second, Count: leaseKeepaliveCount}, Timeout: 10 * time.Second}
	cfg.DialFunc = d.DialContext
	return cfg
}

// watch checks the connection every check until Release, and closes lost
// at the first failure.
func (l *Lease) watch(check time.Duration) {
	defer close(l.done)
	t := time.NewTicker(check)
	defer t.Stop()
	for {
		select {
		case <-l.stop:
			return
		case <-t.C:
		}
		ctx, cancel := context.WithTimeout(context.Background(), leaseCheckTimeout)
		err := l.conn.Ping(ctx)
		cancel()
		if err != nil {
			l.reason = fmt.Errorf("storage: lease connection: %w", oneLine{err})
			close(l.lost)
			return
		}
	}
}

// Lost is closed when the lease was found lost: its connection failed,
// and the server has ended or will end its session. The holder must stop
// acting as leader at once.
func (l *Lease) Lost() <-chan struct{} { return l.lost }

// Err says why the lease was lost, nil while it is held.
func (l *Lease) Err() error {
	select {
	case <-l.lost:
		return l.reason
	default:
		return nil
	}
}

// Release gives the lease up: closing its connection ends the session
// and frees the lock for another instance at once. It may be called more
// than once.
func (l *Lease) Release() {
	l.once.Do(func() {
		close(l.stop)
		<-l.done
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		// Unlock first: the server ends a closed session's backend (and
		// frees its locks) a moment after the connection closes, and
		// another instance should find the lease free at once.
		_, _ = l.conn.Exec(ctx, "SELECT pg_advisory_unlock($1, hashtext(current_schema()))", int32(leaderLockClass))
		_ = l.conn.Close(ctx)
	})
}

// LeaseHolder is the PostgreSQL backend process id of the session holding
// the leader lease of this database, 0 when nobody holds it: operators
// look it up in pg_stat_activity, tests end it with pg_terminate_backend.
func (db *DB) LeaseHolder(ctx context.Context) (int, error) {
	if !db.postgres {
		return 0, nil
	}
	var pid int
	err := db.gorm.WithContext(ctx).Raw(`SELECT COALESCE(MAX(pid), 0) FROM pg_locks
		WHERE locktype = 'advisory' AND classid = ? AND objid = hashtext(current_schema())::oid
			AND objsubid = 2 AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
		leaderLockClass).Scan(&pid).Error
	if err != nil {
		return 0, fmt.Errorf("storage: lease holder: %w", err)
	}
	return pid, nil
}
