package telegramtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// param is one request parameter as it arrived.
type param struct {
	value  string  // a JSON string unquoted; any other JSON value as written
	isJSON bool    // a non-string value of a JSON body (number, bool, object, array)
	file   *upload // a multipart file part
}

// upload is a file sent in a multipart request.
type upload struct {
	name string
	data []byte
}

// params are the parameters of one request, by name.
type params map[string]param

// validateParams checks the parameters of a request against the method's
// specification: no unknown ones, the required ones present, types right.
func (sp *spec) validateParams(m *specEntry, ps params) *apiError {
	for name, p := range ps {
		f, ok := m.byName[name]
		if !ok {
			if p.file != nil && ps.attached(name) {
				continue
			}
			return violationf(fmt.Sprintf("unknown parameter %q", name), "unknown parameter %q", name)
		}
		if err := sp.checkParam(f, p); err != nil {
			return violationf(fmt.Sprintf("can't parse parameter %q", name), "parameter %s", err)
		}
	}
	for _, f := range m.Fields {
		if _, ok := ps[f.Name]; ok || !f.Required {
			continue
		}
		if f.Name == "text" {
			return violation("message text is empty", `required parameter "text" is missing`)
		}
		return violationf(f.Name+" is empty", "required parameter %q is missing", f.Name)
	}
	return nil
}

// attached reports whether a file part is referenced as attach://name.
func (ps params) attached(name string) bool {
	for _, p := range ps {
		if p.file == nil && strings.Contains(p.value, "attach://"+name) {
			return true
		}
	}
	return false
}

// checkParam checks one top-level parameter against the union of its types.
func (sp *spec) checkParam(f *specField, p param) error {
	var v any
	decoded := false
	var firstErr error
	for _, t := range f.Types {
		var err error
		switch {
		case p.file != nil:
			if t != "InputFile" {
				err = fmt.Errorf("a file was uploaded, want %s", strings.Join(f.Types, " or "))
			}
		case t == "Integer" || t == "Float" || t == "Boolean" || t == "String" || t == "InputFile":
			err = checkScalarText(t, p)
		default:
			if !decoded {
				v, err = decodeJSON(p.value)
				decoded = err == nil
			}
			if err == nil {
				err = sp.checkValue(t, v)
			}
		}
		if err == nil {
			return nil
		}
		if firstErr == nil || (decoded && sp.fitsBetter(t, v)) {
			firstErr = err
		}
	}
	return fmt.Errorf("%s%s", f.Name, prefixed(firstErr))
}

// checkScalarText checks a scalar parameter that arrived as text.
func checkScalarText(t string, p param) error {
	s := p.value
	var err error
	switch t {
	case "Integer":
		_, err = strconv.ParseInt(s, 10, 64)
	case "Float":
		_, err = strconv.ParseFloat(s, 64)
	case "Boolean":
		if s != "true" && s != "false" {
			err = fmt.Errorf("not a boolean")
		}
	case "String", "InputFile":
		if p.isJSON && (strings.HasPrefix(s, "{") || strings.HasPrefix(s, "[")) {
			err = fmt.Errorf("an object or array")
		}
	}
	if err != nil {
		return fmt.Errorf("%.40q is not %s", s, t)
	}
	return nil
}

// decodeJSON decodes a JSON-serialized parameter, keeping numbers exact.
func decodeJSON(s string) (any, error) {
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("invalid JSON: %w", err)
	}
	if dec.More() {
		return nil, fmt.Errorf("invalid JSON: trailing data")
	}
	return v, nil
}
