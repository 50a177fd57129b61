package telegramtest

import (
	"fmt"
	"strings"
)

// mdMarkers maps MarkdownV2 markers to the entities they produce.
var mdMarkers = map[string]string{
	"*": "bold", "_": "italic", "__": "underline", "~": "strikethrough", "||": "spoiler",
}

// mdParser turns MarkdownV2 or legacy Markdown into plain text and entities.
type mdParser struct {
	src    string
	v2     bool
	pos    int
	plain  strings.Builder
	u16    int
	stack  []openTag
	starts []int // byte offsets of the open markers
	out    formatted
}

// parseMarkdown parses text in the MarkdownV2 (v2) or legacy Markdown parse
// mode; errors read like Telegram's after "can't parse entities: ".
func parseMarkdown(src string, v2 bool) (formatted, error) {
	p := &mdParser{src: src, v2: v2}
	for p.pos < len(src) {
		if err := p.step(); err != nil {
			return formatted{}, err
		}
	}
	if n := len(p.stack); n > 0 {
		return formatted{}, fmt.Errorf("Can't find end of %s entity at byte offset %d", p.stack[n-1].name, p.starts[n-1])
	}
	p.out.plain = p.plain.String()
	return p.out, nil
}

// step consumes one character or marker.
func (p *mdParser) step() error {
	s, c := p.src[p.pos:], p.src[p.pos]
	switch {
	case c == '\\' && len(s) > 1 && s[1] < 127:
		p.text(s[1:2])
		p.pos += 2
	case strings.HasPrefix(s, "```"):
		return p.code("```", "pre")
	case c == '`':
		return p.code("`", "code")
	case p.v2 && (strings.HasPrefix(s, "__") || strings.HasPrefix(s, "||")):
		p.toggle(s[:2])
	case c == '*' || c == '_' || (p.v2 && c == '~'):
		p.toggle(s[:1])
	case c == '[':
		p.open("text_link")
		p.pos++
	case c == ']' && p.top() == "text_link":
		return p.closeLink()
	case p.v2 && c == '>' && (p.pos == 0 || p.src[p.pos-1] == '\n'):
		p.pos++ // a blockquote line
	case p.v2 && strings.IndexByte("_*[]()~`>#+-=|{}.!", c) >= 0:
		return fmt.Errorf("Character '%c' is reserved and must be escaped with the preceding '\\'", c)
	default:
		p.text(s[:runeLen(s)])
		p.pos += runeLen(s)
	}
	return nil
}

// code reads a code or pre entity up to its closing fence, verbatim.
func (p *mdParser) code(fence, kind string) error {
	body := p.src[p.pos+len(fence):]
	end := strings.Index(body, fence)
	if end < 0 {
		return fmt.Errorf("Can't find end of %s entity at byte offset %d", kind, p.pos)
	}
	text := body[:end]
	if kind == "pre" {
		if nl := strings.IndexByte(text, '\n'); nl >= 0 && !strings.ContainsAny(text[:nl], " \t") {
			text = text[nl+1:]
		}
	}
	text = strings.NewReplacer("\\`", "`", "\\\\", "\\").Replace(text)
	start := p.u16
	p.text(text)
	p.add(kind, start, "")
	p.pos += len(fence) + end + len(fence)
	return nil
}

// toggle opens a marker, or closes it when it is the innermost open one.
func (p *mdParser) toggle(marker string) {
	p.pos += len(marker)
	kind := mdMarkers[marker]
	if !p.v2 && marker == "_" {
		kind = "italic"
	}
	if p.top() == kind {
		n := len(p.stack)
		top := p.stack[n-1]
		p.stack, p.starts = p.stack[:n-1], p.starts[:n-1]
		p.add(kind, top.start, "")
		return
	}
	p.stack = append(p.stack, openTag{name: kind, start: p.u16})
	p.starts = append(p.starts, p.pos-len(marker))
}

// open pushes an entity whose end comes later.
func (p *mdParser) open(kind string) {
	p.stack = append(p.stack, openTag{name: kind, start: p.u16})
	p.starts = append(p.starts, p.pos)
}

// closeLink ends [text](url).
func (p *mdParser) closeLink() error {
	rest := p.src[p.pos+1:]
	end := strings.IndexByte(rest, ')')
	if !strings.HasPrefix(rest, "(") || end < 0 {
		return fmt.Errorf("Can't find end of a URL at byte offset %d", p.pos)
	}
	n := len(p.stack)
	top := p.stack[n-1]
	p.stack, p.starts = p.stack[:n-1], p.starts[:n-1]
	p.add("text_link", top.start, rest[1:end])
	p.pos += 1 + end + 1
	return nil
}

// top names the innermost open entity.
func (p *mdParser) top() string {
	if n := len(p.stack); n > 0 {
		return p.stack[n-1].name
	}
	return ""
}

// add records an entity ending at the current position; empty ones vanish.
func (p *mdParser) add(kind string, start int, url string) {
	if length := p.u16 - start; length > 0 {
		p.out.entities = append(p.out.entities, entity{Type: kind, Offset: start, Length: length, URL: url})
	}
}

// text appends decoded text to the plain output.
func (p *mdParser) text(s string) {
	p.plain.WriteString(s)
	p.u16 += utf16Len(s)
}

// runeLen is the byte length of the first rune of s.
func runeLen(s string) int {
	for i := range s {
		if i > 0 {
			return i
		}
	}
	return len(s)
}

// parseText parses text in a parse mode ("" for plain text).
func parseText(text, mode string) (formatted, error) {
	switch mode {
	case "":
		return formatted{plain: text}, nil
	case "HTML":
		return parseHTML(text)
	case "MarkdownV2":
		return parseMarkdown(text, true)
	case "Markdown":
		return parseMarkdown(text, false)
	}
	return formatted{}, fmt.Errorf("unsupported parse_mode %q", mode)
}
