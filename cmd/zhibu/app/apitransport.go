package app

import (
	"net/http"
	"strconv"
	"strings"
)

// apiTransport counts the bot's HTTP requests to the Bot API by method and
// result. The URL path is /bot<TOKEN>/<method> (/file/bot<TOKEN>/<path>
// for downloads): only its last segment is read, and only when it looks
// like a method name, so the token never becomes a label.
type apiTransport struct {
	base http.RoundTripper
	m    *metrics
}

// observeTransport wraps base (nil: http.DefaultTransport).
func observeTransport(base http.RoundTripper, m *metrics) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	return apiTransport{base: base, m: m}
}

func (t apiTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(r)
	res := result(resp, err)
	t.m.requests.WithLabelValues(apiMethod(r.URL.Path), res).Inc()
	if res == "429" {
		t.m.rateLimited.Inc()
	}
	return resp, err
}

// apiMethod is the Bot API method of a request path: its last segment when
// that follows the /bot<TOKEN>/ segment and is made of letters; "file" for
// a file download, "other" for anything else.
func apiMethod(path string) string {
	if strings.Contains(path, "/file/bot") {
		return "file"
	}
	i := strings.LastIndexByte(path, '/')
	if i < 0 {
		return "other"
	}
	m, dir := path[i+1:], path[:i]
	if !strings.HasPrefix(dir[strings.LastIndexByte(dir, '/')+1:], "bot") || m == "" || len(m) > 64 {
		return "other"
	}
	for _, c := range m {
		if (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') {
			return "other"
		}
	}
	return m
}

// result is the label of an answer: ok, the code of the errors the bot
// tells apart (400, 401, 403, 404, 409, 429), 4xx, 5xx, other, or error
// when no answer came.
func result(resp *http.Response, err error) string {
	if err != nil || resp == nil {
		return "error"
	}
	switch c := resp.StatusCode; {
	case c >= 200 && c < 300:
		return "ok"
	case c == 400, c == 401, c == 403, c == 404, c == 409, c == 429:
		return strconv.Itoa(c)
	case c >= 400 && c < 500:
		return "4xx"
	case c >= 500 && c < 600:
		return "5xx"
	}
	return "other"
}
