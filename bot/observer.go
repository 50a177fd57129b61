package bot

import "time"

// Observer is told what the bot receives and how it handles it, for the
// program's metrics and health check. The bot knows no metrics library:
// cmd/zhibu/app implements Observer. Its methods are called from several
// goroutines and must return quickly.
type Observer interface {
	// PollSucceeded: a getUpdates call was answered without error at at
	// (the bot's clock), whether or not it brought updates.
	PollSucceeded(at time.Time)
	// UpdatesReceived: n updates new to the inbox were stored (updates
	// Telegram sent again are not counted twice).
	UpdatesReceived(n int)
	// UpdateHandled: handling an update ended with outcome, one of the
	// Outcome constants.
	UpdateHandled(outcome string)
}

// Outcomes of handling an update, as told to Observer.UpdateHandled. Every
// update stored ends as exactly one of ok, failed, panic or flood; before
// that it may meet unavailable any number of times.
const (
	OutcomeOK     = "ok"     // handled, its effects and replies committed
	OutcomeFailed = "failed" // the handler failed: nothing kept, an apology sent
	OutcomePanic  = "panic"  // the handler panicked: nothing kept, an apology sent
	OutcomeFlood  = "flood"  // dropped unhandled: its sender was over their budget
	// OutcomeUnavailable: the database failed, nothing was kept and the
	// update stays pending, to be handled again.
	OutcomeUnavailable = "unavailable"
)

// nopObserver is the Observer of a bot that was given none.
type nopObserver struct{}

func (nopObserver) PollSucceeded(time.Time) {}
func (nopObserver) UpdatesReceived(int)     {}
func (nopObserver) UpdateHandled(string)    {}
