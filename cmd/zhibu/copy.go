package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"

	"github.com/zhibu/zhibu/bot"
	"github.com/zhibu/zhibu/storage"
)

// copyProgressEvery is how many rows of one table pass between two
// progress lines: small tables print none.
const copyProgressEvery = 100000

// runCopy is `zhibu copy --from <db> --to <db>`: every row of the source
// database (SQLite or PostgreSQL) copied into an empty target, then each
// table's rows and checksum compared. It prints one line per table and a
// final line to stdout; a refusal, a failure or a difference is one line
// on stderr and exit code 1. The source may be in use: it is read in one
// snapshot and never written.
func runCopy(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fromSetting, toSetting, err := copyFlags(args)
	if err != nil {
		return err
	}
	from, err := openCopySource(fromSetting)
	if err != nil {
		return err
	}
	defer from.Close()
	// Checked before the target is opened, so that a refused copy creates
	// no empty SQLite file there.
	if err := copyRefusal(from.CheckCopySource(ctx), fromSetting, toSetting); err != nil {
		return err
	}
	to, err := storage.Open(toSetting, time.Now)
	if err != nil {
		return cliError(fmt.Sprintf(bot.CLIOpenDB, storage.Redact(toSetting), errors.Unwrap(err)))
	}
	defer to.Close()
	printed := map[string]int64{} // per table, the last multiple of copyProgressEvery printed
	progress := func(table string, rows int64) {
		if step := rows / copyProgressEvery; step > printed[table] {
			printed[table] = step
			fmt.Fprintf(stderr, bot.CLICopyProgress+"\n", table, rows)
		}
	}
	report, err := storage.Copy(ctx, from, to, progress)
	if err := copyRefusal(err, fromSetting, toSetting); err != nil {
		return err
	}
	return printCopyReport(stdout, report, fromSetting, toSetting)
}

// copyFlags reads --from and --to; both are needed and must differ.
func copyFlags(args []string) (from, to string, err error) {
	fs := flag.NewFlagSet("copy", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&from, "from", "", "")
	fs.StringVar(&to, "to", "", "")
	if err := fs.Parse(args); err != nil {
		return "", "", cliError(fmt.Sprintf(bot.CLIBadFlags, err))
	}
	if fs.NArg() > 0 || from == "" || to == "" {
		return "", "", cliError(bot.CLICopyUsage)
	}
	if from == to {
		return "", "", cliError(fmt.Sprintf(bot.CLICopySame, storage.Redact(from)))
	}
	return from, to, nil
}

// openCopySource opens the source database; a SQLite file must exist
// (opening a missing one would create an empty database).
func openCopySource(setting string) (*storage.DB, error) {
	if !storage.IsPostgres(setting) {
		if _, err := os.Stat(setting); errors.Is(err, fs.ErrNotExist) {
			return nil, cliError(fmt.Sprintf(bot.CLICopyNoSource, setting))
		}
	}
	db, err := storage.Open(setting, time.Now)
	if err != nil {
		return nil, cliError(fmt.Sprintf(bot.CLIOpenDB, storage.Redact(setting), errors.Unwrap(err)))
	}
	return db, nil
}

// copyRefusal turns Copy's errors but a difference into one line.
func copyRefusal(err error, from, to string) error {
	var ve *storage.VersionError
	var ne *storage.NotEmptyError
	switch {
	case err == nil, errors.Is(err, storage.ErrCopyMismatch):
		return nil
	case errors.As(err, &ve) && ve.Version < ve.Latest:
		return cliError(fmt.Sprintf(bot.CLICopyOldSource, storage.Redact(from), ve.Version, ve.Latest))
	case errors.As(err, &ve):
		return cliError(fmt.Sprintf(bot.CLICopyNewSource, storage.Redact(from), ve.Version, ve.Latest))
	case errors.As(err, &ne):
		return cliError(fmt.Sprintf(bot.CLICopyNotEmpty, storage.Redact(to), ne.Table))
	}
	return cliError(fmt.Sprintf(bot.CLICopyFailed, err))
}

// printCopyReport prints a line per table and the final line; a
// difference is an error.
func printCopyReport(stdout io.Writer, r storage.CopyReport, from, to string) error {
	var rows int64
	bad := 0
	for _, t := range r.Tables {
		if t.Match() {
			fmt.Fprintf(stdout, bot.CLICopyTable+"\n", t.Table, t.Rows)
			rows += t.Rows
			continue
		}
		bad++
		fmt.Fprintf(stdout, bot.CLICopyTableBad+"\n", t.Table, t.Rows, t.TargetRows)
	}
	if bad > 0 {
		return cliError(fmt.Sprintf(bot.CLICopyMismatch, bad))
	}
	fmt.Fprintf(stdout, bot.CLICopyDone+"\n", storage.Redact(from), storage.Redact(to), r.Version, len(r.Tables), rows)
	return nil
}
