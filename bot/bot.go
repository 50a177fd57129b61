// Package bot is the Telegram adapter of zhibu: it receives updates into a
// durable inbox, turns commands and button presses into calls on the domain
// service, and answers in Chinese from the message catalogue.
package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/zhibu/zhibu"
)

// Config is what a Bot needs.
type Config struct {
	Token   string
	APIURL  string // default https://api.telegram.org
	Service *zhibu.Service
	// Registrations decides who registers new branches (required).
	Registrations *zhibu.Registrations
	Meetings      *zhibu.Meetings
	Pledges       *zhibu.Pledges
	// Campaigns, Compliance and Reminders serve stages, 三会一课 rules and
	// custom reminders.
	Campaigns  *zhibu.Campaigns
	Compliance *zhibu.Compliance
	Reminders  *zhibu.Reminders
	// Upcoming answers /upcoming (nil: nothing scheduled).
	Upcoming Upcomer
	// Deliveries tells /reminders which one-off reminders were missed
	// (nil: none is shown so).
	Deliveries Deliveries
	Prompts    Prompts
	// Outbox keeps every message until the sending path delivers it, and
	// Units makes an update's effects and its replies one transaction.
	Outbox Outbox
	Units  Units
	// WakeSender is called when messages were queued (nil: the sender
	// finds them on its own).
	WakeSender func()
	// Contacts remembers who can be written to privately (nil: unknown).
	Contacts Contacts
	Inbox    Inbox
	// Retention forgets old texts (nil: nothing is forgotten); RetainFor
	// is how long they are kept (zero: DefaultRetention).
	Retention Retention
	RetainFor time.Duration
	Now       func() time.Time
	Log       *slog.Logger
	TimeZone  string // default time zone of new branches
	// Webhook, when its URL is set, makes Run register it instead of
	// polling; the program serves WebhookHandler. Without a URL, Run
	// deletes any webhook and polls.
	Webhook Webhook
	// Shared, when set, is the inbox's claims: several instances share
	// the database and handle its updates, each instance those of the
	// chats it claimed, and Handle looks in the inbox every InboxRescan
	// (default DefaultInboxRescan) for updates another instance stored or
	// left.
	Shared      SharedInbox
	InboxRescan time.Duration
	// PollTimeout is the long-poll timeout of getUpdates (default 50s).
	PollTimeout time.Duration
	// HTTPClient overrides both HTTP clients, the long-polling one and the
	// sending one (tests); Transport is then not used.
	HTTPClient *http.Client
	// Transport carries the requests of both HTTP clients (nil:
	// http.DefaultTransport); the program wraps it to count Bot API
	// requests.
	Transport http.RoundTripper
	// Observer is told of polls and of each update's handling (nil:
	// nobody).
	Observer Observer
	// Flood is each person's budget of updates (zero: DefaultFloodLimit).
	Flood FloodLimit
	// OnProcessed, when set, is called after each update is handled. Tests
	// use it to wait for the bot without sleeping.
	OnProcessed func(updateID int64)
}

// Bot is the running Telegram bot.
type Bot struct {
	cfg      Config
	api      *tgbot.Bot
	http     *http.Client
	me       models.User
	log      *slog.Logger
	wake     chan struct{}
	commands map[string]*command
	edits    *refresher
	prompts  promptTimer
	floods   floods
	notes    noteTimes
	pruned   pruneClock
}

// sendTimeout bounds every Bot API call but getUpdates.
const sendTimeout = 20 * time.Second

// DefaultAPIURL is Telegram's Bot API server.
const DefaultAPIURL = "https://api.telegram.org"

// New connects to the Bot API (getMe) and returns a Bot ready to Run.
func New(ctx context.Context, cfg Config) (*Bot, error) {
	if cfg.APIURL == "" {
		cfg.APIURL = DefaultAPIURL
	}
	cfg.APIURL = strings.TrimRight(cfg.APIURL, "/")
	if cfg.PollTimeout == 0 {
		cfg.PollTimeout = 50 * time.Second
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.TimeZone == "" {
		cfg.TimeZone = zhibu.DefaultTimeZone
	}
	if cfg.Registrations == nil {
		return nil, errors.New("bot: no registration policy")
	}
	if cfg.Observer == nil {
		cfg.Observer = nopObserver{}
	}
	if cfg.RetainFor <= 0 {
		cfg.RetainFor = DefaultRetention
	}
	// Long polling waits up to PollTimeout for an answer; a send that
	// takes longer than sendTimeout has failed and is tried again, rather
	// than holding its chat for a minute.
	poll, send := cfg.HTTPClient, cfg.HTTPClient
	if poll == nil {
		poll = &http.Client{Timeout: cfg.PollTimeout + 15*time.Second, Transport: cfg.Transport}
		send = &http.Client{Timeout: sendTimeout, Transport: cfg.Transport}
	}
	api, err := tgbot.New(cfg.Token,
		tgbot.WithServerURL(cfg.APIURL),
		tgbot.WithSkipGetMe(),
		tgbot.WithHTTPClient(sendTimeout, send),
		tgbot.WithErrorsHandler(func(err error) { cfg.Log.Error("telegram client", "err", redact(err, cfg.Token)) }),
	)
	if err != nil {
		return nil, fmt.Errorf("bot: %w", redact(err, cfg.Token))
	}
	b := &Bot{cfg: cfg, api: api, http: poll, log: cfg.Log, wake: make(chan struct{}, 1), edits: newRefresher()}
	b.commands = b.commandTable()
	b.floods.limit = cfg.Flood
	if b.floods.limit.Burst <= 0 || b.floods.limit.Every <= 0 {
		b.floods.limit = DefaultFloodLimit
	}
	me, err := api.GetMe(ctx)
	if err != nil {
		return nil, fmt.Errorf("bot: getMe at %s: %w", cfg.APIURL, redact(err, cfg.Token))
	}
	b.me = *me
	return b, nil
}

// Username is the bot's Telegram username, without @.
func (b *Bot) Username() string { return b.me.Username }

// redactedError hides the token inside another error's text.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// redact removes the token from an error's text, keeping it unwrappable.
func redact(err error, token string) error {
	if err == nil || token == "" || !strings.Contains(err.Error(), token) {
		return err
	}
	return &redactedError{msg: strings.ReplaceAll(err.Error(), token, "<token>"), err: err}
}

// Run receives updates and processes them until ctx is cancelled: Receive
// and Handle together, as one instance alone does.
func (b *Bot) Run(ctx context.Context) error {
	hctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		b.Handle(hctx)
	}()
	err := b.Receive(ctx)
	if err != nil {
		cancel() // Telegram refused the webhook: stop
	}
	wg.Wait()
	return err
}

// Receive brings updates into the inbox until ctx is cancelled; of several
// instances sharing a database, only one may (the leader). It registers
// the command menu first. In webhook mode it registers the webhook (an
// error if Telegram refuses it) and returns, WebhookHandler storing what
// Telegram posts (trying again while Telegram fails to answer; only a
// refusal is an error); otherwise it deletes any webhook and polls.
func (b *Bot) Receive(ctx context.Context) error {
	if err := b.RegisterCommands(ctx); err != nil {
		b.log.Warn("register commands", "err", err)
	}
	if b.cfg.Webhook.URL != "" {
		return b.registerWebhook(ctx)
	}
	if err := b.poll(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return nil
}

// Handle handles what the inbox holds until ctx is cancelled, the update
// in hand finished first, and keeps the bot's timers (announcement
// refreshes, expired questions, retention). Every instance may.
func (b *Bot) Handle(ctx context.Context) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		b.tickEverySecond(ctx)
	}()
	b.process(ctx)
	wg.Wait()
}

// tickEverySecond runs Tick until ctx ends. The ticker is wall time; what
// Tick decides uses the injected clock.
func (b *Bot) tickEverySecond(ctx context.Context) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			b.Tick(ctx)
		}
	}
}
