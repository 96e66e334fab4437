// Progressive enhancement: update the progress bar without reloading the whole page.
(function () {
  var box = document.querySelector("[data-status-url]");
  if (!box) return;
  var bar = box.querySelector("progress");
  var status = box.querySelector(".stabiel-progress__status");
  var refresh = document.querySelector('meta[http-equiv="refresh"]');
  if (refresh) refresh.parentNode.removeChild(refresh);
  function poll() {
    fetch(box.getAttribute("data-status-url"), { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        bar.value = data.percent;
        bar.textContent = data.percent + "%";
        if (status.textContent !== data.status_label) status.textContent = data.status_label;
        if (data.finished) { window.location.reload(); } else { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  if (bar && bar.value < 100) window.setTimeout(poll, 1000);
})();
