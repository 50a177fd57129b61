package bot

import (
	"strings"

	"github.com/zhibu/zhibu"
)

// fitMessage makes a notice's text, and its fallback's, fit in one
// Telegram message: a notice is one message keyed for exactly-once
// delivery, so it is shortened rather than split. Telegram refuses a text
// over the limit, and a refused reminder is given up: the group would
// never hear of its meeting.
func fitMessage(m *zhibu.Message) {
	m.Text = fitText(m.Text, maxMessageUnits)
	if m.Fallback != nil {
		fb := *m.Fallback
		fb.Text = fitText(fb.Text, maxMessageUnits)
		m.Fallback = &fb
	}
}

// fitLine is how short fitText cuts the longest lines before it drops
// whole lines from the end.
const fitLine = 200

// fitText shortens text to at most limit UTF-16 units: first the longest
// lines (a list of names on one line) are cut, each still valid HTML and
// ending in "…"; if the text is still too long, lines are dropped from the
// end and a last line says so.
func fitText(text string, limit int) string {
	if utf16Len(text) <= limit {
		return text
	}
	lines := strings.Split(text, "\n")
	total := func() int {
		n := len(lines) - 1
		for _, l := range lines {
			n += utf16Len(l)
		}
		return n
	}
	for over := total() - limit; over > 0; over = total() - limit {
		longest := 0
		for i, l := range lines {
			if utf16Len(l) > utf16Len(lines[longest]) {
				longest = i
			}
		}
		n := utf16Len(lines[longest])
		if n <= fitLine {
			break
		}
		lines[longest] = truncateHTML(lines[longest], max(n-over-1, fitLine))
	}
	if total() <= limit {
		return strings.Join(lines, "\n")
	}
	room := limit - utf16Len(msgTextCut) - 1
	var b strings.Builder
	n := 0
	for _, l := range lines {
		if n+utf16Len(l)+1 > room {
			break
		}
		b.WriteString(l + "\n")
		n += utf16Len(l) + 1
	}
	return b.String() + msgTextCut
}
