package app

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/bot"
	"github.com/zhibu/zhibu/storage"
)

// metrics are the program's Prometheus metrics, on a registry of their own
// (nothing registers on the global one). docs/operations.md lists them.
// No metric is labelled with a chat, a person or anything they wrote, and
// the token never reaches a label (apiTransport).
type metrics struct {
	reg         *prometheus.Registry
	received    prometheus.Counter
	handled     *prometheus.CounterVec // outcome
	lastPoll    prometheus.Gauge
	requests    *prometheus.CounterVec // method, result
	rateLimited prometheus.Counter
	givenUp     *prometheus.CounterVec // reason
	lateness    *prometheus.HistogramVec
	tick        prometheus.Histogram
	leader      prometheus.Gauge

	// lastPollAt is the clock's time of the last successful getUpdates,
	// in Unix nanoseconds (0: none yet), for the health check.
	lastPollAt atomic.Int64
	// leaderSince is the clock's time this instance last took the lead,
	// in Unix nanoseconds; 0 while it does not lead.
	leaderSince atomic.Int64
}

// newMetrics registers the metrics, the Go runtime's and the process's,
// and the outbox backlog read from db at each scrape with the clock now.
func newMetrics(db *storage.DB, now func() time.Time) *metrics {
	m := &metrics{reg: prometheus.NewRegistry()}
	m.received = prometheus.NewCounter(prometheus.CounterOpts{Name: "zhibu_updates_received_total",
		Help: "Updates received from getUpdates and stored in the inbox (each update once)."})
	m.handled = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "zhibu_updates_handled_total",
		Help: "Updates handled, by outcome: ok, failed (handler error, apology sent), panic (handler panic, " +
			"apology sent), flood (dropped: the sender was over their budget), unavailable (the database " +
			"failed; the update stays pending and is handled again)."}, []string{"outcome"})
	m.lastPoll = prometheus.NewGauge(prometheus.GaugeOpts{Name: "zhibu_getupdates_last_success_timestamp_seconds",
		Help: "When getUpdates last answered without error (Unix time; 0: not yet)."})
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "zhibu_botapi_requests_total",
		Help: "Bot API requests by method and result: ok, an HTTP error code (400, 401, 403, 404, 409, 429), " +
			"4xx, 5xx, other, or error (no answer: network, timeout)."}, []string{"method", "result"})
	m.rateLimited = prometheus.NewCounter(prometheus.CounterOpts{Name: "zhibu_botapi_rate_limited_total",
		Help: "Bot API answers 429 Too Many Requests."})
	m.givenUp = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "zhibu_outbox_given_up_total",
		Help: "Outbox messages given up, by reason: failing (every attempt failed), rejected (refused by " +
			"Telegram), expired (too late to be useful)."}, []string{"reason"})
	m.lateness = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "zhibu_reminder_lateness_seconds",
		Help:    "How long after its due time a reminder occurrence was queued for sending, by kind.",
		Buckets: []float64{1, 5, 15, 30, 60, 90, 120, 300, 600, 1800, 3600, 6 * 3600, 36 * 3600}}, []string{"kind"})
	m.tick = prometheus.NewHistogram(prometheus.HistogramOpts{Name: "zhibu_reminder_tick_duration_seconds",
		Help: "How long a reminder tick took.", Buckets: prometheus.ExponentialBuckets(0.005, 2, 14)})
	m.leader = prometheus.NewGauge(prometheus.GaugeOpts{Name: "zhibu_leader",
		Help: "1 while this instance leads (receives updates from Telegram and sends the outbox), 0 while it stands by " +
			"for another instance on the same PostgreSQL database. Always 1 on SQLite."})
	m.reg.MustRegister(m.received, m.handled, m.lastPoll, m.requests, m.rateLimited, m.givenUp, m.lateness, m.tick, m.leader,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		&backlogCollector{db: db, now: now})
	// The series worth alerting on exist from the start, at 0.
	for _, o := range []string{bot.OutcomeOK, bot.OutcomeFailed, bot.OutcomePanic, bot.OutcomeFlood, bot.OutcomeUnavailable} {
		m.handled.WithLabelValues(o)
	}
	for _, r := range []zhibu.GiveUp{zhibu.GaveUpFailing, zhibu.GaveUpRejected, zhibu.GaveUpExpired} {
		m.givenUp.WithLabelValues(string(r))
	}
	return m
}

// handler serves the metrics in Prometheus's text format. A part that
// cannot be gathered (the database) is logged and left out; the rest is
// served.
func (m *metrics) handler(log *slog.Logger) http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{ErrorLog: slogPrinter{log},
		ErrorHandling: promhttp.ContinueOnError, Registry: m.reg})
}

// PollSucceeded, UpdatesReceived and UpdateHandled make metrics the bot's
// Observer.
func (m *metrics) PollSucceeded(at time.Time) {
	m.lastPollAt.Store(at.UnixNano())
	m.lastPoll.Set(float64(at.UnixNano()) / 1e9)
}

func (m *metrics) UpdatesReceived(n int)        { m.received.Add(float64(n)) }
func (m *metrics) UpdateHandled(outcome string) { m.handled.WithLabelValues(outcome).Inc() }

// lead records whether this instance leads, from at.
func (m *metrics) lead(on bool, at time.Time) {
	if on {
		m.leaderSince.Store(max(at.UnixNano(), 1))
		m.leader.Set(1)
		return
	}
	m.leaderSince.Store(0)
	m.leader.Set(0)
}

// leading reports whether this instance leads, and since when.
func (m *metrics) leading() (bool, time.Time) {
	n := m.leaderSince.Load()
	return n != 0, time.Unix(0, n)
}

// lastPollSuccess is when getUpdates last answered, zero when never.
func (m *metrics) lastPollSuccess() time.Time {
	if n := m.lastPollAt.Load(); n != 0 {
		return time.Unix(0, n)
	}
	return time.Time{}
}

// gaveUp counts a message the sender gave up.
func (m *metrics) gaveUp(why zhibu.GiveUp) { m.givenUp.WithLabelValues(string(why)).Inc() }

// delivered observes how late a reminder occurrence was queued.
func (m *metrics) delivered(kind zhibu.OccurrenceKind, lateness time.Duration) {
	m.lateness.WithLabelValues(string(kind)).Observe(lateness.Seconds())
}

// ticked observes a reminder tick's duration.
func (m *metrics) ticked(d time.Duration) { m.tick.Observe(d.Seconds()) }

// backlogCollector reads the outbox backlog from the database at each
// scrape.
type backlogCollector struct {
	db  *storage.DB
	now func() time.Time
}

var (
	pendingDesc = prometheus.NewDesc("zhibu_outbox_pending",
		"Messages waiting in the outbox, retries included (read from the database at scrape time).", nil, nil)
	oldestDesc = prometheus.NewDesc("zhibu_outbox_oldest_pending_age_seconds",
		"How long the oldest message waiting in the outbox has waited (0: none waits).", nil, nil)
)

// backlogTimeout bounds the scrape's database query.
const backlogTimeout = 5 * time.Second

func (c *backlogCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- pendingDesc
	ch <- oldestDesc
}

func (c *backlogCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), backlogTimeout)
	defer cancel()
	n, oldest, err := c.db.OutboxBacklog(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(pendingDesc, err)
		return
	}
	age := time.Duration(0)
	if !oldest.IsZero() {
		age = max(c.now().Sub(oldest), 0)
	}
	ch <- prometheus.MustNewConstMetric(pendingDesc, prometheus.GaugeValue, float64(n))
	ch <- prometheus.MustNewConstMetric(oldestDesc, prometheus.GaugeValue, age.Seconds())
}

// slogPrinter is promhttp's error log on slog.
type slogPrinter struct{ log *slog.Logger }

func (p slogPrinter) Println(v ...any) { p.log.Warn("metrics", "err", fmt.Sprint(v...)) }

// teeObserver tells two Observers.
type teeObserver struct{ a, b bot.Observer }

func (t teeObserver) PollSucceeded(at time.Time) { t.a.PollSucceeded(at); t.b.PollSucceeded(at) }
func (t teeObserver) UpdatesReceived(n int)      { t.a.UpdatesReceived(n); t.b.UpdatesReceived(n) }
func (t teeObserver) UpdateHandled(o string)     { t.a.UpdateHandled(o); t.b.UpdateHandled(o) }
