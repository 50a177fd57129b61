package telegramtest

import (
	"regexp"
	"strings"
)

// botCommandName is what setMyCommands accepts as a command.
var botCommandName = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)

// checkSemantics enforces the limits the specification states in prose:
// text and caption lengths after entity parsing, well-formed markup,
// callback_data sizes, command names. It runs after validateParams.
func checkSemantics(method string, ps params) *apiError {
	mode := ps["parse_mode"].value
	if _, ok := ps["parse_mode"]; ok && mode != "HTML" && mode != "MarkdownV2" && mode != "Markdown" {
		return violationf("unsupported parse_mode", "parse_mode %q: want HTML, MarkdownV2 or Markdown", mode)
	}
	if err := checkTexts(method, ps, mode); err != nil {
		return err
	}
	if p, ok := ps["reply_markup"]; ok {
		if err := checkKeyboard(p.value); err != nil {
			return err
		}
	}
	switch method {
	case "answerCallbackQuery":
		if n := utf16Len(ps["text"].value); n > 200 {
			return violationf("MESSAGE_TOO_LONG", "callback answer text is %d characters, at most 200", n)
		}
	case "setMyCommands":
		return checkCommands(ps["commands"].value)
	}
	return nil
}

// checkTexts checks the text of sendMessage / editMessageText and any caption.
func checkTexts(method string, ps params, mode string) *apiError {
	if method == "sendMessage" || method == "editMessageText" {
		p, ok := ps["text"]
		if !ok {
			if _, rich := ps["rich_message"]; rich {
				return nil
			}
			return violation("message text is empty", `parameter "text" is missing`)
		}
		f, err := parseText(p.value, mode)
		if err != nil {
			return violationf("can't parse entities: "+err.Error(), "text in %s: %s", mode, err)
		}
		if strings.TrimSpace(f.plain) == "" {
			return violation("message text is empty", "text is empty after entity parsing")
		}
		if n := utf16Len(f.plain); n > 4096 {
			return violationf("message is too long", "text is %d characters after entity parsing, at most 4096", n)
		}
	}
	if p, ok := ps["caption"]; ok {
		f, err := parseText(p.value, mode)
		if err != nil {
			return violationf("can't parse entities: "+err.Error(), "caption in %s: %s", mode, err)
		}
		if n := utf16Len(f.plain); n > 1024 {
			return violationf("message caption is too long", "caption is %d characters after entity parsing, at most 1024", n)
		}
	}
	return nil
}

// buttonLabels are the fields of an InlineKeyboardButton that are not its action.
var buttonLabels = map[string]bool{"text": true, "icon_custom_emoji_id": true, "style": true}

// checkKeyboard checks the buttons of an inline keyboard: a label, an action,
// callback_data of 1–64 bytes.
func checkKeyboard(raw string) *apiError {
	v, err := decodeJSON(raw)
	if err != nil {
		return nil // validateParams already accepted it; nothing more to see
	}
	obj, _ := v.(map[string]any)
	rows, _ := obj["inline_keyboard"].([]any)
	for i, row := range rows {
		buttons, _ := row.([]any)
		for j, b := range buttons {
			btn, _ := b.(map[string]any)
			if err := checkButton(btn, i, j); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkButton checks one inline keyboard button.
func checkButton(btn map[string]any, row, col int) *apiError {
	text, _ := btn["text"].(string)
	if strings.TrimSpace(text) == "" {
		return violationf("BUTTON_TEXT_INVALID", "inline_keyboard[%d][%d]: button text is empty", row, col)
	}
	if data, ok := btn["callback_data"].(string); ok && (len(data) < 1 || len(data) > 64) {
		return violationf("BUTTON_DATA_INVALID", "inline_keyboard[%d][%d] %q: callback_data is %d bytes, want 1-64", row, col, text, len(data))
	}
	for k, v := range btn {
		if !buttonLabels[k] && !isEmptyAction(v) {
			return nil
		}
	}
	return violationf("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
		"inline_keyboard[%d][%d] %q: button has no action (callback_data, url, …)", row, col, text)
}

// isEmptyAction reports an action field that says nothing, such as the
// "copy_text":{"text":""} go-telegram/bot sends with every button.
func isEmptyAction(v any) bool {
	switch x := v.(type) {
	case string:
		return x == ""
	case bool:
		return !x
	case map[string]any:
		for _, f := range x {
			if !isEmptyAction(f) {
				return false
			}
		}
		return true
	}
	return v == nil
}

// checkCommands checks the list of setMyCommands.
func checkCommands(raw string) *apiError {
	v, err := decodeJSON(raw)
	if err != nil {
		return nil
	}
	list, _ := v.([]any)
	if len(list) > 100 {
		return violationf("BOT_COMMANDS_TOO_MUCH", "%d commands, at most 100", len(list))
	}
	for i, c := range list {
		cmd, _ := c.(map[string]any)
		name, _ := cmd["command"].(string)
		desc, _ := cmd["description"].(string)
		if !botCommandName.MatchString(name) {
			return violationf("BOT_COMMAND_INVALID", "commands[%d] %q: want 1-32 characters of a-z, 0-9, _", i, name)
		}
		if n := utf16Len(desc); n < 1 || n > 256 {
			return violationf("BOT_COMMAND_DESCRIPTION_INVALID", "commands[%d] %q: description is %d characters, want 1-256", i, name, n)
		}
	}
	return nil
}
