package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zhibu/zhibu/bot/telegramtest"
	"github.com/zhibu/zhibu/cntime"
)

// builtinHolidays is the table built into the program, as a file.
func builtinHolidays(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../../cntime/holidays.txt")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// keepHolidays loads the built-in table again when the test ends: a holiday
// file loaded by run stays for the whole process.
func keepHolidays(t *testing.T) {
	t.Helper()
	text := builtinHolidays(t)
	t.Cleanup(func() {
		if err := cntime.LoadHolidays(strings.NewReader(text), "holidays.txt"); err != nil {
			t.Fatal(err)
		}
	})
}

// holidayFile writes the built-in 2027 section to a file, confirmed (or
// with line 3 of the section broken when broken is set), and returns its path.
func holidayFile(t *testing.T, broken bool) string {
	t.Helper()
	_, section, ok := strings.Cut(builtinHolidays(t), "\n[2027] 暂定\n")
	if !ok {
		t.Fatal("holidays.txt has no provisional 2027")
	}
	text := "[2027] 国办发明电〔2026〕99号\n" + section
	if broken {
		text = strings.Replace(text, "春节   2027-02-05", "春节   2027-02-50", 1)
	}
	path := filepath.Join(t.TempDir(), "holidays.txt")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestRunRefusesABadHolidayFileInOneLine(t *testing.T) {
	keepHolidays(t)
	dir := t.TempDir()
	bad := holidayFile(t, true)
	missing := filepath.Join(dir, "nope.txt")
	tests := []struct {
		name string
		args []string
		env  func(string) string
		want string
	}{
		{"a mistake names file and line", nil, env("ZHIBU_TOKEN", "1:x", "ZHIBU_DB", filepath.Join(dir, "a.db"), "ZHIBU_HOLIDAYS", bad),
			"zhibu: 节假日文件有误，未启动（" + bad + `:3: "2027-02-50" is not a date: write YYYY-MM-DD, e.g. 2026-10-01）` + "\n"},
		{"the flag", []string{"--holidays", missing}, env("ZHIBU_TOKEN", "1:x", "ZHIBU_DB", filepath.Join(dir, "b.db")),
			"zhibu: 读不了节假日文件 " + missing + "：no such file or directory\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runZhibu(t.Context(), tt.args, tt.env)
			if code == 0 || stderr != tt.want {
				t.Errorf("run = %d, stderr %q; want non-zero and %q", code, stderr, tt.want)
			}
		})
	}
	if a, _ := cntime.HolidayArrangementOf(2027); !a.Provisional {
		t.Errorf("a refused file changed the table: 2027 is %+v", a)
	}
}

func TestRunLoadsTheHolidayFile(t *testing.T) {
	keepHolidays(t)
	path := holidayFile(t, false)
	srv, greeted := greetingGroup(t, telegramtest.Options{})
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan int, 1)
	var errb bytes.Buffer
	go func() {
		done <- run(ctx, []string{"run"}, env("ZHIBU_TOKEN", srv.Token(), "ZHIBU_API_URL", srv.URL(),
			"ZHIBU_DB", filepath.Join(t.TempDir(), "zhibu.db"), "ZHIBU_HOLIDAYS", path), strings.NewReader(""), &bytes.Buffer{}, &errb)
	}()
	srv.AddBot(-1, 7)
	select {
	case code := <-done:
		t.Fatalf("run exited early with %d: %s", code, errb.String())
	case <-time.After(20 * time.Second):
		t.Fatal("bot never greeted the group")
	case <-greeted:
	}
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("run = %d: %s", code, errb.String())
	}
	if want := `msg="holiday file loaded" file=` + path + " years=[2027]"; !strings.Contains(errb.String(), want) {
		t.Errorf("log = %s\nwant a line with %s", errb.String(), want)
	}
	if a, _ := cntime.HolidayArrangementOf(2027); a.Provisional || a.Source != path {
		t.Errorf("2027 after the run is %+v, want the file's", a)
	}
}
