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

// fields splits "head 地点:x 议题:y" into the head and the named values.
func fields(s string) (head string, vals map[string]string) {
	vals = map[string]string{}
	idx := fieldRE.FindAllStringSubmatchIndex(s, -1)
	if len(idx) == 0 {
		return strings.TrimSpace(s), vals
	}
	head = strings.TrimSpace(s[:idx[0][0]])
	for i, m := range idx {
		end := len(s)
		if i+1 < len(idx) {
			end = idx[i+1][0]
		}
		key := strings.TrimSuffix(strings.TrimSuffix(s[m[2]:m[3]], "人"), "党")
		if key == "党小组" {
			key = "小组"
		}
		vals[key] = strings.TrimSpace(s[m[1]:end])
	}
	return head, vals
}

// parseMeetingLine reads "/meeting 类型 时间 地点:… 议题:… [主持:…] [记录:…]
// [主讲:…] [小组:…] [补录]" into a draft. Times are read in loc.
func parseMeetingLine(args string, now time.Time, loc *time.Location) (zhibu.Draft, error) {
	head, vals := fields(args)
	backfill := strings.Contains(head, wordBackfill)
	head = strings.TrimSpace(strings.ReplaceAll(head, wordBackfill, ""))
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
		return time.Time{}, time.Time{}, userError(msgf(msgMeetingNoClock, esc(s), esc(s)))
	}
	return start.Time, end.Time, nil
}
