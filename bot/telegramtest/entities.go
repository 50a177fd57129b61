package telegramtest

import (
	"regexp"
	"strings"

	"github.com/go-telegram/bot/models"
)

// Patterns Telegram's clients and server recognise in what users type.
var (
	commandPattern = regexp.MustCompile(`(?:^|[\s(])(/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?)(?:$|[^A-Za-z0-9_@/])`)
	mentionPattern = regexp.MustCompile(`(?:^|[^A-Za-z0-9_@/])(@[A-Za-z0-9_]{5,32})(?:$|[^A-Za-z0-9_@])`)
)

// userEntities computes the entities Telegram attaches to a text a user
// typed: bot_command and mention, offsets in UTF-16 code units.
func userEntities(text string) []models.MessageEntity {
	var out []models.MessageEntity
	var covered [][2]int
	for _, loc := range findAllSubmatch(commandPattern, text) {
		covered = append(covered, loc)
		out = append(out, entityAt(text, loc, models.MessageEntityTypeBotCommand))
	}
	for _, loc := range findAllSubmatch(mentionPattern, text) {
		if !overlaps(covered, loc) {
			out = append(out, entityAt(text, loc, models.MessageEntityTypeMention))
		}
	}
	sortEntities(out)
	return out
}

// findAllSubmatch finds the byte ranges of group 1 of every match; matches
// may share the separator between them.
func findAllSubmatch(re *regexp.Regexp, text string) [][2]int {
	var out [][2]int
	for start := 0; start < len(text); {
		loc := re.FindStringSubmatchIndex(text[start:])
		if loc == nil {
			break
		}
		out = append(out, [2]int{start + loc[2], start + loc[3]})
		start += loc[3]
	}
	return out
}

// entityAt converts a byte range into an entity in UTF-16 units.
func entityAt(text string, loc [2]int, typ models.MessageEntityType) models.MessageEntity {
	return models.MessageEntity{
		Type:   typ,
		Offset: utf16Len(text[:loc[0]]),
		Length: utf16Len(text[loc[0]:loc[1]]),
	}
}

// overlaps reports whether loc intersects a covered range.
func overlaps(covered [][2]int, loc [2]int) bool {
	for _, c := range covered {
		if loc[0] < c[1] && c[0] < loc[1] {
			return true
		}
	}
	return false
}

// sortEntities orders entities by offset, as Telegram sends them.
func sortEntities(es []models.MessageEntity) {
	for i := 1; i < len(es); i++ {
		for j := i; j > 0 && es[j].Offset < es[j-1].Offset; j-- {
			es[j], es[j-1] = es[j-1], es[j]
		}
	}
}

// entityText is the text an entity covers.
func entityText(text string, e models.MessageEntity) string {
	u := []rune(text)
	var b strings.Builder
	pos := 0
	for _, r := range u {
		n := 1
		if r > 0xFFFF {
			n = 2
		}
		if pos >= e.Offset && pos < e.Offset+e.Length {
			b.WriteRune(r)
		}
		pos += n
	}
	return b.String()
}

// leadingCommand returns the command and the bot it addresses when text
// starts with a bot_command entity: "/start@zhibu_bot" → "start", "zhibu_bot".
func leadingCommand(text string, es []models.MessageEntity) (cmd, bot string, ok bool) {
	if len(es) == 0 || es[0].Type != models.MessageEntityTypeBotCommand || es[0].Offset != 0 {
		return "", "", false
	}
	cmd, bot, _ = strings.Cut(entityText(text, es[0])[1:], "@")
	return cmd, bot, true
}

// mentions reports whether the text mentions @username.
func mentions(text string, es []models.MessageEntity, username string) bool {
	for _, e := range es {
		if e.Type == models.MessageEntityTypeMention && strings.EqualFold(entityText(text, e), "@"+username) {
			return true
		}
	}
	return false
}
