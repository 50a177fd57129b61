package telegramtest

import (
	"fmt"
	"slices"
	"strings"
)

// tag parses a start or end tag at p.pos.
func (p *htmlParser) tag() error {
	if strings.HasPrefix(p.src[p.pos:], "</") {
		return p.endTag()
	}
	start := p.pos
	i := p.pos + 1
	name := readName(p.src, &i)
	lower := strings.ToLower(name)
	if _, ok := htmlTags[lower]; !ok {
		return fmt.Errorf("Unsupported start tag \"%s\" at byte offset %d", name, start)
	}
	attrs, err := p.attributes(&i, start)
	if err != nil {
		return err
	}
	if err := p.checkTag(lower, attrs, start); err != nil {
		return err
	}
	p.stack = append(p.stack, openTag{name: lower, start: p.u16, url: attrs["href"]})
	p.pos = i
	return nil
}

// endTag closes the innermost open tag, which must be the one named.
func (p *htmlParser) endTag() error {
	gt := strings.IndexByte(p.src[p.pos:], '>')
	if gt < 0 {
		return fmt.Errorf("Unclosed end tag at byte offset %d", p.pos)
	}
	name := strings.ToLower(strings.TrimSpace(p.src[p.pos+2 : p.pos+gt]))
	n := len(p.stack)
	if n == 0 {
		return fmt.Errorf("Unexpected end tag at byte offset %d", p.pos)
	}
	top := p.stack[n-1]
	if top.name != name {
		return fmt.Errorf("Unmatched end tag at byte offset %d, expected \"</%s>\", found \"</%s>\"", p.pos, top.name, name)
	}
	p.stack = p.stack[:n-1]
	p.pos += gt + 1
	inPre := top.name == "code" && n >= 2 && p.stack[n-2].name == "pre"
	if length := p.u16 - top.start; length > 0 && !inPre {
		p.out.entities = append(p.out.entities, entity{Type: htmlTags[top.name], Offset: top.start, Length: length, URL: top.url})
	}
	return nil
}

// attributes reads name="value" pairs up to the closing '>'.
func (p *htmlParser) attributes(i *int, start int) (map[string]string, error) {
	attrs := map[string]string{}
	s := p.src
	for {
		for *i < len(s) && isSpace(s[*i]) {
			*i++
		}
		if *i >= len(s) {
			return nil, fmt.Errorf("Unclosed start tag at byte offset %d", start)
		}
		if s[*i] == '>' {
			*i++
			return attrs, nil
		}
		name := strings.ToLower(readName(s, i))
		if name == "" {
			return nil, fmt.Errorf("Expected equal sign in declaration of an attribute of the tag at byte offset %d", start)
		}
		value, err := p.attrValue(i, start)
		if err != nil {
			return nil, err
		}
		attrs[name] = value
	}
}

// attrValue reads an optional ="quoted value", decoding character references.
func (p *htmlParser) attrValue(i *int, start int) (string, error) {
	s := p.src
	if *i >= len(s) || s[*i] != '=' {
		return "", nil
	}
	*i++
	if *i >= len(s) || (s[*i] != '"' && s[*i] != '\'') {
		return "", fmt.Errorf("Unquoted attribute value in the tag at byte offset %d", start)
	}
	quote := s[*i]
	end := strings.IndexByte(s[*i+1:], quote)
	if end < 0 {
		return "", fmt.Errorf("Unclosed start tag at byte offset %d", start)
	}
	raw := s[*i+1 : *i+1+end]
	*i += end + 2
	var b strings.Builder
	for j := 0; j < len(raw); {
		if raw[j] != '&' {
			b.WriteByte(raw[j])
			j++
			continue
		}
		r, n, ok := decodeCharRef(raw[j:])
		if !ok {
			return "", fmt.Errorf("character '&' must be escaped as &amp; in the attribute of the tag at byte offset %d", start)
		}
		b.WriteString(r)
		j += n
	}
	return b.String(), nil
}

// checkTag enforces the attributes and nesting Telegram allows for a tag.
func (p *htmlParser) checkTag(name string, attrs map[string]string, at int) error {
	for a := range attrs {
		if !slices.Contains(htmlAttrs[name], a) {
			return fmt.Errorf("Unsupported attribute \"%s\" of the tag \"%s\" at byte offset %d", a, name, at)
		}
	}
	parent := ""
	if n := len(p.stack); n > 0 {
		parent = p.stack[n-1].name
	}
	switch {
	case parent == "code" || (parent == "pre" && name != "code"):
		return fmt.Errorf("Tag \"%s\" can't be nested in the tag \"%s\" at byte offset %d", name, parent, at)
	case name == "span" && attrs["class"] != "tg-spoiler":
		return fmt.Errorf("Tag \"span\" must have class \"tg-spoiler\" at byte offset %d", at)
	case name == "a" && attrs["href"] == "":
		return fmt.Errorf("Tag \"a\" must have a non-empty href at byte offset %d", at)
	case name == "tg-emoji" && attrs["emoji-id"] == "":
		return fmt.Errorf("Tag \"tg-emoji\" must have emoji-id at byte offset %d", at)
	case name == "code" && attrs["class"] != "" && (parent != "pre" || !strings.HasPrefix(attrs["class"], "language-")):
		return fmt.Errorf("Tag \"code\" may have class \"language-…\" only inside \"pre\" at byte offset %d", at)
	case (name == "a" || name == "blockquote" || name == "pre") && p.inside(name):
		return fmt.Errorf("Tag \"%s\" can't be nested in itself at byte offset %d", name, at)
	}
	return nil
}

// inside reports whether a tag of that name is open.
func (p *htmlParser) inside(name string) bool {
	return slices.ContainsFunc(p.stack, func(t openTag) bool { return t.name == name })
}

// readName reads a tag or attribute name at *i.
func readName(s string, i *int) string {
	start := *i
	for *i < len(s) {
		c := s[*i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			break
		}
		*i++
	}
	return s[start:*i]
}

// isSpace reports ASCII white space.
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
