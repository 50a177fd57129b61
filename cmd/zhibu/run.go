package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
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
	db, err := openDB(ctx, c.DB, time.Now)
	if err != nil {
		return err
	}
	defer db.Close()
	v, err := db.Version(ctx)
	if err != nil {
		return cliError(fmt.Sprintf(bot.CLIMigrate, err))
	}
	fmt.Fprintf(stdout, bot.CLIMigrated+"\n", storage.Redact(c.DB), v)
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
		Bot: bot.Config{Token: c.Token, APIURL: c.APIURL, Log: log, TimeZone: c.TZ, RetainFor: c.retain}})
	if err != nil {
		return cliError(fmt.Sprintf(bot.CLIUnreachable, apiURL, errors.Unwrap(err)))
	}
	if c.HTTPAddr != "" {
		stopHTTP, err := serveHealth(c.HTTPAddr, a.HTTPHandler(), log)
		if err != nil {
			return err
		}
		defer stopHTTP()
	}
	if c.Registration.Unattended() {
		// Not fatal: an upgraded server keeps serving the branches it has
		// while its operator adds ZHIBU_OPERATORS.
		fmt.Fprintln(stderr, bot.CLINoOperators)
	}
	log.Info("zhibu started", "bot", a.Bot.Username(), "api_url", apiURL, "db", storage.Redact(c.DB), "version", versionString(),
		"registration", string(c.Registration.Effective()), "operators", len(c.Registration.Operators))
	if err := a.Run(ctx); err != nil {
		return err
	}
	log.Info("zhibu stopped")
	return nil
}

// serveHealth serves h (GET /healthz and GET /metrics) on addr until the
// returned func is called.
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
	return func() { _ = srv.Close() }, nil
}
