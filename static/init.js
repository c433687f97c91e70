// Starts the GOV.UK Frontend components on every page (loaded as a module, so CSP allows it),
// and the timeout warning on signed-in pages.
import { initAll } from "/assets/govuk-frontend.min.js";
import { initTimeoutWarnings } from "/assets/app/timeout-warning.js";

initAll();
initTimeoutWarnings();
