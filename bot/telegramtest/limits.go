package telegramtest

import (
	"context"
	"strconv"
	"time"
)

// Telegram's flood limits, as its FAQ states them.
const (
	globalPerSecond = 30
	groupPerMinute  = 20
	privateInterval = time.Second
)

// limiter remembers recent sends, when Options.EnforceLimits is on.
type limiter struct {
	global []time.Time
	chats  map[int64][]time.Time
}

func newLimiter() limiter { return limiter{chats: map[int64][]time.Time{}} }

// countsForLimits reports whether a method counts against the limits of a
// chat: sending does everywhere, editing in groups.
func countsForLimits(method string, c *chatState) bool {
	switch method {
	case "sendMessage", "sendDocument", "sendPhoto", "sendAudio", "sendVideo", "sendAnimation",
		"sendVoice", "sendSticker", "sendPoll", "sendLocation", "sendContact", "sendMediaGroup",
		"copyMessage", "forwardMessage":
		return true
	case "editMessageText", "editMessageReplyMarkup", "editMessageCaption", "editMessageMedia":
		return c.isGroup()
	}
	return false
}

// check answers 429 when one more message to the chat would pass a limit.
func (l *limiter) check(c *chatState, now time.Time) *apiError {
	l.global = recent(l.global, now, time.Second)
	if len(l.global) >= globalPerSecond {
		return tooManyRequests(retryAfter(l.global[0].Add(time.Second), now))
	}
	sent := l.chats[c.id]
	if c.isGroup() {
		sent = recent(sent, now, time.Minute)
		l.chats[c.id] = sent
		if len(sent) >= groupPerMinute {
			return tooManyRequests(retryAfter(sent[0].Add(time.Minute), now))
		}
		return nil
	}
	sent = recent(sent, now, privateInterval)
	l.chats[c.id] = sent
	if len(sent) > 0 {
		return tooManyRequests(retryAfter(sent[len(sent)-1].Add(privateInterval), now))
	}
	return nil
}

// record counts a message that was sent.
func (l *limiter) record(c *chatState, now time.Time) {
	l.global = append(l.global, now)
	l.chats[c.id] = append(l.chats[c.id], now)
}

// recent keeps the times within window before now.
func recent(ts []time.Time, now time.Time, window time.Duration) []time.Time {
	i := 0
	for i < len(ts) && !ts[i].After(now.Add(-window)) {
		i++
	}
	return ts[i:]
}

// retryAfter is the whole seconds until free, at least 1.
func retryAfter(free, now time.Time) int {
	secs := int((free.Sub(now) + time.Second - 1) / time.Second)
	return max(secs, 1)
}

// Fault is a failure to inject into the next matching requests.
//
// The kinds Telegram gives, and how to ask for them:
//
//	Fault{Code: 429, RetryAfter: 7}       // flood limit: parameters.retry_after
//	Fault{Code: 500}, Fault{Code: 502}    // Telegram's server or its gateway failed
//	Fault{ChatID: user, Code: 403}        // "bot was blocked by the user"
//	Fault{ChatID: group, Code: 403}       // "bot was kicked from the group chat"
//	Fault{ChatID: group, MigrateTo: -100…} // 400 with parameters.migrate_to_chat_id
//	Fault{Delay: time.Minute}             // a slow answer (the request is then carried out)
//	Fault{Lost: true}                     // carried out, but the answer never arrives
//
// Only valid requests meet faults: a request that breaks the specification
// is answered as a violation and does not use up a fault.
type Fault struct {
	Method      string        // "" = any method (getUpdates excluded unless named)
	ChatID      int64         // 0 = any chat
	Code        int           // HTTP error code to answer: 429, 403, 500, 502…; 0 = succeed (after Delay)
	RetryAfter  int           // parameters.retry_after of a 429 (default 1)
	MigrateTo   int64         // parameters.migrate_to_chat_id of a 400 (Code defaults to 400)
	Description string        // default: Telegram's wording for Code (and, for 403, the chat's type)
	Times       int           // how many requests it hits; default 1
	Delay       time.Duration // answer this much later (real time), or when the client gives up
	// Lost makes the answer go missing: the request is carried out in full
	// (the message is sent, the state changes, events are emitted; Code is
	// ignored) and then the connection is closed without an answer, so the
	// client sees an error (EOF) for something that happened, as when
	// Telegram's answer to a sendMessage is lost in transit. A client that
	// retries sends the message twice. Each such request is logged with
	// Status 0 and counted by LostAnswers; it is not a violation.
	Lost bool
}

// Fail injects a fault. Faults are tried in the order injected; injected
// failures are never violations.
func (s *Server) Fail(f Fault) {
	if f.Times <= 0 {
		f.Times = 1
	}
	if f.MigrateTo != 0 && f.Code == 0 {
		f.Code = 400
	}
	if f.Code == 429 && f.RetryAfter == 0 {
		f.RetryAfter = 1
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &f)
}

// applyFault finds a fault matching the request, waits its delay and
// answers its error. A Lost fault carries the request out here and aborts
// the connection (see lost.go): applyFault does not return then.
func (s *Server) applyFault(ctx context.Context, method string, ps params) *apiError {
	chatID, _ := strconv.ParseInt(ps["chat_id"].value, 10, 64)
	s.mu.Lock()
	var hit *Fault
	for i, f := range s.faults {
		if (f.Method == method || (f.Method == "" && method != "getUpdates")) && (f.ChatID == 0 || f.ChatID == chatID) {
			hit = f
			if f.Times--; f.Times == 0 {
				s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
			}
			break
		}
	}
	var f Fault
	chatType := ""
	if hit != nil {
		f = *hit // hit's Times may change under s.mu once released
		if c, ok := s.chats[chatID]; ok {
			chatType = c.typ
		} else if chatID < 0 {
			chatType = "group"
		}
	}
	s.mu.Unlock()
	if hit == nil {
		return nil
	}
	if f.Delay > 0 {
		t := time.NewTimer(f.Delay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
		case <-s.done:
		}
	}
	if f.Lost {
		s.loseAnswer(ctx, method, ps)
	}
	if f.Code == 0 {
		return nil
	}
	return faultError(f, chatType)
}

// faultError is the answer of an injected fault to a chat of a type
// ("private", "group", "supergroup"; "" when the request names none).
func faultError(f Fault, chatType string) *apiError {
	e := &apiError{code: f.Code, desc: f.Description, retryAfter: f.RetryAfter, migrateTo: f.MigrateTo}
	if e.desc != "" {
		return e
	}
	switch f.Code {
	case 429:
		e.desc = tooManyRequests(f.RetryAfter).desc
	case 400:
		e.desc = "Bad Request: group chat was upgraded to a supergroup chat"
	case 403:
		switch chatType {
		case "group", "supergroup":
			e.desc = "Forbidden: bot was kicked from the " + chatType + " chat"
		default:
			e.desc = "Forbidden: bot was blocked by the user"
		}
	case 500:
		e.desc = "Internal Server Error"
	case 502:
		e.desc = "Bad Gateway"
	default:
		e.desc = "Error " + strconv.Itoa(f.Code)
	}
	return e
}
