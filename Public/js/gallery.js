// The asset page's "Copy prompt": copies the text of the element named by data-copy.
document.addEventListener("click", function (event) {
  var button = event.target.closest ? event.target.closest("[data-copy]") : null;
  if (!button || !navigator.clipboard) return;
  var source = document.getElementById(button.getAttribute("data-copy"));
  if (source) navigator.clipboard.writeText(source.textContent);
});
