/* Binôme — diagnosis grids: spreadsheet-like keyboard use (Tab, Enter, paste of several rows), add/remove rows.
   The forms themselves are saved by htmx on every change (hx-trigger="change"). */
(function () {
  "use strict";

  function rowsOf(form) {
    return Array.prototype.slice.call(form.querySelectorAll("tbody tr.sheet__row"));
  }

  function cellsOf(row) {
    return Array.prototype.slice.call(row.querySelectorAll("td.sheet__cell"));
  }

  function controlOf(cell) {
    return cell.querySelector("input, select, textarea");
  }

  function renumber(form) {
    var key = form.getAttribute("data-grid");
    rowsOf(form).forEach(function (row, i) {
      var num = row.querySelector(".sheet__num");
      if (num) num.textContent = String(i + 1);
      cellsOf(row).forEach(function (cell) {
        var control = controlOf(cell);
        if (!control) return;
        control.id = key + "-" + i + "-" + control.name;
        var label = control.getAttribute("aria-label") || "";
        control.setAttribute("aria-label", label.replace(/ligne \d+$/, "ligne " + (i + 1)));
        var error = cell.querySelector(".cell-error");
        if (error) error.id = "err-" + key + "-" + i + "-" + control.name;
        control.setAttribute("aria-describedby", "err-" + key + "-" + i + "-" + control.name);
      });
      var remove = row.querySelector("[data-remove-row]");
      if (remove) remove.setAttribute("aria-label", "Supprimer la ligne " + (i + 1));
    });
  }

  function addRow(form) {
    var rows = rowsOf(form);
    var last = rows[rows.length - 1];
    var copy = last.cloneNode(true);
    cellsOf(copy).forEach(function (cell, c) {
      var control = controlOf(cell);
      var error = cell.querySelector(".cell-error");
      if (error) error.innerHTML = "";
      if (!control) return;
      if (control.tagName === "SELECT") {
        // A new bill usually repeats the energy, unit and reading type of the previous one.
        control.value = controlOf(cellsOf(last)[c]).value;
      } else {
        control.value = "";
      }
    });
    last.parentNode.appendChild(copy);
    renumber(form);
    return copy;
  }

  function moveDown(form, row, column) {
    var rows = rowsOf(form);
    var index = rows.indexOf(row);
    var next = rows[index + 1] || addRow(form);
    var target = controlOf(cellsOf(next)[column]);
    if (target) {
      target.focus();
      if (target.select) target.select();
    }
  }

  function setValue(control, raw) {
    var value = raw.trim();
    if (control.tagName !== "SELECT") {
      control.value = value;
      return;
    }
    var wanted = value.toLowerCase();
    var options = Array.prototype.slice.call(control.options);
    var match =
      options.find(function (o) { return o.value.toLowerCase() === wanted; }) ||
      options.find(function (o) { return o.text.trim().toLowerCase() === wanted; }) ||
      options.find(function (o) { return wanted && o.text.trim().toLowerCase().indexOf(wanted) === 0; });
    if (match) control.value = match.value;
  }

  function paste(form, event) {
    var cell = event.target.closest("td.sheet__cell");
    if (!cell) return;
    var text = (event.clipboardData || window.clipboardData).getData("text");
    text = text.replace(/\r/g, "").replace(/\n+$/, "");
    if (text.indexOf("\t") === -1 && text.indexOf("\n") === -1) return; // one value: the browser pastes it
    event.preventDefault();
    var row = cell.parentNode;
    var startRow = rowsOf(form).indexOf(row);
    var startColumn = cellsOf(row).indexOf(cell);
    var changed = null;
    text.split("\n").forEach(function (line, r) {
      var rows = rowsOf(form);
      var target = rows[startRow + r] || addRow(form);
      var cells = cellsOf(target);
      line.split("\t").forEach(function (value, c) {
        var destination = cells[startColumn + c];
        var control = destination && controlOf(destination);
        if (control) {
          setValue(control, value);
          changed = control;
        }
      });
    });
    if (changed) changed.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function setUp(form) {
    // Like a spreadsheet: Tab moves along the row, Enter goes to the next row, back in the column where the
    // typing of this row started (the "anchor"), so that a bill is typed with Tab … Tab, Enter.
    var anchor = { row: null, column: 0 };
    form.addEventListener("focusin", function (event) {
      var cell = event.target.closest("td.sheet__cell");
      if (!cell || cell.parentNode === anchor.row) return;
      anchor = { row: cell.parentNode, column: cellsOf(cell.parentNode).indexOf(cell) };
    });
    form.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" || event.shiftKey || event.altKey || event.ctrlKey || event.metaKey) return;
      var cell = event.target.closest("td.sheet__cell");
      if (!cell) return;
      event.preventDefault();
      var column = cell.parentNode === anchor.row ? anchor.column : cellsOf(cell.parentNode).indexOf(cell);
      moveDown(form, cell.parentNode, column);
    });
    form.addEventListener("paste", function (event) { paste(form, event); });
    form.addEventListener("click", function (event) {
      var add = event.target.closest("[data-add-row]");
      if (add) {
        var row = addRow(form);
        var first = controlOf(cellsOf(row)[0]);
        if (first) first.focus();
        return;
      }
      var remove = event.target.closest("[data-remove-row]");
      if (!remove) return;
      var tr = remove.closest("tr");
      if (rowsOf(form).length === 1) addRow(form);
      var focusRow = tr.nextElementSibling || tr.previousElementSibling;
      tr.parentNode.removeChild(tr);
      renumber(form);
      form.dispatchEvent(new Event("change", { bubbles: true }));
      if (focusRow) {
        var control = controlOf(cellsOf(focusRow)[0]);
        if (control) control.focus();
      }
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-grid]"), setUp);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
