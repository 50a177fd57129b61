package telegramtest

import (
	"mime"
	"net/url"
	"path"

	"github.com/go-telegram/bot/models"
)

// sendFile runs sendDocument and sendPhoto: an uploaded file (multipart),
// a file_id the server knows, or a URL.
func (s *Server) sendFile(method string, ps params) (any, *apiError) {
	c, e := s.target(ps)
	if e != nil {
		return nil, e
	}
	field := map[string]string{"sendDocument": "document", "sendPhoto": "photo"}[method]
	f, e := s.inputFile(ps[field], ps["caption"].value)
	if e != nil {
		return nil, e
	}
	replyTo, e := s.replyTo(c, ps)
	if e != nil {
		return nil, e
	}
	if e := s.limited(method, c); e != nil {
		return nil, e
	}
	m := &msgState{obs: Message{ReplyTo: replyTo, Document: f}, markup: inlineKeyboard(ps), photo: method == "sendPhoto"}
	m.setText(ps["caption"].value, ps)
	c.addMessage(m, s.now())
	s.sent(method, c)
	s.emit(Event{Kind: "bot_document", ChatID: c.id, MessageID: m.obs.ID, From: s.botUser.FirstName,
		Text: m.obs.Plain, Buttons: buttons(m.markup), ReplyTo: replyTo, FileName: f.Name})
	return s.modelMessage(c, m, true), nil
}

// inputFile resolves an InputFile parameter to a stored file.
func (s *Server) inputFile(p param, caption string) (*File, *apiError) {
	if p.file != nil {
		mt := mime.TypeByExtension(path.Ext(p.file.name))
		if mt == "" {
			mt = "application/octet-stream"
		}
		return s.storeFile(p.file.name, mt, p.file.data, caption), nil
	}
	if f, ok := s.files[p.value]; ok {
		cp := s.storeFile(f.Name, f.MimeType, f.Content, caption)
		return cp, nil
	}
	u, err := url.Parse(p.value)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, badRequest("wrong file identifier/HTTP URL specified")
	}
	return s.storeFile(path.Base(u.Path), mime.TypeByExtension(path.Ext(u.Path)), nil, caption), nil
}

// getFile answers the File object with the path to download it from.
func (s *Server) getFile(ps params) (any, *apiError) {
	f, ok := s.files[ps["file_id"].value]
	if !ok {
		return nil, badRequest("invalid file_id")
	}
	return models.File{FileID: f.ID, FileUniqueID: "u" + f.ID, FileSize: int64(f.Size), FilePath: f.path}, nil
}

// FileURL is where the bot downloads a file_path, as Telegram's
// https://api.telegram.org/file/bot<token>/<file_path>.
func (s *Server) FileURL(filePath string) string {
	return s.url + "/file/bot" + s.opts.Token + "/" + filePath
}
