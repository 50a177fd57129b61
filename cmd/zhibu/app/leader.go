package app

import (
	"context"
	"time"

	"github.com/zhibu/zhibu/storage"
)

// DefaultLeaseRetry is how often an instance that does not lead tries to
// take the lead. With the lease's release by PostgreSQL (at once when the
// leader's process dies, within storage.LeaseServerTimeout when its
// machine or network does), another instance leads within 5 s of a
// leader's crash and within 19 s of its machine's.
const DefaultLeaseRetry = 5 * time.Second

// leadOrStandBy is the leader's part of Run on a shared database: of the
// instances on it, the one holding the leader lease polls Telegram (or
// registers the webhook) and drains the outbox; the others try to take
// the lease every leaseRetry, handling the inbox and ticking the
// reminders meanwhile like the leader. A leader that loses its lease stops
// its leader's work at once and stands by again.
func (a *App) leadOrStandBy(ctx context.Context) error {
	retry := a.leaseRetry
	if retry <= 0 {
		retry = DefaultLeaseRetry
	}
	a.metrics.lead(false, a.now())
	standingBy := false // logged once per spell
	for {
		lease, ok, err := a.DB.TryLease(ctx, a.leaseCheck)
		switch {
		case ctx.Err() != nil:
			if ok {
				lease.Release()
			}
			return nil
		case err != nil:
			a.log.Warn("leader lease cannot be tried", "err", err, "retry_in", retry)
		case !ok:
			if !standingBy {
				a.log.Info("another instance leads: standing by", "retry_every", retry)
				standingBy = true
			}
		default:
			standingBy = false
			if err := a.lead(ctx, lease); err != nil || ctx.Err() != nil {
				return err
			}
		}
		t := time.NewTimer(retry)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
	}
}

// lead serves while the lease is held and ctx lasts, then releases it.
// Losing the lease is no error: the instance stands by again.
func (a *App) lead(ctx context.Context, lease *storage.Lease) error {
	a.log.Info("leadership taken: this instance receives updates and sends the outbox")
	a.metrics.lead(true, a.now())
	lctx, cancel := context.WithCancel(ctx)
	served := make(chan struct{})
	go func() {
		select {
		case <-lease.Lost():
			cancel()
		case <-served:
		}
	}()
	err := a.leaderWork(lctx)
	close(served)
	cancel()
	a.metrics.lead(false, a.now())
	lost := lease.Err()
	lease.Release()
	switch {
	case lost != nil:
		a.log.Error("leadership lost: stopped receiving and sending; standing by", "err", lost)
		return nil
	case ctx.Err() != nil:
		a.log.Info("leadership released")
		return nil
	}
	return err
}
