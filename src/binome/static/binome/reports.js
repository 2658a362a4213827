// The report's writing page: a phrase or the suggested text is added at the end of its section's text box.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-insert]");
  if (!button) return;
  const box = document.getElementById(button.dataset.insert);
  if (!box) return;
  const text = button.dataset.text || "";
  box.value = box.value.trim() ? `${box.value.trimEnd()}\n${text}` : text;
  box.focus();
  box.dispatchEvent(new Event("input", { bubbles: true }));
});
// A running count of characters under each text box (4,000 at most).
document.addEventListener("input", (event) => {
  const box = event.target;
  if (box.tagName !== "TEXTAREA" || !box.id) return;
  const help = document.querySelector(`[data-counter-for="${box.id}"]`);
  if (help) help.textContent = `${box.value.length} / 4000`;
});
