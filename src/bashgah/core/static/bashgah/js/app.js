// Small behaviours without inline scripts (the Content-Security-Policy forbids them).
document.addEventListener("change", (event) => {
  const target = event.target;
  if (target instanceof HTMLSelectElement && target.hasAttribute("data-autosubmit")) {
    target.form.submit();
  }
});

// Focus the first field marked autofocus after an htmx swap too (the cashier types at once).
document.addEventListener("htmx:afterSwap", (event) => {
  const field = event.detail.target.querySelector("[autofocus]");
  if (field) field.focus();
});

// Confirm dangerous actions: <form data-confirm="…">.
document.addEventListener("submit", (event) => {
  const form = event.target;
  const question = form.getAttribute && form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) event.preventDefault();
});
