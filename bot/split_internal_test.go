package bot

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/zhibu/zhibu/bot/telegramtest"
)

// randomHTML is text as the bot writes it: escaped user input (&, <, >,
// Chinese, emoji) in lines, some in <b> or a link, some lines far longer
// than a message.
func randomHTML(r *rand.Rand) string {
	pieces := []string{esc("&"), esc("<"), esc(">"), esc("&amp;"), "学", "习", "😀", "👨‍👩‍👧", "a", " ", "。"}
	var sb strings.Builder
	lines := 1 + r.IntN(6)
	for range lines {
		n := r.IntN(6000)
		var line strings.Builder
		for range n {
			line.WriteString(pieces[r.IntN(len(pieces))])
		}
		switch r.IntN(3) {
		case 0:
			sb.WriteString("<b>" + line.String() + "</b>")
		case 1:
			sb.WriteString(`<a href="https://t.me/zhibu_bot?start=remind">` + line.String() + "</a>")
		default:
			sb.WriteString(line.String())
		}
		sb.WriteString("\n")
	}
	return sb.String()
}

// TestSplitTextKeepsEveryPartValid: whatever the text, every part of a long
// message parses as Telegram HTML (no tag or entity broken: "…&am" was
// refused by Telegram) and fits in a message.
func TestSplitTextKeepsEveryPartValid(t *testing.T) {
	r := rand.New(rand.NewPCG(10, 2026))
	for i := range 300 {
		text := randomHTML(r)
		if _, err := telegramtest.CheckHTML(text); err != nil {
			t.Fatalf("case %d: the generator made invalid HTML: %v", i, err)
		}
		for j, part := range splitText(text, maxMessageUnits) {
			units, err := telegramtest.CheckHTML(part)
			if err != nil {
				t.Fatalf("case %d part %d is not valid HTML: %v\n%.200q…", i, j, err, part)
			}
			if units > maxMessageUnits || units == 0 && strings.TrimSpace(part) != "" {
				t.Fatalf("case %d part %d has %d units", i, j, units)
			}
		}
	}
}

// TestFitTextKeepsOneValidMessage: a notice shortened to one message is
// valid HTML and fits, and one that fitted is left as it was.
func TestFitTextKeepsOneValidMessage(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 2026))
	for i := range 300 {
		text := randomHTML(r)
		if i%10 == 0 {
			text = strings.Repeat("学习"+esc("&")+"\n", 3000) // many short lines
		}
		got := fitText(text, maxMessageUnits)
		units, err := telegramtest.CheckHTML(got)
		if err != nil {
			t.Fatalf("case %d is not valid HTML: %v\n%.200q…", i, err, got)
		}
		if units > maxMessageUnits || utf16Len(got) > maxMessageUnits {
			t.Fatalf("case %d has %d units (%d in HTML)", i, units, utf16Len(got))
		}
		if utf16Len(text) <= maxMessageUnits && got != text {
			t.Fatalf("case %d fitted and was changed", i)
		}
	}
}
