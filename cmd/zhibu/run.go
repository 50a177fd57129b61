package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/zhibu/zhibu/bot"
	"github.com/zhibu/zhibu/cmd/zhibu/app"
	"github.com/zhibu/zhibu/storage"
)

// openDB opens and migrates the database; errors are one line.
func openDB(ctx context.Context, path string, now func() time.Time, opts ...storage.Option) (*storage.DB, error) {
	db, err := storage.Open(path, now, opts...)
	if err != nil {
		return nil, cliError(fmt.Sprintf(bot.CLIOpenDB, storage.Redact(path), errors.Unwrap(err)))
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, cliError(fmt.Sprintf(bot.CLIMigrate, err))
	}
	return db, nil
}

func runMigrate(ctx context.Context, args []string, getenv func(string) string, sec *secrets, stdout io.Writer) error {
	c, err := loadConfig(args, getenv, sec)
	if err != nil {
		return err
	}
	db, err := storage.Open(c.DB, time.Now)
	if err != nil {
		return cliError(fmt.Sprintf(bot.CLIOpenDB, storage.Redact(c.DB), errors.Unwrap(err)))
	}
	defer db.Close()
	from, err := db.Version(ctx)
	if err != nil {
		return cliError(fmt.Sprintf(bot.CLIMigrate, err))
	}
	applied, err := db.Migrate(ctx)
	if err != nil {
		return cliError(fmt.Sprintf(bot.CLIMigrate, err))
	}
	v, err := db.Version(ctx)
	if err != nil {
		return cliError(fmt.Sprintf(bot.CLIMigrate, err))
	}
	if len(applied) == 0 {
		fmt.Fprintf(stdout, bot.CLIMigrated+"\n", storage.Redact(c.DB), v)
		return nil
	}
	// Say what was done: a new database, or an upgrade from which version.
	fmt.Fprintf(stdout, bot.CLIUpgraded+"\n", storage.Redact(c.DB), from, v)
	return nil
}

// runBot is `zhibu run`: the bot against the real (or configured) Bot API.
// Its logs go to stderr with every secret in sec redacted.
func runBot(ctx context.Context, args []string, getenv func(string) string, sec *secrets, stderr io.Writer) error {
	c, err := loadConfig(args, getenv, sec)
	if err != nil {
		return err
	}
	if err := checkToken(c.Token); err != nil {
		return err
	}
	apiURL, err := checkAPIURL(c.APIURL)
	if err != nil {
		return err
	}
	hookURL, err := checkWebhook(c)
	if err != nil {
		return err
	}
	log := c.logger(stderr, sec)
	if c.Holidays != "" {
		years, err := loadHolidays(c.Holidays)
		if err != nil {
			return err
		}
		log.Info("holiday file loaded", "file", c.Holidays, "years", years)
	}
	now := time.Now
	db, err := openDB(ctx, c.DB, now, storage.WithLogger(log))
	if err != nil {
		return err
	}
	defer db.Close()
	cctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	a, err := app.New(cctx, db, app.Config{Now: now, Log: log, Registration: c.Registration,
		Bot: bot.Config{Token: c.Token, APIURL: c.APIURL, Log: log, TimeZone: c.TZ, RetainFor: c.retain,
			Webhook: bot.Webhook{URL: c.WebhookURL, Secret: c.WebhookSecret}}})
	if err != nil {
		return cliError(fmt.Sprintf(bot.CLIUnreachable, apiURL, errors.Unwrap(err)))
	}
	stop, err := serveHTTP(c, a, log)
	if err != nil {
		return err
	}
	defer stop()
	if c.Registration.Unattended() {
		// Not fatal: an upgraded server keeps serving the branches it has
		// while its operator adds ZHIBU_OPERATORS.
		fmt.Fprintln(stderr, bot.CLINoOperators)
	}
	mode := "polling"
	if hookURL != "" {
		mode = "webhook"
	}
	log.Info("zhibu started", "bot", a.Bot.Username(), "api_url", apiURL, "db", storage.Redact(c.DB), "version", versionString(),
		"registration", string(c.Registration.Effective()), "operators", len(c.Registration.Operators),
		"updates", mode, "webhook_url", hookURL, "webhook_addr", c.WebhookAddr)
	if err := a.Run(ctx); err != nil {
		if we := (*bot.WebhookError)(nil); errors.As(err, &we) {
			return cliError(fmt.Sprintf(bot.CLIWebhookRefused, hookURL, we.Err))
		}
		return err
	}
	log.Info("zhibu stopped")
	return nil
}

// serveHTTP starts the program's HTTP servers: health and metrics at
// ZHIBU_HTTP_ADDR, Telegram's webhook requests at ZHIBU_WEBHOOK_ADDR (one
// server when the two addresses are the same). The returned func stops
// them, letting a webhook request under way finish its write.
func serveHTTP(c config, a *app.App, log *slog.Logger) (func(), error) {
	var stops []func()
	stop := func() {
		for _, f := range stops {
			f()
		}
	}
	health, hook := a.HTTPHandler(), http.Handler(nil)
	if c.WebhookURL != "" {
		hook = a.Bot.WebhookHandler()
	}
	if c.HTTPAddr != "" {
		h := health
		if hook != nil && c.WebhookAddr == c.HTTPAddr {
			h = either(hook, health, c.WebhookURL)
		}
		f, err := serveHealth(c.HTTPAddr, h, log)
		if err != nil {
			return nil, err
		}
		stops = append(stops, f)
	}
	if hook != nil && c.WebhookAddr != c.HTTPAddr {
		f, err := serveHealth(c.WebhookAddr, hook, log)
		if err != nil {
			stop()
			return nil, err
		}
		stops = append(stops, f)
	}
	return stop, nil
}

// either sends the webhook's path to hook and everything else to other.
func either(hook, other http.Handler, hookURL string) http.Handler {
	path := "/"
	if u, err := url.Parse(hookURL); err == nil && u.Path != "" {
		path = u.Path
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == path {
			hook.ServeHTTP(w, r)
			return
		}
		other.ServeHTTP(w, r)
	})
}

// serveHealth serves h on addr until the returned func is called, which
// waits up to 10 seconds for the requests under way.
func serveHealth(addr string, h http.Handler, log *slog.Logger) (func(), error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, cliError(fmt.Sprintf(bot.CLIHTTP, addr, err))
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("health server", "err", err)
		}
	}()
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			_ = srv.Close()
		}
	}, nil
}
