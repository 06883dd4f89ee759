// The case page says every few seconds that it is still open, and shows who else has it open.
(function () {
  "use strict";
  const line = document.querySelector(".presence[data-url]");
  if (!line) return;
  const names = line.querySelector("strong");
  const every = Number(line.dataset.every || 15) * 1000;
  async function poll() {
    try {
      const answer = await fetch(line.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } });
      if (!answer.ok) return;
      const others = (await answer.json()).others;
      names.textContent = others.join(", ");
      line.hidden = others.length === 0;
    } catch (error) {
      // Offline for a moment: try again at the next tick.
    }
  }
  setInterval(poll, every);
})();
