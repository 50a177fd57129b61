package telegramtest

import (
	"encoding/json"
	"slices"
	"strconv"

	"github.com/go-telegram/bot/models"
)

// chatMethod runs the methods about a chat and its members.
func (s *Server) chatMethod(method string, ps params) (any, *apiError) {
	c, e := s.target(ps)
	if e != nil {
		return nil, e
	}
	switch method {
	case "getChat":
		ch := s.modelChat(c)
		return models.ChatFullInfo{ID: ch.ID, Type: ch.Type, Title: ch.Title, FirstName: ch.FirstName,
			LastName: ch.LastName, Username: ch.Username, AccentColorID: int(c.id % 7), MaxReactionCount: 11}, nil
	case "getChatAdministrators":
		if !c.isGroup() {
			return nil, badRequest("there are no administrators in the private chat")
		}
		return s.administrators(c), nil
	case "getChatMember":
		uid, _ := strconv.ParseInt(ps["user_id"].value, 10, 64)
		if _, ok := s.users[uid]; !ok && uid != s.botID {
			return nil, badRequest("PARTICIPANT_ID_INVALID")
		}
		m := chatMember(c.status(uid), s.modelUser(uid, s.botUser))
		return &m, nil
	case "getChatMemberCount":
		return s.memberCount(c), nil
	case "leaveChat":
		if c.isGroup() {
			old := c.status(s.botID)
			c.members[s.botID] = "left"
			s.memberUpdate(c, s.botID, s.botID, old, "left")
		}
		return true, nil
	}
	return true, nil // sendChatAction
}

// administrators lists the owner first, then administrators by id.
func (s *Server) administrators(c *chatState) []*models.ChatMember {
	var ids []int64
	for id, st := range c.members {
		if st == "creator" || st == "administrator" {
			ids = append(ids, id)
		}
	}
	slices.SortFunc(ids, func(a, b int64) int {
		if (c.members[a] == "creator") != (c.members[b] == "creator") {
			if c.members[a] == "creator" {
				return -1
			}
			return 1
		}
		return int(a - b)
	})
	out := make([]*models.ChatMember, 0, len(ids))
	for _, id := range ids {
		m := chatMember(c.members[id], s.modelUser(id, s.botUser))
		out = append(out, &m)
	}
	return out
}

// memberCount counts the members, the bot included.
func (s *Server) memberCount(c *chatState) int {
	if c.typ == "private" {
		return 2
	}
	n := 0
	for _, st := range c.members {
		if isMember(st) {
			n++
		}
	}
	return n
}

// commandsMethod runs setMyCommands, getMyCommands and deleteMyCommands.
func (s *Server) commandsMethod(method string, ps params) (any, *apiError) {
	key, e := commandScope(ps)
	if e != nil {
		return nil, e
	}
	switch method {
	case "setMyCommands":
		var cmds []models.BotCommand
		_ = json.Unmarshal([]byte(ps["commands"].value), &cmds) // validated already
		s.commands[key] = cmds
		return true, nil
	case "getMyCommands":
		return append([]models.BotCommand{}, s.commands[key]...), nil
	}
	delete(s.commands, key)
	return true, nil
}

// commandScope reads scope and language_code into a key.
func commandScope(ps params) (commandKey, *apiError) {
	key := commandKey{scope: "default", lang: ps["language_code"].value}
	p, ok := ps["scope"]
	if !ok {
		return key, nil
	}
	var scope struct {
		Type   string          `json:"type"`
		ChatID json.RawMessage `json:"chat_id"`
		UserID int64           `json:"user_id"`
	}
	_ = json.Unmarshal([]byte(p.value), &scope)
	key.scope, key.userID = scope.Type, scope.UserID
	if len(scope.ChatID) > 0 {
		id, err := strconv.ParseInt(string(scope.ChatID), 10, 64)
		if err != nil {
			return key, badRequest("chat not found")
		}
		key.chatID = id
	}
	return key, nil
}
