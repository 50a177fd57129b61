// Package telegramtest is an in-process Telegram Bot API emulator: the
// harness of the end-to-end tests, of zhibu demo and zhibu sim, and of the
// benchmarks.
//
// The bot under test talks to it over real HTTP, as to api.telegram.org:
//
//	srv := telegramtest.New(t, telegramtest.Options{})
//	b, err := tgbot.New(srv.Token(), tgbot.WithServerURL(srv.URL()))
//
// Tests then act as users (AddUser, AddGroup, JoinGroup, AddBot, SendText,
// Reply, SendDocument, Press, PressButton, MigrateToSupergroup) and observe
// what the bot did (Messages, BotMessages, LastBotMessage, CallbackAnswer,
// Commands, Requests, Events through Options.OnEvent).
//
// Every request is checked against the Bot API specification embedded from
// botapi/api.json: the method exists, required parameters are present, no
// unknown parameters or fields, types fit, texts are 1–4096 characters after
// entity parsing, captions at most 1024, callback_data 1–64 bytes, HTML
// well formed with only Telegram's tags, commands valid. A request that breaks
// it is answered 400 as Telegram would and recorded as a Violation;
// New fails the test on each. Ordinary refusals (chat not found, message is
// not modified, 403s, flood limits, injected faults) are answered the same way
// but are not violations.
//
// Behaviour worth knowing, where it follows Telegram rather than intuition:
//   - Two concurrent getUpdates calls: the older one is terminated with 409
//     "Conflict: terminated by other getUpdates request…" and the newer one
//     proceeds, as on the real server.
//   - In privacy mode a bot that is an administrator of a group receives all
//     its messages, as on Telegram; demote it (SetAdmin false) to test
//     privacy filtering.
//   - JoinGroup, LeaveGroup, AddBot, RemoveBot, MigrateToSupergroup and
//     pinning in groups post service messages, which take message ids.
//   - editMessageText without reply_markup removes the inline keyboard.
//   - Message.Text is the text as sent (with its markup), Message.Plain as a
//     member reads it; for documents both hold the caption.
//   - Callback queries do not expire; each may be answered once.
//   - A request whose body is cut off in transit (a bot cancelled while
//     sending it) is dropped: Telegram never receives it, so it is neither
//     in Requests nor a violation.
//   - The driving methods panic on a test's mistake (unknown chat, a user who
//     is not a member writing to a group); users unknown to AddUser are
//     created as "User <id>".
//   - Webhooks: setWebhook (an https URL, or http to a loopback host so
//     that tests need no TLS; secret_token of 1–256 characters A-Z a-z 0-9
//     _ -), deleteWebhook and getWebhookInfo. While a webhook is set
//     getUpdates answers 409, and each pending update is POSTed to the URL
//     in update_id order with the X-Telegram-Bot-Api-Secret-Token header; a
//     non-2xx answer leaves it pending and is retried (after
//     Options.WebhookRetry, or at the next DeliverWebhook call with
//     Options.ManualWebhook). WebhookAttempts records every POST.
//   - The Clock dates messages and drives the flood limits; long-poll
//     timeouts and Fault.Delay use real timers.
package telegramtest
