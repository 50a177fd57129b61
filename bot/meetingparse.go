package bot

import (
	"regexp"
	"strings"
	"time"

	"github.com/zhibu/zhibu"
	"github.com/zhibu/zhibu/cntime"
)

// fieldRE finds "key:" markers of the one-line /meeting form.
// The traditional forms (地點, 議題, 記錄, 主講, 黨小組, 小組) are markers too.
var fieldRE = regexp.MustCompile(`(地点|地點|议题|議題|主持人|主持|记录人|記錄人|记录|記錄|主讲人|主講人|主讲|主講|党小组|黨小組|小组|小組)\s*[:：]`)

// traditionalField reads a traditional marker as the simplified one.
var traditionalField = strings.NewReplacer("地點", "地点", "議題", "议题", "記錄", "记录", "主講", "主讲", "黨小組", "党小组", "小組", "小组")

// fieldKey is the canonical name of a marker: 主持人 is 主持, 党小组 is 小组,
// 地點 is 地点.
func fieldKey(marker string) string {
	key := strings.TrimSuffix(traditionalField.Replace(marker), "人")
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
	typ, when := splitHead(head)
	if when == "" {
		when = cutTrailingTime(vals, now.In(loc))
	}
	if typ == "" {
		typ = cutTypeWord(vals)
	}
	t, err := zhibu.ParseMeetingType(typ)
	if err != nil {
		return zhibu.Draft{}, err
	}
	start, end, err := parseStartEnd(when, now.In(loc))
	if err != nil {
		return zhibu.Draft{}, err
	}
	d := zhibu.Draft{Type: t, Start: start.Time, End: end.Time, Place: vals["地点"], Topic: vals["议题"],
		Host: vals["主持"], Recorder: vals["记录"], Lecturer: vals["主讲"], Group: vals["小组"], Backfill: backfill,
		Reading: start.Chosen, ReadHour: start.Hour12, Tomorrow: lateTomorrow(when, now.In(loc))}
	if d.Place == "" {
		return zhibu.Draft{}, userError(msgMeetingNoPlace)
	}
	return d, nil
}

// splitHead splits the text before the first field into the meeting type
// and the time. The type is the first word, or else the last ("明天19:00
// 支委会"); when no word is a type, the first word is returned as the type,
// for the error to name it.
func splitHead(head string) (typ, when string) {
	words := strings.Fields(head)
	switch {
	case len(words) == 0:
		return "", ""
	case isMeetingType(words[0]) || !isMeetingType(words[len(words)-1]):
		return words[0], strings.Join(words[1:], " ")
	}
	return words[len(words)-1], strings.Join(words[:len(words)-1], " ")
}

func isMeetingType(s string) bool {
	_, err := zhibu.ParseMeetingType(s)
	return err == nil
}

// valueFields are the fields whose free text may have swallowed the type or
// the time written after them: "地点:书记办公室 11月24日 15:00".
var valueFields = []string{"地点", "议题"}

// cutTrailingTime finds a time phrase at the end of the 地点 or 议题 value,
// for a line that named no time before its fields, and cuts it from the
// value. The longest run of trailing words that reads as a time wins, the
// whole value too. It returns "" when no value ends with a time.
func cutTrailingTime(vals map[string]string, now time.Time) string {
	for _, key := range valueFields {
		words := strings.Fields(vals[key])
		for i := range words {
			phrase := strings.Join(words[i:], " ")
			if _, _, err := cntime.ParseTimeRange(phrase, now); err == nil {
				vals[key] = strings.Join(words[:i], " ")
				return phrase
			}
		}
	}
	return ""
}

// cutTypeWord finds a meeting type standing as the first or last word of
// the 地点 or 议题 value ("议题:审议发展对象 支委会"), for a line that named no
// type before its fields, and cuts it from the value. It returns "" when
// no value holds a type.
func cutTypeWord(vals map[string]string) string {
	for _, key := range valueFields {
		words := strings.Fields(vals[key])
		if len(words) == 0 {
			continue
		}
		if last := words[len(words)-1]; isMeetingType(last) {
			vals[key] = strings.Join(words[:len(words)-1], " ")
			return last
		}
		if isMeetingType(words[0]) {
			vals[key] = strings.Join(words[1:], " ")
			return words[0]
		}
	}
	return ""
}

// parseStartEnd reads a meeting time phrase, which must name a clock time;
// start.Chosen says which reading was taken of a bare hour.
func parseStartEnd(s string, now time.Time) (start, end cntime.When, err error) {
	if s == "" {
		return start, end, userError(msgMeetingNoTime)
	}
	start, end, err = cntime.ParseTimeRange(s, now)
	if err != nil {
		return start, end, timeErr(err, useMeeting, now)
	}
	if !start.HasClock || start.Chosen == cntime.ChoicePartHour {
		// A meeting needs its hour: a part of day alone is asked about,
		// not given its usual hour as a reminder is.
		return cntime.When{}, cntime.When{}, userError(noClockText(s))
	}
	return start, end, nil
}

// noClockText asks for the clock of a time phrase naming only a day,
// completing the phrase the way it was begun: "后天下午" gets "后天下午3点".
func noClockText(s string) string {
	if ex, ok := cntime.ClockExample(s); ok {
		return msgf(msgMeetingNoClockPart, echo(ex))
	}
	return msgf(msgMeetingNoClock, echo(s), echo(s))
}
