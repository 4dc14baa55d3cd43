// congkhai's page behaviour, as a file: the Content Security Policy forbids inline scripts and
// inline event handlers (docs/threat-model.md).

// Decree 42/2022: a print function for each item. Without JavaScript the button stays hidden.
for (const button of document.querySelectorAll(".ck-print")) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}

// mkdocs-material's partials/javascripts/content.html: open the tab a link points to.
{
  const target = document.getElementById(location.hash.slice(1));
  if (target && target.name) target.checked = target.name.startsWith("__tabbed_");
}
