package telegramtest

import "fmt"

// apiError is an answer Telegram would give instead of a result. When
// violation is set, the request broke the Bot API specification and the
// server also records a Violation; otherwise the error is ordinary Telegram
// behaviour (chat not found, message is not modified, a 403, an injected fault).
type apiError struct {
	code       int
	desc       string
	retryAfter int
	migrateTo  int64
	violation  string
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s", e.code, e.desc) }

// badRequest is a 400 that is normal Telegram behaviour, not a violation.
func badRequest(desc string) *apiError {
	return &apiError{code: 400, desc: "Bad Request: " + desc}
}

// forbidden is a 403, not a violation.
func forbidden(desc string) *apiError {
	return &apiError{code: 403, desc: "Forbidden: " + desc}
}

// violation is a 400 answering a request that breaks the specification;
// detail tells the developer what exactly was wrong.
func violation(desc, detail string) *apiError {
	return &apiError{code: 400, desc: "Bad Request: " + desc, violation: detail}
}

// violationf is violation with a formatted detail.
func violationf(desc, format string, args ...any) *apiError {
	return violation(desc, fmt.Sprintf(format, args...))
}

// tooManyRequests is a 429 with retry_after.
func tooManyRequests(retryAfter int) *apiError {
	return &apiError{
		code:       429,
		desc:       fmt.Sprintf("Too Many Requests: retry after %d", retryAfter),
		retryAfter: retryAfter,
	}
}
