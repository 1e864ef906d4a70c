// Search-as-you-type: suggests titles from /api/v1/search/suggest/ under the search box.
(function () {
  "use strict";
  const input = document.querySelector("[data-suggest-url]");
  if (!input) return;
  const list = document.getElementById("search-suggestions");
  let timer = null;
  let controller = null;

  function close() {
    list.hidden = true;
    list.replaceChildren();
    input.setAttribute("aria-expanded", "false");
  }

  function show(results) {
    list.replaceChildren();
    results.forEach(function (item, position) {
      const entry = document.createElement("li");
      entry.className = "list-group-item list-group-item-action";
      entry.setAttribute("role", "option");
      entry.id = "search-suggestion-" + position;
      const link = document.createElement("a");
      link.href = item.url;
      link.textContent = item.title;
      link.className = "stretched-link text-decoration-none";
      entry.appendChild(link);
      list.appendChild(entry);
    });
    list.hidden = results.length === 0;
    input.setAttribute("aria-expanded", results.length ? "true" : "false");
  }

  function suggest() {
    const text = input.value.trim();
    if (text.length < 2) { close(); return; }
    if (controller) controller.abort();
    controller = new AbortController();
    fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(text), {
      headers: { Accept: "application/json" },
      signal: controller.signal,
    })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (body) { show(body.results); })
      .catch(function (error) { if (error.name !== "AbortError") close(); });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(suggest, 200);
  });
  input.addEventListener("keydown", function (event) {
    const first = list.querySelector("a");
    if (event.key === "ArrowDown" && first) {
      event.preventDefault();
      first.focus();
    } else if (event.key === "Escape") {
      close();
    }
  });
  list.addEventListener("keydown", function (event) {
    const options = Array.from(list.querySelectorAll("a"));
    const current = options.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && current < options.length - 1) { event.preventDefault(); options[current + 1].focus(); }
    if (event.key === "ArrowUp") { event.preventDefault(); (current > 0 ? options[current - 1] : input).focus(); }
    if (event.key === "Escape") { close(); input.focus(); }
  });
  document.addEventListener("click", function (event) {
    if (!list.contains(event.target) && event.target !== input) close();
  });
})();
