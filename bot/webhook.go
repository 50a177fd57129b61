package bot

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	tgbot "github.com/go-telegram/bot"

	"github.com/zhibu/zhibu"
)

// Webhook is where Telegram posts updates in webhook mode.
type Webhook struct {
	// URL is the public https address Telegram posts to; empty: long
	// polling. Its path is the one path the handler answers.
	URL string
	// Secret is the secret_token Telegram sends back in the
	// X-Telegram-Bot-Api-Secret-Token header of every request (required
	// with URL).
	Secret string
}

// SecretHeader is the header that carries the webhook's secret token.
const SecretHeader = "X-Telegram-Bot-Api-Secret-Token"

// maxWebhookBody bounds an update's size: Telegram's are a few kilobytes.
const maxWebhookBody = 1 << 20

// WebhookError is Telegram's refusal of the webhook (or no answer to
// setWebhook), with the token redacted.
type WebhookError struct{ Err error }

func (e *WebhookError) Error() string { return "bot: setWebhook: " + e.Err.Error() }
func (e *WebhookError) Unwrap() error { return e.Err }

// SetWebhook registers the configured webhook with Telegram, asking for the
// same update kinds as polling and keeping the updates already waiting.
func (b *Bot) SetWebhook(ctx context.Context) error {
	_, err := b.api.SetWebhook(ctx, &tgbot.SetWebhookParams{URL: b.cfg.Webhook.URL,
		SecretToken: b.cfg.Webhook.Secret, AllowedUpdates: allowedUpdates})
	if err != nil {
		return &WebhookError{Err: redact(err, b.cfg.Token)}
	}
	return nil
}

// registerWebhook registers the webhook, trying again while Telegram cannot
// be reached or answers with a server error or 429 (a takeover must not end
// the program because Telegram had a bad second). A refusal (the URL or
// the token is wrong: 400, 401, 403, 404) is returned: retrying cannot help.
func (b *Bot) registerWebhook(ctx context.Context) error {
	backoff := time.Duration(0)
	for {
		err := b.SetWebhook(ctx)
		if err == nil || refused(err) {
			return err
		}
		if ctx.Err() != nil {
			return nil // stopping: nothing went wrong
		}
		backoff = min(max(2*backoff, 500*time.Millisecond), 30*time.Second)
		b.log.Warn("set webhook: trying again", "err", shortError(err), "retry_in", backoff)
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(backoff):
		}
	}
}

// refused reports whether the Bot API refused a request for what it
// carried, as opposed to not answering it properly.
func refused(err error) bool {
	return errors.Is(err, tgbot.ErrorBadRequest) || errors.Is(err, tgbot.ErrorUnauthorized) ||
		errors.Is(err, tgbot.ErrorForbidden) || errors.Is(err, tgbot.ErrorNotFound)
}

// shortError is an error's text on one line and at most 200 characters: a
// proxy's HTML error page is not a log line.
func shortError(err error) string {
	s := strings.Join(strings.Fields(err.Error()), " ")
	if r := []rune(s); len(r) > 200 {
		s = string(r[:200]) + "…"
	}
	return s
}

// DeleteWebhook removes any webhook, keeping the updates waiting, so that
// getUpdates may be used: Telegram refuses it while a webhook is set.
func (b *Bot) DeleteWebhook(ctx context.Context) error {
	if _, err := b.api.DeleteWebhook(ctx, &tgbot.DeleteWebhookParams{}); err != nil {
		return fmt.Errorf("bot: deleteWebhook: %w", redact(err, b.cfg.Token))
	}
	return nil
}

// WebhookHandler receives Telegram's webhook requests: a POST on the
// webhook URL's path carrying the secret header and one update. The update
// is written to the inbox, and only once that write committed is Telegram
// answered 200; when the database fails it is answered 500 and sends the
// update again later. A redelivered update is stored once. The handler
// never logs a request's body or headers.
func (b *Bot) WebhookHandler() http.Handler {
	path := webhookPath(b.cfg.Webhook.URL)
	want := sha256.Sum256([]byte(b.cfg.Webhook.Secret))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != path {
			http.NotFound(w, r)
			return
		}
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		// Hashing first makes the comparison take the same time whatever
		// the length of what was sent.
		got := sha256.Sum256([]byte(r.Header.Get(SecretHeader)))
		if b.cfg.Webhook.Secret == "" || subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
			b.log.Warn("webhook request refused: wrong or missing secret token", "remote", r.RemoteAddr)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		status := b.receive(w, r)
		if status != http.StatusOK {
			http.Error(w, http.StatusText(status), status)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
}

// receive reads one update from a webhook request and stores it, returning
// the HTTP status to answer.
func (b *Bot) receive(w http.ResponseWriter, r *http.Request) int {
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxWebhookBody))
	if err != nil {
		if errors.As(err, new(*http.MaxBytesError)) {
			b.log.Warn("webhook update refused: too large", "limit_bytes", maxWebhookBody)
			return http.StatusRequestEntityTooLarge
		}
		b.log.Warn("webhook update not read", "err", err)
		return http.StatusBadRequest
	}
	it, err := b.webhookItem(raw)
	if err != nil {
		b.log.Warn("webhook update refused: malformed", "bytes", len(raw))
		return http.StatusBadRequest
	}
	// The request's context ends if Telegram gives up waiting; the write
	// is finished anyway, and the update deduplicated when sent again.
	// Webhook mode leaves the polling offset alone: Telegram forgets what
	// it delivered by webhook, and an offset moved past an update it still
	// retries would drop that update after a switch back to polling.
	n, err := b.cfg.Inbox.StoreUpdates(context.WithoutCancel(r.Context()), []zhibu.InboxItem{it}, 0)
	if err != nil {
		b.log.Error("webhook update not stored: Telegram will send it again", "update_id", it.UpdateID, "err", err)
		return http.StatusInternalServerError
	}
	b.cfg.Observer.UpdatesReceived(n)
	b.notify()
	return http.StatusOK
}

// webhookItem makes an inbox item of a webhook request's body.
func (b *Bot) webhookItem(raw []byte) (zhibu.InboxItem, error) {
	var h updateHead
	if err := json.Unmarshal(raw, &h); err != nil {
		return zhibu.InboxItem{}, err
	}
	if h.UpdateID <= 0 {
		return zhibu.InboxItem{}, errors.New("update without update_id")
	}
	return zhibu.InboxItem{UpdateID: h.UpdateID, ChatID: h.chatID(), Payload: raw, ReceivedAt: b.cfg.Now()}, nil
}

// webhookPath is the path of the webhook URL, "/" when it has none.
func webhookPath(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Path == "" {
		return "/"
	}
	return u.Path
}
