package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/bot"
	"github.com/zhibu/zhibu/scheduler"
	"github.com/zhibu/zhibu/storage"
)

// botConfig wires the domain services over the database into a bot config.
func botConfig(db *storage.DB, now func() time.Time, cfg bot.Config) bot.Config {
	svc := zhibu.NewService(db, now)
	cfg.Service, cfg.Prompts, cfg.Inbox, cfg.Now = svc, db, db, now
	cfg.Meetings = zhibu.NewMeetings(svc, db)
	cfg.Pledges = zhibu.NewPledges(svc, db)
	cfg.Campaigns = zhibu.NewCampaigns(svc, db, db, db)
	cfg.Compliance = zhibu.NewCompliance(svc, db, db)
	cfg.Reminders = zhibu.NewReminders(svc, db, scheduler.ParseCron)
	cfg.Branches, cfg.Contacts = db, db
	return cfg
}

// reminders are the sending path and the reminder engine of a bot.
type reminders struct {
	sender *scheduler.Sender
	engine *scheduler.Engine
}

func wireReminders(db *storage.DB, b *bot.Bot, _ bot.Config, sleep func(context.Context, time.Duration) error, log *slog.Logger) reminders {
	sender, engine := b.WireReminders(db, sleep, log)
	return reminders{sender: sender, engine: engine}
}

// step runs one engine tick and sends what the limits allow now: the demo,
// the simulator and tests drive time themselves.
func (r reminders) step(ctx context.Context) error {
	if err := r.engine.Tick(ctx); err != nil {
		return err
	}
	_, _, err := r.sender.Flush(ctx)
	return err
}
