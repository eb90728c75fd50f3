// Member portal behaviours; the Content-Security-Policy forbids inline scripts and handlers.
// The pages work without this file: it only adds conveniences.

// "Copy" buttons: <button data-copy="element-id" data-copied="Copied" hidden>. Shown only
// where the clipboard can be written.
document.addEventListener("DOMContentLoaded", () => {
  if (!navigator.clipboard) return;
  document.querySelectorAll("button[data-copy]").forEach((button) => {
    button.hidden = false;
    button.addEventListener("click", async () => {
      const source = document.getElementById(button.dataset.copy);
      if (!source) return;
      try {
        await navigator.clipboard.writeText(source.textContent.trim());
        const label = button.textContent;
        button.textContent = button.dataset.copied || label;
        setTimeout(() => { button.textContent = label; }, 2000);
      } catch (_error) {
        // The page still shows the code to read out or type.
      }
    });
  });
});

// One submit per form: a second tap while the first is on its way does nothing (the server
// also refuses to redeem twice with one form).
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || event.defaultPrevented) return;
  if (form.dataset.submitting === "1") {
    event.preventDefault();
    return;
  }
  form.dataset.submitting = "1";
  setTimeout(() => { delete form.dataset.submitting; }, 5000);
});
