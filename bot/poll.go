package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/zhibu/zhibu"
)

// allowedUpdates are the update kinds the bot asks Telegram for.
var allowedUpdates = []string{"message", "callback_query", "my_chat_member"}

// poll is the receiving half of the durable inbox: it asks Telegram for
// updates from the stored offset, stores them together with the next offset,
// and only then asks again, which is what confirms them to Telegram. A crash
// at any point loses nothing: unconfirmed updates are sent again, stored
// ones are deduplicated by update_id.
func (b *Bot) poll(ctx context.Context) error {
	if err := b.leaveWebhook(ctx); err != nil {
		return err
	}
	offset, err := b.cfg.Inbox.InboxOffset(ctx)
	if err != nil {
		return fmt.Errorf("bot: read inbox offset: %w", err)
	}
	backoff := time.Duration(0)
	for ctx.Err() == nil {
		if backoff > 0 {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(backoff):
			}
		}
		items, next, err := b.fetch(ctx, offset, b.cfg.PollTimeout)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			b.log.Warn("get updates", "err", err, "retry_in", backoff)
			backoff = min(max(2*backoff, 500*time.Millisecond), 30*time.Second)
			continue
		}
		backoff = 0
		if len(items) == 0 {
			continue
		}
		// Store with a context that survives shutdown: updates Telegram has
		// sent must reach the database even while we are stopping.
		n, err := b.cfg.Inbox.StoreUpdates(context.WithoutCancel(ctx), items, next)
		if err != nil {
			b.log.Error("store updates", "err", err)
			backoff = time.Second
			continue
		}
		b.cfg.Observer.UpdatesReceived(n)
		offset = next
		b.notify()
	}
	return ctx.Err()
}

// leaveWebhook deletes any webhook, trying until Telegram agrees or ctx
// ends: getUpdates is refused while one is set.
func (b *Bot) leaveWebhook(ctx context.Context) error {
	backoff := time.Duration(0)
	for {
		err := b.DeleteWebhook(ctx)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		backoff = min(max(2*backoff, 500*time.Millisecond), 30*time.Second)
		b.log.Warn("delete webhook before polling", "err", err, "retry_in", backoff)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(backoff):
		}
	}
}

// PollOnce makes one getUpdates call without waiting and stores what it
// got, returning how many updates were new. Together with ProcessPending it
// lets tests, the demo and the simulator step the bot deterministically.
func (b *Bot) PollOnce(ctx context.Context) (int, error) {
	offset, err := b.cfg.Inbox.InboxOffset(ctx)
	if err != nil {
		return 0, fmt.Errorf("bot: read inbox offset: %w", err)
	}
	items, next, err := b.fetch(ctx, offset, 0)
	if err != nil || len(items) == 0 {
		return 0, err
	}
	n, err := b.cfg.Inbox.StoreUpdates(ctx, items, next)
	if err == nil {
		b.cfg.Observer.UpdatesReceived(n)
	}
	return n, err
}

func (b *Bot) notify() {
	select {
	case b.wake <- struct{}{}:
	default:
	}
}

type getUpdatesRequest struct {
	Offset         int64    `json:"offset,omitempty"`
	Timeout        int      `json:"timeout"`
	AllowedUpdates []string `json:"allowed_updates"`
}

type apiResponse struct {
	OK          bool              `json:"ok"`
	Result      []json.RawMessage `json:"result"`
	ErrorCode   int               `json:"error_code"`
	Description string            `json:"description"`
}

// updateHead is the part of an update the inbox indexes.
type updateHead struct {
	UpdateID int64 `json:"update_id"`
	Message  *struct {
		Chat struct {
			ID int64 `json:"id"`
		} `json:"chat"`
	} `json:"message"`
	CallbackQuery *struct {
		Message *struct {
			Chat struct {
				ID int64 `json:"id"`
			} `json:"chat"`
		} `json:"message"`
	} `json:"callback_query"`
	MyChatMember *struct {
		Chat struct {
			ID int64 `json:"id"`
		} `json:"chat"`
	} `json:"my_chat_member"`
}

func (h updateHead) chatID() int64 {
	switch {
	case h.Message != nil:
		return h.Message.Chat.ID
	case h.CallbackQuery != nil && h.CallbackQuery.Message != nil:
		return h.CallbackQuery.Message.Chat.ID
	case h.MyChatMember != nil:
		return h.MyChatMember.Chat.ID
	}
	return 0
}

// fetch makes one getUpdates call and returns the updates as inbox items and
// the offset that confirms them.
func (b *Bot) fetch(ctx context.Context, offset int64, timeout time.Duration) ([]zhibu.InboxItem, int64, error) {
	body, _ := json.Marshal(getUpdatesRequest{Offset: offset, Timeout: int(timeout / time.Second), AllowedUpdates: allowedUpdates})
	url := b.cfg.APIURL + "/bot" + b.cfg.Token + "/getUpdates"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, offset, redact(err, b.cfg.Token)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := b.http.Do(req)
	if err != nil {
		return nil, offset, redact(err, b.cfg.Token)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, offset, fmt.Errorf("read getUpdates: %w", err)
	}
	var r apiResponse
	if err := json.Unmarshal(raw, &r); err != nil {
		return nil, offset, fmt.Errorf("decode getUpdates (HTTP %d): %w", resp.StatusCode, err)
	}
	if !r.OK {
		return nil, offset, fmt.Errorf("getUpdates: %d %s", r.ErrorCode, r.Description)
	}
	b.cfg.Observer.PollSucceeded(b.cfg.Now())
	return b.items(r.Result, offset)
}

func (b *Bot) items(result []json.RawMessage, offset int64) ([]zhibu.InboxItem, int64, error) {
	now := b.cfg.Now()
	items := make([]zhibu.InboxItem, 0, len(result))
	for _, raw := range result {
		var h updateHead
		if err := json.Unmarshal(raw, &h); err != nil || h.UpdateID == 0 {
			return nil, offset, errors.New("getUpdates: update without update_id")
		}
		items = append(items, zhibu.InboxItem{UpdateID: h.UpdateID, ChatID: h.chatID(), Payload: raw, ReceivedAt: now})
		offset = max(offset, h.UpdateID+1)
	}
	return items, offset, nil
}
