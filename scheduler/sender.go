package scheduler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/zhibu/zhibu"
)

// OutboxStore is the durable outbox. *storage.DB implements it.
type OutboxStore interface {
	// Enqueue adds messages, ignoring ones whose Key is already in the
	// outbox (sent or not); returns how many are new.
	Enqueue(ctx context.Context, ms []zhibu.Message, notBefore time.Time) (int, error)
	// Due lists unsent messages with not_before <= now, oldest first, at
	// most limit.
	Due(ctx context.Context, now time.Time, limit int) ([]zhibu.Queued, error)
	// Claim records that sending a message begins at at, if it is still
	// pending; false when it is not. An error means nothing may be sent.
	Claim(ctx context.Context, id int64, at time.Time) (bool, error)
	MarkSent(ctx context.Context, id int64, messageID int, at time.Time) error
	// Retry sets a message's not_before and attempts, with the last error.
	Retry(ctx context.Context, id int64, notBefore time.Time, attempts int, lastErr string) error
	// GiveUp gives up on a message with a reason.
	GiveUp(ctx context.Context, id int64, reason string) error
	// MoveChat moves unsent messages of a chat to another chat id (group
	// migration).
	MoveChat(ctx context.Context, from, to int64) error
	// DropChat gives up the unsent messages of a chat (403), except those
	// with a Fallback: they stay, to fall back when tried.
	DropChat(ctx context.Context, chatID int64, reason string) error
	// NextDue is the earliest not_before of unsent messages (zero when none).
	NextDue(ctx context.Context) (time.Time, error)
}

// Options configures a Sender.
type Options struct {
	Limits Limits
	Now    func() time.Time // required: the injected clock
	Log    *slog.Logger     // nil: discard
	// Parallel bounds the messages on their way at once (default
	// DefaultParallel); 1 sends in a fixed order, as a transcript needs.
	Parallel int
	// OnForbidden is called whenever a chat forbids the bot (403), after its
	// pending messages without a Fallback were dropped: the bot marks the
	// group inactive, or the person unreachable privately.
	OnForbidden func(ctx context.Context, chatID int64)
	// OnMigrated is called when a group moved to a new chat id, after its
	// pending messages were moved: the bot moves the branch.
	OnMigrated func(ctx context.Context, from, to int64)
	// OnGiveUp is called after a message was given up (not one replaced by
	// its fallback): the bot tells the branch's 书记.
	OnGiveUp func(ctx context.Context, m zhibu.Message, why zhibu.GiveUp)
	// FinishSends keeps a send under way from being cut off when ctx
	// ends (a stop, a lost leadership): cut off, Telegram may have carried
	// it out unrecorded, and it would go again. It finishes, bounded by
	// DeliverTimeout, and is recorded. Tests whose transports wait for
	// ctx leave it off.
	FinishSends bool
	// IdlePoll is how often Run looks at an idle outbox for messages it
	// was not woken for (zero: a minute); several instances sharing a
	// database look often, as another instance's replies are not woken.
	IdlePoll time.Duration
}

// SendHistory is an outbox that knows recent attempts to send by other
// instances or an earlier process (storage): Run counts them against the
// budgets before it sends, so that a takeover or a restart does not
// exceed Telegram's limits, which are the bot's, not an instance's.
type SendHistory interface {
	RecentSends(ctx context.Context, since time.Time) ([]zhibu.SendAttempt, error)
}

// DeliverTimeout bounds a send that FinishSends keeps going after its
// caller stopped: the bot's own HTTP client gives up after 20 s anyway;
// storage's SendClaim outlasts it.
const DeliverTimeout = 20 * time.Second

// DefaultExpiry bounds a message without NotAfter: it is given up this long
// after it was queued.
const DefaultExpiry = 24 * time.Hour

// Sender is the one sending path: it drains the outbox within the global
// and per-chat limits, letting urgent messages (replies) use the reserve
// the others leave. Only one Sender may drain an outbox.
type Sender struct {
	store OutboxStore
	t     Transport
	o     Options
	log   *slog.Logger
	wake  chan struct{}

	flushMu sync.Mutex // one Flush at a time
	seeded  bool       // the budgets counted the recent sends (under flushMu)

	mu       sync.Mutex // guards global, chats and sending
	global   *rate.Limiter
	chats    chats
	sending  map[int64]bool // chats with a message on its way
	slots    chan struct{}  // one token per message on its way
	inflight sync.WaitGroup
	// sentUnrecorded holds messages that went out but could not be marked
	// sent (the database failed): they are marked before anything else is
	// sent, and never sent again meanwhile.
	sentUnrecorded map[int64]unrecordedSend
}

// unrecordedSend is a message that went out as messageID at at.
type unrecordedSend struct {
	q         zhibu.Queued
	messageID int
	at        time.Time
}

// DefaultParallel is how many messages may be on their way at once, each
// to another chat: a slow answer from the platform delays only its own chat.
const DefaultParallel = 8

// NewSender returns a Sender over store delivering through t.
func NewSender(store OutboxStore, t Transport, o Options) *Sender {
	o.Limits = o.Limits.withDefaults()
	if o.Parallel <= 0 {
		o.Parallel = DefaultParallel
	}
	log := o.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Sender{store: store, t: t, o: o, log: log, wake: make(chan struct{}, 1),
		global: rate.NewLimiter(o.Limits.Global, o.Limits.GlobalBurst), chats: newChats(o.Limits),
		sending: map[int64]bool{}, slots: make(chan struct{}, o.Parallel), sentUnrecorded: map[int64]unrecordedSend{}}
	for range o.Parallel {
		s.slots <- struct{}{}
	}
	return s
}

// Enqueue stores messages durably, due now; a Key already in the outbox is
// skipped. It wakes Run.
func (s *Sender) Enqueue(ctx context.Context, ms []zhibu.Message) error {
	if _, err := s.store.Enqueue(ctx, ms, s.o.Now()); err != nil {
		return fmt.Errorf("scheduler: enqueue: %w", err)
	}
	s.Wake()
	return nil
}

// Wake makes Run flush now, e.g. after messages were queued elsewhere.
func (s *Sender) Wake() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Run pauses after an error and polls an idle outbox at least this often,
// in case messages were queued without Wake.
const (
	errorPause = 5 * time.Second
	idlePoll   = time.Minute
)

// Run flushes until ctx ends, waiting (on a real timer) until the moment
// Flush named, Wake, or idlePoll. It does not wait for the messages on
// their way: each wakes it when it is done. Before it returns, they are.
func (s *Sender) Run(ctx context.Context) {
	defer s.inflight.Wait()
	idle := idlePoll
	if s.o.IdlePoll > 0 {
		idle = s.o.IdlePoll
	}
	for {
		_, next, err := s.flush(ctx, false)
		if ctx.Err() != nil {
			return
		}
		wait := idle
		if err != nil {
			s.log.Error("scheduler: flush outbox", "err", err)
			wait = errorPause
		} else if !next.IsZero() {
			wait = min(wait, next.Sub(s.o.Now()))
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-s.wake:
		case <-t.C:
		}
		t.Stop()
	}
}

// Flush bounds: the first Due query, and how far it grows when every
// message seen waits for its chat while the global budget has room.
const (
	dueFirst  = 100
	dueMax    = 3200
	maxRounds = 16
)

// flush is what one Flush learned. Messages on their way settle into it
// from their own goroutines, under mu.
type flush struct {
	wait4   bool // wait for the messages sent before the next pass
	sending sync.WaitGroup
	mu      sync.Mutex
	err     error // a store error settling a message
	sent    int
	changed bool                // a pass queued or moved messages that are due at once
	full    bool                // the global budget (less the reserve) is spent
	skip    map[int64]time.Time // chats done for this Flush, and when they may go again
	next    time.Time
}

// wait notes a moment when something blocked frees up.
func (f *flush) wait(t time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.next.IsZero() || t.Before(f.next) {
		f.next = t
	}
}

// skipChat notes that a chat is done for this Flush until t.
func (f *flush) skipChat(chatID int64, t time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.skip[chatID] = t
}

func (f *flush) setChanged() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.changed = true
}

func (f *flush) fail(err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err == nil {
		f.err = err
	}
}

// Flush sends every due outbox message the limits allow at Now(), oldest
// first, one at a time, those not Urgent leaving the reserve to the urgent
// ones (replies). It returns how many it sent and when to call again: the
// earliest moment a budget, a held chat, a backoff or a not_before frees up
// (zero when the outbox is empty; Now() or earlier when it should be called
// again at once). It never sleeps. A store error stops it.
func (s *Sender) Flush(ctx context.Context) (sent int, next time.Time, err error) {
	return s.flush(ctx, true)
}

// flush is Flush; unless wait, it returns without waiting for the messages
// it started sending (Run: they wake it when done).
func (s *Sender) flush(ctx context.Context, wait bool) (sent int, next time.Time, err error) {
	s.flushMu.Lock()
	defer s.flushMu.Unlock()
	f := &flush{skip: map[int64]time.Time{}, wait4: wait}
	if !s.seeded {
		s.seeded = true
		s.seed(ctx)
	}
	limit := dueFirst
	if err := s.recordSent(ctx); err != nil {
		return 0, time.Time{}, fmt.Errorf("scheduler: flush: %w", err)
	}
	for range maxRounds {
		due, err := s.store.Due(ctx, s.o.Now(), limit)
		if err != nil {
			f.sending.Wait()
			return f.snapshot().sent, time.Time{}, fmt.Errorf("scheduler: flush: %w", err)
		}
		f.mu.Lock()
		before := f.sent
		f.changed = false
		for id, t := range f.skip {
			if t.IsZero() {
				delete(f.skip, id) // was on its way; Flush waited for it
			}
		}
		f.mu.Unlock()
		for _, q := range due {
			if f.snapshot().full {
				break
			}
			if err := s.one(ctx, f, q); err != nil {
				f.fail(err)
				break
			}
		}
		if !wait {
			// Run: what is on its way wakes it when done.
			break
		}
		f.sending.Wait()
		st := f.snapshot()
		switch {
		case st.err != nil:
			return st.sent, time.Time{}, fmt.Errorf("scheduler: flush: %w", st.err)
		case st.changed && !st.full:
		case st.full || len(due) < limit:
			return s.finish(ctx, f)
		case st.sent == before && limit >= dueMax:
			return s.finish(ctx, f)
		case st.sent == before:
			limit *= 2 // everything seen waits for its chat: look further
		}
	}
	if err := f.snapshot().err; err != nil {
		return f.snapshot().sent, time.Time{}, fmt.Errorf("scheduler: flush: %w", err)
	}
	return s.finish(ctx, f)
}

// flushState is a copy of what a flush learned so far.
type flushState struct {
	sent          int
	changed, full bool
	err           error
	next          time.Time
}

func (f *flush) snapshot() flushState {
	f.mu.Lock()
	defer f.mu.Unlock()
	return flushState{sent: f.sent, changed: f.changed, full: f.full, err: f.err, next: f.next}
}

// finish adds the next not_before to what the passes learned.
func (s *Sender) finish(ctx context.Context, f *flush) (int, time.Time, error) {
	nd, err := s.store.NextDue(ctx)
	if err != nil {
		return f.snapshot().sent, time.Time{}, fmt.Errorf("scheduler: flush: %w", err)
	}
	if nd.IsZero() {
		return f.snapshot().sent, time.Time{}, nil
	}
	now := s.o.Now()
	switch {
	case nd.After(now):
		f.wait(nd)
	case f.snapshot().next.IsZero():
		// Due messages beyond what the passes looked at, or on their way.
		f.wait(now.Add(time.Second))
	}
	st := f.snapshot()
	return st.sent, st.next, nil
}

// one sends a due message if its chat and the global budget allow, or notes
// when they will.
func (s *Sender) one(ctx context.Context, f *flush, q zhibu.Queued) error {
	m := q.Message
	f.mu.Lock()
	t, skip := f.skip[m.ChatID]
	f.mu.Unlock()
	if skip {
		if !t.IsZero() {
			f.wait(t) // keeps the chat's order
		}
		return nil
	}
	if s.busy(m.ChatID) || s.isUnrecorded(q.ID) {
		// A message to the chat is on its way: it keeps the chat's order
		// and wakes Run when done.
		f.skipChat(m.ChatID, time.Time{})
		return nil
	}
	now := s.o.Now()
	if expiry(q).Before(now) {
		s.log.Warn("scheduler: message expired unsent", "chat_id", m.ChatID, "key", m.Key, "kind", m.Kind)
		return s.giveUp(ctx, q, zhibu.GaveUpExpired, "expired")
	}
	if !s.take(f, m, now) {
		return nil
	}
	// Written before it goes: a message settled since the due list was
	// read is not sent again, and while the database cannot be written
	// nothing goes out that could not be recorded as sent.
	if ok, err := s.store.Claim(ctx, q.ID, now); err != nil || !ok {
		return err
	}
	<-s.slots
	s.mu.Lock()
	s.sending[m.ChatID] = true
	s.mu.Unlock()
	f.skipChat(m.ChatID, time.Time{}) // one message at a time to a chat
	f.setChanged()                    // Flush looks again once it is done
	s.inflight.Add(1)
	f.sending.Add(1)
	go func() {
		defer s.inflight.Done()
		defer f.sending.Done()
		dctx, cancelDeliver := ctx, context.CancelFunc(func() {})
		if s.o.FinishSends {
			dctx, cancelDeliver = context.WithTimeout(context.WithoutCancel(ctx), DeliverTimeout)
		}
		id, err := s.t.Deliver(dctx, m)
		cut := dctx.Err() != nil
		cancelDeliver()
		if err == nil || !cut {
			// What went out is recorded even if ctx ends now:
			// at-least-once, with the smallest window for a duplicate.
			sent := err == nil
			if err := s.settle(context.WithoutCancel(ctx), f, q, id, err); err != nil {
				f.fail(err)
				if sent {
					s.unrecorded(q, id)
				}
			}
		} // else cancelled, not the message's fault: it stays pending
		s.mu.Lock()
		delete(s.sending, m.ChatID)
		s.mu.Unlock()
		s.slots <- struct{}{}
		if !f.wait4 {
			s.Wake()
		}
	}()
	return nil
}

// seed, before the first flush, counts the recent attempts of other instances against the budgets
// (SendHistory); the global budget looks back a second, a group's a
// minute. Without a history, or when it cannot be read, the budgets start
// full, as before.
func (s *Sender) seed(ctx context.Context) {
	h, ok := s.store.(SendHistory)
	if !ok {
		return
	}
	now := s.o.Now()
	attempts, err := h.RecentSends(ctx, now.Add(-time.Minute))
	if err != nil {
		s.log.Warn("scheduler: recent sends unknown: budgets start full", "err", err)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, a := range attempts {
		if a.At.After(now) {
			a.At = now
		}
		s.chats.get(a.ChatID, a.Private, a.At).lim.AllowN(a.At, 1)
		s.global.AllowN(a.At, 1)
	}
	if len(attempts) > 0 {
		s.log.Info("scheduler: budgets count recent sends of other instances", "sends", len(attempts))
	}
}

// isUnrecorded reports whether a message went out unrecorded.
func (s *Sender) isUnrecorded(id int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.sentUnrecorded[id]
	return ok
}

// unrecorded remembers a message that went out but could not be marked.
func (s *Sender) unrecorded(q zhibu.Queued, messageID int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sentUnrecorded[q.ID] = unrecordedSend{q: q, messageID: messageID, at: s.o.Now()}
}

// recordSent marks the messages that went out while the database failed;
// until it can, nothing more is sent.
func (s *Sender) recordSent(ctx context.Context) error {
	s.mu.Lock()
	pending := make([]unrecordedSend, 0, len(s.sentUnrecorded))
	for _, u := range s.sentUnrecorded {
		pending = append(pending, u)
	}
	s.mu.Unlock()
	for _, u := range pending {
		if len(u.q.Message.Then) > 0 {
			if _, err := s.store.Enqueue(ctx, u.q.Message.Then, u.at); err != nil {
				return err
			}
		}
		if err := s.store.MarkSent(ctx, u.q.ID, u.messageID, u.at); err != nil {
			return err
		}
		s.mu.Lock()
		delete(s.sentUnrecorded, u.q.ID)
		s.mu.Unlock()
	}
	return nil
}

// busy reports whether a message to the chat is on its way.
func (s *Sender) busy(chatID int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sending[chatID]
}

func expiry(q zhibu.Queued) time.Time {
	if !q.Message.NotAfter.IsZero() {
		return q.Message.NotAfter
	}
	return q.CreatedAt.Add(DefaultExpiry)
}

// take takes a token of the chat and of the global budget, leaving their
// reserves, or notes when the chat (skipped from now on) or the global
// budget (f.full) will have one.
func (s *Sender) take(f *flush, m zhibu.Message, now time.Time) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chats.get(m.ChatID, m.Private, now)
	if c.blocked.After(now) {
		f.skipChat(m.ChatID, c.blocked)
		f.wait(c.blocked)
		return false
	}
	// Answers may use the tokens kept for them; reminders leave them.
	chatReserve, globalReserve := c.reserve(), float64(s.o.Limits.Reserve)
	if m.Urgent {
		chatReserve, globalReserve = 0, 0
	}
	if t := readyAt(c.lim, now, 1+chatReserve); t.After(now) {
		f.skipChat(m.ChatID, t)
		f.wait(t)
		return false
	}
	if t := readyAt(s.global, now, 1+globalReserve); t.After(now) {
		f.mu.Lock()
		f.full = true
		f.mu.Unlock()
		f.wait(t)
		return false
	}
	s.global.AllowN(now, 1)
	c.lim.AllowN(now, 1)
	return true
}

// settle records what the transport answered.
func (s *Sender) settle(ctx context.Context, f *flush, q zhibu.Queued, msgID int, err error) error {
	m, now := q.Message, s.o.Now()
	var ra *zhibu.RetryAfterError
	var mig *zhibu.MigratedError
	switch {
	case err == nil:
		f.mu.Lock()
		f.sent++
		f.mu.Unlock()
		if len(m.Then) > 0 {
			// Queued before the mark: after a crash between the two the
			// message goes again and the follow-ups' keys keep them single.
			if _, err := s.store.Enqueue(ctx, m.Then, now); err != nil {
				return err
			}
			f.setChanged()
		}
		return s.store.MarkSent(ctx, q.ID, msgID, now)
	case errors.Is(err, zhibu.ErrRejected):
		f.skipChat(m.ChatID, now)
		s.log.Error("scheduler: message rejected", "chat_id", m.ChatID, "key", m.Key, "kind", m.Kind, "err", err)
		return s.giveUp(ctx, q, zhibu.GaveUpRejected, err.Error())
	case errors.As(err, &ra):
		until := now.Add(ra.After)
		s.hold(m.ChatID, until)
		f.skipChat(m.ChatID, until)
		f.wait(until)
		return s.store.Retry(ctx, q.ID, until, q.Attempts, err.Error())
	case errors.Is(err, zhibu.ErrForbidden):
		f.skipChat(m.ChatID, now)
		if m.Fallback != nil {
			if err := s.fallBack(ctx, f, q); err != nil {
				return err
			}
		}
		return s.forbidden(ctx, m.ChatID)
	case errors.As(err, &mig) && mig.To != m.ChatID:
		f.skipChat(m.ChatID, now)
		f.setChanged() // the message goes to the new chat in the next pass
		return s.migrated(ctx, m.ChatID, mig.To)
	}
	f.skipChat(m.ChatID, now)
	attempts := q.Attempts + 1
	if attempts >= s.o.Limits.MaxAttempts {
		s.log.Error("scheduler: giving up on message", "chat_id", m.ChatID, "key", m.Key, "kind", m.Kind,
			"attempts", attempts, "err", err)
		return s.giveUp(ctx, q, zhibu.GaveUpFailing, err.Error())
	}
	retry := now.Add(backoff(attempts))
	f.wait(retry)
	return s.store.Retry(ctx, q.ID, retry, attempts, err.Error())
}

// fallBack queues a forbidden private message's fallback (e.g. to the group,
// with a "start a private chat" button) and gives up the original. The
// fallback's Key makes a repeat after a crash harmless.
func (s *Sender) fallBack(ctx context.Context, f *flush, q zhibu.Queued) error {
	fb := *q.Message.Fallback
	fb.Key = q.Message.Key + ":fallback"
	if fb.NotAfter.IsZero() {
		fb.NotAfter = expiry(q)
	}
	if fb.BranchID == 0 {
		fb.BranchID = q.Message.BranchID
	}
	if fb.Kind == "" {
		fb.Kind = q.Message.Kind
	}
	if _, err := s.store.Enqueue(ctx, []zhibu.Message{fb}, s.o.Now()); err != nil {
		return err
	}
	f.setChanged()
	return s.store.GiveUp(ctx, q.ID, FallbackReason)
}

// FallbackReason is recorded for a message replaced by its fallback.
const FallbackReason = "forbidden: sent the fallback instead"

// giveUp records a message given up, and tells OnGiveUp.
func (s *Sender) giveUp(ctx context.Context, q zhibu.Queued, why zhibu.GiveUp, detail string) error {
	if err := s.store.GiveUp(ctx, q.ID, detail); err != nil {
		return err
	}
	if s.o.OnGiveUp != nil {
		s.o.OnGiveUp(ctx, q.Message, why)
	}
	return nil
}
