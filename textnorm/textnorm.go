// Package textnorm puts what people type into one canonical form and tells
// names that look alike: Unicode NFKC normalisation (golang.org/x/text) and
// the confusable skeleton of Unicode TS #39 (github.com/mtibben/confusables).
// The domain, which imports the standard library only, receives Key as a
// function; the bot normalises every text it receives with Normalize.
package textnorm

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mtibben/confusables"
	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// Normalize is s in NFKC, with Windows line ends made plain: fullwidth
// letters and digits become ASCII ("Ａ１" → "A1"), compatibility ideographs
// and Kangxi radicals the unified ideographs ("⼈" → "人"), halfwidth
// katakana the ordinary ones, odd spaces an ordinary space.
//
// Kept as written are the characters Chinese text uses on purpose, which
// NFKC would turn into something else: fullwidth punctuation and symbols
// （，：；！？“”（）￥）, the ellipsis …… and numbers in circles or brackets
// (①, ⑴, ㈠). A pledge or a reason reads as its author wrote it.
func Normalize(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	start := 0
	for i, r := range s {
		if kept(r) {
			b.WriteString(norm.NFKC.String(s[start:i]))
			b.WriteRune(r)
			start = i + utf8.RuneLen(r)
		}
	}
	b.WriteString(norm.NFKC.String(s[start:]))
	return b.String()
}

// kept reports a character Normalize leaves as it is.
func kept(r rune) bool {
	switch {
	case r >= 0xff01 && r <= 0xff0f, r >= 0xff1a && r <= 0xff20, r >= 0xff3b && r <= 0xff40,
		r >= 0xff5b && r <= 0xff65, r >= 0xffe0 && r <= 0xffee: // fullwidth punctuation and symbols
		return true
	case r == 0x2026 || r == 0x2025: // … ‥
		return true
	case r >= 0x2460 && r <= 0x24ff, r >= 0x3220 && r <= 0x3247, r >= 0x3251 && r <= 0x32bf: // ① ⑴ ⒈ ㈠ ㊀
		return true
	}
	return false
}

var fold = cases.Fold()

// Key is what two names share when a reader could take one for the other:
// NFKC, case folded, without spaces, then reduced to its confusable
// skeleton ("Аlice" with a Cyrillic А, "ALICE" and "Alice"; "王エ" with a
// katakana エ and "王工"). Two roster names with the same key cannot
// coexist.
//
// Combining marks on a Chinese character are dropped ("李四" with U+0323
// below is 李四); on other letters they stay (José is not Jose).
//
// Case is folded before the skeleton is taken, so a digit that passes for
// a capital (0 for O) is not caught: Chinese names don't meet it.
func Key(name string) string {
	s := fold.String(norm.NFKC.String(name))
	var b strings.Builder
	onHan := false // the last character kept is a Chinese character
	for _, r := range s {
		switch {
		case unicode.IsSpace(r) || unicode.Is(unicode.Variation_Selector, r):
			// A space, or a selector choosing how an emoji looks (❤ and
			// ❤️ are one heart), tells no one apart.
			continue
		case onHan && unicode.Is(unicode.Mn, r):
			// A combining mark on a Chinese character (李四 with a dot
			// below) is a speck, never part of a name.
			continue
		}
		onHan = unicode.Is(unicode.Han, r)
		b.WriteRune(r)
	}
	return norm.NFC.String(confusables.Skeleton(b.String()))
}
