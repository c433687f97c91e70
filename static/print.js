// A "Print this page" button: shown only where JavaScript can print (it is hidden without it).
export function initPrintButtons(root = document) {
  for (const button of root.querySelectorAll('[data-module="app-print"]')) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }
}
