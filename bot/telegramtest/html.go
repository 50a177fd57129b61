package telegramtest

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// formatted is a text after entity parsing: what the reader sees.
type formatted struct {
	plain    string
	entities []entity
}

// entity is a formatting entity of a parsed text, offsets in UTF-16 code units.
type entity struct {
	Type   string
	Offset int
	Length int
	URL    string
}

// htmlTags lists the tags Telegram's HTML parse mode supports, with the
// entity each produces.
var htmlTags = map[string]string{
	"b": "bold", "strong": "bold", "i": "italic", "em": "italic",
	"u": "underline", "ins": "underline", "s": "strikethrough", "strike": "strikethrough",
	"del": "strikethrough", "span": "spoiler", "tg-spoiler": "spoiler", "a": "text_link",
	"tg-emoji": "custom_emoji", "code": "code", "pre": "pre", "blockquote": "blockquote",
	"tg-time": "date_time",
}

// htmlAttrs lists the attributes each tag accepts.
var htmlAttrs = map[string][]string{
	"span": {"class"}, "a": {"href"}, "tg-emoji": {"emoji-id"}, "code": {"class"},
	"blockquote": {"expandable"}, "tg-time": {"unix", "format"},
}

// openTag is an element not closed yet.
type openTag struct {
	name  string
	start int // UTF-16 offset in the plain text
	url   string
}

// htmlParser turns Telegram HTML into plain text and entities.
type htmlParser struct {
	src   string
	pos   int
	plain strings.Builder
	u16   int // UTF-16 length of plain so far
	stack []openTag
	out   formatted
}

// parseHTML parses text in Telegram's HTML parse mode. The error reads like
// Telegram's after "Bad Request: can't parse entities: ".
func parseHTML(src string) (formatted, error) {
	p := &htmlParser{src: src}
	for p.pos < len(src) {
		var err error
		switch c := src[p.pos]; c {
		case '<':
			err = p.tag()
		case '&':
			err = p.charRef()
		case '>':
			err = fmt.Errorf("character '>' is reserved and must be escaped as &gt; at byte offset %d", p.pos)
		default:
			_, size := utf8.DecodeRuneInString(src[p.pos:])
			p.text(src[p.pos : p.pos+size])
			p.pos += size
		}
		if err != nil {
			return formatted{}, err
		}
	}
	if n := len(p.stack); n > 0 {
		return formatted{}, fmt.Errorf("Can't find end tag corresponding to start tag \"%s\"", p.stack[n-1].name)
	}
	p.out.plain = p.plain.String()
	return p.out, nil
}

// text appends decoded text to the plain output.
func (p *htmlParser) text(s string) {
	p.plain.WriteString(s)
	p.u16 += utf16Len(s)
}

// charRef decodes &lt; &gt; &amp; &quot; and numeric references.
func (p *htmlParser) charRef() error {
	r, n, ok := decodeCharRef(p.src[p.pos:])
	if !ok {
		return fmt.Errorf("character '&' must be escaped as &amp; (unsupported entity at byte offset %d)", p.pos)
	}
	p.text(r)
	p.pos += n
	return nil
}

// decodeCharRef decodes a character reference at the start of s.
func decodeCharRef(s string) (text string, n int, ok bool) {
	end := strings.IndexByte(s, ';')
	if end < 2 || end > 12 {
		return "", 0, false
	}
	name := s[1:end]
	switch name {
	case "lt":
		return "<", end + 1, true
	case "gt":
		return ">", end + 1, true
	case "amp":
		return "&", end + 1, true
	case "quot":
		return `"`, end + 1, true
	}
	num, isNum := strings.CutPrefix(name, "#")
	if !isNum || num == "" {
		return "", 0, false
	}
	base := 10
	if h, isHex := strings.CutPrefix(num, "x"); isHex {
		num, base = h, 16
	}
	code, err := strconv.ParseUint(num, base, 32)
	if err != nil || !utf8.ValidRune(rune(code)) || code == 0 {
		return "", 0, false
	}
	return string(rune(code)), end + 1, true
}

// utf16Len counts the UTF-16 code units of s, the unit of Telegram's offsets and limits.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// CheckHTML reports whether text is valid in Telegram's HTML parse mode, with
// Telegram's wording of the problem, and its length in UTF-16 units once
// parsed (what the 4096 limit counts).
func CheckHTML(text string) (units int, err error) {
	f, err := parseHTML(text)
	if err != nil {
		return 0, err
	}
	return utf16Len(f.plain), nil
}
