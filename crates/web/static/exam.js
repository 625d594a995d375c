// certpath exam pages: a ticking timer and keyboard shortcuts. Everything works without
// this script; it only adds conveniences. The server enforces the deadline.
(function () {
  "use strict";

  var timer = document.getElementById("timer");
  if (timer && timer.dataset.seconds) {
    var deadline = Date.now() + Number(timer.dataset.seconds) * 1000;
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    var tick = function () {
      var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
      var h = Math.floor(left / 3600), m = Math.floor(left / 60) % 60, s = left % 60;
      timer.textContent = h > 0 ? h + ":" + pad(m) + ":" + pad(s) : m + ":" + pad(s);
      if (left === 0) {
        // Time is up: reload, and the server records the time-out and shows the report.
        window.location.reload();
        return;
      }
      if (left === 300) {
        timer.setAttribute("aria-live", "assertive");
        timer.parentElement.classList.add("timer-low");
      }
      window.setTimeout(tick, 1000);
    };
    tick();
  }

  var form = document.getElementById("question-form");
  if (!form) {
    return;
  }
  var press = function (value) {
    var button = form.querySelector('button[name="action"][value="' + value + '"]');
    if (button) {
      button.click();
    }
  };
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    var target = event.target;
    if (target && (target.tagName === "SELECT" || target.tagName === "TEXTAREA" ||
        (target.tagName === "INPUT" && target.type === "text"))) {
      return;
    }
    var key = event.key;
    if (key >= "1" && key <= "9") {
      var inputs = form.querySelectorAll('input[name="choice"]');
      var input = inputs[Number(key) - 1];
      if (input && !input.disabled) {
        if (input.type === "radio") {
          input.checked = true;
        } else {
          input.checked = !input.checked;
        }
        input.focus();
        event.preventDefault();
      }
    } else if (key === "ArrowRight") {
      press("next");
      event.preventDefault();
    } else if (key === "ArrowLeft") {
      press("previous");
      event.preventDefault();
    } else if (key === "f" || key === "F") {
      press("flag");
      event.preventDefault();
    }
  });
})();
