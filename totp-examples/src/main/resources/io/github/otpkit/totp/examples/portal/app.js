/* Photo Portal: the only script, served from the portal itself (script-src 'self').
   It adds a live countdown to the code pages: how long the code in the app stays valid,
   from the portal's clock, which is the one that checks the code. Everything works without it. */
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-code-period]").forEach(function (element) {
    var period = Number(element.getAttribute("data-code-period"));
    var left = Number(element.getAttribute("data-code-left"));
    if (!(period > 0) || !(left > 0) || left > period) {
      return;
    }
    var live = document.createElement("span");
    live.className = "countdown-live";
    element.appendChild(document.createTextNode(" "));
    element.appendChild(live);
    var bar = document.createElement("span");
    bar.className = "countdown-bar";
    bar.setAttribute("aria-hidden", "true");
    var fill = document.createElement("span");
    bar.appendChild(fill);
    element.appendChild(bar);
    function show() {
      live.textContent =
        "The current code changes in " + left + (left === 1 ? " second." : " seconds.");
      fill.style.width = Math.round((100 * left) / period) + "%";
    }
    show();
    window.setInterval(function () {
      left = left <= 1 ? period : left - 1;
      show();
    }, 1000);
  });
});
