package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/bot"
	"github.com/zhibu/zhibu/cntime"
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
	// Retention is how long the texts of handled updates and sent messages
	// are kept: a Go duration (168h) or whole days (7d).
	Retention string
	// Registration is who may register a new branch: the mode and the
	// server's operators (ZHIBU_REGISTRATION, ZHIBU_OPERATORS).
	Registration zhibu.RegistrationPolicy
	// Holidays is a holiday file (the format of cntime/holidays.txt)
	// merged over the built-in table at start; empty: none.
	Holidays string
	// WebhookURL is the public address Telegram posts updates to (empty:
	// long polling), WebhookAddr where zhibu listens for them, and
	// WebhookSecret the secret_token that proves a request came from
	// Telegram (ZHIBU_WEBHOOK_SECRET or ZHIBU_WEBHOOK_SECRET_FILE).
	WebhookURL    string
	WebhookAddr   string
	WebhookSecret string
	loc           *time.Location
	level         slog.Level
	retain        time.Duration
}

// cliError is a one-line message for the person running zhibu.
type cliError string

func (e cliError) Error() string { return string(e) }

// loadConfig reads the environment through getenv, then flags from args.
// Every secret it reads is added to sec as soon as it is read, before any
// check can fail.
func loadConfig(args []string, getenv func(string) string, sec *secrets) (config, error) {
	c := config{
		Token:     getenv("ZHIBU_TOKEN"),
		APIURL:    orDefault(getenv("ZHIBU_API_URL"), bot.DefaultAPIURL),
		DB:        orDefault(getenv("ZHIBU_DB"), "zhibu.db"),
		TZ:        orDefault(getenv("ZHIBU_TZ"), "Asia/Shanghai"),
		HTTPAddr:  getenv("ZHIBU_HTTP_ADDR"),
		LogLevel:  orDefault(getenv("ZHIBU_LOG_LEVEL"), "info"),
		Retention: orDefault(getenv("ZHIBU_RETENTION"), "7d"),
		Holidays:  getenv("ZHIBU_HOLIDAYS"),

		WebhookURL:    getenv("ZHIBU_WEBHOOK_URL"),
		WebhookAddr:   getenv("ZHIBU_WEBHOOK_ADDR"),
		WebhookSecret: getenv("ZHIBU_WEBHOOK_SECRET"),
	}
	sec.add(c.Token, c.WebhookSecret)
	sec.add(apiURLSecrets(c.APIURL)...)
	tokenFile, secretFile := getenv("ZHIBU_TOKEN_FILE"), getenv("ZHIBU_WEBHOOK_SECRET_FILE")
	mode, operators := orDefault(getenv("ZHIBU_REGISTRATION"), string(zhibu.RegistrationApproval)), getenv("ZHIBU_OPERATORS")
	fs := flag.NewFlagSet("zhibu", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&c.Token, "token", c.Token, "bot token")
	fs.StringVar(&tokenFile, "token-file", tokenFile, "file holding the bot token")
	fs.StringVar(&c.APIURL, "api-url", c.APIURL, "Bot API server URL")
	fs.StringVar(&c.DB, "db", c.DB, "SQLite database file or postgres:// URL")
	fs.StringVar(&c.TZ, "tz", c.TZ, "default time zone")
	fs.StringVar(&c.HTTPAddr, "http-addr", c.HTTPAddr, "health endpoint address")
	fs.StringVar(&c.LogLevel, "log-level", c.LogLevel, "log level")
	fs.StringVar(&c.Retention, "retention", c.Retention, "how long texts received and sent are kept")
	fs.StringVar(&c.Holidays, "holidays", c.Holidays, "holiday file merged over the built-in holiday table")
	fs.StringVar(&mode, "registration", mode, "who may register a new branch: approval, open or closed")
	fs.StringVar(&operators, "operators", operators, "Telegram user ids of the server's operators, comma-separated")
	fs.StringVar(&c.WebhookURL, "webhook-url", c.WebhookURL, "public https URL Telegram posts updates to")
	fs.StringVar(&c.WebhookAddr, "webhook-addr", c.WebhookAddr, "address to receive webhook requests on")
	fs.StringVar(&c.WebhookSecret, "webhook-secret", c.WebhookSecret, "webhook secret token")
	fs.StringVar(&secretFile, "webhook-secret-file", secretFile, "file holding the webhook secret token")
	err := fs.Parse(args)
	sec.add(c.Token, c.WebhookSecret)
	sec.add(apiURLSecrets(c.APIURL)...)
	if err != nil {
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
		sec.add(string(b))
		c.Token = strings.TrimSpace(string(b))
	}
	if c.WebhookSecret == "" && secretFile != "" {
		b, err := os.ReadFile(secretFile)
		if err != nil {
			return c, cliError(fmt.Sprintf(bot.CLIWebhookSecretFile, secretFile, unwrapPath(err)))
		}
		sec.add(string(b))
		c.WebhookSecret = strings.TrimSpace(string(b))
	}
	loc, err := time.LoadLocation(c.TZ)
	if err != nil || c.TZ == "" || strings.EqualFold(c.TZ, "local") {
		return c, cliError(fmt.Sprintf(bot.CLIBadTimeZone, c.TZ))
	}
	c.loc = loc
	if err := c.level.UnmarshalText([]byte(c.LogLevel)); err != nil {
		return c, cliError(fmt.Sprintf(bot.CLIBadLogLevel, c.LogLevel))
	}
	if c.retain, err = parseRetention(c.Retention); err != nil {
		return c, err
	}
	c.Registration, err = registrationPolicy(mode, operators)
	return c, err
}

// registrationPolicy reads the registration mode and the operators' ids
// ("123,456"; spaces and Chinese commas are fine).
func registrationPolicy(mode, operators string) (zhibu.RegistrationPolicy, error) {
	p := zhibu.RegistrationPolicy{Mode: zhibu.RegistrationMode(strings.ToLower(strings.TrimSpace(mode)))}
	if !slices.Contains(zhibu.RegistrationModes, p.Mode) {
		return p, cliError(fmt.Sprintf(bot.CLIBadRegistration, mode))
	}
	fields := strings.FieldsFunc(operators, func(r rune) bool { return r == ',' || r == '，' || unicode.IsSpace(r) })
	for _, f := range fields {
		id, err := strconv.ParseInt(f, 10, 64)
		if err != nil || id <= 0 {
			return p, cliError(fmt.Sprintf(bot.CLIBadOperators, f))
		}
		if !slices.Contains(p.Operators, id) {
			p.Operators = append(p.Operators, id)
		}
	}
	return p, nil
}

// parseRetention reads a positive Go duration (168h, 90m) or a whole
// number of days (7d).
func parseRetention(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, nerr := strconv.Atoi(days)
		d, err = time.Duration(n)*24*time.Hour, nerr
	}
	if err != nil || d <= 0 {
		return 0, cliError(fmt.Sprintf(bot.CLIBadRetention, s))
	}
	return d, nil
}

// loadHolidays merges the holiday file at path over the built-in table
// and returns the years it gave. A mistake in it is one English line
// naming the file and line: the file is written by the administrator from
// the State Council's notice, and they read the log.
func loadHolidays(path string) (years []int, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, cliError(fmt.Sprintf(bot.CLIHolidayFile, path, unwrapPath(err)))
	}
	defer f.Close()
	if err := cntime.LoadHolidays(f, path); err != nil {
		return nil, cliError(fmt.Sprintf(bot.CLIBadHolidayFile, err))
	}
	for _, y := range cntime.HolidayYears() {
		if a, _ := cntime.HolidayArrangementOf(y); a.Source == path {
			years = append(years, y)
		}
	}
	return years, nil
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

// logger writes text lines to w with every secret in sec redacted.
func (c config) logger(w io.Writer, sec *secrets) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: c.level, ReplaceAttr: sec.replaceAttr}))
}

// tokenPattern is the form of a bot token (BotFather's and a self-hosted
// Bot API server's): the bot's id, a colon and the secret part.
var tokenPattern = regexp.MustCompile(`^[0-9]+:[A-Za-z0-9_-]+$`)

// tokenInPath finds a token written into a URL: /bot<token>.
var tokenInPath = regexp.MustCompile(`bot([0-9]+:[^/?#&\s]+)`)

// checkToken refuses a token that cannot be one, without showing it: a
// space, a second line or a missing colon would otherwise reach a URL and
// an error message.
func checkToken(token string) error {
	if token == "" {
		return cliError(bot.CLIMissingToken)
	}
	if !tokenPattern.MatchString(token) {
		return cliError(bot.CLIBadToken)
	}
	return nil
}

// checkAPIURL refuses an API URL that is not an http(s) server address and
// returns it as it may be shown: with any password replaced by xxxxx.
func checkAPIURL(raw string) (shown string, _ error) {
	if tokenInPath.MatchString(raw) {
		return "", cliError(bot.CLITokenInAPIURL)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", cliError(bot.CLIUnparsableAPIURL) // the parse error quotes the URL
	}
	extra := u.RawQuery != "" || u.ForceQuery || u.Fragment != ""
	u.RawQuery, u.ForceQuery, u.Fragment = "", false, ""
	shown = u.Redacted()
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || extra {
		return "", cliError(fmt.Sprintf(bot.CLIBadAPIURL, shown))
	}
	return shown, nil
}

// webhookSecret is the form Telegram accepts for a webhook's secret_token.
var webhookSecret = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

// checkWebhook refuses webhook settings that cannot work: a URL Telegram
// would refuse or that is not an address, no listening address, a missing
// or malformed secret (never shown). Without a URL there is nothing to
// check: zhibu polls. It returns the URL as it may be shown.
func checkWebhook(c config) (shown string, _ error) {
	if c.WebhookURL == "" {
		return "", nil
	}
	u, err := url.Parse(c.WebhookURL)
	if err != nil {
		return "", cliError(bot.CLIUnparsableWebhookURL)
	}
	shown = u.Redacted()
	local := u.Scheme == "http" && isLoopback(u.Hostname())
	if (u.Scheme != "https" && !local) || u.Host == "" || u.User != nil || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		return "", cliError(fmt.Sprintf(bot.CLIBadWebhookURL, shown))
	}
	if c.WebhookAddr == "" {
		return "", cliError(bot.CLIWebhookNoAddr)
	}
	if c.WebhookSecret == "" {
		return "", cliError(bot.CLIWebhookNoSecret)
	}
	if !webhookSecret.MatchString(c.WebhookSecret) {
		return "", cliError(bot.CLIBadWebhookSecret)
	}
	return shown, nil
}

// isLoopback reports a host name or address of this machine: the one
// place plain http is fit for a webhook (a self-hosted Bot API server, the
// emulator).
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// apiURLSecrets are the secrets an API URL may hold, found in its text
// even when it does not parse: the password of its user information (as
// written and unescaped) and a token written in its path.
func apiURLSecrets(raw string) []string {
	var out []string
	rest := raw
	if _, after, ok := strings.Cut(raw, "://"); ok {
		rest = after
	}
	authority := rest
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		authority = rest[:i]
	}
	if i := strings.LastIndexByte(authority, '@'); i >= 0 {
		if _, pass, ok := strings.Cut(authority[:i], ":"); ok {
			out = append(out, pass)
			if p, err := url.PathUnescape(pass); err == nil {
				out = append(out, p)
			}
		}
	}
	for _, m := range tokenInPath.FindAllStringSubmatch(raw, -1) {
		out = append(out, m[1])
	}
	return out
}
