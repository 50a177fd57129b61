package app_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/bot"
	"github.com/zhibu/zhibu/bot/telegramtest"
)

// metricsNow scrapes /metrics.
func (o *observed) metricsNow() string {
	o.t.Helper()
	code, body := o.get("/metrics")
	if code != 200 {
		o.t.Fatalf("/metrics = %d\n%s", code, body)
	}
	return body
}

// value is the value of a series (name{labels}) in a scrape, -1 when absent.
func value(body, series string) float64 {
	for line := range strings.SplitSeq(body, "\n") {
		if rest, ok := strings.CutPrefix(line, series+" "); ok {
			v, err := strconv.ParseFloat(rest, 64)
			if err != nil {
				return -1
			}
			return v
		}
	}
	return -1
}

// TestMetrics runs updates, sends, faults and a reminder tick through the
// emulator and checks that the metrics count them, and that neither the
// token nor any chat or user id appears in them.
func TestMetrics(t *testing.T) {
	o := newObserved(t, func(c *bot.Config) { c.Flood = bot.FloodLimit{Burst: 5, Every: time.Hour} })
	o.receive() // the bot added to the group: its my_chat_member and the service message
	o.flush()
	o.srv.SendText(obsGroup, obsSecretary, "/setup 第一党支部")
	o.receive()
	o.panics.Store(true)
	o.srv.SendText(obsGroup, obsSecretary, "/whoami")
	o.receive()
	o.panics.Store(false)
	for range 7 {
		o.srv.SendText(obsGroup, obsMember, "/help")
	}
	o.receive()

	m := o.metricsNow()
	for series, want := range map[string]float64{
		`zhibu_updates_received_total`:                            11,
		`zhibu_updates_handled_total{outcome="ok"}`:               8,
		`zhibu_updates_handled_total{outcome="panic"}`:            1,
		`zhibu_updates_handled_total{outcome="failed"}`:           0,
		`zhibu_updates_handled_total{outcome="flood"}`:            2,
		`zhibu_botapi_requests_total{method="getMe",result="ok"}`: 1,
	} {
		if got := value(m, series); got != want {
			t.Errorf("%s = %v; want %v", series, got, want)
		}
	}
	if got := value(m, `zhibu_outbox_pending`); got < 2 {
		t.Errorf("zhibu_outbox_pending = %v before sending; want the replies waiting", got)
	}
	if got := value(m, `zhibu_getupdates_last_success_timestamp_seconds`); got != float64(o.clock.Now().Unix()) {
		t.Errorf("zhibu_getupdates_last_success_timestamp_seconds = %v; want %d", got, o.clock.Now().Unix())
	}
	o.clock.Advance(90 * time.Second)
	if got := value(o.metricsNow(), `zhibu_outbox_oldest_pending_age_seconds`); got != 90 {
		t.Errorf("zhibu_outbox_oldest_pending_age_seconds = %v; want 90", got)
	}

	// A 429, then the rest sent; then a reply Telegram refuses is given up.
	o.srv.Fail(telegramtest.Fault{Method: "sendMessage", ChatID: obsGroup, Code: 429, RetryAfter: 3})
	o.flush()
	o.clock.Advance(3 * time.Second)
	o.flush()
	o.srv.Fail(telegramtest.Fault{Method: "sendMessage", ChatID: obsGroup, Code: 400, Description: "Bad Request: test"})
	o.srv.SendText(obsGroup, obsSecretary, "/help")
	o.receive()
	o.flush()
	o.clock.Advance(time.Minute) // the note to the 书记 about it
	o.flush()

	// A meeting's one-hour reminder found 30 s late.
	ctx := context.Background()
	br, err := o.db.BranchByChat(ctx, obsGroup)
	if err != nil {
		t.Fatal(err)
	}
	start := o.clock.Now().Add(time.Hour - 30*time.Second)
	if _, err := o.db.CreateMeeting(ctx, zhibu.Meeting{BranchID: br.ID, Type: zhibu.MeetingGeneral, Start: start,
		End: start.Add(time.Hour), Place: "党员活动室", State: zhibu.MeetingScheduled,
		CreatedAt: start.Add(-24 * time.Hour), UpdatedAt: start.Add(-24 * time.Hour)}, zhibu.Change{Action: "test"}); err != nil {
		t.Fatal(err)
	}
	if err := o.app.Step(ctx); err != nil {
		t.Fatal(err)
	}

	m = o.metricsNow()
	for series, want := range map[string]float64{
		`zhibu_botapi_requests_total{method="sendMessage",result="429"}`:      1,
		`zhibu_botapi_requests_total{method="sendMessage",result="400"}`:      1,
		`zhibu_botapi_rate_limited_total`:                                     1,
		`zhibu_outbox_given_up_total{reason="rejected"}`:                      1,
		`zhibu_outbox_given_up_total{reason="failing"}`:                       0,
		`zhibu_reminder_tick_duration_seconds_count`:                          1,
		`zhibu_reminder_lateness_seconds_bucket{kind="meeting_lead",le="15"}`: 0,
		`zhibu_reminder_lateness_seconds_bucket{kind="meeting_lead",le="30"}`: 1,
		`zhibu_outbox_pending`:                                                0,
		`zhibu_outbox_oldest_pending_age_seconds`:                             0,
	} {
		if got := value(m, series); got != want {
			t.Errorf("%s = %v; want %v", series, got, want)
		}
	}
	for _, series := range []string{`zhibu_botapi_requests_total{method="sendMessage",result="ok"}`,
		`zhibu_botapi_requests_total{method="getUpdates",result="ok"}`, `go_goroutines`} {
		if got := value(m, series); got < 1 {
			t.Errorf("%s = %v; want at least 1", series, got)
		}
	}
	token := o.srv.Token()
	_, secret, _ := strings.Cut(token, ":")
	for _, s := range []string{token, secret, strconv.Itoa(obsGroup), strconv.Itoa(-obsGroup),
		strconv.Itoa(obsSecretary), strconv.Itoa(obsMember)} {
		if strings.Contains(m, s) {
			t.Errorf("/metrics shows %q", s)
		}
	}
	if t.Failed() {
		t.Logf("/metrics:\n%s", m)
	}
}

// countingObserver counts what a bot tells it.
type countingObserver struct{ polls, received, handled atomic.Int64 }

func (c *countingObserver) PollSucceeded(time.Time) { c.polls.Add(1) }
func (c *countingObserver) UpdatesReceived(n int)   { c.received.Add(int64(n)) }
func (c *countingObserver) UpdateHandled(string)    { c.handled.Add(1) }

// TestMetricsBesideTestHooks: a bot given its own HTTP client and Observer
// (as tests do) is still counted, and its Observer still told.
func TestMetricsBesideTestHooks(t *testing.T) {
	var obs countingObserver
	var requests atomic.Int64
	o := newObserved(t, func(c *bot.Config) {
		c.Observer = &obs
		c.HTTPClient = &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			requests.Add(1)
			return http.DefaultTransport.RoundTrip(r)
		})}
	})
	o.receive()
	if obs.polls.Load() != 1 || obs.received.Load() != 2 || obs.handled.Load() != 2 {
		t.Errorf("the test's Observer heard %d polls, %d updates received, %d handled; want 1, 2, 2",
			obs.polls.Load(), obs.received.Load(), obs.handled.Load())
	}
	if requests.Load() != 2 {
		t.Errorf("the test's HTTP client carried %d requests; want getMe and getUpdates", requests.Load())
	}
	m := o.metricsNow()
	for series, want := range map[string]float64{
		`zhibu_updates_received_total`:                                 2,
		`zhibu_botapi_requests_total{method="getUpdates",result="ok"}`: 1,
		`zhibu_botapi_requests_total{method="getMe",result="ok"}`:      1,
	} {
		if got := value(m, series); got != want {
			t.Errorf("%s = %v; want %v", series, got, want)
		}
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
