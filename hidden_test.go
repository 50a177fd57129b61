package zhibu

import "testing"

// The characters found making two names look the same or text run
// backwards, and the emoji that must stay allowed.
func TestHiddenChar(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want rune // 0: accepted
	}{
		{"李四\u200d", '\u200d'},                  // zero-width joiner after a Han character
		{"李\u200d四", '\u200d'},                  // … between two
		{"李四\ufe0f", '\ufe0f'},                  // emoji presentation after a Han character
		{"李四\u3164", '\u3164'},                  // HANGUL FILLER
		{"李四\uffa0", '\uffa0'},                  // HALFWIDTH HANGUL FILLER
		{"\u115f李四", '\u115f'},                  // HANGUL CHOSEONG FILLER
		{"李四\u2800", '\u2800'},                  // BRAILLE PATTERN BLANK
		{"李\u200b四", '\u200b'},                  // zero-width space
		{"李\u2060四", '\u2060'},                  // word joiner
		{"李四\u00ad", '\u00ad'},                  // soft hyphen
		{"\ufeff李四", '\ufeff'},                  // byte-order mark
		{"创先争优\u202e动活", '\u202e'},              // right-to-left override
		{"活动\u2067名称\u2069", '\u2067'},          // right-to-left isolate
		{"a\u200fb", '\u200f'},                  // right-to-left mark
		{"李\u034f四", '\u034f'},                  // combining grapheme joiner
		{"李四\ufe00", '\ufe00'},                  // variation selector 1
		{"葛\U000e0100", '\U000e0100'},           // ideographic variation selector
		{"a\u0301\u0301\u0301\u0301", '\u0301'}, // a pile of accents
		{"李\x07四", '\x07'},                      // bell
		{"李四\u2028", '\u2028'},                  // line separator
		{"第一行\n第二行\t完", 0},                      // line breaks and tabs are text
		{"李四", 0},
		{"❤\ufe0f", 0},         // an emoji with its presentation
		{"1\ufe0f\u20e3", 0},   // keycap
		{"👨\u200d👩\u200d👧", 0}, // family
		{"👍🏽", 0},              // skin tone
		{"🏳\ufe0f\u200d🌈", 0},  // rainbow flag
		{"🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f", 0}, // Scotland
		{"café", 0},
		{"Zoë", 0},
	} {
		r, ok := HiddenChar(tt.in)
		if tt.want == 0 && ok {
			t.Errorf("HiddenChar(%+q) = %s, want none", tt.in, CharName(r))
		}
		if tt.want != 0 && (!ok || r != tt.want) {
			t.Errorf("HiddenChar(%+q) = %s %v, want %s", tt.in, CharName(r), ok, CharName(tt.want))
		}
	}
}

func TestStripHidden(t *testing.T) {
	for in, want := range map[string]string{
		"孙丽\u202e委支":           "孙丽委支",
		"\u200b李\u3164四\ufe0f": "李四",
		"👨\u200d👩\u200d👧 王芳":   "👨\u200d👩\u200d👧 王芳",
		"\u200d\u200d":         "",
	} {
		if got := StripHidden(in); got != want {
			t.Errorf("StripHidden(%+q) = %+q, want %+q", in, got, want)
		}
	}
	if got := FounderName("\u202e\u200b"); got != "书记" {
		t.Errorf("FounderName(only hidden) = %q, want 书记", got)
	}
}
