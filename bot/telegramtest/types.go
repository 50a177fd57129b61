package telegramtest

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// checkValue checks a decoded JSON value against a type of the specification:
// a scalar, "Array of X", an object type (no unknown fields, required ones
// present) or a union whose variant is chosen by its discriminating field.
func (sp *spec) checkValue(t string, v any) error {
	if elem, ok := strings.CutPrefix(t, "Array of "); ok {
		arr, ok := v.([]any)
		if !ok {
			return fmt.Errorf("want %s, got %s", t, jsonKind(v))
		}
		for i, e := range arr {
			if err := sp.checkValue(elem, e); err != nil {
				return fmt.Errorf("[%d]%s", i, prefixed(err))
			}
		}
		return nil
	}
	if ok, known := checkScalar(t, v); known {
		if !ok {
			return fmt.Errorf("want %s, got %s", t, jsonKind(v))
		}
		return nil
	}
	e, ok := sp.Types[t]
	if !ok {
		return nil // a type the scrape does not describe: nothing to check
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return fmt.Errorf("want %s object, got %s", t, jsonKind(v))
	}
	if len(e.Subtypes) > 0 {
		return sp.checkVariant(e, obj)
	}
	return sp.checkObject(e, obj)
}

// checkScalar checks a scalar type; known is false for non-scalar types.
func checkScalar(t string, v any) (ok, known bool) {
	switch t {
	case "Integer":
		n, isNum := v.(json.Number)
		if !isNum {
			return false, true
		}
		_, err := n.Int64()
		return err == nil, true
	case "Float":
		_, isNum := v.(json.Number)
		return isNum, true
	case "String", "InputFile":
		_, isStr := v.(string)
		return isStr, true
	case "Boolean":
		_, isBool := v.(bool)
		return isBool, true
	case "True":
		b, isBool := v.(bool)
		return isBool && b, true
	}
	return false, false
}

// checkVariant checks an object against the subtype of a union its
// discriminating field names (BotCommandScope by "type", ChatMember by "status").
func (sp *spec) checkVariant(e *specEntry, obj map[string]any) error {
	var firstErr error
	for _, name := range e.Subtypes {
		sub, ok := sp.Types[name]
		if !ok {
			continue
		}
		if sub.tagKey != "" && obj[sub.tagKey] != sub.tag {
			continue
		}
		err := sp.checkObject(sub, obj)
		if err == nil {
			return nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	if firstErr == nil {
		return fmt.Errorf("no variant of %s matches %s", e.Name, compact(obj))
	}
	return firstErr
}

// checkObject checks the fields of an object type.
func (sp *spec) checkObject(e *specEntry, obj map[string]any) error {
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		f, ok := e.byName[k]
		if !ok {
			return fmt.Errorf(".%s: unknown field of %s", k, e.Name)
		}
		if err := sp.checkUnion(f.Types, obj[k]); err != nil {
			return fmt.Errorf(".%s%s", k, prefixed(err))
		}
	}
	for _, f := range e.Fields {
		if _, ok := obj[f.Name]; f.Required && !ok {
			return fmt.Errorf(".%s: required field of %s is missing", f.Name, e.Name)
		}
	}
	return nil
}

// checkUnion accepts a value that fits any of the types; otherwise it
// reports the error of the type the value resembles most.
func (sp *spec) checkUnion(types []string, v any) error {
	var best error
	for _, t := range types {
		err := sp.checkValue(t, v)
		if err == nil {
			return nil
		}
		if best == nil || sp.fitsBetter(t, v) {
			best = err
		}
	}
	return best
}

// fitsBetter reports whether an object value has a field that belongs to
// type t, so that t's error is the informative one.
func (sp *spec) fitsBetter(t string, v any) bool {
	obj, ok := v.(map[string]any)
	e, known := sp.Types[t]
	if !ok || !known {
		return false
	}
	for k := range obj {
		if _, ok := e.byName[k]; ok {
			return true
		}
	}
	return false
}

// prefixed formats a nested error so paths read reply_markup.inline_keyboard[0][1].text.
func prefixed(err error) string {
	s := err.Error()
	if strings.HasPrefix(s, ".") || strings.HasPrefix(s, "[") {
		return s
	}
	return ": " + s
}

// jsonKind names the JSON kind of a decoded value.
func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case json.Number:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	}
	return "object"
}

// compact renders a decoded value for an error message.
func compact(v any) string {
	b, _ := json.Marshal(v)
	if len(b) > 80 {
		return string(b[:80]) + "…"
	}
	return string(b)
}
