package bot

import (
	"context"
	"sync"
	"time"
)

// DefaultRetention is how long the text of handled updates and of settled
// messages is kept when Config.RetainFor is zero.
const DefaultRetention = 7 * 24 * time.Hour

// pruneEvery is how often, on the injected clock, Tick forgets old texts.
const pruneEvery = time.Hour

// Retention forgets what people wrote and what the bot said once it is no
// longer needed (*storage.DB). What exactly-once needs stays: the update
// ids and the message keys.
type Retention interface {
	// PruneUpdates clears the payload of the updates handled without
	// failure before before; pending and failed ones are kept whole.
	PruneUpdates(ctx context.Context, before time.Time) (int, error)
	// PruneMessages clears the text of the outbox messages settled (sent,
	// given up, dropped) and queued before before.
	PruneMessages(ctx context.Context, before time.Time) (int, error)
}

// pruneClock remembers when the texts were last pruned.
type pruneClock struct {
	mu   sync.Mutex
	last time.Time
}

// due reports whether a prune is due at now, and if so notes it as done.
func (p *pruneClock) due(now time.Time) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.last.IsZero() && now.Sub(p.last) < pruneEvery {
		return false
	}
	p.last = now
	return true
}

// pruneOld forgets, at most once an hour, the texts older than the
// retention: the payloads of handled updates (a leave reason typed in
// private stays no longer than that) and the texts of settled messages.
func (b *Bot) pruneOld(ctx context.Context) {
	if b.cfg.Retention == nil {
		return
	}
	now := b.cfg.Now()
	if !b.pruned.due(now) {
		return
	}
	before := now.Add(-b.cfg.RetainFor)
	updates, err := b.cfg.Retention.PruneUpdates(ctx, before)
	if err != nil {
		b.log.Warn("prune updates", "err", err)
	}
	messages, err := b.cfg.Retention.PruneMessages(ctx, before)
	if err != nil {
		b.log.Warn("prune messages", "err", err)
	}
	if updates > 0 || messages > 0 {
		b.log.Info("pruned old texts", "updates", updates, "messages", messages, "before", before.UTC())
	}
}
