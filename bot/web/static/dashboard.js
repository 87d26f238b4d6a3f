/* The supervisors' Mini App, on every /app page: Telegram's theme colours into the stylesheet's
   variables (through the CSSOM, so the CSP needs no inline style), and on /app itself the
   signed initData posted to /app/session. Telegram's own script is loaded before this one. */
(function () {
  "use strict";
  var app = window.Telegram && window.Telegram.WebApp;
  var THEME = {
    bg_color: "--bg",
    text_color: "--text",
    hint_color: "--muted",
    link_color: "--link",
    button_color: "--accent",
    button_text_color: "--accent-text",
    secondary_bg_color: "--soft",
    section_separator_color: "--line",
    destructive_text_color: "--bad"
  };
  var COLOUR = /^#[0-9a-fA-F]{3,8}$/;

  function applyTheme() {
    var params = (app && app.themeParams) || {};
    var style = document.documentElement.style;
    Object.keys(THEME).forEach(function (name) {
      var value = params[name];
      if (typeof value === "string" && COLOUR.test(value)) {
        style.setProperty(THEME[name], value);
      }
    });
    if (app && app.colorScheme) {
      document.documentElement.dataset.scheme = app.colorScheme;
    }
  }

  function openSession() {
    var form = document.getElementById("session");
    if (!form) {
      return;
    }
    var initData = app && app.initData;
    if (initData) {
      form.elements.init_data.value = initData;
      form.submit();
      return;
    }
    document.getElementById("opening").hidden = true;
    document.getElementById("outside").hidden = false;
  }

  /* Telegram's webviews ignore a download link; its own downloader (Bot API 8.0) fetches the
     file itself, so the link carries a pass of a few minutes instead of the cookie. */
  function downloadThroughTelegram() {
    var link = document.getElementById("download");
    if (!link || !app || typeof app.downloadFile !== "function") {
      return;
    }
    link.addEventListener("click", function (event) {
      event.preventDefault();
      app.downloadFile({ url: link.href, file_name: link.getAttribute("download") });
    });
  }

  applyTheme();
  downloadThroughTelegram();
  if (app) {
    if (app.onEvent) {
      app.onEvent("themeChanged", applyTheme);
    }
    if (app.ready) {
      app.ready();
    }
    if (app.expand) {
      app.expand();
    }
  }
  openSession();
})();
