// Article pages: the copy-link button, and the page's address for print. Text goes in with
// textContent only.
document.addEventListener("DOMContentLoaded", () => {
  const address = document.querySelector("[data-page-address]");
  if (address) address.textContent = location.href;
  const copy = document.querySelector(".article-copy-link");
  if (!copy || !navigator.clipboard) return;
  const label = copy.textContent;
  copy.hidden = false;
  copy.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(location.href);
      copy.textContent = copy.dataset.copied;
    } catch (error) {
      copy.textContent = location.href;          // no clipboard: show the address to copy by hand
    }
    setTimeout(() => { copy.textContent = label; }, 2500);
  });
});

// On paper the figures table is open: a closed <details> would print as its summary alone.
window.addEventListener("beforeprint", () => {
  document.querySelectorAll("details.article-figures").forEach((details) => { details.open = true; });
});
