package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/zhibu/zhibu/bot"
	"github.com/zhibu/zhibu/storage"
)

// runBackup is `zhibu backup <file> [flags]`: a consistent copy of the
// SQLite database of the settings, taken while the bot may be running, and
// checked. It does not migrate the database: a backup is what one takes
// before an upgrade, and the running bot may be of the older release.
func runBackup(ctx context.Context, args []string, getenv func(string) string, sec *secrets, stdout io.Writer) error {
	target, args := backupTarget(args)
	c, err := loadConfig(args, getenv, sec)
	if err != nil {
		return err
	}
	if target == "" {
		return cliError(bot.CLIBackupUsage)
	}
	if isPostgres(c.DB) {
		return cliError(bot.CLIBackupPostgres)
	}
	// Opening a missing file would create an empty database there.
	if _, err := os.Stat(c.DB); errors.Is(err, fs.ErrNotExist) {
		return cliError(fmt.Sprintf(bot.CLIBackupNoDB, c.DB))
	}
	if _, err := os.Lstat(target); err == nil {
		return cliError(fmt.Sprintf(bot.CLIBackupExists, target))
	}
	db, err := storage.Open(c.DB, time.Now)
	if err != nil {
		return cliError(fmt.Sprintf(bot.CLIOpenDB, c.DB, errors.Unwrap(err)))
	}
	defer db.Close()
	info, err := db.BackupTo(ctx, target)
	switch {
	case errors.Is(err, fs.ErrExist):
		return cliError(fmt.Sprintf(bot.CLIBackupExists, target))
	case errors.Is(err, storage.ErrBackupUnsupported):
		return cliError(bot.CLIBackupPostgres)
	case err != nil:
		return cliError(fmt.Sprintf(bot.CLIBackupFailed, err))
	}
	fmt.Fprintf(stdout, bot.CLIBackupDone+"\n", info.Path, byteSize(info.Size), info.Version,
		info.Branches, info.Members, info.Meetings, info.Pledges, info.Pending)
	return nil
}

// backupTarget takes the backup file out of args: the first argument when
// it is not a flag (zhibu backup FILE --db …), else the last one when it is
// not a flag or a flag's value (zhibu backup --db … FILE).
func backupTarget(args []string) (string, []string) {
	if len(args) == 0 {
		return "", args
	}
	if !strings.HasPrefix(args[0], "-") {
		return args[0], args[1:]
	}
	last := args[len(args)-1]
	if strings.HasPrefix(last, "-") {
		return "", args
	}
	if prev := args[len(args)-2]; strings.HasPrefix(prev, "-") && !strings.Contains(prev, "=") {
		return "", args // the value of a flag: --db x
	}
	return last, args[:len(args)-1]
}

// isPostgres reports whether the database setting names a PostgreSQL
// server rather than a SQLite file.
func isPostgres(db string) bool {
	s := strings.ToLower(db)
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// byteSize writes n bytes as people read a file's size.
func byteSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d 字节", n)
}
