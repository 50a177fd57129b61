package telegramtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestTransport(t *testing.T) {
	s := newTestServer(t, Options{})
	s.SendText(alice, alice, "/start")
	base := s.URL() + "/bot" + s.Token() + "/"
	form := url.Values{"chat_id": {strconv.FormatInt(alice, 10)}, "text": {"表单"}}

	var mp bytes.Buffer
	w := multipart.NewWriter(&mp)
	_ = w.WriteField("chat_id", strconv.FormatInt(alice, 10))
	_ = w.WriteField("text", "多部分")
	_ = w.WriteField("reply_markup", `{"inline_keyboard":[[{"text":"好","callback_data":"ok"}]]}`)
	_ = w.Close()

	tests := []struct {
		name, url, contentType, body string
		status                       int
		desc                         string
	}{
		{"json", base + "sendMessage", "application/json", `{"chat_id":1001,"text":"你好"}`, 200, ""},
		{"method case-insensitive", base + "SENDMESSAGE", "application/json", `{"chat_id":1001,"text":"你好"}`, 200, ""},
		{"query string", base + "sendMessage?" + form.Encode(), "", "", 200, ""},
		{"urlencoded", base + "sendMessage", "application/x-www-form-urlencoded", form.Encode(), 200, ""},
		{"multipart", base + "sendMessage", w.FormDataContentType(), mp.String(), 200, ""},
		{"wrong token", s.URL() + "/bot1:wrong/getMe", "", "", 401, "Unauthorized"},
		{"unknown method", base + "sendTelegram", "", "", 404, "Not Found"},
		{"chat not found", base + "sendMessage", "application/json", `{"chat_id":5,"text":"x"}`, 400, "Bad Request: chat not found"},
		{"bad json", base + "sendMessage", "application/json", `{"chat_id":`, 400, "Bad Request: can't parse request"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, r := mustPost(t, tt.url, tt.contentType, strings.NewReader(tt.body))
			if status != tt.status || r.OK != (tt.status == 200) || r.Description != tt.desc {
				t.Errorf("POST %s = %d %+v, want %d %q", tt.name, status, r, tt.status, tt.desc)
			}
			if !r.OK && r.ErrorCode != tt.status {
				t.Errorf("POST %s error_code = %d, want %d", tt.name, r.ErrorCode, tt.status)
			}
		})
	}
	vs := s.Violations()
	if len(vs) != 2 || vs[0].Method != "sendTelegram" || vs[1].Method != "sendMessage" {
		t.Errorf("Violations() = %+v, want unknown method and bad JSON", vs)
	}
	msgs := s.BotMessages(alice)
	if len(msgs) != 5 || msgs[4].Buttons[0][0] != (Button{Text: "好", Data: "ok"}) {
		t.Errorf("BotMessages(alice) = %+v, want 5 with the multipart keyboard last", msgs)
	}
}

func TestGetMe(t *testing.T) {
	s := newTestServer(t, Options{PrivacyMode: new(false)})
	status, r := mustCall(t, s, "getMe", nil)
	var got map[string]any
	_ = json.Unmarshal(r.Result, &got)
	want := map[string]any{"id": 123456789.0, "is_bot": true, "first_name": DefaultBotName, "username": DefaultBotUsername,
		"can_join_groups": true, "can_read_all_group_messages": true}
	if status != 200 || len(got) != len(want) {
		t.Fatalf("getMe = %d %v, want %v", status, got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("getMe[%q] = %v, want %v", k, got[k], v)
		}
	}
	resp, err := http.Get(s.URL() + "/bot" + s.Token() + "/getMe")
	if err != nil || resp.StatusCode != 200 {
		t.Errorf("GET getMe = %v, %v", resp, err)
	}
	resp.Body.Close()
}

// TestRequestCutOff: a client that goes away while sending its body, as
// go-telegram/bot does when its context is cancelled mid-request, has broken
// no rule: Telegram never received a request, so nothing is logged.
func TestRequestCutOff(t *testing.T) {
	s := newTestServer(t, Options{})
	conn, err := net.Dial("tcp", strings.TrimPrefix(s.URL(), "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if err := conn.SetDeadline(time.Now().Add(10 * time.Second)); err != nil {
		t.Fatal(err)
	}
	part := "--b\r\nContent-Disposition: form-data; name=\"offset\"\r\n\r\n1\r\n" // no closing boundary, no last chunk
	fmt.Fprintf(conn, "POST /bot%s/getUpdates HTTP/1.1\r\nHost: telegram\r\nTransfer-Encoding: chunked\r\n"+
		"Content-Type: multipart/form-data; boundary=b\r\n\r\n%x\r\n%s\r\n", s.Token(), len(part), part)
	if err := conn.(*net.TCPConn).CloseWrite(); err != nil {
		t.Fatal(err)
	}
	// The server closes the connection once its handler has returned.
	if _, err := io.ReadAll(conn); err != nil {
		t.Fatal(err)
	}
	if vs := s.Violations(); len(vs) != 0 {
		t.Errorf("Violations() = %+v, want none", vs)
	}
	if rs := s.Requests(); len(rs) != 0 {
		t.Errorf("Requests() = %+v, want none", rs)
	}
}
