package app

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// What /healthz tolerates before it fails (docs/operations.md).
const (
	// PollStaleAfter: getUpdates has not answered for this long. Long
	// polling answers at least every PollTimeout (50 s), and failures are
	// retried within 30 s.
	PollStaleAfter = 2 * time.Minute
	// OutboxStaleAfter: the oldest message waiting in the outbox has waited
	// this long. A message failing every attempt is given up after about 8
	// minutes.
	OutboxStaleAfter = 10 * time.Minute
	// healthTimeout bounds the health check's database queries.
	healthTimeout = 5 * time.Second
)

// Health checks that the bot receives, that the database answers and that
// messages leave the outbox, on the program's clock. It returns one plain
// English line per problem, none when all is well.
func (a *App) Health(ctx context.Context) []string {
	ctx, cancel := context.WithTimeout(ctx, healthTimeout)
	defer cancel()
	now := a.now()
	var problems []string
	// In webhook mode nothing polls, and a quiet webhook is no fault; an
	// instance standing by for another does not poll either.
	if leads, since := a.metrics.leading(); !a.webhook && (leads || !a.DB.Shared()) {
		problems = a.pollHealth(now, since)
	}
	if err := a.DB.Ping(ctx); err != nil {
		return append(problems, fmt.Sprintf("database: not answering: %v", err))
	}
	n, oldest, err := a.DB.OutboxBacklog(ctx)
	switch {
	case err != nil:
		problems = append(problems, fmt.Sprintf("outbox: cannot be read: %v", err))
	case n > 0 && now.Sub(oldest) > OutboxStaleAfter:
		problems = append(problems, fmt.Sprintf("outbox: the oldest pending message has waited %s (%d pending)",
			ago(now.Sub(oldest)), n))
	}
	return problems
}

// pollHealth is the problem of a getUpdates that has not answered for
// too long, if any; leading is when this instance took the lead.
func (a *App) pollHealth(now, leading time.Time) []string {
	if last := a.metrics.lastPollSuccess(); last.IsZero() || last.Before(leading) {
		since, what := a.started, "the start"
		if leading.After(since) {
			since, what = leading, "this instance took the lead"
		}
		if age := now.Sub(since); age > PollStaleAfter {
			return []string{fmt.Sprintf("getUpdates: no success since %s %s ago", what, ago(age))}
		}
	} else if age := now.Sub(last); age > PollStaleAfter {
		return []string{fmt.Sprintf("getUpdates: last success %s ago", ago(age))}
	}
	return nil
}

// ago writes a duration to the second.
func ago(d time.Duration) string { return d.Round(time.Second).String() }

// HTTPHandler serves GET /healthz (200 "ok", or 503 and a line per
// problem) and GET /metrics (Prometheus).
func (a *App) HTTPHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		problems := a.Health(r.Context())
		if len(problems) == 0 {
			fmt.Fprintln(w, "ok")
			return
		}
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintln(w, strings.Join(problems, "\n"))
	})
	mux.Handle("GET /metrics", a.metrics.handler(a.log))
	return mux
}
