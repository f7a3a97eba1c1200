// Polls the task's status and reloads the page when it is finished (no build step, no library).
(function () {
  var box = document.getElementById("progress");
  if (!box) return;
  var url = box.getAttribute("data-status");
  function poll() {
    fetch(url, {credentials: "same-origin", cache: "no-store"}).then(function (r) { return r.json(); }).then(function (s) {
      document.getElementById("step").textContent = s.step || "";
      document.getElementById("bar").value = s.percent || 0;
      if (s.state === "done" || s.state === "failed" || s.state === "missing") { window.location.reload(); }
      else { setTimeout(poll, 600); }
    }).catch(function () { setTimeout(poll, 1500); });
  }
  setTimeout(poll, 300);
})();
