// The demo's Telegram client: one chat per account, drawn from /demo/api/*, long-polling for the bot's output.
// Plain JS, no framework. Bot HTML is rendered by building DOM nodes for Telegram's allowed tags only.
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("demo-config").textContent);
  var T = cfg.texts;
  var chatsEl = document.getElementById("chats");
  var select = document.getElementById("account");
  var typingEl = document.getElementById("typing");
  var replyKb = document.getElementById("replykb");
  var form = document.getElementById("composer");
  var input = document.getElementById("text");
  var fileInput = document.getElementById("file");
  var chats = {};      // account id -> {el, nodes: {message_id: element}, after, keyboard, action}
  var current = null;
  var poller = null;   // AbortController of the running long poll

  function api(path, options) {
    options = options || {};
    options.headers = Object.assign({"X-Demo": "1"}, options.headers || {});
    return fetch("/demo/api/" + path, options).then(function (r) {
      if (!r.ok) { throw new Error(r.status); }
      return r.json();
    });
  }

  function post(path, body) {
    return api(path, {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)});
  }

  // -- Telegram HTML, safely -------------------------------------------------------------------------------
  var ALLOWED = {b: 1, strong: 1, i: 1, em: 1, u: 1, ins: 1, s: 1, strike: 1, del: 1, code: 1, pre: 1, a: 1,
                 "tg-spoiler": 1, span: 1, blockquote: 1};
  var ENTITIES = {lt: "<", gt: ">", amp: "&", quot: "\"", apos: "'"};

  function decode(text) {
    return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, function (all, name) {
      if (name[0] === "#") {
        var code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : all;
      }
      return Object.prototype.hasOwnProperty.call(ENTITIES, name.toLowerCase()) ? ENTITIES[name.toLowerCase()] : all;
    });
  }

  function safeHref(attrs) {
    var m = /href\s*=\s*("([^"]*)"|'([^']*)')/i.exec(attrs || "");
    if (!m) { return null; }
    var href = decode(m[2] !== undefined ? m[2] : m[3]).trim();
    return /^(https?:|tg:|mailto:)/i.test(href) ? href : null;
  }

  function renderHtml(source, into) {
    var stack = [into];
    var tag = /<(\/?)([a-zA-Z-]+)((?:\s[^>]*)?)>/g;
    var last = 0, m;
    function text(t) { if (t) { stack[stack.length - 1].appendChild(document.createTextNode(decode(t))); } }
    while ((m = tag.exec(source)) !== null) {
      text(source.slice(last, m.index));
      last = tag.lastIndex;
      var name = m[2].toLowerCase();
      if (!ALLOWED[name]) { text(m[0]); continue; }
      if (m[1]) {
        if (stack.length > 1) { stack.pop(); }
        continue;
      }
      var el;
      if (name === "a") {
        el = document.createElement("a");
        var href = safeHref(m[3]);
        if (href) { el.href = href; el.target = "_blank"; el.rel = "noopener noreferrer"; }
      } else if (name === "tg-spoiler" || (name === "span" && /tg-spoiler/.test(m[3]))) {
        el = document.createElement("span");
        el.className = "spoiler";
        el.addEventListener("click", function () { this.classList.add("shown"); });
      } else {
        el = document.createElement(name === "span" ? "span" : name);
      }
      stack[stack.length - 1].appendChild(el);
      stack.push(el);
    }
    text(source.slice(last));
  }

  // -- messages --------------------------------------------------------------------------------------------
  function fileUrl(fileId) {
    return "/demo/api/file?user=" + encodeURIComponent(current) + "&file_id=" + encodeURIComponent(fileId);
  }

  function isImage(doc) {
    return /^image\//.test(doc.mime_type || "") || /\.(png|jpe?g|gif|webp)$/i.test(doc.file_name || "");
  }

  function drawMessage(chat, m) {
    var old = chat.nodes[m.message_id];
    if (m.deleted) { if (old) { old.remove(); delete chat.nodes[m.message_id]; } return; }
    var row = document.createElement("div");
    row.className = "row " + (m.from_bot ? "bot" : "me");
    row.dataset.messageId = m.message_id;
    var bubble = document.createElement("div");
    bubble.className = "bubble";
    row.appendChild(bubble);
    var image = m.photo || (m.document && isImage(m.document) ? m.document.file_id : null);
    if (image && m.from_bot) {
      var img = document.createElement("img");
      img.className = "picture";
      img.alt = (m.document && m.document.file_name) || "";
      img.src = fileUrl(image);
      bubble.appendChild(img);
    }
    if (m.document) {
      var doc = document.createElement(m.from_bot ? "a" : "div");
      doc.className = "document";
      doc.textContent = "📄 " + (m.document.file_name || "") + (m.from_bot ? " · " + T.download : "");
      if (m.from_bot) { doc.href = fileUrl(m.document.file_id); doc.setAttribute("download", m.document.file_name || ""); }
      bubble.appendChild(doc);
    }
    if (m.text) {
      var body = document.createElement("div");
      body.className = "text";
      if (m.from_bot && m.html) { renderHtml(m.html, body); } else { body.textContent = m.text; }
      bubble.appendChild(body);
    }
    if (m.edited) {
      var mark = document.createElement("span");
      mark.className = "edited";
      mark.textContent = T.edited;
      bubble.appendChild(mark);
    }
    (m.buttons || []).forEach(function (buttons) {
      var line = document.createElement("div");
      line.className = "keys";
      buttons.forEach(function (b) {
        var key = document.createElement("button");
        key.type = "button";
        key.className = "key";
        key.textContent = b.text;
        key.addEventListener("click", function () { press(m.message_id, b.data || ""); });
        line.appendChild(key);
      });
      row.appendChild(line);
    });
    if (old) { old.replaceWith(row); } else {
      // ids are the chat's order (mine and the bot's): a reply that arrives before my send returns stays below it
      var later = Array.prototype.find.call(chat.el.children, function (n) {
        return n.dataset.messageId && Number(n.dataset.messageId) > m.message_id;
      });
      chat.el.insertBefore(row, later || null);
    }
    chat.nodes[m.message_id] = row;
  }

  function scrollDown() { window.scrollTo(0, document.documentElement.scrollHeight); }

  function showExtras(chat) {
    typingEl.hidden = !chat.action;
    replyKb.textContent = "";
    replyKb.hidden = !(chat.keyboard && chat.keyboard.length);
    (chat.keyboard || []).forEach(function (labels) {
      var line = document.createElement("div");
      line.className = "keys";
      labels.forEach(function (label) {
        var key = document.createElement("button");
        key.type = "button";
        key.className = "key";
        key.textContent = label;
        key.addEventListener("click", function () { sendText(label); });
        line.appendChild(key);
      });
      replyKb.appendChild(line);
    });
  }

  function apply(chat, answer) {
    answer.messages.forEach(function (m) { drawMessage(chat, m); });
    chat.after = answer.after;
    chat.action = answer.action;
    chat.keyboard = answer.keyboard;
    if (chat.id === current) {
      showExtras(chat);
      if (answer.messages.length) { scrollDown(); }
    }
  }

  function problem() {
    var row = document.createElement("div");
    row.className = "row system";
    row.textContent = T.failed;
    chats[current].el.appendChild(row);
    scrollDown();
  }

  // -- actions ---------------------------------------------------------------------------------------------
  function sendText(text) {
    var chat = chats[current];
    return post("send", {user: current, text: text}).then(function (r) {
      drawMessage(chat, {message_id: r.message_id, from_bot: false, text: text, buttons: []});
      scrollDown();
    }).catch(problem);
  }

  function press(messageId, data) {
    return post("press", {user: current, message_id: messageId, data: data}).catch(problem);
  }

  function upload(file) {
    var chat = chats[current];
    var data = new FormData();
    data.append("user", current);
    data.append("file", file, file.name);
    return api("upload", {method: "POST", body: data}).then(function (r) {
      drawMessage(chat, {message_id: r.message_id, from_bot: false, text: "", document: r.document, buttons: []});
      scrollDown();
    }).catch(problem);
  }

  // -- accounts and the long poll --------------------------------------------------------------------------
  function poll(chat) {
    if (poller) { poller.abort(); }
    var control = new AbortController();
    poller = control;
    (function next() {
      if (control.signal.aborted) { return; }
      api("wait?user=" + chat.id + "&after=" + chat.after, {signal: control.signal}).then(function (answer) {
        apply(chat, answer);
        next();
      }).catch(function () {
        if (!control.signal.aborted) { setTimeout(next, 1000); }
      });
    })();
  }

  function open(id) {
    current = id;
    Object.keys(chats).forEach(function (k) { chats[k].el.hidden = true; });
    var chat = chats[id];
    if (chat) {
      chat.el.hidden = false;
      showExtras(chat);
      scrollDown();
      poll(chat);
      return;
    }
    chat = {id: id, el: document.createElement("section"), nodes: {}, after: 0, action: "", keyboard: []};
    chat.el.className = "chat";
    chat.el.dataset.account = id;
    chatsEl.appendChild(chat.el);
    chats[id] = chat;
    api("chat?user=" + id).then(function (answer) {
      if (!answer.messages.length && cfg.hint) {
        var hint = document.createElement("div");
        hint.className = "row system hint";
        hint.textContent = cfg.hint;
        var start = document.createElement("button");
        start.type = "button";
        start.className = "key";
        start.textContent = T.start;
        start.addEventListener("click", function () { sendText("/start"); });
        hint.appendChild(start);
        chat.el.appendChild(hint);
      }
      apply(chat, answer);
      if (current === id) { poll(chat); }
    }).catch(problem);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) { return; }
    input.value = "";
    sendText(text);
  });
  fileInput.addEventListener("change", function () {
    if (fileInput.files.length) { upload(fileInput.files[0]); }
    fileInput.value = "";
  });
  select.addEventListener("change", function () { open(Number(select.value)); });
  open(Number(select.value));
})();
