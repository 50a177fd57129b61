package bot

import (
	"context"
	"errors"
	"log/slog"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/zhibu/zhibu/scheduler"
)

// Gate is the sending path's limiter, seen from interactive replies: Admit
// before a call that counts against Telegram's limits, Report its result.
// *scheduler.Sender implements it.
type Gate interface {
	Admit(ctx context.Context, chatID int64, private bool) error
	Report(ctx context.Context, chatID int64, err error)
}

// classify turns a Bot API error into the scheduler's kinds: 429, 403,
// migration, or other.
func classify(err error) error {
	var tooMany *tgbot.TooManyRequestsError
	var migrate *tgbot.MigrateError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &tooMany):
		return &scheduler.RetryAfterError{After: time.Duration(tooMany.RetryAfter) * time.Second}
	case errors.Is(err, tgbot.ErrorForbidden):
		return scheduler.ErrForbidden
	case errors.As(err, &migrate):
		return &scheduler.MigratedError{To: int64(migrate.MigrateToChatID)}
	}
	return err
}

// admit waits for the chat's sending budget (no-op without a gate).
func (b *Bot) admit(ctx context.Context, chatID int64) {
	if b.cfg.Gate == nil {
		return
	}
	if err := b.cfg.Gate.Admit(ctx, chatID, chatID > 0); err != nil {
		b.log.Warn("rate limiter", "chat_id", chatID, "err", err)
	}
}

// report tells the gate what a call returned.
func (b *Bot) report(ctx context.Context, chatID int64, err error) {
	if b.cfg.Gate != nil {
		b.cfg.Gate.Report(ctx, chatID, classify(err))
	}
}

// Deliver sends one outbox message: the bot is the scheduler's Transport.
func (b *Bot) Deliver(ctx context.Context, m scheduler.Message) (int, error) {
	p := &tgbot.SendMessageParams{ChatID: m.ChatID, Text: m.Text, ParseMode: models.ParseModeHTML,
		LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: tgbot.True()}}
	if rows := keyboard(m.Buttons); len(rows) > 0 {
		p.ReplyMarkup = &models.InlineKeyboardMarkup{InlineKeyboard: rows}
	}
	sent, err := b.api.SendMessage(ctx, p)
	if err != nil {
		return 0, classify(redact(err, b.cfg.Token))
	}
	if m.Private {
		b.reachable(ctx, m.ChatID, true)
	}
	return sent.ID, nil
}

func keyboard(rows [][]scheduler.Button) [][]models.InlineKeyboardButton {
	var out [][]models.InlineKeyboardButton
	for _, row := range rows {
		var r []models.InlineKeyboardButton
		for _, x := range row {
			r = append(r, models.InlineKeyboardButton{Text: x.Text, CallbackData: x.Data, URL: x.URL})
		}
		out = append(out, r)
	}
	return out
}

// buttons turns an inline keyboard into the scheduler's neutral buttons.
func buttons(rows [][]models.InlineKeyboardButton) [][]scheduler.Button {
	var out [][]scheduler.Button
	for _, row := range rows {
		var r []scheduler.Button
		for _, x := range row {
			r = append(r, scheduler.Button{Text: x.Text, Data: x.CallbackData, URL: x.URL})
		}
		out = append(out, r)
	}
	return out
}

// reachable remembers whether a person can be written to privately.
func (b *Bot) reachable(ctx context.Context, userID int64, ok bool) {
	if b.cfg.Contacts == nil {
		return
	}
	if err := b.cfg.Contacts.SetReachable(ctx, userID, ok, b.cfg.Now()); err != nil {
		b.log.Warn("remember private chat", "chat_id", userID, "err", err)
	}
}

// SetGate connects the bot to the sending path's limiter. The sender needs
// the bot as its transport, so the two are wired after both exist, before
// Run.
func (b *Bot) SetGate(g Gate) { b.cfg.Gate = g }

// SetEngine connects /upcoming to the reminder engine, before Run.
func (b *Bot) SetEngine(e Upcomer) { b.cfg.Engine = e }

// ReminderStore is where the sending path and the engine keep their state:
// the outbox, the deliveries and the watermark (*storage.DB).
type ReminderStore interface {
	scheduler.OutboxStore
	scheduler.DeliveryStore
}

// WireReminders builds the sender (the bot is its transport) and the engine
// (the bot is its source, renderer and branch directory), and connects the
// bot's interactive sends and /upcoming to them. sleep waits out rate
// limits for interactive replies (nil: real time).
func (b *Bot) WireReminders(store ReminderStore, sleep func(context.Context, time.Duration) error, log *slog.Logger) (*scheduler.Sender, *scheduler.Engine) {
	svc := b.cfg.Service
	sender := scheduler.NewSender(store, b, scheduler.Options{Now: b.cfg.Now, Sleep: sleep, Log: log,
		OnForbidden: func(ctx context.Context, chatID int64) {
			if chatID > 0 {
				b.reachable(ctx, chatID, false)
				return
			}
			if _, err := svc.SetActive(ctx, chatID, false); err != nil {
				b.log.Warn("deactivate forbidden chat", "chat_id", chatID, "err", err)
			}
		},
		OnMigrated: func(ctx context.Context, from, to int64) { b.onMigrate(ctx, from, to) }})
	engine := scheduler.NewEngine(store, []scheduler.Source{b}, b, b, scheduler.EngineOptions{Now: b.cfg.Now, Log: log, Wake: sender.Wake})
	b.SetGate(sender)
	b.SetEngine(engine)
	return sender, engine
}
