package zhibu

import (
	"context"
	"errors"
)

// ErrRegistrationPending means a chat has no branch yet because its request
// to register one waits for a server operator.
var ErrRegistrationPending = errors.New("branch registration waiting for a server operator")

// Unregistered explains why a chat has no branch, by the rule Setup
// applies: ErrRegistrationClosed when this server takes no new branch,
// ErrRegistrationPending while the chat's request waits for an operator,
// and ErrNoBranch when a chat administrator may simply /setup.
func (g *Registrations) Unregistered(ctx context.Context, chatID int64) error {
	switch mode := g.policy.Effective(); {
	case mode == RegistrationOpen:
		return ErrNoBranch
	case mode != RegistrationApproval, g.policy.Unattended():
		return ErrRegistrationClosed
	}
	_, ok, err := g.pending(ctx, chatID)
	switch {
	case err != nil:
		return err
	case ok:
		return ErrRegistrationPending
	}
	return ErrNoBranch
}

// Waiting lists the requests waiting for a decision, oldest first, for an
// operator only: what they missed while the bot could not write to them.
func (g *Registrations) Waiting(ctx context.Context, operator Person) ([]Registration, error) {
	if !g.policy.IsOperator(operator.TelegramID) {
		return nil, ErrNotOperator
	}
	return g.store.PendingRegistrations(ctx, 0)
}
