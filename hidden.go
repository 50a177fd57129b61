package zhibu

import (
	"context"
	"fmt"
	"strings"
	"unicode"
)

// ProblemHidden is a character that shows nothing, or changes how the text
// around it shows, in a name or a text: two names that look the same, a
// campaign name whose letters run backwards. ValidationError.Char says
// which.
const ProblemHidden Problem = "hidden"

// HiddenChar reports the first character of s that names and texts refuse,
// and whether there is one. Refused are:
//   - control characters other than a line break or a tab;
//   - format characters (zero-width space, word joiner, soft hyphen, the
//     bidirectional embeddings, overrides and isolates, byte-order mark);
//   - default-ignorable and filler characters (U+3164 HANGUL FILLER,
//     U+FFA0, U+115F, U+1160, U+2800 BRAILLE BLANK, U+180E …);
//   - variation selectors, except U+FE0E/U+FE0F right after a character
//     that has a text and an emoji look (❤️, 1️⃣), never after a Han
//     character or a letter;
//   - the zero-width joiner U+200D, except between two emoji (👨‍👩‍👧);
//   - tag characters outside an emoji flag sequence (🏴 …);
//   - more than three combining marks on one character.
//
// The caller normalises first (NFKC): what normalisation removes or
// replaces is not judged here.
func HiddenChar(s string) (rune, bool) {
	rs := []rune(s)
	marks := 0
	for i, r := range rs {
		if unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) {
			if marks++; marks > 3 {
				return r, true
			}
		} else {
			marks = 0
		}
		var prev, next rune
		if i > 0 {
			prev = rs[i-1]
		}
		if i+1 < len(rs) {
			next = rs[i+1]
		}
		if hidden(prev, r, next) {
			return r, true
		}
	}
	return 0, false
}

// StripHidden is s without the characters HiddenChar refuses: for text
// nobody typed through the bot (a Telegram display name, a name stored
// before names were checked), which is shown, not refused.
func StripHidden(s string) string {
	for {
		r, ok := HiddenChar(s)
		if !ok {
			return s
		}
		s = strings.ReplaceAll(s, string(r), "")
	}
}

func hidden(prev, r, next rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return false
	case r == '\u200d':
		return !(emojiBase(prev) || prev == '\ufe0f') || !emojiBase(next)
	case r == '\ufe0e' || r == '\ufe0f':
		return !emojiBase(prev) && !keycapBase(prev)
	case r >= 0xe0020 && r <= 0xe007f: // tags: only in a flag sequence 🏴…
		return prev != 0x1f3f4 && !(prev >= 0xe0020 && prev <= 0xe007f)
	case r == '\u2800' || r == '\u180e' || r == '\u2028' || r == '\u2029':
		return true
	}
	return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) ||
		unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r) ||
		unicode.Is(unicode.Variation_Selector, r)
}

// emojiBase reports a character that can stand in an emoji sequence: the
// pictographs and symbols Telegram shows as emoji, skin tones included.
func emojiBase(r rune) bool {
	switch {
	case r >= 0x1f000 && r <= 0x1faff, r >= 0x2600 && r <= 0x27bf, r >= 0x2b00 && r <= 0x2bff,
		r >= 0x2190 && r <= 0x21ff, r >= 0x2300 && r <= 0x23ff, r >= 0x25a0 && r <= 0x25ff:
		return true
	case r == 0x00a9, r == 0x00ae, r == 0x203c, r == 0x2049, r == 0x2122, r == 0x2139, r == 0x3030, r == 0x303d,
		r == 0x3297, r == 0x3299:
		return true
	}
	return false
}

// keycapBase is what may precede U+FE0F in a keycap (1️⃣, #️⃣).
func keycapBase(r rune) bool { return r >= '0' && r <= '9' || r == '#' || r == '*' }

// checkHidden refuses s when it holds a hidden character.
func checkHidden(field, s string) error {
	if r, ok := HiddenChar(s); ok {
		return &ValidationError{Field: field, Problem: ProblemHidden, Value: s, Char: r}
	}
	return nil
}

// CharName is how a refused character is named to the user: U+200D.
func CharName(r rune) string { return fmt.Sprintf("U+%04X", r) }

// LookAlikeError is a name that differs from one on the roster only in
// characters a reader can't tell apart ("Аlice" with a Cyrillic А beside
// "Alice", "王エ" beside "王工"): it would let one person pass for another.
type LookAlikeError struct {
	Name     string // the name given
	Existing string // the roster's name it looks like
}

func (e *LookAlikeError) Error() string {
	return fmt.Sprintf("name %q looks like %q on the roster", e.Name, e.Existing)
}

// SetNameKey sets what two names share when they look alike (the program
// gives textnorm.Key: NFKC, case folding, the confusable skeleton). Without
// it, names differing only in case or spaces look alike.
func (s *Service) SetNameKey(key func(string) string) { s.nameKey = key }

func (s *Service) keyOf(name string) string {
	if s.nameKey != nil {
		return s.nameKey(name)
	}
	return strings.ToLower(strings.Join(strings.Fields(name), ""))
}

// lookAlike refuses name when another entry of the roster ms (removed ones
// included: they can be restored) looks like it without being it.
func (s *Service) lookAlike(ms []Member, name string) error {
	k := s.keyOf(name)
	for _, m := range ms {
		if m.Name != name && s.keyOf(m.Name) == k {
			return &LookAlikeError{Name: name, Existing: m.Name}
		}
	}
	return nil
}

// rosterLookAlike is lookAlike against the branch's stored roster.
func (s *Service) rosterLookAlike(ctx context.Context, branchID int64, name string) error {
	ms, err := s.store.Members(ctx, branchID)
	if err != nil {
		return err
	}
	return s.lookAlike(ms, name)
}
