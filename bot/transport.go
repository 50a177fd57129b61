package bot

import (
	"context"
	"errors"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/zhibu/zhibu"
)

// Gate is the sending path's limiter, seen from interactive replies: Admit
// before a call that counts against Telegram's limits, Report its result
// (*scheduler.Sender).
type Gate interface {
	Admit(ctx context.Context, chatID int64, private bool) error
	Report(ctx context.Context, chatID int64, err error)
}

// classify turns a Bot API error into the outbox's kinds: 429, 403,
// migration, or other.
func classify(err error) error {
	var tooMany *tgbot.TooManyRequestsError
	var migrate *tgbot.MigrateError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &tooMany):
		return &zhibu.RetryAfterError{After: time.Duration(tooMany.RetryAfter) * time.Second}
	case errors.Is(err, tgbot.ErrorForbidden):
		return zhibu.ErrForbidden
	case errors.As(err, &migrate):
		return &zhibu.MigratedError{To: int64(migrate.MigrateToChatID)}
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

// Deliver sends one outbox message: the bot is the sending path's
// Transport.
func (b *Bot) Deliver(ctx context.Context, m zhibu.Message) (int, error) {
	p := &tgbot.SendMessageParams{ChatID: m.ChatID, Text: m.Text, ParseMode: models.ParseModeHTML,
		LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: tgbot.True()}}
	withButtons(m.Buttons)(p)
	sent, err := b.api.SendMessage(ctx, p)
	if err != nil {
		return 0, classify(redact(err, b.cfg.Token))
	}
	if m.Private {
		b.reachable(ctx, m.ChatID, true)
	}
	return sent.ID, nil
}

// keyboard turns neutral buttons into Telegram's inline keyboard, at the
// moment they are sent.
func keyboard(rows [][]zhibu.Button) [][]models.InlineKeyboardButton {
	out := make([][]models.InlineKeyboardButton, 0, len(rows))
	for _, row := range rows {
		var r []models.InlineKeyboardButton
		for _, x := range row {
			r = append(r, models.InlineKeyboardButton{Text: x.Text, CallbackData: x.Data, URL: x.URL})
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

// Forbidden is told that a chat forbade the bot (403), after the sending
// path dropped its pending messages: a group's branch becomes inactive, a
// person is marked unreachable privately.
func (b *Bot) Forbidden(ctx context.Context, chatID int64) {
	if chatID > 0 {
		b.reachable(ctx, chatID, false)
		return
	}
	if _, err := b.cfg.Service.SetActive(ctx, chatID, false); err != nil {
		b.log.Warn("deactivate forbidden chat", "chat_id", chatID, "err", err)
	}
}

// Migrated is told that a group moved to a new chat id, after the sending
// path moved its pending messages: the branch moves with it.
func (b *Bot) Migrated(ctx context.Context, from, to int64) { b.onMigrate(ctx, from, to) }

// SetGate connects the bot to the sending path's limiter. The sender needs
// the bot as its transport, so the two are wired after both exist, before
// Run.
func (b *Bot) SetGate(g Gate) { b.cfg.Gate = g }

// SetUpcoming connects /upcoming to the reminder engine, before Run.
func (b *Bot) SetUpcoming(u Upcomer) { b.cfg.Upcoming = u }
