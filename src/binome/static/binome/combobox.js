/* Binôme — a long <select data-combobox> becomes a searchable combobox (WAI-ARIA 1.2 combobox with a listbox popup,
   list autocomplete). Progressive enhancement: without JavaScript the plain select works; with it the select stays in
   the form (hidden), carries the value sent to the server and gets a "change" event on each choice (the draft autosave
   listens to it). Typing matches the start of any word, ignoring case and accents: "lons" finds Lons-le-Saunier. */
(function () {
  "use strict";

  var MAX_SHOWN = 50;

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function matches(label, query) {
    if (!query) return true;
    var words = fold(label).split(/[\s\-'’()]+/);
    var whole = fold(label);
    if (whole.indexOf(query) === 0) return true;
    return words.some(function (word) { return word.indexOf(query) === 0; });
  }

  function enhance(select) {
    var choices = Array.prototype.slice.call(select.options)
      .filter(function (option) { return option.value !== ""; })
      .map(function (option) { return { value: option.value, label: option.textContent.trim() }; });
    var id = select.id;
    var listId = id + "-listbox";
    var statusId = id + "-status";

    var wrapper = document.createElement("div");
    wrapper.className = "combobox";
    var input = document.createElement("input");
    input.type = "text";
    input.id = id;
    input.className = "combobox__input";
    input.autocomplete = "off";
    input.spellcheck = false;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    ["aria-describedby", "aria-invalid", "required"].forEach(function (name) {
      if (select.hasAttribute(name)) input.setAttribute(name === "required" ? "aria-required" : name,
                                                       name === "required" ? "true" : select.getAttribute(name));
    });
    var hint = select.getAttribute("data-combobox-placeholder");
    if (hint) input.placeholder = hint;
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "combobox__list";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    var label = document.querySelector('label[for="' + id + '"]');
    if (label) {
      if (!label.id) label.id = id + "-label";
      list.setAttribute("aria-labelledby", label.id);
    }
    var status = document.createElement("span");
    status.id = statusId;
    status.className = "visually-hidden";
    status.setAttribute("role", "status");

    // The select keeps the name and the value; the label now points at the text box.
    select.id = id + "-select";
    select.hidden = true;
    select.setAttribute("aria-hidden", "true");
    select.tabIndex = -1;
    // A hidden control cannot take the focus: the browser's own check must not stop the form on it.
    select.removeAttribute("required");
    select.parentNode.insertBefore(wrapper, select);
    wrapper.appendChild(input);
    wrapper.appendChild(list);
    wrapper.appendChild(status);
    wrapper.appendChild(select);

    var shown = [];
    var active = -1;

    function current() {
      var option = select.options[select.selectedIndex];
      return option && option.value ? option.textContent.trim() : "";
    }

    function setActive(i) {
      var items = list.children;
      if (active >= 0 && items[active]) items[active].setAttribute("aria-selected", "false");
      active = i;
      if (active >= 0 && items[active]) {
        items[active].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", items[active].id);
        items[active].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      setActive(-1);
    }

    function open() {
      var query = fold(input.value.trim());
      var found = choices.filter(function (choice) { return matches(choice.label, query); });
      shown = found.slice(0, MAX_SHOWN);
      list.textContent = "";
      shown.forEach(function (choice, i) {
        var item = document.createElement("li");
        item.id = listId + "-" + i;
        item.className = "combobox__option";
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.textContent = choice.label;
        item.addEventListener("mousedown", function (event) { event.preventDefault(); });
        item.addEventListener("click", function () { choose(choice); });
        list.appendChild(item);
      });
      active = -1;
      input.removeAttribute("aria-activedescendant");
      list.hidden = shown.length === 0;
      input.setAttribute("aria-expanded", shown.length ? "true" : "false");
      if (!found.length) status.textContent = "Aucune commune ne correspond.";
      else if (found.length > shown.length) status.textContent = found.length + " communes : précisez.";
      else status.textContent = found.length === 1 ? "1 commune." : found.length + " communes.";
    }

    function choose(choice) {
      input.value = choice.label;
      if (select.value !== choice.value) {
        select.value = choice.value;
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }
      close();
    }

    // Typed text that names no commune leaves the select empty: the server then says what is missing.
    function settle() {
      var typed = fold(input.value.trim());
      var exact = choices.filter(function (choice) { return fold(choice.label) === typed; });
      if (exact.length === 1) {
        choose(exact[0]);
      } else if (select.value && typed !== fold(current())) {
        select.value = "";
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }
    }

    input.value = current();
    input.addEventListener("input", open);
    input.addEventListener("focus", function () { if (!input.value) open(); });
    input.addEventListener("blur", function () { settle(); close(); });
    input.addEventListener("keydown", function (event) {
      var count = list.children.length;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (list.hidden) open();
        else if (count) setActive((active + 1) % count);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (list.hidden) open();
        else if (count) setActive(active <= 0 ? count - 1 : active - 1);
      } else if (event.key === "Enter") {
        if (!list.hidden && active >= 0) {
          event.preventDefault();
          choose(shown[active]);
        } else if (!list.hidden && shown.length === 1) {
          event.preventDefault();
          choose(shown[0]);
        }
      } else if (event.key === "Escape") {
        if (!list.hidden) {
          event.preventDefault();
          close();
        } else if (input.value) {
          event.preventDefault();
          input.value = "";
        }
      }
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("select[data-combobox]"), enhance);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
