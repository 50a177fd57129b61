package bot

import (
	"context"
	"errors"
	"fmt"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/zhibu/zhibu"
)

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
	case errors.Is(err, tgbot.ErrorBadRequest), errors.Is(err, tgbot.ErrorNotFound):
		return fmt.Errorf("%w: %w", zhibu.ErrRejected, err)
	}
	return err
}

// Deliver sends one outbox message (a new one, an edit or a file): the bot
// is the sending path's Transport. What the message is bound to is recorded
// with the id it got.
func (b *Bot) Deliver(ctx context.Context, m zhibu.Message) (int, error) {
	var id int
	var err error
	if m.Document != nil {
		id, err = b.deliverDocument(ctx, m)
	} else {
		id, err = b.deliverText(ctx, m)
	}
	if err != nil {
		return 0, classify(redact(err, b.cfg.Token))
	}
	if m.Private && m.EditOf == 0 {
		b.reachable(ctx, m.ChatID, true)
	}
	switch {
	case m.Bind == bindLeave:
		b.leave(ctx, m.ChatID)
	case m.Bind != "":
		b.bind(ctx, m, id)
	}
	return id, nil
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
		b.operatorUnreached(chatID)
		return
	}
	br, err := b.cfg.Service.SetActive(ctx, chatID, false)
	if err != nil {
		b.log.Warn("deactivate forbidden chat", "chat_id", chatID, "err", err)
		return
	}
	b.tellSecretaries(ctx, br, msgf(msgGroupForbidden, esc(br.Name)))
}

// tellSecretaries sends the branch's 书记 (or 副书记) a private note about
// the bot itself, at most one an hour.
func (b *Bot) tellSecretaries(ctx context.Context, br zhibu.Branch, text string) {
	if !b.notes.due(br.ID, b.cfg.Now()) {
		return
	}
	err := b.atomically(ctx, work(), func(ctx context.Context) error {
		tell, err := b.cfg.Service.Secretaries(ctx, br)
		if err != nil {
			return err
		}
		for _, x := range tell {
			n := outOf(ctx).message(x.TelegramID, text)
			n.Kind, n.BranchID = zhibu.KindGiveUpNote, br.ID
			if err := b.queue(ctx, n); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.log.Error("tell the secretaries", "branch_id", br.ID, "err", err)
	}
}

// Migrated is told that a group moved to a new chat id, after the sending
// path moved its pending messages: the branch moves with it.
func (b *Bot) Migrated(ctx context.Context, from, to int64) { b.onMigrate(ctx, from, to) }

// SetSender connects the bot to the sending path: wake is called when
// messages were queued. The sender needs the bot as its transport, so the
// two are wired after both exist, before Run.
func (b *Bot) SetSender(wake func()) { b.cfg.WakeSender = wake }

// SetUpcoming connects /upcoming to the reminder engine, before Run.
func (b *Bot) SetUpcoming(u Upcomer) { b.cfg.Upcoming = u }
