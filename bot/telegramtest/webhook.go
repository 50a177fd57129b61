package telegramtest

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
)

// webhookState is the bot's webhook, as setWebhook left it; Server.mu
// guards it.
type webhookState struct {
	url       string // "" when none: updates wait for getUpdates
	secret    string
	allowed   []string
	lastError time.Time
	lastMsg   string
	attempts  []WebhookAttempt
	changed   chan struct{} // closed and replaced when the webhook is set
}

// WebhookAttempt is one POST of an update to the bot's webhook.
type WebhookAttempt struct {
	UpdateID int64
	URL      string
	Status   int    // the HTTP status answered, 0 when no answer came
	Err      string // why no answer came, "" otherwise
	Time     time.Time
}

// OK reports whether the webhook accepted the update (a 2xx answer).
func (a WebhookAttempt) OK() bool { return a.Status >= 200 && a.Status < 300 }

// webhookInfo is the WebhookInfo object of getWebhookInfo.
type webhookInfo struct {
	URL                  string   `json:"url"`
	HasCustomCertificate bool     `json:"has_custom_certificate"`
	PendingUpdateCount   int      `json:"pending_update_count"`
	LastErrorDate        int64    `json:"last_error_date,omitempty"`
	LastErrorMessage     string   `json:"last_error_message,omitempty"`
	MaxConnections       int      `json:"max_connections,omitempty"`
	AllowedUpdates       []string `json:"allowed_updates,omitempty"`
}

// secretToken is what setWebhook accepts as secret_token.
var secretToken = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

// setWebhook sets (or, with an empty url, removes) the webhook. Like
// Telegram it wants an https URL; plain http is accepted for a loopback
// host, as a self-hosted Bot API server does, so that tests need no TLS.
func (s *Server) setWebhook(ps params) (any, *apiError) {
	raw := ps["url"].value
	if raw == "" {
		return s.deleteWebhook(ps)
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && !(u.Scheme == "http" && isLoopback(u.Hostname()))) {
		return nil, badRequest("bad webhook: An HTTPS URL must be provided for webhook")
	}
	secret, hasSecret := ps["secret_token"]
	if hasSecret && !secretToken.MatchString(secret.value) {
		return nil, badRequest("secret token contains unallowed characters")
	}
	if p, ok := ps["allowed_updates"]; ok {
		s.updates.setAllowed(p.value)
	}
	if ps["drop_pending_updates"].value == "true" {
		s.updates.pending = nil
	}
	h := &s.hook
	h.url, h.secret = raw, secret.value
	h.allowed = nil
	for k := range s.updates.allowed {
		h.allowed = append(h.allowed, k)
	}
	slices.Sort(h.allowed)
	h.lastError, h.lastMsg = time.Time{}, ""
	if s.updates.poll != nil {
		close(s.updates.poll) // a running getUpdates ends with 409
		s.updates.poll = nil
	}
	close(h.changed)
	h.changed = make(chan struct{})
	return true, nil
}

// deleteWebhook removes the webhook; updates wait for getUpdates again.
func (s *Server) deleteWebhook(ps params) (any, *apiError) {
	if ps["drop_pending_updates"].value == "true" {
		s.updates.pending = nil
	}
	s.hook.url, s.hook.secret, s.hook.allowed = "", "", nil
	return true, nil
}

// getWebhookInfo describes the webhook.
func (s *Server) getWebhookInfo() (any, *apiError) {
	h := &s.hook
	info := webhookInfo{URL: h.url, PendingUpdateCount: s.pendingAllowed()}
	if h.url != "" {
		info.MaxConnections, info.AllowedUpdates = 40, h.allowed
	}
	if !h.lastError.IsZero() {
		info.LastErrorDate, info.LastErrorMessage = h.lastError.Unix(), h.lastMsg
	}
	return info, nil
}

// pendingAllowed counts the pending updates the bot would receive.
func (s *Server) pendingAllowed() int {
	n := 0
	for _, u := range s.updates.pending {
		if s.updates.isAllowed(u.kind) {
			n++
		}
	}
	return n
}

// webhookConflict is Telegram's answer to getUpdates while a webhook is set.
func webhookConflict() *apiError {
	return &apiError{code: 409, desc: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"}
}

// isLoopback reports a host name or address of this machine.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// WebhookURL is the webhook set by the bot, "" when none.
func (s *Server) WebhookURL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hook.url
}

// WebhookSet returns a channel closed the next time the bot sets a webhook.
func (s *Server) WebhookSet() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hook.changed
}

// WebhookAttempts returns every POST made to the bot's webhook so far.
func (s *Server) WebhookAttempts() []WebhookAttempt {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]WebhookAttempt(nil), s.hook.attempts...)
}

// DeliverWebhook posts the pending updates to the bot's webhook, one at a
// time in update_id order, with the secret header, as Telegram does. An
// update the webhook accepted (2xx) is confirmed; at the first one it
// refuses or does not answer, delivery stops, the update stays pending to
// be tried again, and the error says why. It returns how many were
// delivered; with no webhook set it does nothing. Unless
// Options.ManualWebhook, the server calls it by itself whenever an update
// arrives, retrying after Options.WebhookRetry.
func (s *Server) DeliverWebhook(ctx context.Context) (int, error) {
	s.deliverMu.Lock()
	defer s.deliverMu.Unlock()
	n := 0
	for {
		s.mu.Lock()
		hook, secret := s.hook.url, s.hook.secret
		if hook != "" {
			s.updates.pending = slices.DeleteFunc(s.updates.pending, func(u queuedUpdate) bool { return !s.updates.isAllowed(u.kind) })
		}
		if hook == "" || len(s.updates.pending) == 0 {
			s.mu.Unlock()
			return n, nil
		}
		qu := s.updates.pending[0]
		s.mu.Unlock()
		status, err := s.postUpdate(ctx, hook, secret, qu.raw)
		a := WebhookAttempt{UpdateID: qu.id, URL: hook, Status: status, Time: s.now()}
		if err != nil {
			a.Err = err.Error()
		}
		s.mu.Lock()
		s.hook.attempts = append(s.hook.attempts, a)
		if !a.OK() {
			msg := a.Err
			if msg == "" {
				msg = fmt.Sprintf("Wrong response from the webhook: %d %s", status, http.StatusText(status))
			}
			s.hook.lastError, s.hook.lastMsg = a.Time, msg
			s.mu.Unlock()
			return n, fmt.Errorf("telegramtest: webhook refused update %d: %s", qu.id, msg)
		}
		s.updates.pending = slices.DeleteFunc(s.updates.pending, func(u queuedUpdate) bool { return u.id == qu.id })
		s.mu.Unlock()
		n++
	}
}

// postUpdate sends one update to the webhook and returns the status answered.
func (s *Server) postUpdate(ctx context.Context, hook, secret string, raw []byte) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, hook, bytes.NewReader(raw))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
	}
	resp, err := s.hookClient.Do(req)
	if err != nil {
		return 0, fmt.Errorf("Connection failed: %s", strings.TrimPrefix(err.Error(), "Post "))
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

// deliverLoop delivers updates to the webhook as they arrive, until the
// server closes, retrying a refused update after Options.WebhookRetry of
// real time.
func (s *Server) deliverLoop(ctx context.Context) {
	for {
		s.mu.Lock()
		wake, changed := s.updates.wake, s.hook.changed
		s.mu.Unlock()
		var retry <-chan time.Time
		var t *time.Timer
		if _, err := s.DeliverWebhook(ctx); err != nil {
			t = time.NewTimer(s.opts.WebhookRetry)
			retry = t.C
		}
		select {
		case <-ctx.Done():
		case <-wake:
		case <-changed:
		case <-retry:
		}
		if t != nil {
			t.Stop()
		}
		if ctx.Err() != nil {
			return
		}
	}
}
