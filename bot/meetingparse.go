package bot

import (
	"regexp"
	"strings"
	"time"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/cntime"
)

// fieldRE finds "key:" markers of the one-line /meeting form.
var fieldRE = regexp.MustCompile(`(地点|议题|主持人|主持|记录人|记录|主讲人|主讲|党小组|小组)\s*[:：]`)

// fieldKey is the canonical name of a marker: 主持人 is 主持, 党小组 is 小组.
func fieldKey(marker string) string {
	key := strings.TrimSuffix(marker, "人")
	if key == "党小组" {
		key = "小组"
	}
	return key
}

// fields splits "head 地点:x 议题:y" into the head and the named values.
// The markers may come in any order, each once; a value runs to the next
// marker.
func fields(s string) (head string, vals map[string]string, err error) {
	vals = map[string]string{}
	idx := fieldRE.FindAllStringSubmatchIndex(s, -1)
	if len(idx) == 0 {
		return strings.TrimSpace(s), vals, nil
	}
	head = strings.TrimSpace(s[:idx[0][0]])
	for i, m := range idx {
		end := len(s)
		if i+1 < len(idx) {
			end = idx[i+1][0]
		}
		key := fieldKey(s[m[2]:m[3]])
		if _, twice := vals[key]; twice {
			return "", nil, userError(msgf(msgFieldTwice, key))
		}
		vals[key] = strings.TrimSpace(s[m[1]:end])
	}
	return head, vals, nil
}

// backfillRE is the word 补录 standing alone.
var backfillRE = regexp.MustCompile(`(^|\s)补录(\s|$)`)

// cutBackfill finds the word 补录 anywhere in the line: joined to the type
// or time before the first field ("补录11月20日"), or standing alone after
// any field ("议题:党史 补录"). It returns the line without it.
func cutBackfill(s string) (string, bool) {
	head, rest := s, ""
	if m := fieldRE.FindStringIndex(s); m != nil {
		head, rest = s[:m[0]], s[m[0]:]
	}
	found := strings.Contains(head, wordBackfill)
	head = strings.ReplaceAll(head, wordBackfill, " ")
	for backfillRE.MatchString(rest) {
		found, rest = true, backfillRE.ReplaceAllString(rest, "$1$2")
	}
	return head + rest, found
}

// parseMeetingLine reads "/meeting 类型 时间 地点:… 议题:… [主持:…] [记录:…]
// [主讲:…] [小组:…] [补录]" into a draft: the type and time come first, the
// fields and 补录 after them in any order. Times are read in loc.
func parseMeetingLine(args string, now time.Time, loc *time.Location) (zhibu.Draft, error) {
	line, backfill := cutBackfill(args)
	head, vals, err := fields(line)
	if err != nil {
		return zhibu.Draft{}, err
	}
	typ, when, _ := strings.Cut(head, " ")
	t, err := zhibu.ParseMeetingType(strings.TrimSpace(typ))
	if err != nil {
		return zhibu.Draft{}, err
	}
	start, end, err := parseStartEnd(strings.TrimSpace(when), now.In(loc))
	if err != nil {
		return zhibu.Draft{}, err
	}
	d := zhibu.Draft{Type: t, Start: start, End: end, Place: vals["地点"], Topic: vals["议题"],
		Host: vals["主持"], Recorder: vals["记录"], Lecturer: vals["主讲"], Group: vals["小组"], Backfill: backfill}
	if d.Place == "" {
		return zhibu.Draft{}, userError(msgMeetingNoPlace)
	}
	return d, nil
}

// parseStartEnd reads a meeting time phrase, which must name a clock time.
func parseStartEnd(s string, now time.Time) (time.Time, time.Time, error) {
	if s == "" {
		return time.Time{}, time.Time{}, userError(msgMeetingNoTime)
	}
	start, end, err := cntime.ParseTimeRange(s, now)
	if err != nil {
		return time.Time{}, time.Time{}, err
	}
	if !start.HasClock {
		return time.Time{}, time.Time{}, userError(noClockText(s))
	}
	return start.Time, end.Time, nil
}

// noClockText asks for the clock of a time phrase naming only a day,
// completing the phrase the way it was begun: "后天下午" gets "后天下午3点".
func noClockText(s string) string {
	if ex, ok := cntime.ClockExample(s); ok {
		return msgf(msgMeetingNoClockPart, echo(ex))
	}
	return msgf(msgMeetingNoClock, echo(s), echo(s))
}
