package telegramtest

import (
	"time"

	"github.com/go-telegram/bot/models"
)

// state is everything the emulator remembers; Server.mu guards it.
type state struct {
	botID     int64
	users     map[int64]*userState
	chats     map[int64]*chatState
	files     map[string]*File
	filePaths map[string]*File
	callbacks map[string]*callbackState
	commands  map[commandKey][]models.BotCommand
	nextFile  int
	nextQuery int

	updates updateQueue
	hook    webhookState

	violations []Violation
	requests   []Request
	count429   int
	events     []Event
	faults     []*Fault
	limits     limiter
}

// userState is a Telegram user the tests act as.
type userState struct {
	user    User
	started bool // has written to the bot in private: the bot may message them
	blocked bool
}

// chatState is a private chat, group or supergroup.
type chatState struct {
	id         int64
	typ        string // "private", "group", "supergroup"
	title      string
	nextID     int
	msgs       []*msgState
	byID       map[int]*msgState
	members    map[int64]string // status by user id, the bot's included
	migratedTo int64
}

// msgState is a message and what the Bot API shows of it.
type msgState struct {
	obs         Message
	entities    []models.MessageEntity
	markup      *models.InlineKeyboardMarkup
	newMembers  []int64
	leftMember  int64
	migrateTo   int64
	migrateFrom int64
	pinnedID    int
	photo       bool         // sent with sendPhoto: shown as photo sizes, not a document
	senderChat  *models.Chat // posted on behalf of a chat (a channel, an anonymous admin)
}

// callbackState is a callback query a user made by pressing a button.
type callbackState struct {
	chatID    int64
	messageID int
	from      int64
	data      string
	answered  bool
	text      string
	showAlert bool
}

// commandKey identifies a command list of setMyCommands.
type commandKey struct {
	scope  string
	chatID int64
	userID int64
	lang   string
}

// newState is the empty world of a fresh server.
func newState(botID int64) state {
	return state{
		botID:     botID,
		users:     map[int64]*userState{},
		chats:     map[int64]*chatState{},
		files:     map[string]*File{},
		filePaths: map[string]*File{},
		callbacks: map[string]*callbackState{},
		commands:  map[commandKey][]models.BotCommand{},
		updates:   newUpdateQueue(),
		hook:      webhookState{changed: make(chan struct{})},
		limits:    newLimiter(),
	}
}

// newChat creates a chat of a type.
func (st *state) newChat(id int64, typ, title string) *chatState {
	c := &chatState{id: id, typ: typ, title: title, byID: map[int]*msgState{}, members: map[int64]string{}}
	st.chats[id] = c
	return c
}

// addMessage gives a message the chat's next id and stores it.
func (c *chatState) addMessage(m *msgState, date time.Time) *msgState {
	c.nextID++
	m.obs.ChatID, m.obs.ID, m.obs.Date = c.id, c.nextID, date
	c.msgs = append(c.msgs, m)
	c.byID[m.obs.ID] = m
	return m
}

// message finds a message that was not deleted.
func (c *chatState) message(id int) (*msgState, bool) {
	m, ok := c.byID[id]
	if !ok || m.obs.Deleted {
		return nil, false
	}
	return m, true
}

// isGroup reports a group or supergroup.
func (c *chatState) isGroup() bool { return c.typ == "group" || c.typ == "supergroup" }

// status is a user's membership status in the chat.
func (c *chatState) status(userID int64) string {
	if c.typ == "private" {
		return "member"
	}
	if s, ok := c.members[userID]; ok {
		return s
	}
	return "left"
}

// isMember reports whether a status is inside the chat.
func isMember(status string) bool {
	return status == "creator" || status == "administrator" || status == "member" || status == "restricted"
}

// modelChat is the Chat object of the Bot API.
func (st *state) modelChat(c *chatState) models.Chat {
	ch := models.Chat{ID: c.id, Type: models.ChatType(c.typ), Title: c.title}
	if u, ok := st.users[c.id]; ok && c.typ == "private" {
		ch.FirstName, ch.LastName, ch.Username = u.user.FirstName, u.user.LastName, u.user.Username
	}
	return ch
}

// modelUser is the User object of a user id, the bot's included.
func (st *state) modelUser(id int64, bot models.User) models.User {
	if id == st.botID || id == 0 {
		return bot
	}
	u, ok := st.users[id]
	if !ok {
		return models.User{ID: id, FirstName: "User"}
	}
	return models.User{ID: id, FirstName: u.user.FirstName, LastName: u.user.LastName,
		Username: u.user.Username, LanguageCode: u.user.LanguageCode}
}
