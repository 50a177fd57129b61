// Command zhibu runs the branch bot, its demo, simulator and migrations.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"slices"
	"syscall"
	_ "time/tzdata" // branch time zones must load on machines without zoneinfo

	"github.com/zhibu/zhibu/bot"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = ""

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run is main without the process: testable end to end.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	sub := "run"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		sub, args = args[0], args[1:]
	}
	if slices.ContainsFunc(args, func(a string) bool { return a == "-h" || a == "-help" || a == "--help" }) {
		sub = "help" // zhibu -h, zhibu run --help: the usage, not an error
	}
	// Secrets are added as the configuration is read; the error line and
	// the logs are redacted with them.
	sec := &secrets{}
	var err error
	switch sub {
	case "run":
		err = runBot(ctx, args, getenv, sec, stderr)
	case "migrate":
		err = runMigrate(ctx, args, getenv, sec, stdout)
	case "backup":
		err = runBackup(ctx, args, getenv, sec, stdout)
	case "copy":
		err = runCopy(ctx, args, stdout, stderr)
	case "demo":
		err = runDemo(ctx, stdout)
	case "sim":
		err = runSim(ctx, stdin, stdout)
	case "version":
		fmt.Fprintln(stdout, "zhibu", versionString())
	case "help", "-h", "--help":
		fmt.Fprint(stdout, bot.CLIUsage)
	default:
		err = cliError(fmt.Sprintf(bot.CLIUnknownSub, sub))
	}
	if err != nil {
		fmt.Fprintln(stderr, sec.redact(err.Error()))
		return 1
	}
	return 0
}

func versionString() string {
	v := version
	info, ok := debug.ReadBuildInfo()
	if v == "" && ok {
		v = info.Main.Version
	}
	if v == "" || v == "(devel)" {
		v = "dev"
	}
	if ok {
		v += " (" + info.GoVersion + ")"
	}
	return v
}
