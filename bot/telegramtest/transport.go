package telegramtest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
)

// serveHTTP routes /bot<token>/<method> and /file/bot<token>/<path>.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if rest, ok := strings.CutPrefix(r.URL.Path, "/file/bot"); ok {
		s.serveFile(w, rest)
		return
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/bot")
	if !ok {
		writeError(w, &apiError{code: 404, desc: "Not Found"})
		return
	}
	token, name, _ := strings.Cut(rest, "/")
	if token != s.opts.Token {
		writeError(w, &apiError{code: 401, desc: "Unauthorized"})
		return
	}
	m, ok := s.spec.method(name)
	if !ok {
		e := &apiError{code: 404, desc: "Not Found", violation: fmt.Sprintf("unknown method %q", name)}
		s.finish(name, nil, e)
		writeError(w, e)
		return
	}
	body := &bodyReader{ReadCloser: r.Body}
	r.Body = body
	ps, err := parseRequest(r)
	if err != nil && body.err != nil {
		// The body was cut off in transit: the client went away while sending
		// it, as go-telegram/bot does when its context is cancelled during a
		// request. Telegram never receives such a request, so it is neither
		// logged nor a violation, and nobody is left to read an answer.
		return
	}
	if err != nil {
		e := violationf("can't parse request", "%v", err)
		s.finish(m.Name, ps, e)
		writeError(w, e)
		return
	}
	result, e := s.call(r.Context(), m, ps)
	s.finish(m.Name, ps, e)
	if e != nil {
		writeError(w, e)
		return
	}
	writeResult(w, result)
}

// call validates a request, applies injected faults and rate limits, and runs the method.
func (s *Server) call(ctx context.Context, m *specEntry, ps params) (any, *apiError) {
	if e := s.spec.validateParams(m, ps); e != nil {
		return nil, e
	}
	if e := checkSemantics(m.Name, ps); e != nil {
		return nil, e
	}
	if e := s.applyFault(ctx, m.Name, ps); e != nil {
		return nil, e
	}
	if m.Name == "getUpdates" {
		return s.getUpdates(ctx, ps)
	}
	s.mu.Lock()
	result, e := s.dispatch(m.Name, ps)
	s.mu.Unlock()
	s.flushEvents()
	return result, e
}

// finish logs a request and records a violation.
func (s *Server) finish(method string, ps params, e *apiError) {
	req := Request{Method: method, Params: map[string]string{}, Status: http.StatusOK, Time: s.now()}
	for k, p := range ps {
		req.Params[k] = p.value
		if p.file != nil {
			req.Params[k] = "@" + p.file.name
		}
	}
	if e != nil {
		req.Status, req.Description = e.code, e.desc
	}
	s.mu.Lock()
	s.requests = append(s.requests, req)
	if e != nil && e.code == http.StatusTooManyRequests {
		s.count429++
	}
	var v *Violation
	if e != nil && e.violation != "" {
		v = &Violation{Method: method, Message: e.violation}
		s.violations = append(s.violations, *v)
	}
	s.mu.Unlock()
	if v != nil && s.opts.OnViolation != nil && !s.closed() {
		s.opts.OnViolation(*v)
	}
}

// parseRequest reads the parameters from the query string and a JSON,
// multipart or URL-encoded body.
func parseRequest(r *http.Request) (params, error) {
	ps := params{}
	for k, vs := range r.URL.Query() {
		ps[k] = param{value: vs[0]}
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "application/json":
		return ps, parseJSONBody(r.Body, ps)
	case "multipart/form-data":
		return ps, parseMultipart(r, ps)
	case "application/x-www-form-urlencoded":
		if err := r.ParseForm(); err != nil {
			return ps, fmt.Errorf("form body: %w", err)
		}
		for k, vs := range r.PostForm {
			ps[k] = param{value: vs[0]}
		}
	}
	return ps, nil
}

// bodyReader is a request body that remembers why it could not be read to
// its end, telling a body cut off in transit from a malformed one.
type bodyReader struct {
	io.ReadCloser
	err error // the first read error other than io.EOF
}

// Read reads from the body, recording the first error other than its end.
func (b *bodyReader) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && err != io.EOF && b.err == nil {
		b.err = err
	}
	return n, err
}

// parseJSONBody reads a JSON object body; string values are unquoted.
func parseJSONBody(body io.Reader, ps params) error {
	var raw map[string]json.RawMessage
	if err := json.NewDecoder(body).Decode(&raw); err != nil && err != io.EOF {
		return fmt.Errorf("JSON body: %w", err)
	}
	for k, v := range raw {
		switch {
		case string(v) == "null":
		case strings.HasPrefix(string(v), `"`):
			var str string
			if err := json.Unmarshal(v, &str); err != nil {
				return fmt.Errorf("JSON body field %q: %w", k, err)
			}
			ps[k] = param{value: str}
		default:
			ps[k] = param{value: string(v), isJSON: true}
		}
	}
	return nil
}

// parseMultipart reads form fields and file parts.
func parseMultipart(r *http.Request, ps params) error {
	if err := r.ParseMultipartForm(64 << 20); err != nil {
		if errors.Is(err, io.EOF) {
			return nil // an empty body, as go-telegram/bot sends for getMe: no parameters
		}
		return fmt.Errorf("multipart body: %w", err)
	}
	for k, vs := range r.MultipartForm.Value {
		ps[k] = param{value: vs[0]}
	}
	for k, fhs := range r.MultipartForm.File {
		f, err := fhs[0].Open()
		if err != nil {
			return fmt.Errorf("multipart file %q: %w", k, err)
		}
		data, err := io.ReadAll(f)
		_ = f.Close()
		if err != nil {
			return fmt.Errorf("multipart file %q: %w", k, err)
		}
		ps[k] = param{value: "", file: &upload{name: fhs[0].Filename, data: data}}
	}
	return nil
}

// serveFile serves GET /file/bot<token>/<file_path>.
func (s *Server) serveFile(w http.ResponseWriter, rest string) {
	token, path, _ := strings.Cut(rest, "/")
	if token != s.opts.Token {
		writeError(w, &apiError{code: 401, desc: "Unauthorized"})
		return
	}
	s.mu.Lock()
	f, ok := s.filePaths[path]
	s.mu.Unlock()
	if !ok {
		writeError(w, &apiError{code: 404, desc: "Not Found"})
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	_, _ = w.Write(f.Content)
}
