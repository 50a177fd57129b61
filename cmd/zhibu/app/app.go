// Package app puts zhibu together: the domain services over the database,
// the Telegram bot, the reminder agenda, engine and sender. It is the one
// place that wires the adapters, which know nothing of each other; `zhibu
// run`, `zhibu demo`, `zhibu sim` and the end-to-end tests all use it.
package app

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/bot"
	"github.com/zhibu/zhibu/scheduler"
	"github.com/zhibu/zhibu/storage"
	"github.com/zhibu/zhibu/textnorm"
)

// The database is every store the adapters and the domain declare.
var (
	_ zhibu.Store             = (*storage.DB)(nil)
	_ zhibu.AgendaStore       = (*storage.DB)(nil)
	_ bot.Inbox               = (*storage.DB)(nil)
	_ bot.Prompts             = (*storage.DB)(nil)
	_ bot.Contacts            = (*storage.DB)(nil)
	_ bot.Outbox              = (*storage.DB)(nil)
	_ bot.Units               = (*storage.DB)(nil)
	_ bot.Retention           = (*storage.DB)(nil)
	_ scheduler.OutboxStore   = (*storage.DB)(nil)
	_ scheduler.DeliveryStore = (*storage.DB)(nil)
)

// Config is what the program needs besides its database.
type Config struct {
	// Bot holds the Telegram settings (Token, APIURL, PollTimeout,
	// TimeZone, HTTPClient, OnProcessed); a service or store set in it
	// replaces the one New would make (tests inject faults that way). New
	// wraps its Transport (or HTTPClient's) to count Bot API requests, and
	// tells its Observer, if any, what it tells the metrics.
	Bot bot.Config
	Now func() time.Time // required: the clock of the whole program
	// Registration says who may register a new branch (zero: approval by
	// an operator, of whom there is none, so no new branch); Bot's
	// Registrations, when set, replaces it.
	Registration zhibu.RegistrationPolicy
	Log          *slog.Logger // nil: discard
	// Limits are the sending budgets (zero: Telegram's).
	Limits scheduler.Limits
	// SendParallel bounds the messages on their way at once (zero: the
	// sender's default); the demo sends one at a time for a stable
	// transcript.
	SendParallel int
	// LeaseRetry is how often an instance that does not lead a shared
	// database tries to take the lead (zero: DefaultLeaseRetry);
	// LeaseCheck how often the leader checks its lease (zero: the
	// storage's default). See leader.go.
	LeaseRetry, LeaseCheck time.Duration
}

// App is zhibu put together.
type App struct {
	DB     *storage.DB
	Bot    *bot.Bot
	Agenda *zhibu.Agenda
	Engine *scheduler.Engine
	Sender *scheduler.Sender

	metrics *metrics
	now     func() time.Time
	started time.Time // by now, when New was called
	log     *slog.Logger
	webhook bool // updates arrive by webhook, not getUpdates
	// leaseRetry and leaseCheck: see Config.
	leaseRetry, leaseCheck time.Duration
}

// New builds the services over db, connects the bot to the Bot API (getMe)
// and wires the reminder engine and the sender around it.
func New(ctx context.Context, db *storage.DB, c Config) (*App, error) {
	if c.Now == nil {
		return nil, errors.New("app: no clock")
	}
	log := c.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	started := c.Now()
	m := newMetrics(db, c.Now)
	cfg := services(db, c.Now, c.Bot, c.Registration)
	idle := time.Duration(0) // the sender's default
	if db.Shared() {
		// Every instance handles the inbox, claiming each update; the
		// leader's sender looks for what the others queued as often.
		if cfg.Shared == nil {
			cfg.Shared = db
		}
		idle = bot.DefaultInboxRescan
	}
	if cfg.Log == nil {
		cfg.Log = log
	}
	observe(&cfg, m)
	b, err := bot.New(ctx, cfg)
	if err != nil {
		return nil, err
	}
	agenda := zhibu.NewAgenda(db, scheduler.ParseCron, func(r zhibu.Reminder, err error) {
		log.Warn("skip malformed reminder", "reminder_id", r.ID, "branch_id", r.BranchID, "err", err)
	})
	sender := scheduler.NewSender(db, b, scheduler.Options{Now: c.Now, Log: log, Limits: c.Limits, Parallel: c.SendParallel,
		FinishSends: true, IdlePoll: idle, OnForbidden: b.Forbidden, OnMigrated: b.Migrated,
		OnGiveUp: func(ctx context.Context, msg zhibu.Message, why zhibu.GiveUp) {
			m.gaveUp(why)
			b.GaveUp(ctx, msg, why)
		}})
	// A missing holiday year is logged now and, on the engine's ticks,
	// once a day.
	holidays := &holidayWatch{now: c.Now, loc: holidayZone(c.Bot.TimeZone), log: log}
	holidays.check()
	engine := scheduler.NewEngine(db, []scheduler.Source{agenda}, agenda, b,
		scheduler.EngineOptions{Now: c.Now, Log: log, Wake: sender.Wake, OnDelivered: m.delivered,
			OnTick: func(d time.Duration) { m.ticked(d); holidays.check() }})
	b.SetSender(sender.Wake)
	b.SetUpcoming(engine)
	return &App{DB: db, Bot: b, Agenda: agenda, Engine: engine, Sender: sender,
		metrics: m, now: c.Now, started: started, log: log, webhook: c.Bot.Webhook.URL != "",
		leaseRetry: c.LeaseRetry, leaseCheck: c.LeaseCheck}, nil
}

// observe makes the bot tell m what it receives, handles and asks the Bot
// API, besides the Observer and the HTTP client or transport cfg has.
func observe(cfg *bot.Config, m *metrics) {
	if cfg.Observer != nil {
		cfg.Observer = teeObserver{cfg.Observer, m}
	} else {
		cfg.Observer = m
	}
	if cfg.HTTPClient != nil {
		c := *cfg.HTTPClient
		c.Transport = observeTransport(c.Transport, m)
		cfg.HTTPClient = &c
		return
	}
	cfg.Transport = observeTransport(cfg.Transport, m)
}

// services fills cfg with the domain services over db, keeping those set.
func services(db *storage.DB, now func() time.Time, cfg bot.Config, reg zhibu.RegistrationPolicy) bot.Config {
	if cfg.Service == nil {
		cfg.Service = zhibu.NewService(db, now)
		cfg.Service.SetNameKey(textnorm.Key)
	}
	svc := cfg.Service
	if cfg.Registrations == nil {
		cfg.Registrations = zhibu.NewRegistrations(svc, db, reg)
	}
	if cfg.Meetings == nil {
		cfg.Meetings = zhibu.NewMeetings(svc, db)
	}
	if cfg.Pledges == nil {
		cfg.Pledges = zhibu.NewPledges(svc, db)
	}
	if cfg.Campaigns == nil {
		cfg.Campaigns = zhibu.NewCampaigns(svc, db, db, db)
	}
	if cfg.Compliance == nil {
		cfg.Compliance = zhibu.NewCompliance(svc, db, db)
	}
	if cfg.Reminders == nil {
		cfg.Reminders = zhibu.NewReminders(svc, db, scheduler.ParseCron)
	}
	if cfg.Deliveries == nil {
		cfg.Deliveries = db
	}
	if cfg.Prompts == nil {
		cfg.Prompts = db
	}
	if cfg.Inbox == nil {
		cfg.Inbox = db
	}
	if cfg.Contacts == nil {
		cfg.Contacts = db
	}
	if cfg.Outbox == nil {
		cfg.Outbox = db
	}
	if cfg.Units == nil {
		cfg.Units = db
	}
	if cfg.Retention == nil {
		cfg.Retention = db
	}
	cfg.Now = now
	return cfg
}

// Step runs one reminder tick and sends what the limits allow now: the
// demo, the simulator and tests drive time themselves.
func (a *App) Step(ctx context.Context) error {
	if err := a.Engine.Tick(ctx); err != nil {
		return err
	}
	_, _, err := a.Sender.Flush(ctx)
	return err
}

// Run serves until ctx ends: the bot receives and answers, the engine ticks
// every minute, the sender drains the outbox. The update in hand is
// finished first, and a message on its way is recorded.
//
// On a shared database (PostgreSQL) several instances may run. Each
// handles the inbox (claiming every update, a chat's in order) and ticks
// the reminders (each occurrence is delivered once by its key); only the
// one holding the leader lease receives updates from Telegram and sends
// the outbox (leader.go).
func (a *App) Run(ctx context.Context) error {
	if !a.DB.Shared() {
		a.metrics.lead(true, a.now())
		return a.serve(ctx)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); a.Bot.Handle(ctx) }()
	go func() { defer wg.Done(); a.Engine.Run(ctx) }()
	err := a.leadOrStandBy(ctx)
	cancel()
	wg.Wait()
	return err
}

// serve is Run for one instance alone.
func (a *App) serve(ctx context.Context) error {
	// The bot may stop first (Telegram refused its webhook): the engine
	// and the sender stop with it.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); a.Sender.Run(ctx) }()
	go func() { defer wg.Done(); a.Engine.Run(ctx) }()
	err := a.Bot.Run(ctx)
	cancel()
	wg.Wait()
	return err
}

// leaderWork is what the leader of a shared database does while it leads:
// it receives updates from Telegram and sends the outbox.
func (a *App) leaderWork(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); a.Sender.Run(ctx) }()
	err := a.Bot.Receive(ctx)
	if err == nil && ctx.Err() == nil {
		<-ctx.Done() // webhook mode: registered; the requests come to every instance
	}
	cancel()
	wg.Wait()
	return err
}
