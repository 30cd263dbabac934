// A reader may type a query in either script: the query is turned into this view's script
// (character by character, from the map the generator writes) before the search runs.
document.addEventListener("DOMContentLoaded", () => {
  const map = window.ARCHIVE_QUERY_MAP || {};
  const input = document.querySelector("input.md-search__input");
  if (!input) return;
  const convert = () => {
    const text = input.value;
    const converted = Array.from(text, (ch) => map[ch] || ch).join("");
    if (converted === text) return;
    const at = input.selectionStart;
    input.value = converted;
    input.setSelectionRange(at, at);
    input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  };
  input.addEventListener("input", (event) => { if (!event.isComposing) convert(); });
  input.addEventListener("compositionend", convert);
});
