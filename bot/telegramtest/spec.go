package telegramtest

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"sync"
)

// specJSON is the Bot API specification scraped from core.telegram.org
// (see botapi/SOURCE.txt); every request is checked against it.
//
//go:embed botapi/api.json
var specJSON []byte

// loadSpec parses the embedded specification once; the result is read-only
// and shared by all servers.
var loadSpec = sync.OnceValues(func() (*spec, error) { return parseSpec(specJSON) })

// spec is the parsed Bot API specification.
type spec struct {
	Version string                `json:"version"`
	Methods map[string]*specEntry `json:"methods"`
	Types   map[string]*specEntry `json:"types"`

	byLower map[string]*specEntry // methods by lower-case name
}

// specEntry is a method or a type: its fields, or the subtypes of a union.
type specEntry struct {
	Name     string      `json:"name"`
	Fields   []specField `json:"fields"`
	Subtypes []string    `json:"subtypes"`

	byName map[string]*specField
	tag    string // for a subtype: the value its discriminating field must have
	tagKey string // that field's name ("type", "status", "source")
}

// specField is a parameter of a method or a field of a type.
type specField struct {
	Name     string   `json:"name"`
	Types    []string `json:"types"`
	Required bool     `json:"required"`
	Desc     string   `json:"description"`
}

// discriminator finds "must be chat" / `always "creator"` in the description of
// the field that tells the subtypes of a union apart.
var discriminator = regexp.MustCompile(`(?:must be|always) [“"]?([a-z_]+)`)

// parseSpec decodes the specification and indexes it.
func parseSpec(data []byte) (*spec, error) {
	var sp spec
	if err := json.Unmarshal(data, &sp); err != nil {
		return nil, fmt.Errorf("telegramtest: parse api.json: %w", err)
	}
	sp.byLower = make(map[string]*specEntry, len(sp.Methods))
	for name, m := range sp.Methods {
		m.index()
		sp.byLower[strings.ToLower(name)] = m
	}
	for _, t := range sp.Types {
		t.index()
	}
	return &sp, nil
}

// index builds the field map and finds the discriminating field, if any.
func (e *specEntry) index() {
	e.byName = make(map[string]*specField, len(e.Fields))
	for i := range e.Fields {
		f := &e.Fields[i]
		e.byName[f.Name] = f
		if e.tagKey != "" || !f.Required || len(f.Types) != 1 || f.Types[0] != "String" {
			continue
		}
		if m := discriminator.FindStringSubmatch(f.Desc); m != nil {
			e.tagKey, e.tag = f.Name, m[1]
		}
	}
}

// method looks a method up by name, case-insensitively as Telegram does.
func (sp *spec) method(name string) (*specEntry, bool) {
	m, ok := sp.byLower[strings.ToLower(name)]
	return m, ok
}
