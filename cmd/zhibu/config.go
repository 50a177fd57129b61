package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/zhibu/zhibu/bot"
)

// config is the program's configuration: environment variables, overridden
// by flags of the same meaning (docs/design.md §7).
type config struct {
	Token    string
	APIURL   string
	DB       string
	TZ       string
	HTTPAddr string
	LogLevel string
	loc      *time.Location
	level    slog.Level
}

// cliError is a one-line message for the person running zhibu.
type cliError string

func (e cliError) Error() string { return string(e) }

// loadConfig reads the environment through getenv, then flags from args.
func loadConfig(args []string, getenv func(string) string) (config, error) {
	c := config{
		Token:    getenv("ZHIBU_TOKEN"),
		APIURL:   orDefault(getenv("ZHIBU_API_URL"), bot.DefaultAPIURL),
		DB:       orDefault(getenv("ZHIBU_DB"), "zhibu.db"),
		TZ:       orDefault(getenv("ZHIBU_TZ"), "Asia/Shanghai"),
		HTTPAddr: getenv("ZHIBU_HTTP_ADDR"),
		LogLevel: orDefault(getenv("ZHIBU_LOG_LEVEL"), "info"),
	}
	tokenFile := getenv("ZHIBU_TOKEN_FILE")
	fs := flag.NewFlagSet("zhibu", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&c.Token, "token", c.Token, "bot token")
	fs.StringVar(&tokenFile, "token-file", tokenFile, "file holding the bot token")
	fs.StringVar(&c.APIURL, "api-url", c.APIURL, "Bot API server URL")
	fs.StringVar(&c.DB, "db", c.DB, "SQLite database file")
	fs.StringVar(&c.TZ, "tz", c.TZ, "default time zone")
	fs.StringVar(&c.HTTPAddr, "http-addr", c.HTTPAddr, "health endpoint address")
	fs.StringVar(&c.LogLevel, "log-level", c.LogLevel, "log level")
	if err := fs.Parse(args); err != nil {
		return c, cliError(fmt.Sprintf(bot.CLIBadFlags, err))
	}
	if fs.NArg() > 0 {
		return c, cliError(fmt.Sprintf(bot.CLIBadFlags, "多余的参数 "+strings.Join(fs.Args(), " ")))
	}
	if c.Token == "" && tokenFile != "" {
		b, err := os.ReadFile(tokenFile)
		if err != nil {
			return c, cliError(fmt.Sprintf(bot.CLITokenFile, tokenFile, unwrapPath(err)))
		}
		c.Token = strings.TrimSpace(string(b))
	}
	loc, err := time.LoadLocation(c.TZ)
	if err != nil || c.TZ == "" || strings.EqualFold(c.TZ, "local") {
		return c, cliError(fmt.Sprintf(bot.CLIBadTimeZone, c.TZ))
	}
	c.loc = loc
	if err := c.level.UnmarshalText([]byte(c.LogLevel)); err != nil {
		return c, cliError(fmt.Sprintf(bot.CLIBadLogLevel, c.LogLevel))
	}
	return c, nil
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// unwrapPath shortens *os.PathError to its cause: the path is already in
// the message.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func (c config) logger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: c.level}))
}
