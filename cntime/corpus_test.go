package cntime

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite testdata/corpus.golden")

// The corpus (testdata/corpus/*.txt) is what a branch secretary writes and
// what it means, one file per category. A file is sections of lines:
//
//	# a comment
//	now: 2026-11-29 10:00 周日          the time of the cases below, in Beijing
//	kind | phrase | expected
//
// kind is the function that reads the phrase: time (ParseTime: meetings),
// ahead (ParseTimeAhead: /remind), deadline (ParseDeadline: pledge and call
// deadlines), range (ParseTimeRange), period (ParsePeriod: /attendance,
// /compliance) or recur (ParseRecurrence: repeating reminders). expected is
// one of:
//
//	2026-12-01 周二                 a day without a clock
//	2026-12-01 周二 15:00           a day and a clock (a deadline always shows its clock)
//	… nodate                        no day was written: the clock is on the date shown
//	… choice=part|afternoon|morning|evening   a reading chosen among several (When.Chosen)
//	A .. B                          a range's start and end, each as above
//	2026-05-06..2026-05-20 2026年5月6日至2026年5月20日   a period, both days inclusive; the label may be left out
//	每周三 15:00 next=2026-12-02 周三 15:00   a recurrence's String() and its next occurrence after now
//	!fuzzy                          refused with that TimeReason
const corpusDir = "testdata/corpus"

// corpusCase is one line of the corpus.
type corpusCase struct {
	file   string // category: the file's name without .txt
	line   int
	now    time.Time
	kind   string
	phrase string
	want   string
}

func (c corpusCase) where() string { return fmt.Sprintf("%s/%s.txt:%d", corpusDir, c.file, c.line) }

var corpusKinds = map[string]bool{"time": true, "ahead": true, "deadline": true, "range": true, "period": true, "recur": true}

// loadCorpus reads every file of the corpus, in name order.
func loadCorpus(t testing.TB) []corpusCase {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(corpusDir, "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus in %s: %v", corpusDir, err)
	}
	var cases []corpusCase
	for _, name := range files {
		cases = append(cases, loadCorpusFile(t, name)...)
	}
	return cases
}

func loadCorpusFile(t testing.TB, name string) []corpusCase {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	file := strings.TrimSuffix(filepath.Base(name), ".txt")
	var cases []corpusCase
	var now time.Time
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
			continue
		case strings.HasPrefix(line, "now:"):
			now = parseCorpusNow(t, name, n, strings.TrimSpace(strings.TrimPrefix(line, "now:")))
			continue
		}
		f := strings.Split(line, "|")
		if len(f) != 3 {
			t.Fatalf("%s:%d: want kind | phrase | expected, got %q", name, n, line)
		}
		c := corpusCase{file: file, line: n, now: now, kind: strings.TrimSpace(f[0]),
			phrase: strings.TrimSpace(f[1]), want: strings.Join(strings.Fields(f[2]), " ")}
		if !corpusKinds[c.kind] || now.IsZero() || c.want == "" {
			t.Fatalf("%s:%d: bad kind %q, no now: line before, or nothing expected", name, n, c.kind)
		}
		checkCorpusWeekdays(t, c)
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return cases
}

var corpusLoc = mustLoadLocation("Asia/Shanghai")

// parseCorpusNow reads "2026-11-29 10:00 周日", checking the weekday.
func parseCorpusNow(t testing.TB, name string, n int, s string) time.Time {
	t.Helper()
	f := strings.Fields(s)
	if len(f) != 3 {
		t.Fatalf("%s:%d: want now: YYYY-MM-DD HH:MM 周X, got %q", name, n, s)
	}
	now, err := time.ParseInLocation("2006-01-02 15:04", f[0]+" "+f[1], corpusLoc)
	if err != nil || WeekdayName(now) != f[2] {
		t.Fatalf("%s:%d: now %q: %v (the day is a %s)", name, n, s, err, WeekdayName(now))
	}
	return now
}

var corpusDay = regexp.MustCompile(`(\d{4}-\d{2}-\d{2}) (周.)`)

// checkCorpusWeekdays checks every "YYYY-MM-DD 周X" the case expects: a
// wrong weekday is a mistake in the corpus, not in the parser.
func checkCorpusWeekdays(t testing.TB, c corpusCase) {
	t.Helper()
	for _, m := range corpusDay.FindAllStringSubmatch(c.want, -1) {
		d, err := time.Parse(time.DateOnly, m[1])
		if err != nil || WeekdayName(d) != m[2] {
			t.Errorf("%s: corpus error: %s is a %s, not %s", c.where(), m[1], WeekdayName(d), m[2])
		}
	}
}

// corpusReading is what c.kind's function returned for a case.
type corpusReading struct {
	start, end When
	period     Period
	rec        Recurrence
}

// parseCorpus reads c.phrase with c.kind's function.
func parseCorpus(c corpusCase) (corpusReading, error) {
	var r corpusReading
	var err error
	switch c.kind {
	case "time":
		r.start, err = ParseTime(c.phrase, c.now)
	case "ahead":
		r.start, err = ParseTimeAhead(c.phrase, c.now)
	case "deadline":
		r.start, err = ParseDeadline(c.phrase, c.now)
	case "range":
		r.start, r.end, err = ParseTimeRange(c.phrase, c.now)
	case "period":
		r.period, err = ParsePeriod(c.phrase, c.now)
	case "recur":
		r.rec, err = ParseRecurrence(c.phrase)
	}
	return r, err
}

// readCorpus is the canonical reading of c.phrase by c.kind's function.
func readCorpus(c corpusCase) string {
	r, err := parseCorpus(c)
	if err != nil {
		var te *TimeError
		if !errors.As(err, &te) {
			return fmt.Sprintf("error %v", err)
		}
		return "!" + string(te.Reason)
	}
	switch c.kind {
	case "range":
		got := corpusWhen(r.start, false)
		if !r.end.IsZero() {
			got += " .. " + corpusWhen(r.end, false)
		}
		return got
	case "period":
		p := r.period
		got := fmt.Sprintf("%s..%s %s", p.From.Format(time.DateOnly), p.To.AddDate(0, 0, -1).Format(time.DateOnly), p.Label)
		if !p.From.Equal(DayAt(p.From, 0, 0)) || !p.To.Equal(DayAt(p.To, 0, 0)) {
			got += fmt.Sprintf(" (not whole days: %s – %s)", p.From, p.To)
		}
		return got
	case "recur":
		next := r.rec.Next(c.now)
		return fmt.Sprintf("%s next=%s %s %s", r.rec, next.Format(time.DateOnly), WeekdayName(next), next.Format("15:04"))
	}
	return corpusWhen(r.start, c.kind == "deadline")
}

// corpusWhen writes a reading as the corpus expects it.
func corpusWhen(w When, deadline bool) string {
	s := w.Time.Format(time.DateOnly) + " " + WeekdayName(w.Time)
	if w.HasClock || deadline || !w.Time.Equal(DayAt(w.Time, 0, 0)) {
		s += " " + w.Time.Format("15:04")
	}
	if !w.HasDate {
		s += " nodate"
	}
	if c := map[Choice]string{ChoicePartHour: "part", ChoiceAfternoon: "afternoon", ChoiceMorning: "morning", ChoiceEvening: "evening"}[w.Chosen]; c != "" {
		s += " choice=" + c
	}
	return s
}

// corpusMatch compares a reading with what the corpus expects; a period
// expected without its label matches any label.
func corpusMatch(c corpusCase, got string) bool {
	if got == c.want {
		return true
	}
	if c.kind == "period" && !strings.Contains(c.want, " ") {
		days, _, _ := strings.Cut(got, " ")
		return days == c.want
	}
	return false
}

// TestCorpus reads every phrase of the corpus with its kind's function
// and compares the reading with what a secretary means; then it checks
// that testdata/corpus.golden, every case with its actual reading and the
// table of categories, is current (go test ./cntime/ -run TestCorpus -update).
func TestCorpus(t *testing.T) {
	cases := loadCorpus(t)
	type tally struct{ cases, passed int }
	byFile := map[string]*tally{}
	var files []string
	var body strings.Builder
	lastFile, lastNow := "", time.Time{}
	for _, c := range cases {
		got := readCorpus(c)
		ok := corpusMatch(c, got)
		t.Run(fmt.Sprintf("%s:%d", c.file, c.line), func(t *testing.T) {
			if !ok {
				t.Errorf("%s: %s(%q) at %s = %s, want %s", c.where(), c.kind, c.phrase, c.now.Format("2006-01-02 15:04 Mon"), got, c.want)
			}
		})
		if byFile[c.file] == nil {
			byFile[c.file] = &tally{}
			files = append(files, c.file)
		}
		byFile[c.file].cases++
		if ok {
			byFile[c.file].passed++
		}
		if c.file != lastFile {
			fmt.Fprintf(&body, "\n== %s\n", c.file)
			lastFile, lastNow = c.file, time.Time{}
		}
		if !c.now.Equal(lastNow) {
			fmt.Fprintf(&body, "now: %s %s\n", c.now.Format("2006-01-02 15:04"), WeekdayName(c.now))
			lastNow = c.now
		}
		fmt.Fprintf(&body, "%s | %s | %s", c.kind, c.phrase, got)
		if !ok {
			fmt.Fprintf(&body, "    # FAIL, want %s", c.want)
		}
		body.WriteString("\n")
	}
	var golden strings.Builder
	golden.WriteString("# The time-language corpus: every case with its actual reading.\n")
	golden.WriteString("# Generated by: go test ./cntime/ -run TestCorpus -update\n\n")
	fmt.Fprintf(&golden, "%-18s %6s %6s\n", "category", "cases", "passed")
	total := tally{}
	for _, f := range files {
		fmt.Fprintf(&golden, "%-18s %6d %6d\n", f, byFile[f].cases, byFile[f].passed)
		total.cases += byFile[f].cases
		total.passed += byFile[f].passed
	}
	fmt.Fprintf(&golden, "%-18s %6d %6d\n", "total", total.cases, total.passed)
	golden.WriteString(body.String())
	checkGolden(t, "testdata/corpus.golden", golden.String())
}

// checkGolden compares got with the golden file, or rewrites it with -update.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(name, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(name)
	if err != nil {
		t.Fatalf("%v (go test ./cntime/ -run TestCorpus -update writes it)", err)
	}
	if string(want) == got {
		return
	}
	gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
	for i := range max(len(gl), len(wl)) {
		g, w := "", ""
		if i < len(gl) {
			g = gl[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if g != w {
			t.Errorf("%s is not current (go test ./cntime/ -run TestCorpus -update); line %d:\n got: %s\nfile: %s", name, i+1, g, w)
			return
		}
	}
}
