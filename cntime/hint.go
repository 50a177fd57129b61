package cntime

import (
	"strings"
	"time"
)

// Unread returns the part of a refused time phrase that could not be read,
// as ParseTime reads it (full-width folded, traditional characters
// simplified, inner spaces dropped): "明天下午三点在三楼" gives "在三楼",
// "下下下周八" itself. It is "" when every word was read and the phrase was
// refused as a whole (2月30日, 9:5, a range that ends before it starts). The
// two halves of a range are read in turn.
func Unread(s string, now time.Time) string {
	in := normalizeTimeInput(s)
	for _, from := range []string{"从", "自"} {
		in = strings.TrimPrefix(in, from)
	}
	if len(in) > maxTimePhrase {
		return in
	}
	p := phraseParser{now: now}
	for rest, halves := in, 0; ; {
		rest = strings.TrimLeft(rest, " ,")
		if rest == "" {
			return ""
		}
		n, why := p.token(rest)
		switch {
		case why == TimeUnrecognized:
			return rest // a day or a clock said twice, or after an offset
		case why != "":
			return "" // read, but not a time there is
		case n == 0:
			sep := rangeSepLen(rest)
			if sep == 0 || halves > 0 {
				return rest
			}
			// The end of a range is a phrase of its own.
			p, halves, n = phraseParser{now: now}, 1, sep
		}
		rest = rest[n:]
	}
}
