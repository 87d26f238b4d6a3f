/* A stand-in for https://telegram.org/js/telegram-web-app.js, served locally by the tests.
   Like Telegram's script, it reads the launch parameters Telegram puts in the URL's fragment
   (tgWebAppData, tgWebAppThemeParams) and keeps them in sessionStorage for the later pages of
   the same Mini App, whose URLs no longer carry them. */
(function () {
  "use strict";
  var KEY = "__telegram__initParams";
  var params = {};
  var hash = window.location.hash.replace(/^#/, "");
  hash.split("&").forEach(function (pair) {
    if (!pair) { return; }
    var at = pair.indexOf("=");
    var name = decodeURIComponent(at < 0 ? pair : pair.slice(0, at));
    params[name] = at < 0 ? "" : decodeURIComponent(pair.slice(at + 1));
  });
  if (params.tgWebAppData !== undefined) {
    window.sessionStorage.setItem(KEY, JSON.stringify(params));
  } else {
    params = JSON.parse(window.sessionStorage.getItem(KEY) || "{}");
  }
  var theme = {};
  try { theme = JSON.parse(params.tgWebAppThemeParams || "{}"); } catch (e) { theme = {}; }
  var calls = { ready: 0, expand: 0, downloads: [] };
  window.__telegramStub = calls;
  window.Telegram = {
    WebApp: {
      initData: params.tgWebAppData || "",
      initDataUnsafe: {},
      version: "8.0",
      platform: "tdesktop",
      colorScheme: theme.bg_color && theme.bg_color < "#8" ? "dark" : "light",
      themeParams: theme,
      ready: function () { calls.ready += 1; },
      expand: function () { calls.expand += 1; },
      downloadFile: function (params) { calls.downloads.push(params); },
      onEvent: function () {},
      offEvent: function () {}
    }
  };
})();
