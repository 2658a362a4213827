/* Binôme — a long list of checkboxes (<div data-checklist>, network.forms.FilteredCheckboxes) gets a filter box:
   the words typed narrow the list to the names holding each of them (start of a word, ignoring case and accents);
   ticked boxes always stay shown. Progressive enhancement: without JavaScript the whole list scrolls. The texts
   come translated from the server in data attributes; the number shown is announced politely. */
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function enhance(list) {
    var rows = Array.prototype.slice.call(list.children).map(function (row) {
      return { row: row, box: row.querySelector("input"), words: fold(row.textContent).split(/[\s\-'’()]+/) };
    });
    var input = document.createElement("input");
    input.type = "search";
    input.id = list.id + "-filtre";
    input.className = "checklist__filter";
    input.autocomplete = "off";
    input.setAttribute("aria-controls", list.id);
    var label = document.createElement("label");
    label.htmlFor = input.id;
    label.textContent = list.getAttribute("data-checklist-label");
    var status = document.createElement("p");
    status.className = "hint";
    status.setAttribute("role", "status");
    status.id = list.id + "-etat";
    input.setAttribute("aria-describedby", status.id);
    list.parentNode.insertBefore(label, list);
    list.parentNode.insertBefore(input, list);
    list.parentNode.insertBefore(status, list);

    var timer = null;
    function apply() {
      var query = fold(input.value).split(/[\s\-'’()]+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (item) {
        var visible = item.box.checked || query.every(function (q) {
          return item.words.some(function (word) { return word.indexOf(q) === 0; });
        });
        item.row.hidden = !visible;
        if (visible) shown += 1;
      });
      status.textContent = !query.length ? "" : shown ? list.getAttribute("data-checklist-count").replace("%(count)s", shown)
        : list.getAttribute("data-checklist-none");
    }
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(apply, 120);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault(); // filtering, not sending the form
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-checklist]"), enhance);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
