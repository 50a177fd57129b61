package telegramtest

import (
	"context"
	"net/http"
)

// loseAnswer carries out a request that met a Lost fault, logs it with
// Status 0 (no answer) and aborts the connection: the client reads EOF, as
// when Telegram did what was asked and the answer was lost on the way. The
// panic is net/http's sentinel for that; the server closes the connection
// without writing a response and without logging a stack.
func (s *Server) loseAnswer(ctx context.Context, method string, ps params) {
	var e *apiError
	if method == "getUpdates" {
		_, e = s.getUpdates(ctx, ps) // the updates count as delivered, not confirmed
	} else {
		s.mu.Lock()
		_, e = s.dispatch(method, ps)
		s.mu.Unlock()
		s.flushEvents()
	}
	lost := &apiError{code: 0, desc: lostDescription}
	if e != nil {
		// What would have been answered, had the answer arrived; a request
		// that breaks the specification is a violation all the same.
		lost.desc, lost.violation = e.desc, e.violation
	}
	s.finish(method, ps, lost)
	panic(http.ErrAbortHandler)
}

// lostDescription marks a successful request whose answer was lost.
const lostDescription = "(answer lost: the connection was closed)"

// LostAnswers is the number of requests carried out whose answer a Lost
// fault withheld: each is a request the client saw fail although it took
// effect, so a client that retries it duplicates it. They are in Requests
// with Status 0.
func (s *Server) LostAnswers() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.requests {
		if r.Status == 0 {
			n++
		}
	}
	return n
}
