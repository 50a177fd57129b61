package main

import (
	"cmp"
	"log/slog"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// redacted replaces a secret wherever the program would print it.
const redacted = "<redacted>"

// minSecretPiece is the shortest line or word of a secret that is redacted
// on its own: a token with a second line may be printed cut at the line.
const minSecretPiece = 8

// secrets holds every configured secret value (the bot token, a password
// in the API URL, a token written in the URL's path, the webhook's
// secret token) and removes them from text: from each log line (the logger's
// ReplaceAttr) and from the error line the program ends with. Every output
// of the program passes through it, so an error of a library that quotes
// or escapes a URL holding the token is caught as well. It is filled while
// the configuration is read, before anything is printed.
type secrets struct {
	mu       sync.RWMutex
	values   map[string]bool
	replacer *strings.Replacer
}

// add registers secret values; empty ones are ignored. Each is also
// redacted as Go quoting, JSON and URLs escape it, and so is each of its
// lines and words of minSecretPiece bytes or more.
func (s *secrets) add(values ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.values == nil {
		s.values = map[string]bool{}
	}
	for _, v := range values {
		for _, piece := range pieces(v) {
			for _, form := range forms(piece) {
				s.values[form] = true
			}
		}
	}
	// Longest first: a secret is replaced whole, not around a piece of it.
	all := make([]string, 0, len(s.values))
	for v := range s.values {
		all = append(all, v)
	}
	slices.SortFunc(all, func(a, b string) int { return cmp.Or(len(b)-len(a), strings.Compare(a, b)) })
	pairs := make([]string, 0, 2*len(all))
	for _, v := range all {
		pairs = append(pairs, v, redacted)
	}
	s.replacer = strings.NewReplacer(pairs...)
}

// pieces is v, v trimmed, and its lines and words long enough to be
// recognised alone.
func pieces(v string) []string {
	out := []string{v, strings.TrimSpace(v)}
	for _, f := range strings.FieldsFunc(v, func(r rune) bool { return r == '\n' || r == '\r' || r == ' ' || r == '\t' }) {
		if len(f) >= minSecretPiece {
			out = append(out, f)
		}
	}
	return slices.DeleteFunc(out, func(p string) bool { return p == "" })
}

// forms is how v may appear in a message: as is, quoted by %q or JSON,
// escaped in a URL's path or query.
func forms(v string) []string {
	q := strconv.Quote(v)
	return []string{v, q[1 : len(q)-1], url.PathEscape(v), url.QueryEscape(v), (&url.URL{Path: v}).EscapedPath()}
}

// redact returns text without any secret.
func (s *secrets) redact(text string) string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.replacer == nil {
		return text
	}
	return s.replacer.Replace(text)
}

// replaceAttr is the logger's slog.HandlerOptions.ReplaceAttr: it redacts
// secrets from every value logged (the handler calls it for the message,
// each attribute, those given once with With and those inside groups),
// whether a string, an error or anything printed with fmt.
func (s *secrets) replaceAttr(_ []string, a slog.Attr) slog.Attr {
	switch a.Value.Kind() {
	case slog.KindString, slog.KindAny:
		text := a.Value.String()
		if clean := s.redact(text); clean != text {
			return slog.String(a.Key, clean)
		}
	}
	return a
}
