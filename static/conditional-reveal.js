// GOV.UK Frontend marks a radio or checkbox that reveals more questions with aria-expanded,
// an attribute ARIA does not allow on those roles (axe: aria-allowed-attr). The reveal keeps
// aria-controls, which names what it shows; this takes the disallowed attribute off again
// whenever the component sets it.
export function keepRevealsValid(root = document) {
  const inputs = root.querySelectorAll(
    ".govuk-radios__input[aria-controls], .govuk-checkboxes__input[aria-controls]"
  );
  const observer = new MutationObserver((changes) => {
    for (const change of changes) {
      if (change.target.hasAttribute("aria-expanded")) {
        change.target.removeAttribute("aria-expanded");
      }
    }
  });
  for (const input of inputs) {
    input.removeAttribute("aria-expanded");
    observer.observe(input, { attributes: true, attributeFilter: ["aria-expanded"] });
  }
}
