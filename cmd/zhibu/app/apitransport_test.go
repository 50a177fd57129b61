package app

import (
	"errors"
	"net/http"
	"testing"
)

func TestAPIMethodNeverTheToken(t *testing.T) {
	const token = "123456789:AAsecretSECRETsecret"
	for path, want := range map[string]string{
		"/bot" + token + "/sendMessage":                   "sendMessage",
		"/tg/bot" + token + "/getUpdates":                 "getUpdates",
		"/file/bot" + token + "/documents/file_1.xlsx":    "file",
		"/file/bot" + token + "/documents/abc":            "file",
		"/bot" + token:                                    "other",
		"/bot" + token + "/":                              "other",
		"/bot123456789:AAsecretSECRETsecret/x/y/../../me": "other",
		"/botAAsecretSECRETsecret":                        "other",
		"":                                                "other",
	} {
		if got := apiMethod(path); got != want {
			t.Errorf("apiMethod(%q) = %q; want %q", path, got, want)
		}
	}
}

func TestResult(t *testing.T) {
	for _, c := range []struct {
		code int
		err  error
		want string
	}{
		{200, nil, "ok"}, {429, nil, "429"}, {403, nil, "403"}, {400, nil, "400"}, {418, nil, "4xx"},
		{502, nil, "5xx"}, {302, nil, "other"}, {0, errors.New("EOF"), "error"},
	} {
		var resp *http.Response
		if c.err == nil {
			resp = &http.Response{StatusCode: c.code}
		}
		if got := result(resp, c.err); got != c.want {
			t.Errorf("result(%d, %v) = %q; want %q", c.code, c.err, got, c.want)
		}
	}
}
