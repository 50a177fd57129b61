package telegramtest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-telegram/bot/models"
)

// Defaults of Options.
const (
	DefaultToken       = "123456789:AAEmulatorTokenForTestsOnly_zhibu00"
	DefaultBotUsername = "zhibu_bot"
	DefaultBotName     = "支部助手"
	firstUpdateID      = 100000001
)

// Options configure a Server. The zero value is usable.
type Options struct {
	Token         string // default DefaultToken; the bot's user id is the part before ':'
	BotUsername   string // default DefaultBotUsername
	BotName       string // default DefaultBotName
	PrivacyMode   *bool  // nil = true, as for a new bot; new(false) turns it off
	EnforceLimits bool   // answer 429 past Telegram's flood limits
	Clock         func() time.Time
	OnViolation   func(Violation) // called for every request that breaks the Bot API specification
	OnEvent       func(Event)     // called for every visible event, in order
	// ManualWebhook stops the server from posting updates to a webhook by
	// itself: tests step delivery with DeliverWebhook.
	ManualWebhook bool
	// WebhookRetry is how long (real time) the server waits before posting
	// again an update the webhook refused (default 100ms).
	WebhookRetry time.Duration
}

// Violation is a request that breaks the Bot API specification.
type Violation struct {
	Method  string
	Message string
}

// Request is one logged API request.
type Request struct {
	Method      string            // canonical name, e.g. "sendMessage"
	Params      map[string]string // raw values; an uploaded file shows as "@" + its file name
	Status      int               // HTTP status answered
	Description string            // the error description, "" on success
	Time        time.Time         // by Options.Clock
}

// Server is an in-process Telegram Bot API emulator listening on loopback.
type Server struct {
	opts    Options
	spec    *spec
	botUser models.User
	url     string
	http    *http.Server
	done    chan struct{}
	wg      sync.WaitGroup
	// stop cancels the webhook deliveries under way when the server closes.
	stop       context.CancelFunc
	hookClient *http.Client
	deliverMu  sync.Mutex // one webhook delivery at a time, in update order

	mu    sync.Mutex
	state // guarded by mu

	emitMu sync.Mutex // serialises OnEvent calls so events arrive in order
}

// NewServer starts an emulator on 127.0.0.1 with a random port.
func NewServer(opts Options) (*Server, error) {
	opts = withDefaults(opts)
	sp, err := loadSpec()
	if err != nil {
		return nil, err
	}
	botID, err := strconv.ParseInt(strings.SplitN(opts.Token, ":", 2)[0], 10, 64)
	if err != nil || !strings.Contains(opts.Token, ":") {
		return nil, fmt.Errorf("telegramtest: token %q must look like 123456:secret", opts.Token)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("telegramtest: listen: %w", err)
	}
	s := &Server{opts: opts, spec: sp, url: "http://" + ln.Addr().String(), done: make(chan struct{})}
	s.botUser = models.User{
		ID: botID, IsBot: true, FirstName: opts.BotName, Username: opts.BotUsername,
		CanJoinGroups: true, CanReadAllGroupMessages: !*opts.PrivacyMode,
	}
	s.state = newState(botID)
	s.http = &http.Server{Handler: http.HandlerFunc(s.serveHTTP), ReadHeaderTimeout: 10 * time.Second}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		_ = s.http.Serve(ln) // returns http.ErrServerClosed on Close
	}()
	s.hookClient = &http.Client{Timeout: 30 * time.Second}
	ctx, stop := context.WithCancel(context.Background())
	s.stop = stop
	if !opts.ManualWebhook {
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			s.deliverLoop(ctx)
		}()
	}
	return s, nil
}

// withDefaults fills the unset options.
func withDefaults(o Options) Options {
	if o.Token == "" {
		o.Token = DefaultToken
	}
	if o.BotUsername == "" {
		o.BotUsername = DefaultBotUsername
	}
	if o.BotName == "" {
		o.BotName = DefaultBotName
	}
	if o.PrivacyMode == nil {
		o.PrivacyMode = new(true)
	}
	if o.Clock == nil {
		o.Clock = time.Now
	}
	if o.WebhookRetry <= 0 {
		o.WebhookRetry = 100 * time.Millisecond
	}
	return o
}

// TB is the part of testing.TB that New uses; *testing.T and *testing.B
// satisfy it. Declaring it here keeps the testing package out of the
// programs that run the emulator, zhibu demo and zhibu sim.
type TB interface {
	Helper()
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
	Cleanup(f func())
}

// New starts an emulator for a test: each violation fails the test with
// t.Errorf, and the server closes in t.Cleanup.
func New(t TB, opts Options) *Server {
	t.Helper()
	user := opts.OnViolation
	opts.OnViolation = func(v Violation) {
		t.Errorf("telegramtest: Bot API violation in %s: %s", v.Method, v.Message)
		if user != nil {
			user(v)
		}
	}
	s, err := NewServer(opts)
	if err != nil {
		t.Fatalf("telegramtest.NewServer: %v", err)
	}
	t.Cleanup(s.Close)
	return s
}

// URL is the server's base URL, for tgbot.WithServerURL.
func (s *Server) URL() string { return s.url }

// Token is the bot token the server accepts.
func (s *Server) Token() string { return s.opts.Token }

// BotUser is the bot's own user, as getMe returns it.
func (s *Server) BotUser() models.User { return s.botUser }

// Close stops the server, ending pending long polls. It is safe to call twice.
func (s *Server) Close() {
	s.mu.Lock()
	select {
	case <-s.done:
		s.mu.Unlock()
		return
	default:
		close(s.done)
	}
	s.mu.Unlock()
	s.stop()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.http.Shutdown(ctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		_ = s.http.Close()
	}
	_ = s.http.Close()
	s.wg.Wait()
}

// closed reports whether Close was called.
func (s *Server) closed() bool {
	select {
	case <-s.done:
		return true
	default:
		return false
	}
}

// Violations returns the violations recorded so far.
func (s *Server) Violations() []Violation {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Violation(nil), s.violations...)
}

// Requests returns the log of API requests so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Count429 is the number of 429 answers given so far.
func (s *Server) Count429() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.count429
}

// now is the server's clock.
func (s *Server) now() time.Time { return s.opts.Clock() }

// writeResult answers {"ok":true,"result":...}.
func writeResult(w http.ResponseWriter, result any) {
	body, err := json.Marshal(struct {
		OK     bool `json:"ok"`
		Result any  `json:"result"`
	}{true, result})
	if err != nil {
		writeError(w, &apiError{code: 500, desc: "Internal Server Error: " + err.Error()})
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(body)
}

// errorParams is the "parameters" object of an error answer.
type errorParams struct {
	RetryAfter      int   `json:"retry_after,omitempty"`
	MigrateToChatID int64 `json:"migrate_to_chat_id,omitempty"`
}

// writeError answers {"ok":false,"error_code":N,"description":...}.
func writeError(w http.ResponseWriter, e *apiError) {
	out := struct {
		OK          bool         `json:"ok"`
		ErrorCode   int          `json:"error_code"`
		Description string       `json:"description"`
		Parameters  *errorParams `json:"parameters,omitempty"`
	}{false, e.code, e.desc, nil}
	if e.retryAfter != 0 || e.migrateTo != 0 {
		out.Parameters = &errorParams{RetryAfter: e.retryAfter, MigrateToChatID: e.migrateTo}
	}
	body, _ := json.Marshal(out)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(e.code)
	_, _ = w.Write(body)
}
